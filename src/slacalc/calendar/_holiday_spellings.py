"""Every spelling of ``holidays=``: sources, file descriptions, dates, lists of them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import holidays as holidays_package

from slacalc.calendar._holidays import (
    CountryHolidays,
    CustomHolidays,
    HolidayDates,
    HolidaySource,
    HolidayUnion,
    MarketHolidays,
    union_of,
)
from slacalc.errors import CalendarError

__all__ = ["holidays_from_data", "to_holiday_source"]


def holidays_from_data(item: Mapping[str, Any]) -> HolidaySource:
    """Build one source from its file description (``{"country": "GB", "subdiv": "ENG"}``)."""
    keys = set(item)
    if keys <= {"country", "subdiv"} and "country" in keys:
        return CountryHolidays(item["country"], subdiv=item.get("subdiv"))
    if keys == {"market"}:
        return MarketHolidays(item["market"])
    if keys == {"dates"}:
        return HolidayDates(item["dates"])
    raise CalendarError(
        f"a holiday source needs exactly one of 'country' (with optional 'subdiv'), "
        f"'market' or 'dates'; got {dict(item)!r}"
    )


def to_holiday_source(value: Any) -> HolidaySource | None:
    """Accept every supported spelling of ``holidays=`` and return one normalised source.

    ``None`` (or nothing at all) means no holidays; dicts are file
    descriptions; a list, tuple or set is the union of its items, where dates
    and ISO date strings are explicit dates; equal settings give equal sources.

    Raises:
        CalendarError: a value that is none of these, such as a bare string.

    Example:
        >>> to_holiday_source(["2026-12-24", {"country": "GB", "subdiv": "ENG"}])
        HolidayUnion(HolidayDates(['2026-12-24']), CountryHolidays(country='GB', subdiv='ENG'))
    """
    if value is None:
        return None
    if isinstance(value, str | bytes):
        raise CalendarError(
            f"holidays is the string {value!r}; give a list of dates such as ['2026-12-25'], "
            "CountryHolidays('GB', subdiv='ENG') (in a file: [{'country': 'GB', 'subdiv': "
            "'ENG'}]), MarketHolidays('NYSE') or HolidayDates([...])"
        )
    if isinstance(value, HolidayUnion | HolidayDates | list | tuple | set | frozenset):
        return union_of(_sources_in(value))
    return _one_source(value)


def _sources_in(value: Any) -> list[HolidaySource]:
    """The sources of a union or (possibly nested) list, without recursion."""
    found: list[HolidaySource] = []
    dates: list[date | str] = []
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, list | tuple | set | frozenset):
            pending.extend(reversed(list(item)) if isinstance(item, list | tuple) else item)
        elif isinstance(item, date | str):
            dates.append(item)
        elif isinstance(item, HolidayUnion | HolidayDates):
            found.append(item)
        elif item is not None:
            source = _one_source(item)
            if source is not None:
                found.append(source)
    if dates:
        found.append(HolidayDates(dates))
    return found


def _one_source(value: Any) -> HolidaySource | None:
    if isinstance(value, CountryHolidays | MarketHolidays | CustomHolidays):
        return value
    if isinstance(value, holidays_package.HolidayBase):
        # A holidays-package object is a dict that fills itself as years are asked
        # for (and is empty at first): read it as a custom object, under the lock.
        return CustomHolidays(value)
    if isinstance(value, Mapping) and all(isinstance(key, str) for key in value):
        return holidays_from_data(value)
    if isinstance(value, HolidaySource) and not isinstance(value, type):
        return value
    if hasattr(value, "__contains__") and not isinstance(value, str | bytes):
        return CustomHolidays(value)
    raise CalendarError(
        f"holidays must be CountryHolidays, MarketHolidays, HolidayDates, a list of them or of "
        f"dates, or an object answering 'date in obj'; got {type(value).__name__} {value!r}"
    )
