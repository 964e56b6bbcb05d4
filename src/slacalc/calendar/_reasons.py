"""Why a calendar is closed on a date: the weekend, a holiday's name, outside its hours.

Built on the calendar's public API (``is_business_day``, ``to_dict``,
``from_dict``) and the ``holidays`` package for names, which is imported
only when a reason is asked for. The reasons of a local date:

- a date with open time of its own: ``outside hours`` (before, between or
  after its hours);
- a date without weekly hours: ``weekend`` (Saturday, Sunday) or ``closed``,
  even when it is also a holiday (it would be closed anyway); ``detail``
  adds the holiday's name (``weekend; Boxing Day``);
- a date a holiday source names: the holiday's name (``Christmas Day``);
  a date of an explicit holiday list: ``holiday``;
- any other closed date (a recurring rule, special hours): ``closed``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any

from slacalc.calendar._calendar import BusinessCalendar
from slacalc.errors import SlacalcError

__all__ = ["ClosureReasons"]

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
    listed: dict[date, str] = {}
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
            given = source["dates"]
            for day in given:
                listed[date.fromisoformat(day)] = (
                    given[day] if isinstance(given, Mapping) else None
                ) or "holiday"

    def lookup(day: date) -> str | None:
        names = [entity.get(day) for entity in named]
        found = "; ".join(dict.fromkeys(name for name in names if name))
        return found or listed.get(day)

    return lookup


class ClosureReasons:
    """Why a calendar is closed on a local date, with the names its holiday sources give."""

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

    def detail(self, day: date) -> str:
        """``on(day)``, followed by the holiday falling that day when it is closed anyway.

        A Saturday that is also Boxing Day is ``"weekend; Boxing Day"``.
        """
        reason = self.on(day)
        if reason in {"weekend", "closed"}:
            name = self._names(day)
            if name:
                return f"{reason}; {name}"
        return reason
