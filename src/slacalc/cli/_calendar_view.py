"""``slacalc calendar``: a policy calendar's open windows and its closures, with reasons.

Built on the calendar's public API only (``open_intervals``, ``is_business_day``,
``to_dict``, ``from_dict``, ``zone``) and the ``holidays`` package for names.
A closure is cut at local midnights (in the calendar's zone) into pieces,
each with one reason, and neighbouring pieces with the same reason are
joined again:

- a date with open time of its own: ``outside hours`` (before, between or
  after its hours);
- a date without weekly hours: ``weekend`` (Saturday, Sunday) or ``closed``,
  even when it is also a holiday (it would be closed anyway);
- a date a holiday source names: the holiday's name (``Christmas Day``);
  a date of an explicit holiday list: ``holiday``;
- any other closed date (a recurring rule, special hours): ``closed``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from slacalc.calendar import BusinessCalendar
from slacalc.errors import SlacalcError

__all__ = ["calendar_windows"]

_EXCEPTION_KEYS = ("holidays", "special_hours", "recurring")
NameLookup = Callable[[date], str | None]


def _sources(data: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """Every holiday source in calendar data, intersections included."""
    for part in data.get("all_of", ()):
        yield from _sources(part)
    for source in data.get("holidays", ()):
        if isinstance(source, Mapping):
            yield source


def _weekly_only(data: Mapping[str, Any]) -> dict[str, Any]:
    """The calendar data without holidays, special hours or rules: its weekly hours."""
    if "all_of" in data:
        return {"all_of": [_weekly_only(part) for part in data["all_of"]]}
    return {key: value for key, value in data.items() if key not in _EXCEPTION_KEYS}


def _name_lookup(data: Mapping[str, Any], years: range) -> NameLookup:
    """A function naming a date's holiday from the sources in ``data`` (``None``: not one)."""
    import holidays  # noqa: PLC0415 - only this command needs the names

    named: list[Any] = []
    listed: set[date] = set()
    for source in _sources(data):
        if "country" in source:
            named.append(
                holidays.country_holidays(
                    source["country"], subdiv=source.get("subdiv"), years=list(years)
                )
            )
        elif "market" in source:
            named.append(holidays.financial_holidays(source["market"], years=list(years)))
        elif "dates" in source:
            listed.update(date.fromisoformat(day) for day in source["dates"])

    def lookup(day: date) -> str | None:
        names = [entity.get(day) for entity in named]
        found = "; ".join(dict.fromkeys(name for name in names if name))
        return found or ("holiday" if day in listed else None)

    return lookup


class _Reasons:
    """Why a calendar is closed on a local date."""

    def __init__(self, calendar: BusinessCalendar, years: range) -> None:
        self._calendar = calendar
        try:
            data = calendar.to_dict()
        except SlacalcError:  # a custom holiday object: no names, no weekly hours to read
            self._names: NameLookup = lambda _day: None
            self._weekly: BusinessCalendar | None = None
        else:
            self._names = _name_lookup(data, years)
            self._weekly = BusinessCalendar.from_dict(_weekly_only(data))

    def _has_weekly_hours(self, day: date) -> bool:
        if self._weekly is None:
            return day.weekday() < 5
        try:
            return self._weekly.is_business_day(day)
        except SlacalcError:  # never open at all
            return False

    def on(self, day: date) -> str:
        """The reason the calendar is closed during part or all of ``day``."""
        if self._calendar.is_business_day(day):
            return "outside hours"
        if not self._has_weekly_hours(day):  # closed anyway, holiday or not
            return "weekend" if day.weekday() >= 5 else "closed"
        return self._names(day) or "closed"


def _midnight_after(moment: datetime, zone: tzinfo) -> datetime:
    following = moment.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(following, time(0), tzinfo=zone)


def _closures(
    start: datetime, end: datetime, zone: tzinfo, reasons: _Reasons
) -> Iterator[tuple[datetime, datetime, str]]:
    """The closure ``[start, end)`` cut at local midnights, same reasons joined."""
    current: tuple[datetime, datetime, str] | None = None
    cursor = start
    while cursor < end:
        piece_end = min(end, _midnight_after(cursor, zone))
        if piece_end <= cursor:  # a zone whose midnight is skipped: step an hour on
            piece_end = min(end, cursor + timedelta(hours=1))
        reason = reasons.on(cursor.astimezone(zone).date())
        if current is not None and current[2] == reason:
            current = (current[0], piece_end, reason)
        else:
            if current is not None:
                yield current
            current = (cursor, piece_end, reason)
        cursor = piece_end
    if current is not None:
        yield current


def calendar_windows(
    calendar: BusinessCalendar, start: datetime, end: datetime
) -> Iterator[dict[str, Any]]:
    """The open windows of ``calendar`` in ``[start, end)`` and the closures between them.

    Each window is ``{"start", "end", "state": "open"}`` or
    ``{"start", "end", "state": "closed", "reason"}``, with datetimes, in order.

    Example:
        >>> from datetime import UTC
        >>> import slacalc
        >>> calendar = slacalc.default_policy().calendar
        >>> windows = calendar_windows(calendar, datetime(2026, 12, 24, 12, tzinfo=UTC),
        ...                            datetime(2026, 12, 29, 12, tzinfo=UTC))
        >>> [(w["start"].strftime("%a %H:%M"), w["state"], w.get("reason")) for w in windows]
        [('Thu 12:00', 'open', None), ('Thu 18:00', 'closed', 'outside hours'), ('Fri 00:00', 'closed', 'Christmas Day'), ('Sat 00:00', 'closed', 'weekend'), ('Mon 00:00', 'closed', 'Boxing Day (observed)'), ('Tue 00:00', 'closed', 'outside hours'), ('Tue 09:00', 'open', None)]
    """  # noqa: E501
    zone = calendar.zone
    reasons = _Reasons(calendar, range(start.year - 1, end.year + 2))
    cursor = start
    for opened, closed in calendar.open_intervals(start, end):
        for low, high, reason in _closures(cursor, opened, zone, reasons):
            yield {"start": low, "end": high, "state": "closed", "reason": reason}
        yield {"start": opened, "end": closed, "state": "open"}
        cursor = closed
    for low, high, reason in _closures(cursor, end, zone, reasons):
        yield {"start": low, "end": high, "state": "closed", "reason": reason}
