"""The business calendar: opening hours, a time zone and holidays, as one value.

``BusinessCalendar`` knows nothing of SLAs. It answers "is it open?", "how
much open time lies between these instants?" and "when has this much open
time passed?", exactly, in any time zone.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import FrozenInstanceError
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from slacalc._dependencies import import_optional
from slacalc._instants import parse_date, to_duration, to_instant
from slacalc.calendar._definition import (
    Definition,
    Disambiguate,
    RecurringHours,
    build_schedule,
    intersect,
)
from slacalc.calendar._holidays import HolidaySource
from slacalc.calendar._hours import HoursSpec
from slacalc.calendar._serialize import (
    CALENDAR_JSON_SCHEMA,
    definition_from_dict,
    definition_repr,
    definition_to_dict,
)
from slacalc.calendar._tables import Timetable
from slacalc.errors import CalendarError

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

__all__ = ["BusinessCalendar"]


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
        definition = build_schedule(
            hours,
            timezone=timezone,
            holidays=holidays,
            special_hours=special_hours,
            recurring=recurring,
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
        raise FrozenInstanceError(f"BusinessCalendar is immutable; cannot assign to {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"BusinessCalendar is immutable; cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BusinessCalendar):
            return NotImplemented
        return self._definition == other._definition

    def __hash__(self) -> int:
        return hash(self._definition)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickles hold the public construction data, never the private definition.
        return (
            BusinessCalendar.from_dict,
            (definition_to_dict(self._definition, keep_objects=True),),
        )

    def __copy__(self) -> BusinessCalendar:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> BusinessCalendar:
        return BusinessCalendar.from_dict(
            copy.deepcopy(definition_to_dict(self._definition, keep_objects=True), memo)
        )

    def __repr__(self) -> str:
        return definition_repr(self._definition)

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
        return BusinessCalendar._from_definition(intersect(self._definition, other._definition))

    # -- serialisation -----------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Describe the calendar as JSON-compatible data (``from_dict`` reads it back).

        Raises:
            CalendarError: the calendar uses a custom holiday object.

        Example:
            >>> BusinessCalendar({"mon-fri": "09:00-18:00"}).to_dict()
            {'timezone': 'GMT', 'hours': {'mon-fri': '09:00-18:00'}}
        """
        return definition_to_dict(self._definition)

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
        return cls._from_definition(definition_from_dict(data))

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
                BusinessCalendar.to_dict, when_used="always"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Describe the calendar data for JSON Schema."""
        return dict(CALENDAR_JSON_SCHEMA)

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
        """The time zone the calendar's hours are read in, as a ``tzinfo``.

        Returned datetimes show this zone's wall clock but carry a *fixed*
        offset: the zone's offset and abbreviation at that instant (``BST``,
        ``GMT``). So a result compares and hashes like the instant it is, equal
        to the same instant in any other zone, even inside a daylight-saving
        fold. Use ``zone`` to read an instant's local date or time:
        ``t.astimezone(calendar.zone).date()``.

        Example:
            >>> cal = BusinessCalendar(timezone="Europe/London")
            >>> cal.zone
            zoneinfo.ZoneInfo(key='Europe/London')
            >>> opened = cal.next_open("2026-07-03T07:00:00Z")
            >>> opened.isoformat(), opened.tzname()
            ('2026-07-03T09:00:00+01:00', 'BST')
            >>> from datetime import datetime, timezone
            >>> opened == datetime(2026, 7, 3, 8, tzinfo=timezone.utc)
            True
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

    # -- arrays (numpy) --------------------------------------------------------

    def add_many(self, starts: Any, durations: Any) -> Any:
        """``add`` for arrays: the earliest instant at which each duration is used up.

        Args:
            starts: ``datetime64`` instants (read as UTC; any unit down to
                microseconds, nanoseconds floored) or int64 microseconds
                since 1970-01-01 UTC.
            durations: ``timedelta64``, int64 microseconds, or one
                ``timedelta`` or integer for every start.

        Returns:
            ``datetime64[us]`` (UTC) for ``datetime64`` starts, else int64
            microseconds; ``NaT`` where a start or a duration is ``NaT``.
            Every value equals the scalar ``add``'s, to the microsecond.

        Raises:
            MissingDependencyError: numpy is not installed.
            InvalidDurationError: a duration is negative.
            OutOfRangeError: a start or a result lies outside 1900-2200.

        Example:
            >>> import numpy as np
            >>> starts = np.array(["2026-11-27T17:00", "NaT"], dtype="datetime64[us]")
            >>> BusinessCalendar().add_many(starts, timedelta(hours=2))
            array(['2026-11-30T10:00:00.000000',                        'NaT'],
                  dtype='datetime64[us]')
        """
        return _arrays().add_many(self._table, starts, durations)

    def elapsed_many(self, starts: Any, ends: Any) -> Any:
        """``elapsed`` for arrays: open time in each ``[start, end)`` (zero when end <= start).

        Inputs as for ``add_many`` (they broadcast against each other); the
        result is ``timedelta64[us]`` when either input is ``datetime64``,
        else int64 microseconds, ``NaT`` where an input is.

        Example:
            >>> import numpy as np
            >>> starts = np.array(["2026-11-27T17:00"], dtype="datetime64[us]")
            >>> ends = np.array(["2026-11-30T10:00"], dtype="datetime64[us]")
            >>> BusinessCalendar().elapsed_many(starts, ends)
            array([7200000000], dtype='timedelta64[us]')
        """
        return _arrays().elapsed_many(self._table, starts, ends)

    def is_open_many(self, instants: Any) -> Any:
        """``is_open`` for arrays: a boolean array (``False`` for ``NaT``).

        Example:
            >>> import numpy as np
            >>> BusinessCalendar().is_open_many(
            ...     np.array(["2026-11-27T17:59:59", "2026-11-27T18:00"], dtype="datetime64[us]"))
            array([ True, False])
        """
        return _arrays().is_open_many(self._table, instants)

    def next_open_many(self, instants: Any) -> Any:
        """``next_open`` for arrays: each instant itself when open, else the next opening.

        Example:
            >>> import numpy as np
            >>> BusinessCalendar().next_open_many(
            ...     np.array(["2026-11-27T18:00"], dtype="datetime64[us]"))
            array(['2026-11-30T09:00:00.000000'], dtype='datetime64[us]')
        """
        return _arrays().next_open_many(self._table, instants)

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


def _arrays() -> Any:
    """The vectorized queries, importing numpy (the ``numpy`` extra) on first use."""
    import_optional("numpy", extra="numpy")
    from slacalc.calendar import _arrays as arrays  # noqa: PLC0415  # numpy only when asked

    return arrays
