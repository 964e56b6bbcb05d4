"""A calendar's definition: what the user said, parsed and validated, as plain values.

A ``Schedule`` is one plain calendar (weekly hours, holidays, special hours,
recurring rules, one zone); an ``Intersection`` is open when all its parts
are, in the zone and dates of its first part. Definitions are immutable,
hashable and compare by value; compiling them is ``_compiler``'s job.
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, timedelta, timezone, tzinfo
from typing import Any, Final, Literal, get_args
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule

from slacalc._frozen import sealed
from slacalc._instants import parse_date
from slacalc.calendar._holiday_spellings import to_holiday_source
from slacalc.calendar._holidays import HolidaySource
from slacalc.calendar._hours import (
    DayHours,
    HoursSpec,
    WeekHours,
    format_day,
    parse_day,
    parse_week,
)
from slacalc.calendar._recurrence import Recurrence, parse_recurrence
from slacalc.errors import CalendarError

__all__ = [
    "DEFAULT_HOURS",
    "MAX_PARTS",
    "Definition",
    "Disambiguate",
    "Intersection",
    "RecurringHours",
    "Schedule",
    "build_schedule",
    "intersect",
    "load_zone",
    "parse_rule",
    "rule_dates_in_year",
]

Disambiguate = Literal["compatible", "earlier", "later", "raise"]
DEFAULT_HOURS: Mapping[str | int, HoursSpec] = {"mon-fri": "09:00-18:00"}
_MODES = get_args(Disambiguate)
# An intersection of more distinct calendars than this is almost surely a bug
# (each part is compiled on its own); the limit keeps memory and time linear.
MAX_PARTS: Final = 256

_FIXED_ZONES: Final = {
    "UTC": UTC,
    "Etc/UTC": UTC,
    "GMT": timezone(timedelta(0), "GMT"),
    "Etc/GMT": timezone(timedelta(0), "GMT"),
}
# Files of the zone database that are not zones: "localtime" is the machine's
# own zone (slacalc never reads it), "posixrules" a template for POSIX TZ
# strings, "Factory" a placeholder with no offset of its own.
_NOT_ZONES: Final = frozenset({"localtime", "posixrules", "Factory"})


@functools.cache
def _zone_names() -> frozenset[str]:
    """Every IANA zone name the system (or ``tzdata``) knows, read once."""
    return frozenset(zoneinfo.available_timezones() - _NOT_ZONES | _FIXED_ZONES.keys())


def load_zone(name: str) -> tzinfo:
    """Return the tzinfo for an IANA name; ``GMT`` and ``UTC`` are fixed UTC+0.

    Raises:
        CalendarError: the name is not a string or not a known IANA time zone.

    Example:
        >>> load_zone("Europe/London")
        zoneinfo.ZoneInfo(key='Europe/London')
        >>> load_zone("GMT")
        datetime.timezone(datetime.timedelta(0), 'GMT')
    """
    if not isinstance(name, str):
        raise CalendarError(f"timezone must be a zone name such as 'Europe/London', got {name!r}")
    if name in _FIXED_ZONES:
        return _FIXED_ZONES[name]
    if name not in _zone_names():
        shown = name if len(name) <= 60 else name[:57] + "..."
        close = sorted(known for known in _zone_names() if known.casefold() == name.casefold())
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise CalendarError(
            f"unknown time zone {shown!r}; {hint}use an IANA name such as 'Europe/London' or "
            "'America/New_York', or 'GMT'"
        )
    return ZoneInfo(name)


def parse_rule(text: str) -> Recurrence:
    """Parse RFC 5545 recurrence text; without a DTSTART the rule starts 1900-01-01.

    Raises:
        CalendarError: the text is not a recurrence rule of whole dates, or
            gives a moment with a time zone.

    Example:
        >>> sorted(rule_dates_in_year(parse_rule("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24"), 2026))
        [datetime.date(2026, 12, 24)]
    """
    return parse_recurrence(text)


def rule_dates_in_year(rule: Recurrence, year: int) -> frozenset[date]:
    """The local dates of ``year`` that a parsed rule matches (at most a year's work).

    Example:
        >>> len(rule_dates_in_year(parse_rule("FREQ=WEEKLY;BYDAY=MO"), 2026))
        52
    """
    return rule.dates_in_year(year)


@sealed
@dataclass(frozen=True, slots=True)
class RecurringHours:
    """Hours for the dates an RFC 5545 recurrence rule matches.

    The rule matches local dates of the calendar's zone; without a DTSTART it
    starts on 1900-01-01. Only whole-date frequencies (``YEARLY``,
    ``MONTHLY``, ``WEEKLY``, ``DAILY``) with a positive ``INTERVAL`` are
    accepted, and every DTSTART, UNTIL, RDATE and EXDATE is a local date or
    date-time without a zone. ``hours`` uses the same spelling as weekly
    hours, and ``"closed"`` makes a recurring closure.

    Raises:
        CalendarError: the rule or the hours cannot be read; the rule is
            checked here, so a calendar never fails on it later.

    Example:
        >>> first_monday = RecurringHours("FREQ=MONTHLY;BYDAY=1MO", "11:00-18:00")
        >>> first_monday.hours
        '11:00-18:00'
    """

    rule: str
    hours: str

    def __init__(self, rule: str | rrule, hours: HoursSpec) -> None:
        # A dateutil rrule is accepted through its RFC 5545 text.
        text = str(rule).strip() if isinstance(rule, rrule | str) else None
        if not text:
            raise CalendarError(
                f"a recurring rule must be RFC 5545 text such as 'FREQ=MONTHLY;BYDAY=1MO', "
                f"got {rule!r}"
            )
        parse_rule(text)
        object.__setattr__(self, "rule", text)
        object.__setattr__(self, "hours", format_day(parse_day(hours, f"hours of rule {text!r}")))

    def __reduce__(self) -> tuple[Any, ...]:
        return (RecurringHours, (self.rule, self.hours))


def _special_hours(
    special: Mapping[date | str, HoursSpec] | None,
) -> tuple[tuple[date, DayHours], ...]:
    if special is None:
        return ()
    if not isinstance(special, Mapping):
        raise CalendarError(
            "special_hours must map dates to hours, e.g. {'2026-12-24': '09:00-13:00'}; "
            f"got {type(special).__name__}"
        )
    parsed: dict[date, DayHours] = {}
    for key, hours in special.items():
        day = parse_date(key, "a special_hours date", CalendarError)
        if day in parsed:
            raise CalendarError(f"special_hours gives {day} twice")
        parsed[day] = parse_day(hours, f"special_hours for {day}")
    return tuple(sorted(parsed.items()))


def _recurring(
    rules: Sequence[RecurringHours | Mapping[str, Any]],
) -> tuple[tuple[str, DayHours], ...]:
    if isinstance(rules, str | Mapping | RecurringHours) or not isinstance(rules, Sequence):
        raise CalendarError(
            "recurring must be a list of RecurringHours(rule, hours), e.g. "
            "[RecurringHours('FREQ=MONTHLY;BYDAY=1MO', '11:00-18:00')] (or [] for none); "
            f"got {rules!r}"
        )
    parsed = []
    for item in rules:
        if isinstance(item, Mapping):
            if set(item) != {"rule", "hours"}:
                raise CalendarError(
                    "a recurring rule needs exactly the keys 'rule' and 'hours'; "
                    f"got {dict(item)!r}"
                )
            item = RecurringHours(item["rule"], item["hours"])  # noqa: PLW2901 - normalised in place
        if not isinstance(item, RecurringHours):
            raise CalendarError(
                f"recurring must be a list of RecurringHours(rule, hours); got {item!r}"
            )
        parsed.append((item.rule, parse_day(item.hours)))
    return tuple(parsed)


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
    """Open when every part is open; in the zone and dates of the first part.

    Nested intersections are flattened (``(a & b) & c`` has the parts
    ``a, b, c``), so depth never grows with the number of ``&``, and a part
    given again is kept once (``a & b & a`` has the parts ``a, b``): being
    open in a calendar twice is being open in it.
    """

    parts: tuple[Schedule, ...]

    @property
    def can_open(self) -> bool:
        """Whether every part could ever open."""
        return all(part.can_open for part in self.parts)

    @property
    def timezone(self) -> str:
        """The zone of the first part."""
        return self.parts[0].timezone


Definition = Schedule | Intersection


def intersect(left: Definition, right: Definition) -> Definition:
    """The flattened intersection of two definitions, each distinct part once.

    Raises:
        CalendarError: more than ``MAX_PARTS`` distinct calendars.
    """
    parts = tuple(dict.fromkeys((*_parts(left), *_parts(right))))
    if len(parts) > MAX_PARTS:
        raise CalendarError(
            f"an intersection of {len(parts)} distinct calendars is more than the {MAX_PARTS} "
            "slacalc accepts; intersect fewer calendars (a calendar given twice counts once)"
        )
    return parts[0] if len(parts) == 1 else Intersection(parts)


def _parts(definition: Definition) -> tuple[Schedule, ...]:
    return definition.parts if isinstance(definition, Intersection) else (definition,)


def build_schedule(
    hours: Mapping[str | int, HoursSpec] | None,
    *,
    timezone: str,
    holidays: Any,
    special_hours: Mapping[date | str, HoursSpec] | None,
    recurring: Sequence[RecurringHours | Mapping[str, Any]],
    disambiguate: Disambiguate,
) -> Schedule:
    """Validate a plain calendar's settings and return its definition.

    Raises:
        CalendarError: anything about the settings that cannot be right.
    """
    if disambiguate not in _MODES:
        raise CalendarError(
            f"disambiguate must be one of {', '.join(map(repr, _MODES))}; got {disambiguate!r}"
        )
    load_zone(timezone)
    return Schedule(
        timezone=timezone,
        week=parse_week(DEFAULT_HOURS if hours is None else hours),
        holidays=to_holiday_source(holidays),
        special=_special_hours(special_hours),
        recurring=_recurring(recurring),
        disambiguate=disambiguate,
    )
