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

__all__ = ["Column", "instants_of", "is_polars", "values_of"]

_NAT = -(2**63)


def is_polars(frame: Any) -> bool:
    """Whether ``frame`` is a Polars DataFrame (without importing Polars)."""
    return type(frame).__module__.partition(".")[0] == "polars"


def values_of(frame: Any, name: str) -> list[Any]:
    """A column's values as Python objects (for priorities and text timestamps)."""
    column = frame[name]
    return list(column.to_list()) if is_polars(frame) else list(column.tolist())


class Column:
    """One timestamp column read: microseconds, missing values, and bad rows' messages."""

    __slots__ = ("errors", "micros", "missing")

    def __init__(
        self, micros: npt.NDArray[Any], missing: npt.NDArray[Any], errors: list[str | None]
    ) -> None:
        self.micros = micros
        self.missing = missing
        self.errors = errors


def instants_of(frame: Any, name: str, assume_tz: str | None, np: Any) -> Column:
    """Read a timestamp column: aware datetimes, ISO 8601 texts, or naive ones and ``assume_tz``."""
    count = len(frame)
    errors: list[str | None] = [None] * count
    if is_polars(frame):
        micros, missing, texts = _polars_instants(frame, name, assume_tz, np)
    else:
        micros, missing, texts = _pandas_instants(frame, name, assume_tz, np)
    if texts is not None:  # text or object values: read one by one, with slacalc's own rules
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


def _pandas_instants(frame: Any, name: str, assume_tz: str | None, np: Any) -> tuple[Any, Any, Any]:
    column = frame[name]
    dtype = column.dtype
    kind = getattr(dtype, "kind", "O")
    if str(dtype).endswith("[pyarrow]") and "timestamp" in str(dtype):  # pyarrow-backed
        zone = dtype.pyarrow_dtype.tz
        column = column.astype(f"datetime64[us, {zone}]" if zone else "datetime64[us]")
        dtype, kind = column.dtype, column.dtype.kind
    if kind != "M":
        return None, None, list(column.tolist())
    if getattr(dtype, "tz", None) is None:
        if assume_tz is None:
            raise InvalidTimestampError(_naive_error(name))
        column = column.dt.tz_localize(assume_tz, ambiguous="NaT", nonexistent="NaT")
    raw = column.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
    ints = raw.view(np.int64)
    return np.where(ints == _NAT, 0, ints), ints == _NAT, None


def _polars_instants(frame: Any, name: str, assume_tz: str | None, np: Any) -> tuple[Any, Any, Any]:
    column = frame[name]
    dtype = column.dtype
    if not dtype.is_temporal() or not hasattr(dtype, "time_zone"):
        return None, None, list(column.to_list())
    if dtype.time_zone is None:
        if assume_tz is None:
            raise InvalidTimestampError(_naive_error(name))
        column = column.dt.replace_time_zone(assume_tz, ambiguous="null", non_existent="null")
    utc = column.dt.convert_time_zone("UTC").dt.replace_time_zone(None).dt.cast_time_unit("us")
    missing = utc.is_null().to_numpy()
    ints = utc.to_physical().fill_null(0).to_numpy().astype(np.int64)
    return np.where(missing, 0, ints), missing, None
