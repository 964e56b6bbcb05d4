"""Reading a frame's columns as numpy arrays: instants, priorities, and which rows are bad.

pandas and Polars columns both become ``int64`` microseconds (UTC) with a
mask of missing values and a per-row error message (``None`` for good rows),
so the evaluation works on plain arrays and never on a frame.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from slacalc._instants import is_missing, to_instant
from slacalc.errors import InvalidTimestampError, SlacalcError

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["Column", "instants_of", "is_polars", "values_of", "whole_numbers"]

_NAT = -(2**63)


def is_polars(frame: Any) -> bool:
    """Whether ``frame`` is a Polars DataFrame (without importing Polars)."""
    return type(frame).__module__.partition(".")[0] == "polars"


def values_of(frame: Any, name: str) -> list[Any]:
    """A column's values as Python objects (for priorities and text timestamps).

    A float column whose values are all whole numbers gives integers (and
    ``None`` for its missing values): it is how pandas stores a column of
    numbers with gaps, not a column of fractions.
    """
    column = whole_numbers(frame, name)
    return list(column.to_list()) if is_polars(frame) else list(column.tolist())


def whole_numbers(frame: Any, name: str) -> Any:
    """``frame[name]``, as nullable integers when it is a float column of whole numbers."""
    column = frame[name]
    if is_polars(frame):
        if not column.dtype.is_float():
            return column
        values = column.drop_nulls().drop_nans()
        whole = values.len() == 0 or bool((values == values.floor()).all())
        return column.fill_nan(None).cast(int) if whole else column
    if getattr(column.dtype, "kind", "O") != "f":
        return column
    values = column.dropna()
    if len(values) and not bool((values == values.round()).all()):
        return column.astype(object)  # 1.5 is no tier: each value refused by name
    return column.astype("Int64")


class Column:
    """One timestamp column read: microseconds, missing values, and bad rows' messages.

    ``errors`` maps the rows that could not be read to their message; it is
    empty for a datetime column, so a million good rows cost no Python work.
    """

    __slots__ = ("errors", "micros", "missing")

    def __init__(
        self, micros: npt.NDArray[Any], missing: npt.NDArray[Any], errors: dict[int, str]
    ) -> None:
        self.micros = micros
        self.missing = missing
        self.errors = errors


def instants_of(frame: Any, name: str, assume_tz: str | None, np: Any) -> Column:
    """Read a timestamp column: aware datetimes, ISO 8601 texts, or naive ones and ``assume_tz``."""
    count = len(frame)
    reader = _polars_instants if is_polars(frame) else _pandas_instants
    micros, missing, errors, texts = reader(frame, name, assume_tz, np)
    if texts is None:
        return Column(micros, missing, errors)
    # Text or object values: each distinct value read once, with slacalc's own rules.
    micros = np.zeros(count, dtype=np.int64)
    missing = np.zeros(count, dtype=bool)
    seen: dict[Any, int | str | None] = {}
    for row, value in enumerate(texts):
        key = value if isinstance(value, str | datetime) else id(value)
        if key not in seen:
            seen[key] = _read_one(value, name)
        found = seen[key]
        if found is None:
            missing[row] = True
        elif isinstance(found, str):
            missing[row], errors[row] = True, found
        else:
            micros[row] = found
    return Column(micros, missing, errors)


def _read_one(value: Any, name: str) -> int | str | None:
    if is_missing(value):
        return None
    try:
        return to_instant(value, name)
    except SlacalcError as error:
        return str(error)


def _naive_error(name: str) -> str:
    return (
        f"{name} holds naive datetimes; give an aware column or pass assume_tz= "
        "(e.g. assume_tz='UTC'), never read in a zone silently"
    )


def _local_time_errors(
    name: str, zone: str, nulls: tuple[Any, Any], shown: list[Any], np: Any
) -> dict[int, str]:
    """Rows that a zone turned into NaT: their local time is ambiguous or does not exist."""
    before, after = nulls
    return {
        int(row): (
            f"{name} {shown[row]} is not one instant in {zone} (a daylight-saving "
            "change makes it ambiguous or skips it); give an aware value with its offset"
        )
        for row in np.flatnonzero(after & ~before)
    }


def _pandas_instants(
    frame: Any, name: str, assume_tz: str | None, np: Any
) -> tuple[Any, Any, dict[int, str], Any]:
    column = frame[name]
    dtype = column.dtype
    kind = getattr(dtype, "kind", "O")
    if "timestamp" in str(dtype) and hasattr(dtype, "pyarrow_dtype"):  # pyarrow-backed
        zone = dtype.pyarrow_dtype.tz
        column = column.astype(f"datetime64[us, {zone}]" if zone else "datetime64[us]")
        dtype, kind = column.dtype, column.dtype.kind
    if kind != "M":
        return None, None, {}, list(column.tolist())
    errors: dict[int, str] = {}
    if getattr(dtype, "tz", None) is None:
        if assume_tz is None:
            raise InvalidTimestampError(_naive_error(name))
        before = column.isna().to_numpy()
        localized = column.dt.tz_localize(assume_tz, ambiguous="NaT", nonexistent="NaT")
        after = localized.isna().to_numpy()
        if (after & ~before).any():
            errors = _local_time_errors(name, assume_tz, (before, after), column.tolist(), np)
        column = localized
    raw = column.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
    ints = raw.view(np.int64)
    missing = ints == _NAT
    return np.where(missing, 0, ints), missing, errors, None


def _polars_instants(
    frame: Any, name: str, assume_tz: str | None, np: Any
) -> tuple[Any, Any, dict[int, str], Any]:
    column = frame[name]
    dtype = column.dtype
    if not dtype.is_temporal() or not hasattr(dtype, "time_zone"):
        return None, None, {}, list(column.to_list())
    errors: dict[int, str] = {}
    if dtype.time_zone is None:
        if assume_tz is None:
            raise InvalidTimestampError(_naive_error(name))
        before = column.is_null().to_numpy()
        localized = column.dt.replace_time_zone(assume_tz, ambiguous="null", non_existent="null")
        after = localized.is_null().to_numpy()
        if (after & ~before).any():
            errors = _local_time_errors(name, assume_tz, (before, after), column.to_list(), np)
        column = localized
    utc = column.dt.convert_time_zone("UTC").dt.replace_time_zone(None).dt.cast_time_unit("us")
    missing = utc.is_null().to_numpy()
    ints = utc.to_physical().fill_null(0).to_numpy().astype(np.int64)
    return np.where(missing, 0, ints), missing, errors, None
