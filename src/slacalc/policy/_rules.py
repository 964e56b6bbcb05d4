"""Due rules: one small type per way a target becomes a due instant.

``compile_target`` turns a ``Target`` into one of them once, when the policy
is validated; the hot path (``response_due``) is then one method call. The
rules know units and day rules but nothing of tiers, policies or tickets.

- ``BusinessTime``: add an amount of business time on the calendar.
- ``RealTime``: add an amount of real elapsed time, round the clock.
- ``SameClockLater``: the same local clock time a number of dates later.
- ``EndOfBusinessDay``: the close of the nth business day after the first one.
- ``NoTarget``: no time target.

Besides ``due`` and ``measure`` (datetimes), every rule answers the SLA
clock's questions in microsecond instants: ``count`` (the time that counts
in ``[start, end)``), ``advance`` (the earliest instant at which ``amount``
more has counted) and ``allowance`` (the target's time, counted from an
origin).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from slacalc._instants import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_INSTANT,
    MIN_INSTANT,
    WEEKDAY_NAMES,
    from_instant,
    to_instant,
    to_microseconds,
)
from slacalc.errors import OutOfRangeError, SlacalcError
from slacalc.policy._grammar import END_OF_DAY, UNIT_MEANINGS

if TYPE_CHECKING:
    from slacalc.calendar import BusinessCalendar
    from slacalc.calendar._tables import Timetable
    from slacalc.policy._target import Target

__all__ = [
    "BusinessTime",
    "DueRule",
    "EndOfBusinessDay",
    "NoTarget",
    "RealTime",
    "SameClockLater",
    "business_day_of",
    "compile_target",
    "typical_day_lengths",
]

# Eight weeks with no holidays in most countries and no daylight-saving
# change in most zones; each weekday's most common length over them is its
# length in the weekly template (a stray holiday or special day is outvoted).
_REFERENCE_MONDAY = date(2024, 1, 8)
_REFERENCE_WEEKS = 8
# The local dates whose own intervals can contain an instant of local date d:
# an interval starts within a day of its date and lasts at most a day, and a
# daylight-saving edge (read "earlier" or "later") moves it by at most a day,
# so its date is d-2 to d+1. Nearest first: d, then the night shift of d-1,
# then d+1 (its midnight moved back into d), then d-2.
_OWNER_OFFSETS = (0, -1, 1, -2)


def timetable_of(calendar: BusinessCalendar) -> Timetable:
    """The compiled tables behind a calendar, for arithmetic in instants."""
    return calendar._table  # noqa: SLF001  # the engine's own tables, shared, never copied


class _CountsBusinessTime:
    """Rules whose elapsed time is business time on their calendar."""

    __slots__ = ()
    calendar: BusinessCalendar
    counts_business_time = True

    def measure(self, start: datetime, end: datetime) -> timedelta:
        """The business time in ``[start, end)``."""
        return self.calendar.elapsed(start, end)

    def count(self, start: int, end: int) -> int:
        """The business time in ``[start, end)``, in microseconds."""
        return timetable_of(self.calendar).elapsed(start, end)

    def advance(self, start: int, amount: int) -> int:
        """The earliest instant at which ``amount`` of business time has passed since ``start``.

        Raises:
            OutOfRangeError: that instant lies after the supported years.
        """
        return timetable_of(self.calendar).add(start, amount)


class _CountsRealTime:
    """Rules whose elapsed time is real time, round the clock."""

    __slots__ = ()
    calendar: BusinessCalendar
    counts_business_time = False

    def measure(self, start: datetime, end: datetime) -> timedelta:
        """The real time in ``[start, end)``."""
        return _real_time(start, end)

    def count(self, start: int, end: int) -> int:
        """The real time in ``[start, end)``, in microseconds."""
        return end - start if end > start else 0

    def advance(self, start: int, amount: int) -> int:
        """``amount`` of real time after ``start``.

        Raises:
            OutOfRangeError: that instant lies after the supported years.
        """
        end = start + amount
        if end >= MAX_INSTANT:
            later = f"{timedelta(microseconds=amount)} of real time"
            raise _past_the_range(start, self.calendar, later)
        return end


@dataclass(frozen=True, slots=True)
class BusinessTime(_CountsBusinessTime):
    """Due when ``duration`` of business time has passed on ``calendar``."""

    calendar: BusinessCalendar
    duration: timedelta
    micros: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "micros", to_microseconds(self.duration))

    def allowance(self, origin: int) -> int | None:  # noqa: ARG002  # the same from any origin
        """The target's business time, in microseconds."""
        return self.micros

    def due(self, opened_at: datetime | str) -> datetime | None:
        """The due instant of a ticket opened at ``opened_at``.

        Raises:
            OutOfRangeError: the due instant lies after the supported years.
        """
        return self.calendar.add(opened_at, self.duration)


@dataclass(frozen=True, slots=True)
class RealTime(_CountsRealTime):
    """Due ``duration`` of real time after opening, whatever the calendar says."""

    calendar: BusinessCalendar
    duration: timedelta
    micros: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "micros", to_microseconds(self.duration))

    def allowance(self, origin: int) -> int | None:  # noqa: ARG002  # the same from any origin
        """The target's real time, in microseconds."""
        return self.micros

    def due(self, opened_at: datetime | str) -> datetime | None:
        """The due instant, shown in the calendar's zone.

        Raises:
            OutOfRangeError: the due instant lies after the supported years.
        """
        opened = to_instant(opened_at, "opened_at")
        due = opened + to_microseconds(self.duration)
        if not MIN_INSTANT <= due < MAX_INSTANT:
            hours, rest = divmod(self.duration, timedelta(hours=1))
            later = f"{hours} hours" if not rest else str(self.duration)
            raise _past_the_range(opened, self.calendar, later)
        return from_instant(due, self.calendar.zone)


@dataclass(frozen=True, slots=True)
class SameClockLater(_CountsRealTime):
    """Due at the same local clock time ``days`` calendar dates after opening."""

    calendar: BusinessCalendar
    days: int

    def allowance(self, origin: int) -> int | None:
        """The real time from ``origin`` to the same clock time ``days`` dates later."""
        return _same_clock_days_later(origin, self.days, self.calendar) - origin

    def due(self, opened_at: datetime | str) -> datetime | None:
        """The due instant, shown in the calendar's zone.

        Raises:
            OutOfRangeError: the due instant lies after the supported years.
        """
        opened = to_instant(opened_at, "opened_at")
        return from_instant(
            _same_clock_days_later(opened, self.days, self.calendar), self.calendar.zone
        )


@dataclass(frozen=True, slots=True)
class EndOfBusinessDay(_CountsBusinessTime):
    """Due at the close of the ``days``-th business day after the first one."""

    calendar: BusinessCalendar
    days: int

    def allowance(self, origin: int) -> int | None:
        """The business time from ``origin`` to the close of its due business day."""
        due = _end_of_business_day(
            from_instant(origin, self.calendar.zone), self.days, self.calendar
        )
        return self.count(origin, to_instant(due, "due"))

    def due(self, opened_at: datetime | str) -> datetime | None:
        """The due instant, shown in the calendar's zone.

        Raises:
            OutOfRangeError: the due instant lies after the supported years.
        """
        return _end_of_business_day(opened_at, self.days, self.calendar)


@dataclass(frozen=True, slots=True)
class NoTarget(_CountsBusinessTime):
    """No time target; business time is still measured."""

    calendar: BusinessCalendar

    def allowance(self, origin: int) -> int | None:  # noqa: ARG002  # one interface
        """``None``: there is no time to allow."""
        return None

    def due(self, opened_at: datetime | str) -> datetime | None:
        """Always ``None`` (after checking ``opened_at``)."""
        to_instant(opened_at, "opened_at")  # validate even when there is nothing to compute
        return None


DueRule = BusinessTime | RealTime | SameClockLater | EndOfBusinessDay | NoTarget


def compile_target(
    target: Target, calendar: BusinessCalendar, day_length: timedelta | None
) -> DueRule:
    """Return the rule that computes ``target``'s due instants.

    Args:
        target: the target.
        calendar: the policy's calendar (the target's own calendar wins).
        day_length: the policy's business day; ``None`` derives it from
            the target's own calendar.

    Example:
        >>> from datetime import timedelta
        >>> from slacalc.calendar import BusinessCalendar
        >>> from slacalc.policy import Target
        >>> compile_target(Target("2 business days"), BusinessCalendar(), timedelta(hours=9))
        BusinessTime(calendar=..., duration=datetime.timedelta(seconds=64800))
    """
    own = target.calendar or calendar
    amount, unit = target.amount, target.unit
    if amount is None or unit is None:
        return NoTarget(own)
    meaning = UNIT_MEANINGS[unit]
    if meaning.counts == "business_time":
        return BusinessTime(own, amount * meaning.length)
    if meaning.counts == "real_time":
        return RealTime(own, amount * meaning.length)
    if meaning.counts == "calendar_dates":
        return SameClockLater(own, amount)
    if target.day_rule == END_OF_DAY:
        return EndOfBusinessDay(own, amount)
    if target.calendar is not None or day_length is None:
        day_length = business_day_of(own)
    return BusinessTime(own, amount * day_length)


def _real_time(start: datetime, end: datetime) -> timedelta:
    return timedelta(microseconds=max(0, to_instant(end, "end") - to_instant(start, "start")))


def _same_clock_days_later(opened: int, days: int, calendar: BusinessCalendar) -> int:
    """Return the same local wall-clock time ``days`` calendar dates later.

    A wall-clock time that does not exist that day (a spring-forward gap) is
    shifted forward by the gap's length; one that exists twice (an autumn
    fold) is the earlier instant: the ``"compatible"`` reading.
    """
    zone = calendar.zone
    wall = from_instant(opened, zone).replace(tzinfo=None) + timedelta(days=days)
    # fold=0 picks the offset in force before a transition, which is exactly
    # "compatible" for both gaps and folds; the round trip through an
    # instant normalises a gap time to the wall clock after the gap.
    try:
        return to_instant(wall.replace(tzinfo=zone, fold=0), "due")
    except OutOfRangeError:
        raise _past_the_range(opened, calendar, f"{days} calendar days") from None


def _past_the_range(opened: int, calendar: BusinessCalendar, later: str) -> OutOfRangeError:
    return OutOfRangeError(
        f"the due time, {later} after {from_instant(opened, calendar.zone).isoformat()}, "
        f"falls after the supported years {FIRST_YEAR}-{LAST_YEAR}; use a shorter target or an "
        "earlier opening time"
    )


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
    in the after-midnight part of a night shift that started the day before;
    the next date when that date's midnight does not exist and is read
    ``"earlier"`` (its interval then starts late on ``moment``'s date).
    Every date whose intervals can contain ``moment`` is searched.
    """
    today = moment.date()
    at = to_instant(moment, "moment")
    for offset in _OWNER_OFFSETS:
        day = today + timedelta(days=offset)
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            continue
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
    for weekday, name in enumerate(WEEKDAY_NAMES):
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


def business_day_of(calendar: BusinessCalendar) -> timedelta:
    """Return the length of the calendar's business day, if all its open weekdays agree.

    Raises:
        ValueError: the open weekdays differ in length, or none is open
            (inside validation, pydantic reports it at the field's path).

    Example:
        >>> from slacalc.calendar import BusinessCalendar
        >>> business_day_of(BusinessCalendar({"mon-fri": "09:00-17:30"}))
        datetime.timedelta(seconds=30600)
    """
    try:
        lengths = typical_day_lengths(calendar)
    except SlacalcError as error:
        msg = f"cannot work out the length of a business day from the calendar: {error}"
        raise ValueError(msg) from None
    if not lengths:
        msg = "the calendar opens on no weekday, so a business day has no length"
        raise ValueError(msg)
    by_length: dict[timedelta, list[str]] = {}
    for day, length in lengths.items():
        by_length.setdefault(length, []).append(day)
    if len(by_length) > 1:
        listed = "; ".join(f"{length} on {', '.join(days)}" for length, days in by_length.items())
        msg = (
            f"the calendar's weekdays differ in length ({listed}); state business_day_length "
            "(e.g. 'PT9H'), or use business_hours or day_rule 'end_of_day'"
        )
        raise ValueError(msg)
    return next(iter(by_length))
