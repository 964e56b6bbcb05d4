"""Result columns built once as arrays, then turned into a pandas or a Polars frame.

Every column is described by its values and kind (instants, durations,
categories, nullable booleans and integers, floats, objects) with a mask
of empty rows, so the two frame libraries get the same result from one
description, without Python objects per row.
"""

from __future__ import annotations

from typing import Any

from slacalc._dependencies import import_optional
from slacalc.frame._columns import is_polars

__all__ = ["Output", "frame_like"]


class Output:
    """The result columns, in order: name → (values, kind, empty rows or categories)."""

    __slots__ = ("columns", "copied", "np")

    def __init__(self, np: Any) -> None:
        self.np = np
        self.columns: dict[str, tuple[Any, str, Any]] = {}
        self.copied: dict[str, Any] = {}

    def add(self, name: str, values: Any, kind: str, extra: Any = None) -> None:
        """Add a column; ``extra`` is the mask of empty rows, or a category's names."""
        self.columns[name] = (values, kind, extra)

    def copy(self, name: str, column: Any) -> None:
        """Add an input column unchanged."""
        self.columns[name] = (column, "copy", None)


def frame_like(frame: Any, output: Output, zone: str) -> Any:
    """The columns as a frame of ``frame``'s library (and, for pandas, its index)."""
    np = output.np
    if is_polars(frame):
        pl = import_optional("polars", extra="polars")
        return pl.DataFrame(
            [
                _polars(pl, np, name, values, kind, extra, zone)
                for name, (values, kind, extra) in output.columns.items()
            ]
        )
    pd = import_optional("pandas", extra="pandas")
    data = {
        name: _pandas(pd, np, values, kind, extra, (zone, frame.index))
        for name, (values, kind, extra) in output.columns.items()
    }
    return pd.DataFrame(data, index=frame.index, copy=False)


def _pandas(  # noqa: PLR0911, PLR0917  # private: one branch per kind
    pd: Any, np: Any, values: Any, kind: str, extra: Any, place: tuple[str, Any]
) -> Any:
    zone, index = place
    if kind == "copy":
        return values.array
    if kind == "instant":
        stamps = values.astype("datetime64[us]")
        stamps[extra] = np.datetime64("NaT")
        return pd.DatetimeIndex(stamps).tz_localize("UTC").tz_convert(zone).array
    if kind == "duration":
        spans = values.astype("timedelta64[us]")
        spans[extra] = np.timedelta64("NaT")
        return spans
    if kind == "category":
        return pd.Categorical.from_codes(values, categories=list(extra))
    if kind == "boolean":
        return pd.arrays.BooleanArray(values.astype(bool), extra.copy())
    if kind == "integer":
        return pd.arrays.IntegerArray(values.astype(np.int64), extra.copy())
    if kind == "float":
        return np.where(extra, np.nan, values)
    # A Series of object dtype is taken as it is; a bare object array would be
    # scanned and turned into pandas' string dtype (None becoming NaN).
    return pd.Series(values, index=index, dtype=object, copy=False)


def _polars(  # noqa: PLR0917  # private: one branch per kind
    pl: Any, np: Any, name: str, values: Any, kind: str, extra: Any, zone: str
) -> Any:
    if kind == "copy":
        return values.alias(name)
    if kind == "category":
        names = pl.Series(name, list(extra), dtype=pl.Enum(list(extra)))
        series = names.gather(np.maximum(values, 0).astype(np.uint32))
        return _blank(series, values < 0, np)
    if kind == "object":
        return pl.Series(name, values.tolist(), dtype=pl.String)
    if kind == "float":
        series = pl.Series(name, values)
    elif kind == "instant":
        series = pl.Series(name, values.astype("datetime64[us]"))
        series = series.dt.replace_time_zone("UTC").dt.convert_time_zone(zone)
    elif kind == "duration":
        series = pl.Series(name, values.astype("timedelta64[us]"))
    elif kind == "boolean":
        series = pl.Series(name, values.astype(bool))
    else:
        series = pl.Series(name, values.astype(np.int64))
    return _blank(series, extra, np)


def _blank(series: Any, empty: Any, np: Any) -> Any:
    return series.scatter(np.flatnonzero(empty), None) if empty.any() else series
