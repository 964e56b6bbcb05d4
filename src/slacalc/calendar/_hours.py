"""Opening hours: parsing the compact and typed spellings, and writing them back.

A day's hours are a tuple of ``(open, close)`` pairs of microseconds after
local midnight, sorted, with ``0 <= open < 24h`` and ``open < close <= open + 24h``
(a close past 24h is on the next day: a night shift).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import time

from slacalc._frozen import sealed
from slacalc._instants import MICROS_PER_DAY, MICROS_PER_SECOND, WEEKDAY_NAMES, Interval
from slacalc.calendar._intervals import first_overlap, merge_intervals
from slacalc.errors import CalendarError

__all__ = [
    "DayHours",
    "HoursSpec",
    "TimeRange",
    "WeekHours",
    "format_day",
    "format_week",
    "parse_day",
    "parse_week",
]

DayHours = tuple[Interval, ...]
WeekHours = tuple[DayHours, DayHours, DayHours, DayHours, DayHours, DayHours, DayHours]

_KEYS = tuple(name[:3].lower() for name in WEEKDAY_NAMES)
_CLOSED = frozenset({"", "closed"})
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$")


@sealed
@dataclass(frozen=True, slots=True)
class TimeRange:
    """One interval of local wall-clock time, open at ``start``, closed from ``end``.

    An ``end`` at or before ``start`` is on the next day, so
    ``TimeRange(time(22), time(6))`` is a night shift and
    ``TimeRange(time(0), time(0))`` is the whole day.

    Example:
        >>> from datetime import time
        >>> TimeRange(time(9), time(17, 30))
        TimeRange('09:00-17:30')
        >>> TimeRange.parse("22:00-06:00").crosses_midnight
        True
    """

    start: time
    end: time

    def __post_init__(self) -> None:
        for edge in (self.start, self.end):
            if not isinstance(edge, time) or edge.tzinfo is not None:
                raise CalendarError(
                    f"a TimeRange edge must be a naive datetime.time such as time(9, 30), "
                    f"got {edge!r} (opening hours are wall-clock times in the calendar's zone)"
                )

    @classmethod
    def parse(cls, text: str) -> TimeRange:
        """Parse ``"HH:MM-HH:MM"`` (seconds allowed; ``24:00`` as an end).

        Raises:
            CalendarError: ``text`` is not one range (``"closed"`` and lists of
                ranges are day hours, not a ``TimeRange``).

        Example:
            >>> TimeRange.parse("09:00-24:00")
            TimeRange('09:00-24:00')
        """
        if not isinstance(text, str):
            raise CalendarError(
                f"TimeRange.parse takes a string such as '09:00-17:30', got {text!r}"
            )
        intervals = parse_day(text, "TimeRange.parse")
        if len(intervals) != 1 or "," in text:
            raise CalendarError(
                f"TimeRange.parse: {text.strip()!r} is not one range; write e.g. '09:00-17:30' "
                "(a closed day or several ranges are hours of a day, not one TimeRange)"
            )
        ((start, end),) = intervals
        return cls(_to_time(start), _to_time(end % MICROS_PER_DAY))

    @property
    def crosses_midnight(self) -> bool:
        """Whether the interval ends on the next day (``end <= start``)."""
        return self.end <= self.start

    def _interval(self) -> Interval:
        start, end = _micros(self.start), _micros(self.end)
        return (start, end if end > start else end + MICROS_PER_DAY)

    def __repr__(self) -> str:
        return f"TimeRange({format_day((self._interval(),))!r})"


HoursSpec = str | TimeRange | tuple[time, time] | Sequence[str | TimeRange | tuple[time, time]]


def _micros(value: time) -> int:
    seconds = value.hour * 3600 + value.minute * 60 + value.second
    return seconds * MICROS_PER_SECOND + value.microsecond


def _to_time(micros: int) -> time:
    seconds, microsecond = divmod(micros, MICROS_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return time(hour, minute, second, microsecond)


def _parse_clock(text: str, where: str, *, is_end: bool) -> int:
    match = _CLOCK.match(text.strip())
    if match is None:
        raise CalendarError(
            f"{where}: {text.strip()!r} is not a clock time; write HH:MM or HH:MM:SS, e.g. 09:30"
        )
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    micro = int((match[4] or "0").ljust(6, "0"))
    value = ((hour * 60 + minute) * 60 + second) * MICROS_PER_SECOND + micro
    if (
        minute > 59
        or second > 59
        or value > MICROS_PER_DAY
        or (value == MICROS_PER_DAY and not is_end)
    ):
        raise CalendarError(
            f"{where}: {text.strip()!r} is not a valid clock time "
            "(00:00 to 23:59:59, and 24:00 only as a closing time)"
        )
    return value


def _parse_range(item: str | TimeRange | tuple[time, time], where: str) -> Interval:
    if isinstance(item, TimeRange):
        return item._interval()  # noqa: SLF001 - same module
    if isinstance(item, tuple) and len(item) == 2:
        return TimeRange(item[0], item[1])._interval()  # noqa: SLF001
    if not isinstance(item, str):
        raise CalendarError(
            f"{where}: expected 'HH:MM-HH:MM', a TimeRange or a (time, time) pair, got {item!r}"
        )
    parts = item.split("-")
    if len(parts) != 2:
        raise CalendarError(f"{where}: {item.strip()!r} is not a range; write e.g. 09:00-18:00")
    start = _parse_clock(parts[0], where, is_end=False)
    end = _parse_clock(parts[1], where, is_end=True)
    return (start, end if end > start else end + MICROS_PER_DAY)


def parse_day(spec: HoursSpec, where: str = "hours") -> DayHours:
    """Parse one day's hours into sorted, merged intervals.

    Raises:
        CalendarError: malformed text or overlapping intervals, naming ``where``.
    """
    items: Iterable[str | TimeRange | tuple[time, time]]
    if isinstance(spec, str):
        if spec.strip().lower() in _CLOSED:
            return ()
        items = spec.split(",")
    elif isinstance(spec, TimeRange) or (
        isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[0], time)
    ):
        items = (spec,)
    elif isinstance(spec, Sequence):
        items = spec  # type: ignore[assignment]
    else:
        raise CalendarError(
            f"{where}: expected a string such as '09:00-18:00', 'closed', or a list of ranges; "
            f"got {spec!r}"
        )
    intervals = [_parse_range(item, where) for item in items]
    overlap = first_overlap(intervals)
    if overlap is not None:
        first, second = overlap
        raise CalendarError(
            f"{where} overlap: {format_day((first,))} and {format_day((second,))}; "
            "make the intervals disjoint (touching ones are merged)"
        )
    return tuple(merge_intervals(intervals))


def _weekdays_of(key: str | int) -> Iterable[int]:
    if isinstance(key, int) and not isinstance(key, bool):
        if 0 <= key <= 6:
            return (key,)
        raise CalendarError(f"weekday numbers run from 0 (Monday) to 6 (Sunday), got {key}")
    if not isinstance(key, str):
        raise CalendarError(f"a weekday key must be a name such as 'mon' or 0-6, got {key!r}")
    days: list[int] = []
    for part in key.lower().replace(" ", "").split(","):
        if part == "daily":
            days.extend(range(7))
            continue
        names = part.split("-")
        if len(names) > 2 or not all(names):
            raise CalendarError(f"{key!r} is not a weekday, a range such as 'mon-fri', or 'daily'")
        first, last = (_weekday(name, key) for name in (names[0], names[-1]))
        days.extend((first + step) % 7 for step in range((last - first) % 7 + 1))
    return days


def _weekday(name: str, key: str) -> int:
    for number, full in enumerate(WEEKDAY_NAMES):
        if len(name) >= 3 and full.lower().startswith(name):
            return number
    raise CalendarError(
        f"{name!r} in {key!r} is not a weekday; use mon, tue, wed, thu, fri, sat, sun"
    )


def parse_week(hours: Mapping[str | int, HoursSpec]) -> WeekHours:
    """Parse weekly hours keyed by weekday names, ranges or numbers.

    Raises:
        CalendarError: bad keys or hours, a day given twice, or a night shift
            running into the next day's hours.
    """
    if not isinstance(hours, Mapping):
        raise CalendarError(
            "hours must be a mapping such as {'mon-fri': '09:00-18:00'}, "
            f"got {type(hours).__name__}"
        )
    week: list[DayHours | None] = [None] * 7
    for key, spec in hours.items():
        for day in _weekdays_of(key):
            if week[day] is not None:
                raise CalendarError(f"{WEEKDAY_NAMES[day]} is given twice in hours (key {key!r})")
            week[day] = parse_day(spec, f"hours for {WEEKDAY_NAMES[day]}")
    result = tuple(day or () for day in week)
    _check_week_overlaps(result)  # type: ignore[arg-type]
    return result  # type: ignore[return-value]


def _check_week_overlaps(week: WeekHours) -> None:
    # Lay the week on a circle: a Sunday night shift may run into Monday.
    spans = sorted(
        (day * MICROS_PER_DAY + start, day * MICROS_PER_DAY + end, day)
        for day, intervals in enumerate(week)
        for start, end in intervals
    )
    wrapped = [(start + 7 * MICROS_PER_DAY, end, day) for start, end, day in spans[:1]]
    for (start, end, day), (next_start, _, next_day) in zip(
        spans, spans[1:] + wrapped, strict=True
    ):
        if next_start < end:
            own = ((start - day * MICROS_PER_DAY, end - day * MICROS_PER_DAY),)
            raise CalendarError(
                f"hours for {WEEKDAY_NAMES[day]} ({format_day(own)}) run into "
                f"{WEEKDAY_NAMES[next_day]}'s hours; shorten one of them"
            )


def _format_clock(micros: int) -> str:
    text = _to_time(micros % MICROS_PER_DAY).isoformat()
    if (micros and micros % MICROS_PER_DAY == 0) or micros == MICROS_PER_DAY:
        text = "24:00" + text[5:]
    for suffix in (":00.000000", ":00"):
        if text.endswith(suffix) and len(text) - len(suffix) == 5:
            return text[:5]
    return text


def format_day(day: DayHours) -> str:
    """Write a day's intervals in the compact spelling (``"closed"`` when empty)."""
    if not day:
        return "closed"
    return ", ".join(f"{_format_clock(start)}-{_format_clock(end)}" for start, end in day)


def format_week(week: WeekHours) -> dict[str, str]:
    """Write weekly hours compactly, grouping consecutive equal weekdays (``mon-fri``)."""
    result: dict[str, str] = {}
    day = 0
    while day < 7:
        last = day
        while last + 1 < 7 and week[last + 1] == week[day]:
            last += 1
        if week[day]:
            key = _KEYS[day] if last == day else f"{_KEYS[day]}-{_KEYS[last]}"
            key = "daily" if key == "mon-sun" else key
            result[key] = format_day(week[day])
        day = last + 1
    return result
