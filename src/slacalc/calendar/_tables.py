"""The interval tables: bounded caches of compiled years, and the queries over them.

A ``Timetable`` holds one compiler and caches what it compiles: one
``YearTable`` per UTC year and one sorted tuple of business-day ordinals per
local year. Every query is a ``bisect`` in one or two year tables plus a walk
over whole-year totals, so its cost does not grow with the size of a
duration. All arguments and results are instants or date ordinals.

Caches are filled under a lock and read without one, so a compiled calendar
serves many threads at once. The year cache holds every supported year, so
alternating between distant years never rebuilds a table.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, Final

from slacalc._instants import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_INSTANT,
    MIN_INSTANT,
    Interval,
    instant_converter,
)
from slacalc.calendar._cache import BoundedCache
from slacalc.calendar._compiler import (
    YEAR_STARTS,
    Compiler,
    IntersectionCompiler,
    ScheduleCompiler,
    YearTable,
    year_of,
)
from slacalc.calendar._definition import Definition, Intersection
from slacalc.calendar._reach import Reach, never_open_error
from slacalc.errors import OutOfRangeError

__all__ = ["Timetable"]

_MAX_YEARS: Final = LAST_YEAR - FIRST_YEAR + 2
_FLAT_RANGES: Final = 8
_YEAR_EDGES: Final = frozenset(YEAR_STARTS)
_RANGE = f"the supported years {FIRST_YEAR}-{LAST_YEAR}"


def _join_touching(raw: Iterator[Interval], *, backward: bool) -> Iterator[Interval]:
    """Join intervals that touch at the boundary of two years, walking either way.

    A year's table is merged already, so an interval can only touch the next
    one at a year's edge: any other interval is yielded without looking ahead
    (which could walk on for years).
    """
    pending: Interval | None = None
    for start, end in raw:
        if pending is None:
            pending = (start, end)
        elif end == pending[0] if backward else start == pending[1]:
            pending = (start, pending[1]) if backward else (pending[0], end)
        else:
            yield pending
            pending = (start, end)
        if (pending[0] if backward else pending[1]) not in _YEAR_EDGES:
            yield pending
            pending = None
    if pending is not None:
        yield pending


def _check_day(ordinal: int, what: str) -> None:
    if not FIRST_YEAR <= date.fromordinal(ordinal).year <= LAST_YEAR:
        raise OutOfRangeError(
            f"{what} {date.fromordinal(ordinal)} is outside {_RANGE}; pass a date inside them"
        )


class Timetable:
    """The compiled, cached form of a definition, and every query on it."""

    __slots__ = (
        "_business_years",
        "_flat_tables",
        "_reach",
        "_years",
        "compiler",
        "definition",
        "to_datetime",
        "zone",
    )

    def __init__(self, definition: Definition) -> None:
        self.definition = definition
        self.compiler: Compiler
        if isinstance(definition, Intersection):
            parts = tuple(Timetable(part) for part in definition.parts)
            first = parts[0].compiler
            assert isinstance(first, ScheduleCompiler)
            self.compiler = IntersectionCompiler(definition, first, parts)
            self.zone = first.zone
        else:
            schedule = ScheduleCompiler(definition)
            self.compiler = schedule
            self.zone = schedule.zone
        self.to_datetime = instant_converter(self.zone)
        lock = threading.RLock()
        self._years: BoundedCache[int, YearTable] = BoundedCache(lock, _MAX_YEARS)
        self._business_years: BoundedCache[int, tuple[int, ...]] = BoundedCache(lock, _MAX_YEARS)
        # The year tables joined for the vectorized queries, per year range (few are in use).
        self._flat_tables: BoundedCache[tuple[int, int], Any] = BoundedCache(lock, _FLAT_RANGES)
        self._reach: Reach | None = None

    @property
    def reach(self) -> Reach:
        """What the definition can reach: whether it opens, where, whether it closes."""
        reach = self._reach
        if reach is None:
            reach = self._reach = self.compiler.reach
        return reach

    @property
    def can_open(self) -> bool:
        """Whether the definition could ever be open (False only when certainly never)."""
        return self.reach.can_open

    @property
    def sparse(self) -> bool:
        """Whether only special dates can open it."""
        return self.compiler.sparse

    def open_before_range(self) -> bool:
        """Whether it is open just before 1900-01-01T00:00Z."""
        return self.compiler.open_before_range()

    # -- compiled tables -----------------------------------------------------

    def year_table(self, year: int) -> YearTable:
        """The compiled table of a UTC year (built on first use)."""
        return self._years.fetch(year, self.compiler.compile_year)

    def flat_table(self, first: int, last: int, build: Callable[[Timetable, int, int], Any]) -> Any:
        """The year tables of ``first``..``last`` joined by ``build`` (built on first use)."""
        return self._flat_tables.fetch((first, last), lambda key: build(self, *key))

    def owned(self, ordinal: int) -> list[Interval]:
        """The open intervals a local date owns.

        Raises:
            OutOfRangeError: the date is outside the supported years.
        """
        _check_day(ordinal, "the date")
        return self.compiler.owned(ordinal)

    def _build_business_year(self, year: int) -> tuple[int, ...]:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise OutOfRangeError(
                f"the calculation needs business days in {year}, outside {_RANGE}"
            )
        if not self.can_open:
            return ()
        first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        owned = self.compiler.owned
        return tuple(ordinal for ordinal in self.compiler.candidates(first, last) if owned(ordinal))

    def business_year(self, year: int) -> tuple[int, ...]:
        """The ordinals of a local year's business days, sorted."""
        return self._business_years.fetch(year, self._build_business_year)

    # -- errors ------------------------------------------------------------------

    def _require_open_time(self) -> None:
        if not self.can_open:
            raise never_open_error(self.definition)

    @staticmethod
    def _no_time_after() -> OutOfRangeError:
        return OutOfRangeError(
            f"the calculation needs open time in {LAST_YEAR + 1}, outside {_RANGE}"
        )

    @staticmethod
    def _no_time_before() -> OutOfRangeError:
        return OutOfRangeError(
            f"the calculation needs open time in {FIRST_YEAR - 1}, outside {_RANGE}"
        )

    # -- time queries ----------------------------------------------------------

    def is_open(self, instant: int) -> bool:
        """Whether the calendar is open at ``instant``."""
        year = bisect_right(YEAR_STARTS, instant) + FIRST_YEAR - 1
        table = self._years.get(year) or self.year_table(year)
        i = bisect_right(table.starts, instant) - 1
        return i >= 0 and instant < table.ends[i]

    def elapsed(self, start: int, end: int) -> int:
        """Open time in ``[start, end)``; zero when ``end <= start``."""
        if end <= start:
            return 0
        first = bisect_right(YEAR_STARTS, start) + FIRST_YEAR - 1
        last = bisect_right(YEAR_STARTS, end) + FIRST_YEAR - 1
        table = self._years.get(first) or self.year_table(first)
        if first == last:
            return table.open_before(end) - table.open_before(start)
        total = table.total - table.open_before(start)
        for year in range(first + 1, last):
            total += self.year_table(year).total
        return total + self.year_table(last).open_before(end)

    def add(self, start: int, duration: int) -> int:
        """The earliest instant ``t >= start`` with ``elapsed(start, t) == duration``."""
        if duration == 0:
            return start
        year = bisect_right(YEAR_STARTS, start) + FIRST_YEAR - 1
        table = self._years.get(year) or self.year_table(year)
        # The target is counted in open time from the start of the year.
        i = bisect_right(table.starts, start) - 1
        target = duration
        if i >= 0:
            close = table.ends[i]
            target += table.cum_end[i] - (close - start if close > start else 0)
        if target > table.total:
            self._require_open_time()
            last_year = year_of(self.reach.high - 1)  # no open time after this year
            while target > table.total:
                target -= table.total
                year += 1
                if year > last_year:
                    raise self._no_time_after()
                table = self.year_table(year)
        i = bisect_left(table.cum_end, target)
        result = table.ends[i] - (table.cum_end[i] - target)
        if result >= MAX_INSTANT:
            raise self._no_time_after()
        return result

    def subtract(self, end: int, duration: int) -> int:
        """The latest instant ``t <= end`` with ``elapsed(t, end) == duration``."""
        if duration == 0:
            return end
        year = year_of(end)
        table = self.year_table(year)
        target = table.open_before(end) - duration
        if target < 0:
            self._require_open_time()
            first_year = year_of(self.reach.low)  # no open time before this year
            while target < 0:
                year -= 1
                if year < first_year:
                    raise self._no_time_before()
                table = self.year_table(year)
                target += table.total
        i = bisect_right(table.cum_start, target) - 1
        return table.starts[i] + (target - table.cum_start[i])

    def _raw_forward(self, instant: int, limit: int) -> Iterator[Interval]:
        year = year_of(instant)
        table = self.year_table(year)
        i = bisect_right(table.ends, instant)
        while True:
            starts, ends = table.starts, table.ends
            for j in range(i, len(starts)):
                if starts[j] >= limit:
                    return
                yield starts[j], ends[j]
            year += 1
            if year > LAST_YEAR or YEAR_STARTS[year - FIRST_YEAR] >= limit:
                return
            table, i = self.year_table(year), 0

    def _raw_backward(self, instant: int, limit: int) -> Iterator[Interval]:
        year = year_of(instant)
        table = self.year_table(year)
        i = bisect_right(table.starts, instant) - 1
        while True:
            starts, ends = table.starts, table.ends
            for j in range(i, -1, -1):
                yield starts[j], ends[j]
            year -= 1
            if year < FIRST_YEAR or YEAR_STARTS[year - FIRST_YEAR + 1] <= limit:
                return
            table = self.year_table(year)
            i = len(table.starts) - 1

    def intervals(self, instant: int, stop: int | None = None) -> Iterator[Interval]:
        """Merged open intervals ending after ``instant``, in order (starting before ``stop``)."""
        reach = self.reach
        if not reach.can_open or instant >= reach.high:
            return iter(())
        limit = reach.high if stop is None else min(stop, reach.high)
        raw = self._raw_forward(max(instant, reach.low), limit)
        return _join_touching(raw, backward=False)

    def intervals_backward(self, instant: int) -> Iterator[Interval]:
        """Merged open intervals starting at or before ``instant``, latest first."""
        reach = self.reach
        if not reach.can_open or instant < reach.low:
            return iter(())
        raw = self._raw_backward(min(instant, reach.high - 1), reach.low)
        return _join_touching(raw, backward=True)

    def _first(self, found: Iterator[Interval], what: str) -> Interval:
        for interval in found:
            return interval
        self._require_open_time()
        raise OutOfRangeError(f"no {what} within {_RANGE}; check the calendar's hours and holidays")

    def next_open(self, instant: int) -> int:
        """The earliest instant ``>= instant`` at which the calendar is open."""
        table = self.year_table(year_of(instant))
        i = bisect_right(table.starts, instant) - 1
        if i >= 0 and instant < table.ends[i]:
            return instant
        return max(self._first(self.intervals(instant), "opening time")[0], instant)

    def next_close(self, instant: int) -> int:
        """The earliest closing instant ``> instant``."""
        if self.reach.always_open:
            close = MAX_INSTANT
        else:
            close = self._first(self.intervals(instant), "closing time")[1]
        if close >= MAX_INSTANT:
            raise OutOfRangeError(
                f"the calendar does not close again before the end of {LAST_YEAR}, "
                "the end of the supported years"
            )
        return close

    def previous_open(self, instant: int) -> int:
        """The latest opening instant ``<= instant``."""
        if self.reach.always_open:
            opening = MIN_INSTANT
        else:
            opening = self._first(self.intervals_backward(instant), "earlier opening time")[0]
        # An interval starting where the range starts opened there only if closed just before.
        if opening == MIN_INSTANT and (self.reach.always_open or self.open_before_range()):
            raise OutOfRangeError(
                f"the calendar has been open since before {FIRST_YEAR}, "
                "the start of the supported years"
            )
        return opening

    def previous_close(self, instant: int) -> int:
        """The latest closing instant ``<= instant``."""
        if self.reach.always_open:
            return self._first(iter(()), "earlier closing time")[0]
        closes = (end for _, end in self.intervals_backward(instant) if end <= instant)
        return self._first(((end, end) for end in closes), "earlier closing time")[0]

    # -- business days ---------------------------------------------------------

    def is_business_day(self, ordinal: int) -> bool:
        """Whether a local date has open time of its own."""
        days = self.business_year(date.fromordinal(ordinal).year)
        i = bisect_left(days, ordinal)
        return i < len(days) and days[i] == ordinal

    def add_business_days(self, ordinal: int, count: int) -> int:
        """Roll forward to a business day, then move ``count`` business days."""
        self._require_open_time()
        year = date.fromordinal(ordinal).year
        days = self.business_year(year)
        i = bisect_left(days, ordinal)
        while i == len(days):
            year += 1
            days, i = self.business_year(year), 0
        i += count
        while i >= len(days):
            i -= len(days)
            year += 1
            days = self.business_year(year)
        while i < 0:
            year -= 1
            days = self.business_year(year)
            i += len(days)
        return days[i]

    def business_days_between(self, first: int, last: int) -> int:
        """Business days in ``[first, last)``, or minus those in ``(last, first]``.

        Raises:
            OutOfRangeError: either date is outside the supported years.
        """
        _check_day(first, "start")
        _check_day(last, "end")
        if last < first:
            # Counting backwards, as numpy's busday_count does: the days in (last, first].
            return -self._count_business_days(last + 1, first + 1)
        return self._count_business_days(first, last)

    def _count_business_days(self, first: int, last: int) -> int:
        """Business days in ``[first, last)``; ``last`` may be the day after the range."""
        if last <= first:
            return 0
        start_year, end_year = date.fromordinal(first).year, date.fromordinal(last - 1).year
        count = -bisect_left(self.business_year(start_year), first)
        for year in range(start_year, end_year):
            count += len(self.business_year(year))
        return count + bisect_left(self.business_year(end_year), last)
