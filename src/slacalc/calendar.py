"""The business calendar: opening hours, a time zone and holidays, as one value.

``BusinessCalendar`` knows nothing of SLAs. It answers "is it open?", "how
much open time lies between these instants?" and "when has this much open
time passed?", exactly, in any time zone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, get_args

from dateutil.rrule import rrule, rruleset

from slacalc._errors import CalendarError
from slacalc._holidays import HolidaySource, to_holiday_source
from slacalc._hours import (
    DayHours,
    HoursSpec,
    format_day,
    format_week,
    parse_day,
    parse_week,
)
from slacalc._instants import parse_date, to_duration, to_instant
from slacalc._tables import Definition, Disambiguate, Intersection, Schedule, Timetable, parse_rule

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

__all__ = ["BusinessCalendar", "RecurringHours"]

_DEFAULT_HOURS: Mapping[str | int, HoursSpec] = {"mon-fri": "09:00-18:00"}
_MODES = get_args(Disambiguate)
_KEYS = frozenset({"timezone", "hours", "holidays", "special_hours", "recurring", "disambiguate"})


@dataclass(frozen=True, slots=True)
class RecurringHours:
    """Hours for the dates an RFC 5545 recurrence rule matches.

    The rule matches local dates of the calendar's zone; without a DTSTART it
    starts on 1900-01-01. ``hours`` uses the same spelling as weekly hours,
    and ``"closed"`` makes a recurring closure.

    Example:
        >>> first_monday = RecurringHours("FREQ=MONTHLY;BYDAY=1MO", "11:00-18:00")
        >>> first_monday.hours
        '11:00-18:00'
    """

    rule: str
    hours: str

    def __init__(self, rule: str | rrule | rruleset, hours: HoursSpec) -> None:
        text = str(rule).strip() if isinstance(rule, rrule | rruleset | str) else None
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


class BusinessCalendar:
    """Opening hours in one time zone, with holidays and exceptions: an immutable value.

    Args:
        hours: weekly hours keyed by weekday (``"mon"``, ``"mon-fri"``,
            ``"sat,sun"``, ``"daily"`` or 0-6 with Monday 0); each value is
            ``"09:00-18:00"``, ``"09:00-12:30, 13:30-18:00"``, ``"22:00-06:00"``
            (crossing midnight), ``"closed"``, or a list of ranges or
            ``TimeRange`` values. Unlisted weekdays are closed.
            Defaults to Monday-Friday 09:00-18:00.
        timezone: an IANA zone name, or ``"GMT"``/``"UTC"`` (fixed UTC+0).
        holidays: ``CountryHolidays``, ``MarketHolidays``, ``HolidayDates``, a
            list of those or of dates (their union), or any object answering
            ``date in obj``.
        special_hours: hours replacing a date's hours, e.g.
            ``{"2026-12-24": "09:00-13:00"}``; they open holidays too.
        recurring: ``RecurringHours`` rules, the first match winning.
        disambiguate: how an hours edge in a daylight-saving gap or fold
            becomes an instant: ``"compatible"``, ``"earlier"``, ``"later"``
            or ``"raise"``.

    Raises:
        CalendarError: anything about the calendar that cannot be right.

    Example:
        >>> from datetime import timedelta
        >>> from slacalc import BusinessCalendar, CountryHolidays
        >>> cal = BusinessCalendar(
        ...     {"mon-fri": "09:00-18:00"}, holidays=CountryHolidays("GB", subdiv="ENG")
        ... )
        >>> cal.add("2026-12-24T17:00:00Z", timedelta(hours=2)).isoformat()  # over Christmas
        '2026-12-29T10:00:00+00:00'
        >>> cal.elapsed("2026-12-24T09:00:00Z", "2026-12-31T09:00:00Z")
        datetime.timedelta(days=1, seconds=10800)
    """

    __slots__ = ("_definition", "_table")

    _definition: Definition
    _table: Timetable

    def __init__(
        self,
        hours: Mapping[str | int, HoursSpec] | None = None,
        *,
        timezone: str = "GMT",
        holidays: HolidaySource | Sequence[Any] | Any | None = None,
        special_hours: Mapping[date | str, HoursSpec] | None = None,
        recurring: Sequence[RecurringHours | Mapping[str, Any]] = (),
        disambiguate: Disambiguate = "compatible",
    ) -> None:
        if disambiguate not in _MODES:
            raise CalendarError(
                f"disambiguate must be one of {', '.join(map(repr, _MODES))}; got {disambiguate!r}"
            )
        if not isinstance(timezone, str):
            raise CalendarError(
                f"timezone must be a zone name such as 'Europe/London', got {timezone!r}"
            )
        definition = Schedule(
            timezone=timezone,
            week=parse_week(_DEFAULT_HOURS if hours is None else hours),
            holidays=to_holiday_source(holidays),
            special=_special_hours(special_hours),
            recurring=_recurring(recurring),
            disambiguate=disambiguate,
        )
        self._setup(definition)

    def _setup(self, definition: Definition) -> None:
        object.__setattr__(self, "_definition", definition)
        object.__setattr__(self, "_table", Timetable(definition))

    @classmethod
    def _from_definition(cls, definition: Definition) -> BusinessCalendar:
        calendar = cls.__new__(cls)
        calendar._setup(definition)  # noqa: SLF001
        return calendar

    # -- value behaviour ---------------------------------------------------

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"BusinessCalendar is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"BusinessCalendar is immutable; cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BusinessCalendar):
            return NotImplemented
        return self._definition == other._definition

    def __hash__(self) -> int:
        return hash(self._definition)

    def __reduce__(self) -> tuple[Any, ...]:
        return (BusinessCalendar._from_definition, (self._definition,))

    def __repr__(self) -> str:
        definition = self._definition
        if isinstance(definition, Intersection):
            left, right = (
                BusinessCalendar._from_definition(side)
                for side in (definition.left, definition.right)
            )
            return f"({left!r} & {right!r})"
        parts = [repr(format_week(definition.week)), f"timezone={definition.timezone!r}"]
        if definition.holidays is not None:
            parts.append(f"holidays={definition.holidays!r}")
        if definition.special:
            special = {day.isoformat(): format_day(hours) for day, hours in definition.special}
            parts.append(f"special_hours={special!r}")
        if definition.recurring:
            rules = [
                RecurringHours(rule, format_day(hours)) for rule, hours in definition.recurring
            ]
            parts.append(f"recurring={rules!r}")
        if definition.disambiguate != "compatible":
            parts.append(f"disambiguate={definition.disambiguate!r}")
        return f"BusinessCalendar({', '.join(parts)})"

    def __and__(self, other: BusinessCalendar) -> BusinessCalendar:
        """Open only when both calendars are open, in this calendar's zone.

        Example:
            >>> team = BusinessCalendar({"mon-fri": "09:00-18:00"}, timezone="Europe/London")
            >>> customer = BusinessCalendar({"mon-fri": "09:00-17:00"}, timezone="America/New_York")
            >>> both = team & customer
            >>> [(s.time(), e.time()) for s, e in both.hours_on("2026-11-27")]
            [(datetime.time(14, 0), datetime.time(18, 0))]
        """
        if not isinstance(other, BusinessCalendar):
            return NotImplemented
        return BusinessCalendar._from_definition(Intersection(self._definition, other._definition))

    # -- serialisation -----------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Describe the calendar as JSON-compatible data (``from_dict`` reads it back).

        Raises:
            CalendarError: the calendar uses a custom holiday object.

        Example:
            >>> BusinessCalendar({"mon-fri": "09:00-18:00"}).to_dict()
            {'timezone': 'GMT', 'hours': {'mon-fri': '09:00-18:00'}}
        """
        return _definition_to_dict(self._definition)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BusinessCalendar:
        """Build a calendar from the data ``to_dict`` writes.

        Raises:
            CalendarError: unknown keys or invalid values, named in the message.

        Example:
            >>> data = {"timezone": "Europe/London", "hours": {"daily": "08:00-20:00"}}
            >>> BusinessCalendar.from_dict(data).timezone
            'Europe/London'
        """
        if not isinstance(data, Mapping):
            raise CalendarError(
                f"a calendar must be a mapping of settings, got {type(data).__name__}"
            )
        if set(data) == {"all_of"}:
            sides = data["all_of"]
            if not isinstance(sides, Sequence) or isinstance(sides, str) or len(sides) < 2:
                raise CalendarError("'all_of' needs a list of at least two calendars")
            result = cls.from_dict(sides[0])
            for side in sides[1:]:
                result &= cls.from_dict(side)
            return result
        unknown = set(data) - _KEYS
        if unknown:
            raise CalendarError(
                f"unknown calendar setting(s) {sorted(unknown)}; the settings are {sorted(_KEYS)}"
            )
        return cls(
            data.get("hours", _DEFAULT_HOURS),
            timezone=data.get("timezone", "GMT"),
            holidays=data.get("holidays"),
            special_hours=data.get("special_hours"),
            recurring=data.get("recurring", ()),
            disambiguate=data.get("disambiguate", "compatible"),
        )

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """Let pydantic models hold a calendar: validated from data, written with ``to_dict``."""
        from pydantic_core import core_schema  # noqa: PLC0415 - only pydantic users pay for it

        def validate(value: Any) -> BusinessCalendar:
            if isinstance(value, BusinessCalendar):
                return value
            return cls.from_dict(value)

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _definition_to_dict_of, when_used="always"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Describe the calendar data for JSON Schema."""
        hours = {
            "type": "string",
            "description": "e.g. '09:00-18:00', '09:00-12:30, 13:30-18:00', 'closed'",
        }
        return {
            "type": "object",
            "title": "BusinessCalendar",
            "description": "Opening hours in one time zone with holidays, or {'all_of': [...]}.",
            "properties": {
                "timezone": {"type": "string", "default": "GMT"},
                "hours": {"type": "object", "additionalProperties": hours},
                "holidays": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "country": {"type": "string"},
                            "subdiv": {"type": "string"},
                            "market": {"type": "string"},
                            "dates": {
                                "type": "array",
                                "items": {"type": "string", "format": "date"},
                            },
                        },
                        "additionalProperties": False,
                    },
                },
                "special_hours": {"type": "object", "additionalProperties": hours},
                "recurring": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"rule": {"type": "string"}, "hours": hours},
                        "required": ["rule", "hours"],
                        "additionalProperties": False,
                    },
                },
                "disambiguate": {"enum": list(_MODES)},
                "all_of": {"type": "array", "items": {"type": "object"}, "minItems": 2},
            },
            "additionalProperties": False,
        }

    # -- properties ----------------------------------------------------------

    @property
    def timezone(self) -> str:
        """The zone name the calendar's hours are read in.

        Example:
            >>> BusinessCalendar().timezone
            'GMT'
        """
        return self._definition.timezone

    @property
    def zone(self) -> tzinfo:
        """The ``tzinfo`` of every datetime the calendar returns.

        Example:
            >>> BusinessCalendar(timezone="Europe/London").zone
            zoneinfo.ZoneInfo(key='Europe/London')
        """
        return self._table.zone

    # -- instants ------------------------------------------------------------

    def is_open(self, t: datetime | str) -> bool:
        """Whether the calendar is open at ``t`` (intervals are ``[open, close)``).

        Example:
            >>> cal = BusinessCalendar()
            >>> cal.is_open("2026-11-27T17:59:59Z"), cal.is_open("2026-11-27T18:00:00Z")
            (True, False)
        """
        return self._table.is_open(to_instant(t, "t"))

    def next_open(self, t: datetime | str) -> datetime:
        """The earliest instant at or after ``t`` at which the calendar is open.

        Example:
            >>> BusinessCalendar().next_open("2026-11-27T18:00:00Z").isoformat()  # a Friday
            '2026-11-30T09:00:00+00:00'
        """
        table = self._table
        return table.to_datetime(table.next_open(to_instant(t, "t")))

    def next_close(self, t: datetime | str) -> datetime:
        """The end of the open interval containing ``t``, else of the next one.

        Example:
            >>> BusinessCalendar().next_close("2026-11-27T10:00:00Z").isoformat()
            '2026-11-27T18:00:00+00:00'
        """
        table = self._table
        return table.to_datetime(table.next_close(to_instant(t, "t")))

    def previous_open(self, t: datetime | str) -> datetime:
        """The latest opening instant at or before ``t``.

        Example:
            >>> BusinessCalendar().previous_open("2026-11-28T10:00:00Z").isoformat()  # Saturday
            '2026-11-27T09:00:00+00:00'
        """
        table = self._table
        return table.to_datetime(table.previous_open(to_instant(t, "t")))

    def previous_close(self, t: datetime | str) -> datetime:
        """The latest closing instant at or before ``t``.

        Example:
            >>> BusinessCalendar().previous_close("2026-11-30T10:00:00Z").isoformat()  # Monday
            '2026-11-27T18:00:00+00:00'
        """
        table = self._table
        return table.to_datetime(table.previous_close(to_instant(t, "t")))

    def open_intervals(
        self, start: datetime | str, end: datetime | str
    ) -> Iterator[tuple[datetime, datetime]]:
        """The open intervals within ``[start, end)``, clipped, in order.

        Example:
            >>> cal = BusinessCalendar()
            >>> spans = cal.open_intervals("2026-11-27T12:00:00Z", "2026-11-30T10:00:00Z")
            >>> [(s.strftime("%a %H:%M"), e.strftime("%a %H:%M")) for s, e in spans]
            [('Fri 12:00', 'Fri 18:00'), ('Mon 09:00', 'Mon 10:00')]
        """
        low, high = to_instant(start, "start"), to_instant(end, "end")
        convert = self._table.to_datetime
        return (
            (convert(max(s, low)), convert(min(e, high)))
            for s, e in self._table.intervals(low, high)
            if low < high
        )

    def hours_on(self, day: date | str) -> tuple[tuple[datetime, datetime], ...]:
        """A local date's own open intervals (after holidays and exceptions) as datetimes.

        Example:
            >>> cal = BusinessCalendar(special_hours={"2026-12-24": "09:00-13:00"})
            >>> [(s.hour, e.hour) for s, e in cal.hours_on("2026-12-24")]
            [(9, 13)]
        """
        ordinal = parse_date(day, "day").toordinal()
        convert = self._table.to_datetime
        return tuple((convert(s), convert(e)) for s, e in self._table.owned(ordinal))

    def elapsed(self, start: datetime | str, end: datetime | str) -> timedelta:
        """The open time within ``[start, end)``; zero when ``end <= start``.

        Example:
            >>> BusinessCalendar().elapsed("2026-11-27T17:00:00Z", "2026-11-30T10:00:00Z")
            datetime.timedelta(seconds=7200)
        """
        micros = self._table.elapsed(to_instant(start, "start"), to_instant(end, "end"))
        return timedelta(0, 0, micros)

    def add(self, start: datetime | str, duration: timedelta) -> datetime:
        """The earliest instant at which ``duration`` of open time has passed since ``start``.

        A duration used up exactly at a close returns that close.

        Raises:
            InvalidDurationError: ``duration`` is negative.
            CalendarError: the calendar is never open.

        Example:
            >>> cal = BusinessCalendar()
            >>> cal.add("2026-11-27T17:00:00Z", timedelta(hours=1)).isoformat()
            '2026-11-27T18:00:00+00:00'
            >>> cal.add("2026-11-27T17:00:00Z", timedelta(hours=2)).isoformat()
            '2026-11-30T10:00:00+00:00'
        """
        table = self._table
        return table.to_datetime(table.add(to_instant(start, "start"), to_duration(duration)))

    def subtract(self, end: datetime | str, duration: timedelta) -> datetime:
        """The latest instant from which ``duration`` of open time passes until ``end``.

        Example:
            >>> BusinessCalendar().subtract("2026-11-30T10:00:00Z", timedelta(hours=2)).isoformat()
            '2026-11-27T17:00:00+00:00'
        """
        table = self._table
        return table.to_datetime(table.subtract(to_instant(end, "end"), to_duration(duration)))

    # -- business days -------------------------------------------------------

    def is_business_day(self, day: date | str) -> bool:
        """Whether a local date has open time of its own.

        Example:
            >>> BusinessCalendar().is_business_day("2026-11-28")  # a Saturday
            False
        """
        return self._table.is_business_day(parse_date(day, "day").toordinal())

    def add_business_days(self, day: date | str, n: int) -> date:
        """Roll ``day`` forward to a business day, then move ``n`` business days.

        Like numpy's ``busday_offset(day, n, roll="forward")``.

        Example:
            >>> cal = BusinessCalendar()
            >>> cal.add_business_days("2026-11-27", 1), cal.add_business_days("2026-11-28", 1)
            (datetime.date(2026, 11, 30), datetime.date(2026, 12, 1))
        """
        if not isinstance(n, int) or isinstance(n, bool):
            raise CalendarError(f"n must be a whole number of business days, got {n!r}")
        ordinal = parse_date(day, "day").toordinal()
        return date.fromordinal(self._table.add_business_days(ordinal, n))

    def business_days_between(self, start: date | str, end: date | str) -> int:
        """The number of business days in ``[start, end)``, negative when ``end < start``.

        Like numpy's ``busday_count``.

        Example:
            >>> BusinessCalendar().business_days_between("2026-11-23", "2026-11-30")
            5
        """
        first = parse_date(start, "start").toordinal()
        return self._table.business_days_between(first, parse_date(end, "end").toordinal())


def _definition_to_dict(definition: Definition) -> dict[str, Any]:
    if isinstance(definition, Intersection):
        sides: list[dict[str, Any]] = []
        for side in (definition.left, definition.right):
            data = _definition_to_dict(side)
            sides.extend(data["all_of"] if set(data) == {"all_of"} else [data])
        return {"all_of": sides}
    result: dict[str, Any] = {
        "timezone": definition.timezone,
        "hours": format_week(definition.week),
    }
    if definition.holidays is not None:
        result["holidays"] = definition.holidays.to_data()
    if definition.special:
        result["special_hours"] = {
            day.isoformat(): format_day(hours) for day, hours in definition.special
        }
    if definition.recurring:
        result["recurring"] = [
            {"rule": rule, "hours": format_day(hours)} for rule, hours in definition.recurring
        ]
    if definition.disambiguate != "compatible":
        result["disambiguate"] = definition.disambiguate
    return result


def _definition_to_dict_of(calendar: BusinessCalendar) -> dict[str, Any]:
    return calendar.to_dict()
