"""The compiler: a local date becomes its open intervals; a UTC year becomes a table.

For a plain calendar a date's hours come from the first rule that speaks of
it (special hours, then the first matching recurring rule, then the weekly
hours); holidays close dates without special hours; each wall-clock edge
becomes an instant in the calendar's zone (``disambiguate`` decides edges in
daylight-saving gaps and folds). An intersection's date owns its first
part's intervals, clipped to the open time of every other part.

A ``YearTable`` is one UTC year's merged open intervals as instants, with
running totals: the one representation every query (and the batch path)
searches.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Final

from slacalc._instants import (
    FIRST_YEAR,
    LAST_YEAR,
    MICROS_PER_DAY,
    MIN_INSTANT,
    Interval,
    to_microseconds,
)
from slacalc.calendar._cache import BoundedCache
from slacalc.calendar._definition import (
    Intersection,
    Schedule,
    load_zone,
    parse_rule,
    rule_dates_in_year,
)
from slacalc.calendar._hours import DayHours
from slacalc.calendar._intervals import merge_intervals
from slacalc.calendar._reach import Reach, clip_intervals, reach_of
from slacalc.errors import CalendarError, OutOfRangeError

if TYPE_CHECKING:
    from slacalc.calendar._tables import Timetable

__all__ = [
    "EMPTY_TABLE",
    "YEAR_STARTS",
    "Compiler",
    "IntersectionCompiler",
    "ScheduleCompiler",
    "YearTable",
    "year_of",
]

_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()
# Instant at which each UTC year starts, for the supported years and one past.
YEAR_STARTS: Final = tuple(
    (date(year, 1, 1).toordinal() - _EPOCH_ORDINAL) * MICROS_PER_DAY
    for year in range(FIRST_YEAR, LAST_YEAR + 2)
)
_YEAR_BEFORE_FIRST: Final = FIRST_YEAR - 1
# Local dates whose intervals can reach into a UTC year: an interval starts
# within a day of its date, lasts at most a day, and zone offsets (+14h/-12h)
# and daylight-saving shifts (up to a day, Samoa 2011) move it by less than two.
_DATES_BEFORE: Final = 5
_DATES_AFTER: Final = 3
_MAX_YEARS: Final = LAST_YEAR - FIRST_YEAR + 2


def year_of(instant: int) -> int:
    """The UTC year whose table holds ``instant``."""
    return bisect_right(YEAR_STARTS, instant) + _YEAR_BEFORE_FIRST


@dataclass(frozen=True, slots=True, eq=False)
class YearTable:
    """One UTC year's merged open intervals and running totals.

    ``cum_end[i]`` is the open time in the year up to ``ends[i]``;
    ``cum_start[i]`` up to ``starts[i]``. The columns are arrays of 64-bit
    integers: a fifth of the memory of tuples of ints, searched by ``bisect``
    as fast, and readable by numpy without a copy.
    """

    starts: array[int]
    ends: array[int]
    cum_start: array[int]
    cum_end: array[int]
    total: int

    @classmethod
    def from_intervals(cls, intervals: list[Interval]) -> YearTable:
        """Build the table of sorted, disjoint, non-touching intervals."""
        cum_end: list[int] = []
        total = 0
        for start, end in intervals:
            total += end - start
            cum_end.append(total)
        cum_start = [
            cum - (end - start) for cum, (start, end) in zip(cum_end, intervals, strict=True)
        ]
        return cls(
            array("q", [start for start, _ in intervals]),
            array("q", [end for _, end in intervals]),
            array("q", cum_start),
            array("q", cum_end),
            total,
        )

    def open_before(self, instant: int) -> int:
        """Open time in the year before ``instant``, for an instant inside the year."""
        i = bisect_right(self.starts, instant) - 1
        if i < 0:
            return 0
        return self.cum_end[i] - max(0, self.ends[i] - instant)


EMPTY_TABLE: Final = YearTable.from_intervals([])


def _check_year(year: int) -> tuple[int, int]:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise OutOfRangeError(
            f"the calculation needs open time in {year}, outside the supported years "
            f"{FIRST_YEAR}-{LAST_YEAR}"
        )
    return YEAR_STARTS[year - FIRST_YEAR], YEAR_STARTS[year - FIRST_YEAR + 1]


def _meets_span(reach: Reach, low: int, high: int) -> bool:
    return reach.can_open and reach.low < high and low < reach.high


def _dates_reaching(low: int, high: int) -> tuple[int, int]:
    """The local dates whose intervals can meet ``[low, high)`` (see ``_DATES_BEFORE``)."""
    first = low // MICROS_PER_DAY + _EPOCH_ORDINAL
    last = (high - 1) // MICROS_PER_DAY + _EPOCH_ORDINAL
    return first - _DATES_BEFORE, last + _DATES_AFTER


class ScheduleCompiler:
    """Compiles a plain calendar's dates and years."""

    __slots__ = (
        "_holiday_years",
        "_opened",
        "_reach",
        "_rule_years",
        "_rules",
        "_special",
        "schedule",
        "sparse",
        "zone",
    )

    def __init__(self, schedule: Schedule) -> None:
        self.schedule = schedule
        self.zone = load_zone(schedule.timezone)
        lock = threading.RLock()
        self._holiday_years: BoundedCache[int, frozenset[date]] = BoundedCache(lock, _MAX_YEARS)
        self._rule_years: BoundedCache[tuple[int, int], frozenset[date]] = BoundedCache(
            lock, _MAX_YEARS * max(1, len(schedule.recurring))
        )
        self._rules = tuple(parse_rule(text) for text, _ in schedule.recurring)
        self._special = dict(schedule.special)
        # Without weekly hours or a recurring rule with hours only special dates open.
        self.sparse = not any(schedule.week) and not any(h for _, h in schedule.recurring)
        self._opened = tuple(day.toordinal() for day, hours in schedule.special if hours)
        self._reach: Reach | None = None

    @property
    def reach(self) -> Reach:
        """What the calendar can reach, worked out on first use."""
        if self._reach is None:
            self._reach = reach_of(self.schedule)
        return self._reach

    @property
    def can_open(self) -> bool:
        """Whether the calendar could ever be open (False only when certainly never)."""
        return self.reach.can_open

    def candidates(self, first: int, last: int) -> Iterable[int]:
        """The dates in ``[first, last]`` that might own intervals: special ones if sparse."""
        if not self.sparse:
            return range(first, last + 1)
        opened = self._opened
        return opened[bisect_left(opened, first) : bisect_right(opened, last)]

    def _holidays_in(self, year: int) -> frozenset[date]:
        source = self.schedule.holidays
        return source.dates_in_year(year) if source is not None else frozenset()

    def _rule_dates(self, key: tuple[int, int]) -> frozenset[date]:
        index, year = key
        return rule_dates_in_year(self._rules[index], year)

    def _rule_hours(self, day: date) -> tuple[DayHours, bool]:
        """A date's hours before holidays, and whether they are special hours."""
        special = self._special.get(day)
        if special is not None:
            return special, True
        for index, (_, hours) in enumerate(self.schedule.recurring):
            if day in self._rule_years.fetch((index, day.year), self._rule_dates):
                return hours, False
        return self.schedule.week[day.weekday()], False

    def to_instant(self, ordinal: int, micros: int) -> int:
        """Convert a local wall time (date ordinal, microseconds after midnight) to an instant."""
        wall = (ordinal - _EPOCH_ORDINAL) * MICROS_PER_DAY + micros
        zone = self.zone
        if isinstance(zone, timezone):
            return wall - to_microseconds(zone.utcoffset(None))
        local = datetime.fromordinal(ordinal) + timedelta(microseconds=micros)
        first = wall - to_microseconds(local.replace(tzinfo=zone).utcoffset())  # type: ignore[arg-type]
        second = wall - to_microseconds(local.replace(tzinfo=zone, fold=1).utcoffset())  # type: ignore[arg-type]
        if first == second:
            return first
        mode = self.schedule.disambiguate
        if mode == "raise":
            kind = "does not exist (clocks go forward)" if first > second else "happens twice"
            raise CalendarError(
                f"the opening-hours edge {local} {kind} in {self.schedule.timezone}; "
                "choose disambiguate='compatible', 'earlier' or 'later', or move the hours"
            )
        # In a fold the fold=0 reading is the earlier instant; in a gap it is the later one.
        if mode == "compatible":
            return first
        return min(first, second) if mode == "earlier" else max(first, second)

    def owned(
        self, ordinal: int, low: int | None = None, high: int | None = None
    ) -> list[Interval]:
        """The open intervals a local date owns, as instants, optionally only within [low, high)."""
        day = date.fromordinal(ordinal)
        hours, special = self._rule_hours(day)
        if not hours:
            return []
        # Holidays are read as late as possible, so a year is only read when its
        # dates matter; but "raise" must know first whether the hours are in use.
        strict = self.schedule.disambiguate == "raise"
        if strict and not special and self._is_holiday(day):
            return []
        converted = [
            (self.to_instant(ordinal, start), self.to_instant(ordinal, end)) for start, end in hours
        ]
        intervals = [(start, end) for start, end in converted if start < end]
        if not intervals:
            return []
        if (
            low is not None
            and high is not None
            and not any(start < high and low < end for start, end in intervals)
        ):
            return []
        if not strict and not special and self._is_holiday(day):
            return []
        # A daylight-saving shift can make two intervals of one date overlap.
        return merge_intervals(intervals)

    def _is_holiday(self, day: date) -> bool:
        return self.schedule.holidays is not None and (
            day in self._holiday_years.fetch(day.year, self._holidays_in)
        )

    def compile_year(self, year: int) -> YearTable:
        """The merged open intervals of a UTC year, clipped to it."""
        low, high = _check_year(year)
        if not _meets_span(self.reach, low, high):
            return EMPTY_TABLE
        first, last = _dates_reaching(low, high)
        raw = [
            interval
            for ordinal in self.candidates(first, last)
            for interval in self.owned(ordinal, low, high)
        ]
        clipped = [
            (max(start, low), min(end, high))
            for start, end in merge_intervals(raw)
            if start < high and low < end
        ]
        return YearTable.from_intervals(clipped)

    def open_before_range(self) -> bool:
        """Whether the calendar is open just before 1900-01-01T00:00Z.

        Holiday data missing for 1899 counts as open: the start is then unknown.
        """
        before = MIN_INSTANT - 1
        first, last = _dates_reaching(before, MIN_INSTANT)
        try:
            return any(
                self.owned(ordinal, before, MIN_INSTANT) for ordinal in self.candidates(first, last)
            )
        except OutOfRangeError:
            return True


class IntersectionCompiler:
    """Compiles an intersection from its parts' compiled open time."""

    __slots__ = ("_by_cost", "_first", "_parts", "_reach", "definition")

    def __init__(
        self, definition: Intersection, first: ScheduleCompiler, parts: tuple[Timetable, ...]
    ) -> None:
        self.definition = definition
        self._first = first
        self._parts = parts  # every part, the first included
        # Parts opened only by special dates compile fastest and are most often empty.
        self._by_cost = tuple(sorted(parts, key=lambda part: not part.sparse))
        self._reach: Reach | None = None

    @property
    def zone(self) -> object:
        """The first part's zone."""
        return self._first.zone

    @property
    def reach(self) -> Reach:
        """What the intersection can reach, worked out on first use."""
        if self._reach is None:
            self._reach = reach_of(self.definition)
        return self._reach

    @property
    def can_open(self) -> bool:
        """Whether the parts could ever be open at once (False only when certainly never)."""
        return self.reach.can_open

    @property
    def sparse(self) -> bool:
        """Whether only special dates can open it."""
        return any(part.sparse for part in self._parts)

    def candidates(self, first: int, last: int) -> Iterable[int]:
        """The first part's candidate dates, none where the parts cannot all be open."""
        low = (first - _EPOCH_ORDINAL - _DATES_AFTER) * MICROS_PER_DAY
        high = (last - _EPOCH_ORDINAL + _DATES_BEFORE + 1) * MICROS_PER_DAY
        if not _meets_span(self.reach, low, high):
            return ()
        return self._first.candidates(first, last)

    def owned(
        self, ordinal: int, low: int | None = None, high: int | None = None
    ) -> list[Interval]:
        """The first part's intervals of the date, clipped to every other part."""
        own = self._first.owned(ordinal, low, high)
        for part in self._parts[1:]:
            if not own:
                return []
            own = clip_intervals(own, list(part.intervals(own[0][0], own[-1][1])))
        return own

    def compile_year(self, year: int) -> YearTable:
        """The intersection of the parts' tables of the year (none compiled if one is empty)."""
        low, high = _check_year(year)
        if not _meets_span(self.reach, low, high):
            return EMPTY_TABLE
        intervals: list[Interval] | None = None
        for part in self._by_cost:
            table = part.year_table(year)
            own = list(zip(table.starts, table.ends, strict=True))
            intervals = own if intervals is None else clip_intervals(intervals, own)
            if not intervals:
                return EMPTY_TABLE
        return YearTable.from_intervals(intervals or [])

    def open_before_range(self) -> bool:
        """Whether every part is open just before 1900-01-01T00:00Z."""
        return all(part.open_before_range() for part in self._parts)


# What a Timetable compiles with: a plain calendar's compiler or an intersection's.
Compiler = ScheduleCompiler | IntersectionCompiler
