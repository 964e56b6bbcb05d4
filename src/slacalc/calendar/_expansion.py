"""Expanding a parsed recurrence rule over one year, as dateutil reads RFC 5545.

Only the periods (years, months, weeks, days) that overlap the asked year
are visited, so a year costs at most one pass over its days whatever the
rule's DTSTART, even when the rule never matches.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from slacalc._instants import LAST_YEAR

__all__ = ["Rule", "occurrences"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One RRULE (or EXRULE) with dateutil's defaults from DTSTART filled in."""

    frequency: str
    interval: int
    count: int | None
    until: datetime | None
    week_start: int
    months: frozenset[int]
    week_numbers: frozenset[int]
    year_days: frozenset[int]
    month_days: frozenset[int]
    weekdays: frozenset[int]
    nth_weekdays: frozenset[tuple[int, int]]
    set_positions: tuple[int, ...]

    def matches(self, day: date, nth: frozenset[int], weeks: frozenset[int]) -> bool:
        """Whether ``day`` passes every BYxxx filter (``nth``/``weeks``: ordinals of the period)."""
        ordinal = day.toordinal()
        return (
            (not self.months or day.month in self.months)
            and (not self.week_numbers or ordinal in weeks)
            and (not self.weekdays or day.weekday() in self.weekdays)
            and (not self.nth_weekdays or ordinal in nth)
            and (not self.month_days or self._in_month_days(day))
            and (not self.year_days or self._in_year_days(day, ordinal))
        )

    def _in_month_days(self, day: date) -> bool:
        length = calendar.monthrange(day.year, day.month)[1]
        return day.day in self.month_days or day.day - length - 1 in self.month_days

    def _in_year_days(self, day: date, ordinal: int) -> bool:
        index = ordinal - date(day.year, 1, 1).toordinal()
        length = 366 if calendar.isleap(day.year) else 365
        return index + 1 in self.year_days or index - length in self.year_days


def occurrences(rule: Rule, start: datetime, year: int) -> list[datetime]:
    """The rule's moments in ``year``, after DTSTART, UNTIL and COUNT."""
    moments = _uncounted(rule, start, year)
    if rule.count is None or not moments:
        return moments
    counted = _counted_years(rule, start)
    if year - start.year < len(counted):
        before = counted[year - start.year]
    elif counted[-1] >= rule.count:
        return []
    else:  # past the supported years (never asked by the calendar): count on
        before = counted[-1]
        for later in range(start.year + len(counted) - 1, year):
            before += len(_uncounted(rule, start, later))
    return moments[: max(0, rule.count - before)]


@functools.lru_cache(maxsize=64)
def _counted_years(rule: Rule, start: datetime) -> tuple[int, ...]:
    """How many moments come before each year from DTSTART's, up to COUNT.

    DTSTART lies in the supported years, so this is at most one pass over them.
    """
    assert rule.count is not None
    totals = [0]
    for year in range(start.year, LAST_YEAR + 2):
        if totals[-1] >= rule.count:
            break
        totals.append(totals[-1] + len(_uncounted(rule, start, year)))
    return tuple(totals)


def _uncounted(rule: Rule, start: datetime, year: int) -> list[datetime]:
    """The rule's moments in ``year`` at or after ``start`` and not after UNTIL, sorted."""
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    start_day = start.date().toordinal()
    if start_day > last or (rule.until is not None and rule.until.year < year):
        return []
    clock = start.time()
    days: set[int] = set()
    for candidates, nth, weeks in _periods(rule, start.date(), year):
        chosen = [day for day in candidates if rule.matches(day, nth, weeks)]
        if rule.set_positions:
            chosen = _select(chosen, rule.set_positions)
        days.update(
            ordinal
            for ordinal in (day.toordinal() for day in chosen)
            if first <= ordinal <= last and ordinal >= start_day
        )
    moments = [datetime.combine(date.fromordinal(day), clock) for day in sorted(days)]
    if rule.until is not None:
        moments = [moment for moment in moments if moment <= rule.until]
    return moments


def _select(chosen: list[date], positions: tuple[int, ...]) -> list[date]:
    picked = {
        chosen[position - 1 if position > 0 else position]
        for position in positions
        if -len(chosen) <= position <= len(chosen)
    }
    return sorted(picked)


_NOTHING: Final[frozenset[int]] = frozenset()
_Period = tuple[list[date], frozenset[int], frozenset[int]]


def _periods(rule: Rule, start: date, year: int) -> list[_Period]:
    """The periods of the rule's frequency that touch ``year`` and are in step with DTSTART."""
    first = date(year, 1, 1).toordinal()
    last = date(year, 12, 31).toordinal()
    periods: list[_Period] = []
    if rule.frequency == "YEARLY":
        if year >= start.year and (year - start.year) % rule.interval == 0:
            weeks = _week_number_days(rule, year) if rule.week_numbers else _NOTHING
            periods.append((_days(first, last), _nth_days(rule, year, None), weeks))
    elif rule.frequency == "MONTHLY":
        for month in range(1, 13):
            step = (year - start.year) * 12 + month - start.month
            if step >= 0 and step % rule.interval == 0:
                low = date(year, month, 1).toordinal()
                high = low + calendar.monthrange(year, month)[1] - 1
                periods.append((_days(low, high), _nth_days(rule, year, month), _NOTHING))
    elif rule.frequency == "WEEKLY":
        # The first period runs from DTSTART to the next week start, then every n-th week.
        week_zero = start.toordinal() - (start.weekday() - rule.week_start) % 7
        span = 7 * rule.interval
        for step in range(
            max(0, -(-(first - 6 - week_zero) // span)), (last - week_zero) // span + 1
        ):
            low = week_zero + step * span
            periods.append((_days(max(low, start.toordinal()), low + 6), _NOTHING, _NOTHING))
    else:
        origin = start.toordinal()
        offset = (origin - first) % rule.interval
        periods.extend(
            ([date.fromordinal(day)], _NOTHING, _NOTHING)
            for day in range(max(first + offset, origin), last + 1, rule.interval)
        )
    return periods


def _days(low: int, high: int) -> list[date]:
    return [date.fromordinal(day) for day in range(low, high + 1)]


def _nth_days(rule: Rule, year: int, month: int | None) -> frozenset[int]:
    """Ordinals of the numbered weekdays (``1MO``, ``-1FR``) within the year or month."""
    if not rule.nth_weekdays:
        return _NOTHING
    if month is not None:
        months: list[int] | range = [month]
    else:
        months = sorted(rule.months) if rule.months else []
    ranges = [
        (date(year, m, 1).toordinal(), date(year, m, calendar.monthrange(year, m)[1]).toordinal())
        for m in months
    ] or [(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal())]
    found: set[int] = set()
    for low, high in ranges:
        for weekday, nth in rule.nth_weekdays:
            if nth > 0:
                day = low + (nth - 1) * 7
                day += (weekday - date.fromordinal(day).weekday()) % 7
            else:
                day = high + (nth + 1) * 7
                day -= (date.fromordinal(day).weekday() - weekday) % 7
            if low <= day <= high:
                found.add(day)
    return frozenset(found)


def _week_number_days(rule: Rule, year: int) -> frozenset[int]:  # noqa: C901 - dateutil's rules
    """Ordinals of the days in the listed week numbers of ``year`` (weeks start on WKST).

    Week 1 is the first week with at least four days in the year, as in
    RFC 5545; the neighbouring years' week 1 and last week are read as
    dateutil reads them.
    """
    origin = date(year, 1, 1).toordinal()
    length = 366 if calendar.isleap(year) else 365
    first_weekday = date(year, 1, 1).weekday()
    wkst = rule.week_start
    week_one = first_week_start = (7 - first_weekday + wkst) % 7
    if week_one >= 4:
        week_one = 0
        weeks_length = length + (first_weekday - wkst) % 7
    else:
        weeks_length = length - week_one
    whole, rest = divmod(weeks_length, 7)
    number_of_weeks = whole + rest // 4
    marked: set[int] = set()

    def mark(index: int) -> None:
        for _ in range(7):
            marked.add(index)
            index += 1
            if (first_weekday + index) % 7 == wkst:
                break

    def week_index(number: int) -> int:
        index = week_one + (number - 1) * 7
        return index - (7 - first_week_start) if week_one != first_week_start else index

    for listed in rule.week_numbers:
        number = listed + number_of_weeks + 1 if listed < 0 else listed
        if 0 < number <= number_of_weeks:
            mark(week_one if number == 1 else week_index(number))
    if 1 in rule.week_numbers:
        index = week_index(number_of_weeks + 1)
        if index < length:
            mark(index)
    if week_one:
        if -1 in rule.week_numbers:
            previous_weeks = -1
        else:
            previous_weekday = date(year - 1, 1, 1).weekday()
            previous_length = 366 if calendar.isleap(year - 1) else 365
            if (7 - previous_weekday + wkst) % 7 >= 4:
                previous_weeks = 52 + (previous_length + (previous_weekday - wkst) % 7) % 7 // 4
            else:
                previous_weeks = 52 + (length - week_one) % 7 // 4
        if previous_weeks in rule.week_numbers:
            marked.update(range(week_one))
    return frozenset(origin + index for index in marked if 0 <= index < length)
