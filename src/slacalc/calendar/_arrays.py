"""The calendar's year tables as flat numpy arrays, and the vectorized queries on them.

The scalar path's compiled ``YearTable``s (one per UTC year) are joined into
one ``FlatTable`` per calendar and year range: interval starts and ends and
the running open time before each start, in microseconds. Nothing is derived
again from the rules, so a vectorized answer is the scalar answer.

Each query is a ``searchsorted`` per input; inputs outside the table, or
whose answer lies beyond it, are answered by the scalar path one by one, so
errors (a never-open calendar, a result after 2200) are the scalar ones.
``NaT`` in ``datetime64`` inputs gives ``NaT`` out. Imported only by the
``*_many`` methods: ``import slacalc`` never imports numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final, cast

import numpy as np

from slacalc._instants import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_INSTANT,
    MICROS_PER_SECOND,
    MIN_INSTANT,
    to_microseconds,
)
from slacalc.calendar._compiler import YEAR_STARTS, year_of
from slacalc.errors import InvalidDurationError, InvalidTimestampError, OutOfRangeError

if TYPE_CHECKING:
    import numpy.typing as npt

    from slacalc.calendar._tables import Timetable

__all__ = ["FlatTable", "add_many", "elapsed_many", "is_open_many", "next_open_many"]

_NAT: Final = np.iinfo(np.int64).min  # the int64 view of NaT
_UNITS: Final = {"us": 1, "ms": 1_000, "s": MICROS_PER_SECOND, "m": 60 * MICROS_PER_SECOND,
                 "h": 3_600 * MICROS_PER_SECOND, "D": 86_400 * MICROS_PER_SECOND}  # fmt: skip
# Years of open time kept after the last start, for answers that run on.
_SPARE_YEARS: Final = 1
_DAY: Final = 86_400 * MICROS_PER_SECOND
_MOST_STEPS: Final = 6  # more steps than this a lookup: a binary search is faster


@dataclass(frozen=True, slots=True, eq=False)
class FlatTable:
    """The open intervals of UTC years ``first``..``last`` as flat arrays, with index tables.

    ``open_before[i]`` and ``open_after[i]`` are the open time from the start
    of year ``first`` to ``starts[i]`` and to ``ends[i]``; the arrays end with
    an empty sentinel interval at the end of the supported years, so every
    index a lookup reaches is valid. ``low``/``high`` bound the instants the
    table answers for.

    Two index tables make a lookup O(1): ``by_day[d]`` is the first interval
    ending after the start of UTC day ``d`` of the table, and ``by_bucket[b]``
    the first interval whose running total reaches ``b * bucket`` of open
    time. A lookup starts there and steps on at most ``day_steps`` or
    ``bucket_steps`` times (once, for office hours); where that could take
    many steps (many short intervals a day), a binary search is used instead.
    """

    first: int
    last: int
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    open_before: npt.NDArray[np.int64]
    open_after: npt.NDArray[np.int64]
    count: int
    total: int
    low: int
    high: int
    by_day: npt.NDArray[np.int64]
    day_steps: int
    bucket: int
    by_bucket: npt.NDArray[np.int64]
    bucket_steps: int

    @classmethod
    def build(cls, table: Timetable, first: int, last: int) -> FlatTable:
        """Join the year tables of ``first``..``last`` (compiled as the scalar path does)."""
        years = [table.year_table(year) for year in range(first, last + 1)]
        starts = np.concatenate([np.frombuffer(year.starts, dtype=np.int64) for year in years])
        ends = np.concatenate([np.frombuffer(year.ends, dtype=np.int64) for year in years])
        lengths = ends - starts
        open_after = np.cumsum(lengths)
        total = int(open_after[-1]) if len(open_after) else 0
        low = YEAR_STARTS[first - FIRST_YEAR]
        high = YEAR_STARTS[last + 1 - FIRST_YEAR] if last < LAST_YEAR else MAX_INSTANT
        day_starts = np.arange(low, high + _DAY, _DAY, dtype=np.int64)
        by_day = np.searchsorted(ends, day_starts, side="right").astype(np.int64)
        # About four buckets per interval: a bucket holds a quarter interval on average.
        bucket = max(1, total // max(1, 4 * len(starts)))
        marks = np.arange(0, total + 2 * bucket, bucket, dtype=np.int64)
        by_bucket = np.searchsorted(open_after, marks, side="left").astype(np.int64)
        sentinel = np.array([MAX_INSTANT], dtype=np.int64)
        arrays = (
            np.concatenate([starts, sentinel]),
            np.concatenate([ends, sentinel]),
            np.concatenate([open_after - lengths, [total]]).astype(np.int64),
            np.concatenate([open_after, [np.iinfo(np.int64).max]]).astype(np.int64),
            by_day,
            by_bucket,
        )
        for array in arrays:
            array.setflags(write=False)
        return cls(
            first, last, *arrays[:4], len(starts), total, low, high,
            by_day, _steps(by_day), bucket, by_bucket, _steps(by_bucket),
        )  # fmt: skip

    def following(self, instants: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
        """The index of the first interval ending after each instant (inside the table).

        ``count`` (the sentinel) where no interval of the table does.
        """
        ends = self.ends
        if self.day_steps > _MOST_STEPS:
            return np.searchsorted(ends[: self.count], instants, side="right")
        # Its day's entry, stepped on past the intervals that end by the instant.
        i = self.by_day[(instants - self.low) // _DAY]
        for _ in range(self.day_steps):
            i += ends[i] <= instants
        return i

    def position(self, instants: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Open time from the table's start to each instant (inside the table)."""
        i = self.following(instants)
        starts = self.starts[i]
        inside = np.clip(instants - starts, 0, self.ends[i] - starts)
        return cast("npt.NDArray[np.int64]", self.open_before[i] + inside)

    def instant_at(self, positions: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The earliest instant at which the open time from the table's start reaches each position.

        Positions must be positive and at most ``total``.
        """
        after = self.open_after
        if self.bucket_steps <= _MOST_STEPS:
            # The first interval whose running total reaches each position: its bucket's entry.
            j = self.by_bucket[positions // self.bucket]
            for _ in range(self.bucket_steps):
                j += after[j] < positions
        else:
            j = np.searchsorted(after[: self.count], positions, side="left")
        return cast("npt.NDArray[np.int64]", self.ends[j] - (after[j] - positions))


def _steps(index: npt.NDArray[np.int64]) -> int:
    """The most entries between two neighbouring index marks: the steps a lookup may need."""
    return int(np.diff(index).max()) if len(index) > 1 else 0


def _flat(table: Timetable, first: int, last: int) -> FlatTable:
    flat: FlatTable = table.flat_table(first, last, FlatTable.build)
    return flat


# -- inputs ----------------------------------------------------------------------


def _instants(values: Any, name: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], bool]:
    """Instants in microseconds, where NaT is, and whether the input was datetime64.

    The result may be a view of the input: it is never written to.
    """
    array = np.asarray(values)
    if array.dtype.kind == "M":
        unit, count = np.datetime_data(array.dtype)
        raw = array.view(np.int64)
        missing = raw == _NAT
        micros = _scaled(raw, unit, count, name, InvalidTimestampError)
        if missing.any():
            micros = np.where(missing, 0, micros)
        return micros, missing, True
    if array.dtype.kind in "iu":
        micros = array if array.dtype == np.int64 else array.astype(np.int64)
        return micros, np.zeros(micros.shape, dtype=bool), False
    raise InvalidTimestampError(
        f"{name} must be a numpy datetime64 array (UTC by convention, e.g. "
        f"np.array(['2026-11-27T17:00'], dtype='datetime64[us]')) or int64 microseconds since "
        f"1970-01-01 UTC; got an array of {array.dtype}"
    )


def _scaled(
    raw: npt.NDArray[np.int64], unit: str, count: int, name: str, error: type[Exception]
) -> npt.NDArray[np.int64]:
    """Raw datetime64/timedelta64 values in microseconds (nanoseconds floored)."""
    if unit == "us" and count == 1:
        return raw
    if unit == "ns":
        return raw * count // 1_000
    if unit in _UNITS:
        return raw * (_UNITS[unit] * count)
    raise error(f"{name} has the unit {unit}, which is not supported; use microseconds ('us')")


def _durations(values: Any) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Durations in microseconds (one value stays 0-d and broadcasts), and where NaT is."""
    if isinstance(values, timedelta):
        values = to_microseconds(values)
    array = np.asarray(values)
    if array.dtype.kind == "m":
        unit, count = np.datetime_data(array.dtype)
        raw = array.view(np.int64)
        missing = raw == _NAT
        micros = _scaled(raw, unit, count, "durations", InvalidDurationError)
        if missing.any():
            micros = np.where(missing, 0, micros)
    elif array.dtype.kind in "iu":
        micros = array if array.dtype == np.int64 else array.astype(np.int64)
        missing = np.zeros(array.shape, dtype=bool)
    else:
        raise InvalidDurationError(
            "durations must be a timedelta64 array, int64 microseconds or one timedelta; "
            f"got {array.dtype}"
        )
    if micros.size and micros.min() < 0:
        negative = np.flatnonzero(np.atleast_1d(micros) < 0)[0]
        value = int(np.atleast_1d(micros)[negative])
        raise InvalidDurationError(
            f"durations[{negative}] is negative ({value} µs); business time runs forward"
        )
    return micros, missing


def _years(
    micros: npt.NDArray[np.int64], missing: npt.NDArray[np.bool_], name: str
) -> tuple[int, int]:
    """The UTC years of the earliest and latest instant, after checking they are supported."""
    present = micros[~missing] if missing.any() else micros
    if not present.size:
        return FIRST_YEAR, FIRST_YEAR
    low, high = int(present.min()), int(present.max())
    if low < MIN_INSTANT or high >= MAX_INSTANT:
        bad = ~missing & ((micros < MIN_INSTANT) | (micros >= MAX_INSTANT))
        first = int(np.flatnonzero(bad)[0])
        raise OutOfRangeError(
            f"{name}[{first}] is outside the supported years {FIRST_YEAR}-{LAST_YEAR}; "
            "pass instants inside that range"
        )
    return year_of(low), year_of(high)


def _output(
    micros: npt.NDArray[np.int64], missing: npt.NDArray[np.bool_], as_datetime: bool
) -> Any:
    """``datetime64[us]`` (a view of ``micros``, which the caller owns) with NaT, or int64."""
    if not as_datetime:
        return micros
    result = micros.view("datetime64[us]")
    if missing.any():
        result[missing] = np.datetime64("NaT")
    return result


def _inside(flat: FlatTable, micros: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The instants clipped into the table (only NaT placeholders move; it spans the rest)."""
    return np.clip(micros, flat.low, flat.high - 1)


# -- queries ---------------------------------------------------------------------


def add_many(table: Timetable, starts: Any, durations: Any) -> Any:
    """``table.add`` element by element (see ``BusinessCalendar.add_many``)."""
    micros, missing, as_datetime = _instants(starts, "starts")
    amounts, missing_amount = _durations(durations)
    if missing_amount.any():
        missing = missing | missing_amount
    first, last = _years(micros, missing, "starts")
    flat = _flat(table, first, min(LAST_YEAR, last + _SPARE_YEARS))
    inside = _inside(flat, micros) if missing.any() else micros
    target = flat.position(inside) + amounts
    direct = (amounts > 0) & (target <= flat.total)
    if direct.all():
        result = flat.instant_at(target)
    else:
        result = np.where(direct, flat.instant_at(np.where(direct, target, 1)), inside)
    direct &= result < MAX_INSTANT  # the end of the supported years: the scalar path refuses it
    beyond = ~direct & (amounts > 0)
    if missing.any():
        beyond &= ~missing
    if beyond.any():  # answers beyond the table, or none: the scalar path, one by one
        every = np.broadcast_to(amounts, micros.shape)
        for index in np.flatnonzero(beyond):
            result[index] = table.add(int(micros[index]), int(every[index]))
    return _output(result, missing, as_datetime)


def elapsed_many(table: Timetable, starts: Any, ends: Any) -> Any:
    """``table.elapsed`` element by element: int64 microseconds, or timedelta64[us]."""
    low, missing_low, low_is_datetime = _instants(starts, "starts")
    high, missing_high, high_is_datetime = _instants(ends, "ends")
    low, high = np.broadcast_arrays(low, high)
    missing = np.broadcast_to(missing_low | missing_high, low.shape)
    first_low, last_low = _years(low, missing, "starts")
    first_high, last_high = _years(high, missing, "ends")
    flat = _flat(table, min(first_low, first_high), max(last_low, last_high))
    if missing.any():
        low, high = _inside(flat, low), _inside(flat, high)
    result = np.maximum(flat.position(high) - flat.position(low), 0)
    if not (low_is_datetime or high_is_datetime):
        return result
    out = result.view("timedelta64[us]")
    if missing.any():
        out[missing] = np.timedelta64("NaT")
    return out


def is_open_many(table: Timetable, instants: Any) -> npt.NDArray[np.bool_]:
    """``table.is_open`` element by element (``False`` for NaT)."""
    micros, missing, _ = _instants(instants, "instants")
    first, last = _years(micros, missing, "instants")
    flat = _flat(table, first, last)
    inside = _inside(flat, micros)
    # Open when the first interval ending after the instant has begun (never the sentinel).
    opened: npt.NDArray[np.bool_] = (flat.starts[flat.following(inside)] <= inside) & ~missing
    return opened


def next_open_many(table: Timetable, instants: Any) -> Any:
    """``table.next_open`` element by element."""
    micros, missing, as_datetime = _instants(instants, "instants")
    first, last = _years(micros, missing, "instants")
    flat = _flat(table, first, min(LAST_YEAR, last + _SPARE_YEARS))
    inside = _inside(flat, micros)
    i = flat.following(inside)
    result = np.maximum(flat.starts[i], inside)
    for index in np.flatnonzero(~missing & (i >= flat.count)):  # no opening in the table
        result[index] = table.next_open(int(micros[index]))
    return _output(result, missing, as_datetime)
