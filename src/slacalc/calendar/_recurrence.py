"""RFC 5545 recurrence rules of whole dates: parsed here, expanded one year at a time.

A rule matches local dates, so only the date-level frequencies (``YEARLY``,
``MONTHLY``, ``WEEKLY``, ``DAILY``) are accepted, and the rule parts follow
RFC 5545's table of which part goes with which frequency. Expansion follows
dateutil's reading of the RFC (its documented definition here) but works on
the periods of the asked year only: a year costs at most one pass over its
days, whatever the DTSTART and even when the rule never matches. ``COUNT``
needs the occurrences before the year; they are counted once per rule, a
year at a time, and only over the supported years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from slacalc._instants import FIRST_YEAR, LAST_YEAR
from slacalc.calendar._expansion import Rule, occurrences
from slacalc.errors import CalendarError

__all__ = ["Recurrence", "parse_recurrence"]

_FREQUENCIES: Final = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY")
_WITHIN_A_DAY: Final = frozenset({"HOURLY", "MINUTELY", "SECONDLY"})
_TIMES_OF_DAY: Final = ("BYHOUR", "BYMINUTE", "BYSECOND")
_WEEKDAYS: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_PARTS: Final = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "WKST",
    "BYMONTH",
    "BYWEEKNO",
    "BYYEARDAY",
    "BYMONTHDAY",
    "BYDAY",
    "BYSETPOS",
)
# RFC 5545, 3.3.10: the frequencies each BYxxx part may be used with.
_ALLOWED_WITH: Final = {
    "BYWEEKNO": ("YEARLY",),
    "BYYEARDAY": ("YEARLY",),
    "BYMONTHDAY": ("YEARLY", "MONTHLY", "DAILY"),
}
_MOMENT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$")
_WHOLE = re.compile(r"^[+-]?\d+$")
_DAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_EXAMPLE: Final = (
    "e.g. 'FREQ=MONTHLY;BYDAY=1MO' or 'DTSTART:20260105\\nRRULE:FREQ=WEEKLY;INTERVAL=2'"
)
_DEFAULT_START: Final = datetime(FIRST_YEAR, 1, 1)  # noqa: DTZ001 - rules match naive local dates


def _refuse(text: str, reason: str) -> CalendarError:
    return CalendarError(
        f"recurrence rule {text!r}: {reason}; write an RFC 5545 rule of whole dates, {_EXAMPLE}"
    )


@dataclass(frozen=True, slots=True)
class Recurrence:
    """A parsed recurrence: its rules, added and removed moments, and its local start.

    Example:
        >>> rule = parse_recurrence("FREQ=MONTHLY;BYDAY=1MO")
        >>> sorted(rule.dates_in_year(2026))[:2]
        [datetime.date(2026, 1, 5), datetime.date(2026, 2, 2)]
    """

    start: datetime
    rules: tuple[Rule, ...]
    exclusions: tuple[Rule, ...]
    added: frozenset[datetime]
    removed: frozenset[datetime]

    def dates_in_year(self, year: int) -> frozenset[date]:
        """The local dates of ``year`` the recurrence matches."""
        moments = {moment for moment in self.added if moment.year == year}
        for rule in self.rules:
            moments.update(occurrences(rule, self.start, year))
        for rule in self.exclusions:
            moments.difference_update(occurrences(rule, self.start, year))
        return frozenset(moment.date() for moment in moments - self.removed)


def parse_recurrence(text: str) -> Recurrence:
    """Parse RFC 5545 text (RRULE, EXRULE, RDATE, EXDATE and DTSTART lines).

    Without a DTSTART the rules start on 1900-01-01. Every moment is a local
    date or date-time without a zone.

    Raises:
        CalendarError: the text is not such a rule, naming what to write instead.

    Example:
        >>> parse_recurrence("FREQ=HOURLY")
        Traceback (most recent call last):
        ...
        slacalc.errors.CalendarError: recurrence rule 'FREQ=HOURLY': FREQ=HOURLY repeats ...
    """
    if not isinstance(text, str) or not text.strip():
        raise CalendarError(f"a recurrence rule must be RFC 5545 text, {_EXAMPLE}; got {text!r}")
    lines = _Lines()
    for line in (line.strip() for line in text.upper().splitlines()):
        if line:
            lines.read(text, line)
    if not lines.rules and not lines.added:
        raise _refuse(text, "it has no RRULE")
    start = _DEFAULT_START if lines.start is None else lines.start
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        raise _refuse(text, f"its DTSTART must lie in the supported years {FIRST_YEAR}-{LAST_YEAR}")
    return Recurrence(
        start,
        tuple(_parse_rule(text, value, start) for value in lines.rules),
        tuple(_parse_rule(text, value, start) for value in lines.exclusions),
        frozenset(lines.added),
        frozenset(lines.removed),
    )


class _Lines:
    """What the lines of a recurrence say, gathered line by line."""

    def __init__(self) -> None:
        self.start: datetime | None = None
        self.rules: list[str] = []
        self.exclusions: list[str] = []
        self.added: set[datetime] = set()
        self.removed: set[datetime] = set()

    def read(self, text: str, line: str) -> None:
        head, colon, value = line.partition(":")
        name, *parameters = (head if colon else "RRULE").split(";")
        value = value if colon else line
        if name in {"RRULE", "EXRULE"}:
            if parameters:
                raise _refuse(text, f"{name} takes no parameters, got {';'.join(parameters)!r}")
            (self.rules if name == "RRULE" else self.exclusions).append(value)
        elif name in {"DTSTART", "RDATE", "EXDATE"}:
            moments = _moments(text, name, parameters, value)
            if name == "DTSTART":
                if self.start is not None or len(moments) != 1:
                    raise _refuse(text, "give exactly one DTSTART")
                self.start = moments[0]
            else:
                (self.added if name == "RDATE" else self.removed).update(moments)
        else:
            raise _refuse(text, f"unknown property {name!r}; use RRULE, DTSTART, RDATE or EXDATE")


def _moments(text: str, name: str, parameters: list[str], value: str) -> list[datetime]:
    for parameter in parameters:
        if parameter.startswith("TZID="):
            raise _refuse(text, _zoned(name, value))
        if parameter not in {"VALUE=DATE", "VALUE=DATE-TIME"}:
            raise _refuse(text, f"unsupported {name} parameter {parameter!r}")
    return [_moment(text, name, item.strip()) for item in value.split(",")]


def _zoned(name: str, value: str) -> str:
    return (
        f"the {name} {value!r} has a time zone; give it as a local date such as "
        f"{name}:20260105 (rules match local dates of the calendar's zone)"
    )


def _moment(text: str, name: str, value: str) -> datetime:
    match = _MOMENT.match(value)
    if match is None:
        raise _refuse(text, f"{name} {value!r} is not a date such as 20260105 or 20260105T090000")
    if match[7]:
        raise _refuse(text, _zoned(name, value))
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    hour, minute, second = (int(match[4]), int(match[5]), int(match[6])) if match[4] else (0, 0, 0)
    try:
        return datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 - local moments
    except ValueError:
        raise _refuse(text, f"{name} {value!r} is not a real date or time") from None


def _parse_rule(text: str, value: str, start: datetime) -> Rule:  # noqa: C901, PLR0912 - one check per part
    parts: dict[str, str] = {}
    for piece in value.split(";"):
        if not piece:
            continue
        key, equals, item = piece.partition("=")
        if not equals or not item:
            raise _refuse(text, f"{piece!r} is not a KEY=VALUE part")
        if key in parts:
            raise _refuse(text, f"it gives {key} twice")
        parts[key] = item
    frequency = parts.pop("FREQ", None)
    if frequency in _WITHIN_A_DAY:
        raise _refuse(
            text,
            f"FREQ={frequency} repeats within a day, but rules match whole dates; use "
            "FREQ=DAILY (INTERVAL=n for every n days) and put the times in the rule's hours",
        )
    if frequency not in _FREQUENCIES:
        raise _refuse(
            text, f"FREQ must be one of {', '.join(_FREQUENCIES)}, got {frequency or 'nothing'}"
        )
    for key in parts:
        if key in _TIMES_OF_DAY:
            raise _refuse(
                text,
                f"{key} picks times of day, but rules match whole dates; drop it and put the "
                "times in the rule's hours, e.g. RecurringHours('FREQ=WEEKLY;BYDAY=MO', "
                "'09:00-12:00')",
            )
        if key not in _PARTS:
            raise _refuse(text, f"unknown rule part {key}; the parts are {', '.join(_PARTS)}")
        if frequency not in _ALLOWED_WITH.get(key, _FREQUENCIES):
            allowed = " or ".join(f"FREQ={name}" for name in _ALLOWED_WITH[key])
            raise _refuse(text, f"{key} needs {allowed} (RFC 5545)")
    interval = _number(text, "INTERVAL", parts.get("INTERVAL", "1"), 1, None)
    count = _number(text, "COUNT", parts["COUNT"], 1, None) if "COUNT" in parts else None
    until = _moment(text, "UNTIL", parts["UNTIL"]) if "UNTIL" in parts else None
    if count is not None and until is not None:
        raise _refuse(text, "give COUNT or UNTIL, not both (RFC 5545)")
    week_start = _weekday_code(text, parts.get("WKST", "MO"))
    weekdays, nth_weekdays = _parse_weekdays(text, parts, frequency)
    months = _numbers(text, parts, "BYMONTH", 1, 12)
    week_numbers = _numbers(text, parts, "BYWEEKNO", -53, 53)
    year_days = _numbers(text, parts, "BYYEARDAY", -366, 366)
    month_days = _numbers(text, parts, "BYMONTHDAY", -31, 31)
    set_positions = tuple(sorted(_numbers(text, parts, "BYSETPOS", -366, 366)))
    # dateutil's defaults: a rule that picks no day takes the day of DTSTART.
    if not (week_numbers or year_days or month_days or weekdays or nth_weekdays):
        if frequency == "YEARLY":
            months = months or frozenset({start.month})
            month_days = frozenset({start.day})
        elif frequency == "MONTHLY":
            month_days = frozenset({start.day})
        elif frequency == "WEEKLY":
            weekdays = frozenset({start.weekday()})
    return Rule(
        frequency,
        interval,
        count,
        until,
        week_start,
        months,
        week_numbers,
        year_days,
        month_days,
        weekdays,
        nth_weekdays,
        set_positions,
    )


def _parse_weekdays(
    text: str, parts: dict[str, str], frequency: str
) -> tuple[frozenset[int], frozenset[tuple[int, int]]]:
    """BYDAY as plain weekdays (``MO``) or numbered ones (``1MO``, ``-1FR``)."""
    weekdays: set[int] = set()
    nth_weekdays: set[tuple[int, int]] = set()
    for item in _items(parts, "BYDAY"):
        match = _DAY.match(item)
        if match is None:
            raise _refuse(text, f"BYDAY {item!r} is not a weekday such as MO, 1MO or -1FR")
        if match[1] is None:
            weekdays.add(_WEEKDAYS.index(match[2]))
            continue
        nth = _number(text, "the BYDAY number", match[1], -53, 53)
        if frequency not in {"MONTHLY", "YEARLY"} or "BYWEEKNO" in parts:
            raise _refuse(
                text,
                f"a numbered weekday ({item}) needs FREQ=MONTHLY or FREQ=YEARLY without "
                "BYWEEKNO (RFC 5545)",
            )
        nth_weekdays.add((_WEEKDAYS.index(match[2]), nth))
    if weekdays and nth_weekdays:
        raise _refuse(text, "BYDAY mixes plain and numbered weekdays; write one rule for each")
    return frozenset(weekdays), frozenset(nth_weekdays)


def _items(parts: dict[str, str], key: str) -> list[str]:
    return parts[key].split(",") if key in parts else []


def _number(text: str, name: str, value: str, low: int, high: int | None) -> int:
    number = int(value) if _WHOLE.match(value) else None
    if number is None or number < low or (high is not None and number > high) or number == 0:
        bounds = f"from {low} to {high}, not 0" if high is not None else f"at least {low}"
        raise _refuse(text, f"{name} must be a whole number {bounds}, got {value!r}")
    return number


def _numbers(text: str, parts: dict[str, str], key: str, low: int, high: int) -> frozenset[int]:
    return frozenset(_number(text, key, item, low, high) for item in _items(parts, key))


def _weekday_code(text: str, value: str) -> int:
    if value not in _WEEKDAYS:
        raise _refuse(text, f"WKST must be one of {', '.join(_WEEKDAYS)}, got {value!r}")
    return _WEEKDAYS.index(value)


# -- expansion ---------------------------------------------------------------
