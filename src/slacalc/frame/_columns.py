"""Reading a frame's columns as numpy arrays: instants, priorities, and which rows are bad.

pandas and Polars columns both become ``int64`` microseconds (UTC) with a
mask of missing values and a per-row error message (``None`` for good rows),
so the evaluation works on plain arrays and never on a frame.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from slacalc._instants import (
    MAX_INSTANT,
    MIN_INSTANT,
    from_instant,
    is_missing,
    outside_the_years,
    to_instant,
)
from slacalc.errors import InvalidTimestampError, OutOfRangeError, SlacalcError

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "Column",
    "instants_of",
    "is_float_column",
    "is_frame",
    "is_polars",
    "row_label",
    "values_of",
    "whole",
]

_NAT = -(2**63)
_SPAN = 250_000 * 86_400 * 10**6  # about ±680 years: what datetime can show


def is_polars(frame: Any) -> bool:
    """Whether ``frame`` is a Polars DataFrame (without importing Polars)."""
    return type(frame).__module__.partition(".")[0] == "polars"


def row_label(frame: Any, row: int) -> Any:
    """How messages name a row: its index label (numpy scalars as Python values) or position."""
    if is_polars(frame):
        return row
    return _plain(frame.index[row])


def _plain(label: Any) -> Any:
    if isinstance(label, tuple):
        return tuple(_plain(part) for part in label)
    return label.item() if hasattr(label, "item") else label


def is_frame(value: Any) -> bool:
    """Whether ``value`` is a table slacalc reads (a pandas or Polars DataFrame, by its shape)."""
    return hasattr(value, "columns") and hasattr(value, "__len__")


def values_of(frame: Any, name: str) -> list[Any]:
    """A column's values as Python objects (for priorities, ids and text timestamps).

    In a float column each whole number is an integer and a missing value
    ``None``: it is how pandas stores numbers with gaps, not fractions.
    """
    column = frame[name]
    values = list(column.to_list()) if is_polars(frame) else list(column.tolist())
    return [whole(value) for value in values] if is_float_column(column) else values


def is_float_column(column: Any) -> bool:
    """Whether a pandas or Polars column holds floats."""
    dtype = column.dtype
    if hasattr(dtype, "is_float"):  # Polars
        return bool(dtype.is_float())
    return getattr(dtype, "kind", "O") == "f"


def whole(value: Any) -> Any:
    """A float of a float column read back: whole numbers as ``int``, NaN as ``None``.

    Every other value is kept, so ``1.5`` and ``inf`` are refused as priorities
    by name, row by row, whatever the other rows hold.
    """
    if isinstance(value, float):
        if value != value:  # NaN  # noqa: PLR0124
            return None
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
    return value


class Column:
    """One timestamp column read: microseconds, missing values, and bad rows' messages.

    ``errors`` maps the rows that could not be read to their message; it is
    empty for a datetime column, so a million good rows cost no Python work.
    """

    __slots__ = ("errors", "micros", "missing")

    def __init__(
        self,
        micros: npt.NDArray[Any],
        missing: npt.NDArray[Any],
        errors: dict[int, SlacalcError],
    ) -> None:
        self.micros = micros
        self.missing = missing
        self.errors = errors


def instants_of(frame: Any, name: str, assume_tz: str | None, np: Any) -> Column:
    """Read a timestamp column: aware datetimes, ISO 8601 texts, or naive ones and ``assume_tz``.

    Instants outside the supported years are errors of their rows, as the
    scalar API refuses them, whatever the column's type.
    """
    count = len(frame)
    reader = _polars_instants if is_polars(frame) else _pandas_instants
    micros, missing, errors, texts = reader(frame, name, assume_tz, np)
    if texts is None:
        outside = ~missing & ((micros < MIN_INSTANT) | (micros >= MAX_INSTANT))
        for row in np.flatnonzero(outside):
            missing[row] = True
            errors.setdefault(int(row), _outside(name, int(micros[row])))
        return Column(micros, missing, errors)
    # Text or object values: each distinct value read once, with slacalc's own rules.
    micros = np.zeros(count, dtype=np.int64)
    missing = np.zeros(count, dtype=bool)
    seen: dict[Any, int | SlacalcError | None] = {}
    for row, value in enumerate(texts):
        key = value if isinstance(value, str | datetime) else id(value)
        if key not in seen:
            seen[key] = _read_one(value, name)
        found = seen[key]
        if found is None:
            missing[row] = True
        elif isinstance(found, SlacalcError):
            missing[row], errors[row] = True, found
        else:
            micros[row] = found
    return Column(micros, missing, errors)


def _outside(name: str, micros: int) -> OutOfRangeError:
    shown = str(from_instant(micros, UTC)) if -_SPAN < micros < _SPAN else "far away"
    return outside_the_years(f"{name} {shown}")


def _refuse_dates(name: str) -> InvalidTimestampError:
    return InvalidTimestampError(
        f"{name} holds dates without a time of day; an SLA counts from an instant: give "
        "timezone-aware datetimes (or ISO 8601 texts with an offset)"
    )


def _read_one(value: Any, name: str) -> int | SlacalcError | None:
    if is_missing(value):
        return None
    try:
        return to_instant(value, name)
    except SlacalcError as error:
        return error


def _naive_error(name: str) -> str:
    return (
        f"{name} holds naive datetimes; give an aware column or pass assume_tz= "
        "(e.g. assume_tz='UTC'), never read in a zone silently"
    )


def _local_time_errors(
    name: str, zone: str, nulls: tuple[Any, Any], shown: list[Any], np: Any
) -> dict[int, SlacalcError]:
    """Rows that a zone turned into NaT: their local time is ambiguous or does not exist."""
    before, after = nulls
    return {
        int(row): InvalidTimestampError(
            f"{name} {shown[row]} is not one instant in {zone} (a daylight-saving "
            "change makes it ambiguous or skips it); give an aware value with its offset"
        )
        for row in np.flatnonzero(after & ~before)
    }


def _pandas_instants(
    frame: Any, name: str, assume_tz: str | None, np: Any
) -> tuple[Any, Any, dict[int, SlacalcError], Any]:
    column = frame[name]
    dtype = column.dtype
    kind = getattr(dtype, "kind", "O")
    if hasattr(dtype, "pyarrow_dtype") and "date" in str(dtype.pyarrow_dtype):
        raise _refuse_dates(name)
    if "timestamp" in str(dtype) and hasattr(dtype, "pyarrow_dtype"):  # pyarrow-backed
        zone = dtype.pyarrow_dtype.tz
        column = column.astype(f"datetime64[us, {zone}]" if zone else "datetime64[us]")
        dtype, kind = column.dtype, column.dtype.kind
    if kind != "M":
        return None, None, {}, list(column.tolist())
    errors: dict[int, SlacalcError] = {}
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
) -> tuple[Any, Any, dict[int, SlacalcError], Any]:
    column = frame[name]
    dtype = column.dtype
    if str(dtype) == "Date":
        raise _refuse_dates(name)
    if not dtype.is_temporal() or not hasattr(dtype, "time_zone"):
        return None, None, {}, list(column.to_list())
    errors: dict[int, SlacalcError] = {}
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
