"""Turning one SLA target into a due instant on a calendar.

This module knows the units and day rules of a target but nothing of tiers,
policies or tickets; ``slacalc.policy`` compiles each target into a
``DueRule`` once, and the hot path (``response_due``) is then one method call.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from slacalc._instants import from_instant, to_instant, to_microseconds

if TYPE_CHECKING:
    from slacalc.calendar import BusinessCalendar

__all__ = ["DueRule", "RuleKind", "typical_day_lengths"]

RuleKind = Literal["business", "end_of_day", "hours", "days", "none"]

# Eight weeks with no holidays in most countries and no daylight-saving
# change in most zones; each weekday's most common length over them is its
# length in the weekly template (a stray holiday or special day is outvoted).
_REFERENCE_MONDAY = date(2024, 1, 8)
_REFERENCE_WEEKS = 8
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class DueRule:
    """One target compiled against its calendar.

    Attributes:
        kind: ``"business"`` (add ``duration`` of business time),
            ``"end_of_day"`` (close of the ``days``-th business day after the
            business day of the next opening), ``"hours"`` (add ``duration``
            of real time), ``"days"`` (same local clock time ``days`` dates
            later) or ``"none"`` (no time target).
        calendar: the calendar business time is counted on, and whose zone
            the results are in.
        duration: the amount of time for ``"business"`` and ``"hours"``.
        days: the number of days for ``"end_of_day"`` and ``"days"``.
    """

    kind: RuleKind
    calendar: BusinessCalendar
    duration: timedelta = timedelta(0)
    days: int = 0

    @property
    def counts_business_time(self) -> bool:
        """Whether elapsed time is business time (else real time)."""
        return self.kind in {"business", "end_of_day", "none"}

    def due(self, opened_at: datetime | str) -> datetime | None:
        """Return the due instant for a ticket opened at ``opened_at``, or ``None``."""
        kind = self.kind
        if kind == "business":
            return self.calendar.add(opened_at, self.duration)
        if kind == "hours":
            opened = to_instant(opened_at, "opened_at")
            return from_instant(opened + to_microseconds(self.duration), self.calendar.zone)
        if kind == "days":
            return _same_clock_days_later(opened_at, self.days, self.calendar)
        if kind == "end_of_day":
            return _end_of_business_day(opened_at, self.days, self.calendar)
        to_instant(opened_at, "opened_at")  # validate even when there is nothing to compute
        return None

    def measure(self, start: datetime, end: datetime) -> timedelta:
        """Return the time counted against this target in ``[start, end)``."""
        if self.counts_business_time:
            return self.calendar.elapsed(start, end)
        return timedelta(microseconds=max(0, to_instant(end, "end") - to_instant(start, "start")))


def _same_clock_days_later(
    opened_at: datetime | str, days: int, calendar: BusinessCalendar
) -> datetime:
    """Return the same local wall-clock time ``days`` calendar dates later.

    A wall-clock time that does not exist that day (a spring-forward gap) is
    shifted forward by the gap's length; one that exists twice (an autumn
    fold) is the earlier instant: the ``"compatible"`` reading.
    """
    zone = calendar.zone
    local = from_instant(to_instant(opened_at, "opened_at"), zone)
    wall = local.replace(tzinfo=None) + timedelta(days=days)
    # fold=0 picks the offset in force before a transition, which is exactly
    # "compatible" for both gaps and folds; the round trip through an
    # instant normalises a gap time to the wall clock after the gap.
    return from_instant(to_instant(wall.replace(tzinfo=zone, fold=0), "due"), zone)


def _end_of_business_day(
    opened_at: datetime | str, days: int, calendar: BusinessCalendar
) -> datetime:
    """Return the last close of the ``days``-th business day after the first one."""
    start = calendar.next_open(opened_at)
    first_day = _business_day_containing(start, calendar)
    due_day = calendar.add_business_days(first_day, days)
    return max((end for _, end in calendar.hours_on(due_day)), key=lambda end: end.astimezone(UTC))


def _business_day_containing(moment: datetime, calendar: BusinessCalendar) -> date:
    """Return the local date whose own interval contains the open instant ``moment``.

    Usually ``moment``'s local date; the previous date when ``moment`` falls
    in the after-midnight part of a night shift that started the day before.
    """
    today = moment.date()
    at = to_instant(moment, "moment")
    for day in (today, today - timedelta(days=1)):
        for start, end in calendar.hours_on(day):
            if to_instant(start, "start") <= at < to_instant(end, "end"):
                return day
    return today


def typical_day_lengths(calendar: BusinessCalendar) -> dict[str, timedelta]:
    """Return the usual open time of each weekday that has any, by weekday name.

    Each weekday's length is its most common length over eight reference
    weeks starting Monday 2024-01-08; weekdays whose usual length is zero
    are left out.

    Example:
        >>> from slacalc.calendar import BusinessCalendar
        >>> lengths = typical_day_lengths(BusinessCalendar({"mon-fri": "09:00-17:30"}))
        >>> sorted(set(lengths.values())), len(lengths)
        ([datetime.timedelta(seconds=30600)], 5)
    """
    lengths: dict[str, timedelta] = {}
    for weekday, name in enumerate(_WEEKDAYS):
        seen: Counter[timedelta] = Counter()
        for week in range(_REFERENCE_WEEKS):
            day = _REFERENCE_MONDAY + timedelta(weeks=week, days=weekday)
            # Differences of instants, not of same-zone datetimes (which ignore DST).
            micros = sum(
                to_instant(end, "end") - to_instant(start, "start")
                for start, end in calendar.hours_on(day)
            )
            seen[timedelta(microseconds=micros)] += 1
        usual = seen.most_common(1)[0][0]
        if usual > timedelta(0):
            lengths[name] = usual
    return lengths
