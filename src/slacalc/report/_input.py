"""Reading a result frame: pandas as it is, Polars column by column, the columns checked.

Polars columns are read with ``to_numpy()`` and ``to_list()``, so a Polars
result needs neither pyarrow nor an import of Polars here.
"""

from __future__ import annotations

from typing import Any, Final

from slacalc._dependencies import import_optional
from slacalc.errors import ReportError, ReportTypeError, UnknownGroupKeyError
from slacalc.report._periods import PERIODS

__all__ = ["TARGETS", "as_pandas", "check_columns", "group_keys", "is_polars"]

TARGETS: Final = ("response", "resolution")
# What compliance reads of each target; the rest of the result is only grouped by.
_PER_TARGET: Final = ("state", "elapsed", "completed_at")


def is_polars(frame: Any) -> bool:
    """Whether ``frame`` is a Polars DataFrame (without importing Polars)."""
    return type(frame).__module__.partition(".")[0] == "polars" and hasattr(frame, "schema")


def _is_pandas(frame: Any) -> bool:
    return type(frame).__module__.partition(".")[0] == "pandas" and hasattr(frame, "columns")


def as_pandas(result: Any) -> Any:
    """``result`` as a pandas DataFrame: a pandas one as it is, a Polars one converted.

    Raises:
        ReportTypeError: ``result`` is neither.
    """
    if _is_pandas(result):
        return result
    if is_polars(result):
        return _from_polars(result)
    raise ReportTypeError(
        "a result must be the pandas or Polars DataFrame slacalc.frame.evaluate_frame "
        f"returns; got {type(result).__name__}"
    )


def _from_polars(frame: Any) -> Any:
    pd = import_optional("pandas", extra="pandas")
    return pd.DataFrame(
        {name: _polars_column(pd, frame[name]) for name in frame.columns},
        index=pd.RangeIndex(len(frame)),
    )


def _polars_column(pd: Any, series: Any) -> Any:
    dtype = series.dtype
    kind = type(dtype).__name__
    if kind == "Datetime":
        values = pd.Series(series.to_numpy())  # the UTC instants, or wall clocks if naive
        zone = dtype.time_zone
        return values.dt.tz_localize("UTC").dt.tz_convert(zone) if zone else values
    if kind in {"Duration", "Date", "Float32", "Float64"}:
        return series.to_numpy()
    if kind == "Boolean":
        return pd.array(series.to_list(), dtype="boolean")
    if dtype.is_integer():
        return (
            pd.array(series.to_list(), dtype="Int64") if series.null_count() else series.to_numpy()
        )
    if kind == "Enum":
        return pd.Categorical(series.to_list(), categories=list(dtype.categories.to_list()))
    return pd.array(series.to_list(), dtype=object)


def group_keys(by: str | Any | None) -> tuple[str, ...]:
    """``by`` as a tuple of distinct column or period names (``None``: no keys)."""
    if by is None:
        return ()
    keys = (by,) if isinstance(by, str) else tuple(by)
    for key in keys:
        if not isinstance(key, str):
            raise ReportTypeError(
                f"by names columns or periods as texts, e.g. by=['priority', 'month']; "
                f"got {type(key).__name__} {key!r}"
            )
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise ReportError(f"by names {', '.join(map(repr, twice))} more than once; name each once")
    return keys


def check_columns(table: Any, keys: tuple[str, ...]) -> None:
    """Refuse a table without what compliance reads, or a key that is neither column nor period.

    Raises:
        ReportError: a column compliance needs is missing.
        UnknownGroupKeyError: a key is neither a column nor a period.
    """
    names = [str(name) for name in table.columns]
    needed = ["error", *(f"{target}_{part}" for target in TARGETS for part in _PER_TARGET)]
    lacking = [name for name in needed if name not in names]
    if lacking:
        raise ReportError(
            f"the result lacks the columns {', '.join(lacking)}; compliance reads the frame "
            "slacalc.frame.evaluate_frame returns (all of its columns, under their own names)"
        )
    for key in keys:
        if key in names:
            continue
        if key not in PERIODS:
            raise UnknownGroupKeyError(
                f"cannot group by {key!r}: it is neither a column of the result nor a period "
                f"of opened_at; the columns: {', '.join(names)}; the periods: {', '.join(PERIODS)}"
            )
        if "opened_at" not in names:
            raise ReportError(
                f"grouping by the {key} of opening needs the result's opened_at column"
            )
        if table["opened_at"].dtype.kind != "M":
            raise ReportError(
                f"grouping by the {key} of opening needs opened_at as datetimes; "
                f"got a column of {table['opened_at'].dtype}"
            )
