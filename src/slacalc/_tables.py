"""The interval tables: the one place that knows when a calendar is open.

A calendar's *definition* (weekly hours, holidays, special hours, rules, zone)
is compiled lazily, one UTC year at a time, into a *window*: the sorted,
merged open intervals of that year as integer instants (microseconds since
the epoch) with a running total of open time. Every query is a ``bisect`` in
one or two windows plus a walk over whole-window totals, so its cost does not
grow with the size of a duration. Business days are compiled the same way,
one local year at a time, into a sorted tuple of date ordinals.

Both caches are bounded and filled under a lock; reads take no lock (a dict
lookup is atomic), so a compiled calendar serves many threads at once.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from itertools import takewhile
from typing import Final, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rruleset, rrulestr

from slacalc._errors import CalendarError, OutOfRangeError
from slacalc._holidays import HolidaySource
from slacalc._hours import DayHours, WeekHours
from slacalc._instants import (
    FIRST_YEAR,
    LAST_YEAR,
    US_PER_DAY,
    instant_converter,
    to_microseconds,
)

__all__ = [
    "Definition",
    "Disambiguate",
    "Intersection",
    "Schedule",
    "Timetable",
    "Window",
    "load_zone",
    "parse_rule",
]

Disambiguate = Literal["compatible", "earlier", "later", "raise"]
Interval = tuple[int, int]

_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()
_FIXED_ZONES: Final = {
    "UTC": UTC,
    "Etc/UTC": UTC,
    "GMT": timezone(timedelta(0), "GMT"),
    "Etc/GMT": timezone(timedelta(0), "GMT"),
}
# Instant at which each UTC year starts, for the supported years and one past.
_YEAR_STARTS: Final = tuple(
    (date(year, 1, 1).toordinal() - _EPOCH_ORDINAL) * US_PER_DAY
    for year in range(FIRST_YEAR, LAST_YEAR + 2)
)
# Local dates whose intervals can reach into a UTC year: an interval starts
# within a day of its date, lasts at most a day, and zone offsets (+14h/-12h)
# and daylight-saving shifts (up to a day, Samoa 2011) move it by less than two.
_DATES_BEFORE: Final = 5
_DATES_AFTER: Final = 3
_MAX_WINDOWS: Final = 64
_MAX_YEARS: Final = 256

_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


def load_zone(name: str) -> tzinfo:
    """Return the tzinfo for an IANA name; ``GMT`` and ``UTC`` are fixed UTC+0.

    Raises:
        CalendarError: the name is not a known time zone.
    """
    if name in _FIXED_ZONES:
        return _FIXED_ZONES[name]
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise CalendarError(
            f"unknown time zone {name!r}; use an IANA name such as 'Europe/London' or "
            "'America/New_York', or 'GMT'"
        ) from None


def parse_rule(text: str) -> rrule | rruleset:
    """Parse RFC 5545 recurrence text; without a DTSTART the rule starts 1900-01-01.

    Raises:
        CalendarError: the text is not a recurrence rule or has a zoned DTSTART.
    """
    try:
        rule = rrulestr(text, dtstart=datetime(FIRST_YEAR, 1, 1), forceset=True, cache=True)  # noqa: DTZ001
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise CalendarError(
            f"{text!r} is not an RFC 5545 recurrence rule ({error}); "
            "write e.g. 'FREQ=MONTHLY;BYDAY=1MO'"
        ) from None
    # rrulestr gives a set of rules; a zoned DTSTART would compare local dates to instants.
    rules = getattr(
        rule, "_rrule", ()
    )  # the parsed rules of the set (dateutil keeps no public list)
    if any(item._dtstart.tzinfo is not None for item in rules):  # noqa: SLF001
        raise CalendarError(
            f"the DTSTART of {text!r} has a time zone; give it as a local date such as "
            "DTSTART:20260105 (rules match local dates of the calendar's zone)"
        )
    return rule


@dataclass(frozen=True, slots=True)
class Schedule:
    """The definition of a plain calendar, already parsed and validated."""

    timezone: str
    week: WeekHours
    holidays: HolidaySource | None
    special: tuple[tuple[date, DayHours], ...]
    recurring: tuple[tuple[str, DayHours], ...]
    disambiguate: Disambiguate

    @property
    def can_open(self) -> bool:
        """Whether any rule could ever open the calendar."""
        return (
            any(self.week)
            or any(hours for _, hours in self.special)
            or any(hours for _, hours in self.recurring)
        )


@dataclass(frozen=True, slots=True)
class Intersection:
    """Open when both calendars are open; in the zone and dates of ``left``."""

    left: Definition
    right: Definition

    @property
    def can_open(self) -> bool:
        """Whether both sides could ever open."""
        return self.left.can_open and self.right.can_open

    @property
    def timezone(self) -> str:
        """The zone of the left calendar."""
        return self.left.timezone


Definition = Schedule | Intersection


@dataclass(frozen=True, slots=True)
class Window:
    """One UTC year's merged open intervals and running totals.

    ``cum_end[i]`` is the open time in the window up to ``ends[i]``;
    ``cum_start[i]`` up to ``starts[i]``.
    """

    start: int
    stop: int
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    cum_start: tuple[int, ...]
    cum_end: tuple[int, ...]
    total: int

    def open_before(self, instant: int) -> int:
        """Open time in ``[self.start, instant)`` for an instant inside the window."""
        i = bisect_right(self.starts, instant) - 1
        if i < 0:
            return 0
        return self.cum_end[i] - max(0, self.ends[i] - instant)


_YEAR_BEFORE_FIRST: Final = FIRST_YEAR - 1


def _window_of(instant: int) -> int:
    """The UTC year whose window holds ``instant``."""
    return bisect_right(_YEAR_STARTS, instant) + _YEAR_BEFORE_FIRST


def _merge(intervals: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _join_touching(raw: Iterator[Interval], *, backward: bool) -> Iterator[Interval]:
    """Join intervals that touch, as at the boundary of two windows, walking either way."""
    pending: Interval | None = None
    for start, end in raw:
        if pending is not None and (end == pending[0] if backward else start == pending[1]):
            pending = (start, pending[1]) if backward else (pending[0], end)
            continue
        if pending is not None:
            yield pending
        pending = (start, end)
    if pending is not None:
        yield pending


class _BoundedCache(dict[_Key, _Value]):
    """A dict filled under a lock and trimmed oldest-first beyond ``limit`` entries."""

    def __init__(self, lock: threading.RLock, limit: int) -> None:
        super().__init__()
        self._lock = lock
        self._limit = limit

    def fetch(self, key: _Key, build: Callable[[_Key], _Value]) -> _Value:
        value = self.get(key)
        if value is not None:
            return value
        with self._lock:
            value = self.get(key)
            if value is None:
                value = build(key)
                if len(self) >= self._limit:
                    del self[next(iter(self))]
                self[key] = value
            return value


class Timetable:
    """The compiled, cached form of a definition; all arguments are instants or ordinals."""

    __slots__ = (
        "_business_years",
        "_can_open",
        "_holiday_years",
        "_left",
        "_right",
        "_rule_years",
        "_rules",
        "_special",
        "_windows",
        "definition",
        "to_datetime",
        "zone",
    )

    def __init__(self, definition: Definition) -> None:
        self.definition = definition
        self.zone = load_zone(definition.timezone)
        self.to_datetime = instant_converter(self.zone)
        lock = threading.RLock()
        self._windows: _BoundedCache[int, Window] = _BoundedCache(lock, _MAX_WINDOWS)
        self._business_years: _BoundedCache[int, tuple[int, ...]] = _BoundedCache(lock, _MAX_YEARS)
        self._holiday_years: _BoundedCache[int, frozenset[date]] = _BoundedCache(lock, _MAX_YEARS)
        self._rule_years: _BoundedCache[tuple[int, int], frozenset[date]] = _BoundedCache(
            lock, _MAX_YEARS
        )
        if isinstance(definition, Intersection):
            self._left: Timetable | None = Timetable(definition.left)
            self._right: Timetable | None = Timetable(definition.right)
            self._rules: tuple[rrule | rruleset, ...] = ()
            self._special: dict[date, DayHours] = {}
        else:
            self._left = self._right = None
            self._rules = tuple(parse_rule(text) for text, _ in definition.recurring)
            self._special = dict(definition.special)
        self._can_open = definition.can_open

    # -- compiling ---------------------------------------------------------

    def _holidays_in(self, year: int) -> frozenset[date]:
        source = self.definition.holidays  # type: ignore[union-attr]
        return source.dates_in_year(year) if source is not None else frozenset()

    def _rule_dates(self, key: tuple[int, int]) -> frozenset[date]:
        index, year = key
        # Rules match naive local dates, so naive bounds are the right ones here.
        after = datetime(year, 1, 1) - timedelta(microseconds=1)  # noqa: DTZ001
        before = datetime(year + 1, 1, 1)  # noqa: DTZ001
        return frozenset(moment.date() for moment in self._rules[index].between(after, before))

    def _rule_hours(self, day: date) -> tuple[DayHours, bool]:
        """A date's hours before holidays, and whether they are special hours."""
        special = self._special.get(day)
        if special is not None:
            return special, True
        recurring = self.definition.recurring  # type: ignore[union-attr]
        for index, (_, hours) in enumerate(recurring):
            if day in self._rule_years.fetch((index, day.year), self._rule_dates):
                return hours, False
        return self.definition.week[day.weekday()], False  # type: ignore[union-attr]

    def to_instant(self, ordinal: int, micros: int) -> int:
        """Convert a local wall time (date ordinal, microseconds after midnight) to an instant."""
        wall = (ordinal - _EPOCH_ORDINAL) * US_PER_DAY + micros
        zone = self.zone
        if isinstance(zone, timezone):
            return wall
        local = datetime.fromordinal(ordinal) + timedelta(microseconds=micros)
        first = wall - to_microseconds(local.replace(tzinfo=zone).utcoffset())  # type: ignore[arg-type]
        second = wall - to_microseconds(local.replace(tzinfo=zone, fold=1).utcoffset())  # type: ignore[arg-type]
        if first == second:
            return first
        mode = self.definition.disambiguate  # type: ignore[union-attr]
        if mode == "raise":
            kind = "does not exist (clocks go forward)" if first > second else "happens twice"
            raise CalendarError(
                f"the opening-hours edge {local} {kind} in {self.definition.timezone}; "
                "choose disambiguate='compatible', 'earlier' or 'later', or move the hours"
            )
        # In a fold the fold=0 reading is the earlier instant; in a gap it is the later one.
        if mode == "compatible":
            return first
        return min(first, second) if mode == "earlier" else max(first, second)

    def owned(  # noqa: PLR0911 - each early return is one reason a date has no hours
        self, ordinal: int, low: int | None = None, high: int | None = None
    ) -> list[Interval]:
        """The open intervals a local date owns, as instants, optionally only within [low, high)."""
        if self._left is not None:
            return self._owned_by_both(ordinal, low, high)
        day = date.fromordinal(ordinal)
        hours, special = self._rule_hours(day)
        if not hours:
            return []
        # Holidays are read as late as possible, so a year is only read when its
        # dates matter; but "raise" must know first whether the hours are in use.
        strict = self.definition.disambiguate == "raise"  # type: ignore[union-attr]
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
        return _merge(intervals)

    def _owned_by_both(self, ordinal: int, low: int | None, high: int | None) -> list[Interval]:
        """An intersection's date owns its left side's intervals, clipped to the right side."""
        assert self._left is not None
        assert self._right is not None
        own = self._left.owned(ordinal, low, high)
        if not own:
            return []
        other = list(self._right.intervals(own[0][0], own[-1][1]))
        return [
            (max(start, other_start), min(end, other_end))
            for start, end in own
            for other_start, other_end in other
            if other_start < end and start < other_end
        ]

    def _is_holiday(self, day: date) -> bool:
        return self.definition.holidays is not None and (  # type: ignore[union-attr]
            day in self._holiday_years.fetch(day.year, self._holidays_in)
        )

    def _build_window(self, year: int) -> Window:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise OutOfRangeError(
                f"the calculation needs open time in {year}, outside the supported years "
                f"{FIRST_YEAR}-{LAST_YEAR}"
            )
        low, high = _YEAR_STARTS[year - FIRST_YEAR], _YEAR_STARTS[year - FIRST_YEAR + 1]
        first = date(year, 1, 1).toordinal() - _DATES_BEFORE
        last = date(year, 12, 31).toordinal() + _DATES_AFTER
        raw = [
            interval
            for ordinal in range(first, last + 1)
            for interval in self.owned(ordinal, low, high)
        ]
        clipped = [
            (max(start, low), min(end, high))
            for start, end in _merge(raw)
            if start < high and low < end
        ]
        starts = tuple(start for start, _ in clipped)
        ends = tuple(end for _, end in clipped)
        cum_end: list[int] = []
        total = 0
        for start, end in clipped:
            total += end - start
            cum_end.append(total)
        cum_start = tuple(
            cum - (end - start) for cum, (start, end) in zip(cum_end, clipped, strict=True)
        )
        return Window(low, high, starts, ends, cum_start, tuple(cum_end), total)

    def window(self, year: int) -> Window:
        """The compiled window of a UTC year (built on first use)."""
        return self._windows.fetch(year, self._build_window)

    def _build_business_year(self, year: int) -> tuple[int, ...]:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise OutOfRangeError(
                f"the calculation needs business days in {year}, outside the supported years "
                f"{FIRST_YEAR}-{LAST_YEAR}"
            )
        first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        return tuple(ordinal for ordinal in range(first, last + 1) if self.owned(ordinal))

    def business_year(self, year: int) -> tuple[int, ...]:
        """The ordinals of a local year's business days, sorted."""
        return self._business_years.fetch(year, self._build_business_year)

    # -- time queries -------------------------------------------------------

    def _require_open_time(self) -> None:
        if not self._can_open:
            raise CalendarError(
                "this calendar is never open (no weekly hours, special hours or rule with "
                "hours), so there is no open time to find; give it opening hours"
            )

    def is_open(self, instant: int) -> bool:
        """Whether the calendar is open at ``instant``."""
        year = bisect_right(_YEAR_STARTS, instant) + _YEAR_BEFORE_FIRST
        window = self._windows.get(year) or self.window(year)
        i = bisect_right(window.starts, instant) - 1
        return i >= 0 and instant < window.ends[i]

    def elapsed(self, start: int, end: int) -> int:
        """Open time in ``[start, end)``; zero when ``end <= start``."""
        if end <= start:
            return 0
        first = bisect_right(_YEAR_STARTS, start) + _YEAR_BEFORE_FIRST
        last = bisect_right(_YEAR_STARTS, end) + _YEAR_BEFORE_FIRST
        window = self._windows.get(first) or self.window(first)
        if first == last:
            return window.open_before(end) - window.open_before(start)
        total = window.total - window.open_before(start)
        for year in range(first + 1, last):
            total += self.window(year).total
        return total + self.window(last).open_before(end)

    def add(self, start: int, duration: int) -> int:
        """The earliest instant ``t >= start`` with ``elapsed(start, t) == duration``."""
        if duration == 0:
            return start
        if not self._can_open:
            self._require_open_time()
        year = bisect_right(_YEAR_STARTS, start) + _YEAR_BEFORE_FIRST
        window = self._windows.get(year) or self.window(year)
        # The target is counted in open time from the start of the window.
        i = bisect_right(window.starts, start) - 1
        target = duration
        if i >= 0:
            close = window.ends[i]
            target += window.cum_end[i] - (close - start if close > start else 0)
        while target > window.total:
            target -= window.total
            year += 1
            window = self.window(year)
        i = bisect_left(window.cum_end, target)
        return window.ends[i] - (window.cum_end[i] - target)

    def subtract(self, end: int, duration: int) -> int:
        """The latest instant ``t <= end`` with ``elapsed(t, end) == duration``."""
        if duration == 0:
            return end
        self._require_open_time()
        year = _window_of(end)
        window = self.window(year)
        target = window.open_before(end) - duration
        while target < 0:
            year -= 1
            window = self.window(year)
            target += window.total
        i = bisect_right(window.cum_start, target) - 1
        return window.starts[i] + (target - window.cum_start[i])

    def _raw_forward(self, instant: int) -> Iterator[Interval]:
        year = _window_of(instant)
        window = self.window(year)
        i = max(bisect_right(window.ends, instant), 0)
        while True:
            for j in range(i, len(window.starts)):
                yield window.starts[j], window.ends[j]
            year += 1
            if year > LAST_YEAR:
                return
            window, i = self.window(year), 0

    def _raw_backward(self, instant: int) -> Iterator[Interval]:
        year = _window_of(instant)
        window = self.window(year)
        i = bisect_right(window.starts, instant) - 1
        while True:
            for j in range(i, -1, -1):
                yield window.starts[j], window.ends[j]
            year -= 1
            if year < FIRST_YEAR:
                return
            window = self.window(year)
            i = len(window.starts) - 1

    def intervals(self, instant: int, stop: int | None = None) -> Iterator[Interval]:
        """Merged open intervals ending after ``instant``, in order (until ``stop``)."""
        raw = self._raw_forward(instant)
        if stop is not None:
            raw = takewhile(lambda interval: interval[0] < stop, raw)
        return _join_touching(raw, backward=False)

    def intervals_backward(self, instant: int) -> Iterator[Interval]:
        """Merged open intervals starting at or before ``instant``, latest first."""
        return _join_touching(self._raw_backward(instant), backward=True)

    def _first(self, found: Iterator[Interval], what: str) -> Interval:
        self._require_open_time()
        for interval in found:
            return interval
        raise OutOfRangeError(
            f"no {what} within the supported years {FIRST_YEAR}-{LAST_YEAR}; "
            "check the calendar's hours and holidays"
        )

    def next_open(self, instant: int) -> int:
        """The earliest instant ``>= instant`` at which the calendar is open."""
        window = self.window(_window_of(instant))
        i = bisect_right(window.starts, instant) - 1
        if i >= 0 and instant < window.ends[i]:
            return instant
        return max(self._first(self.intervals(instant), "opening time")[0], instant)

    def next_close(self, instant: int) -> int:
        """The earliest closing instant ``> instant``."""
        close = self._first(self.intervals(instant), "closing time")[1]
        if close == _YEAR_STARTS[-1]:
            raise OutOfRangeError(
                f"the calendar does not close again before the end of {LAST_YEAR}, "
                "the end of the supported years"
            )
        return close

    def previous_open(self, instant: int) -> int:
        """The latest opening instant ``<= instant``."""
        opening = self._first(self.intervals_backward(instant), "earlier opening time")[0]
        if opening == _YEAR_STARTS[0]:
            raise OutOfRangeError(
                f"the calendar has been open since before {FIRST_YEAR}, "
                "the start of the supported years"
            )
        return opening

    def previous_close(self, instant: int) -> int:
        """The latest closing instant ``<= instant``."""
        closes = (end for _, end in self.intervals_backward(instant) if end <= instant)
        return self._first(((end, end) for end in closes), "earlier closing time")[0]

    # -- business days -------------------------------------------------------

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
        """Business days in ``[first, last)``, or minus those in ``(last, first]``."""
        if last < first:
            # Counting backwards, as numpy's busday_count does: the days in (last, first].
            return -self.business_days_between(last + 1, first + 1)
        start_year, end_year = date.fromordinal(first).year, date.fromordinal(last).year
        count = -bisect_left(self.business_year(start_year), first)
        for year in range(start_year, end_year):
            count += len(self.business_year(year))
        return count + bisect_left(self.business_year(end_year), last)
