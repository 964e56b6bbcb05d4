"""The business-calendar engine: opening hours, holidays and time zones (no SLAs).

Example:
    >>> from datetime import timedelta
    >>> from slacalc.calendar import BusinessCalendar
    >>> BusinessCalendar().add("2026-11-27T17:00:00Z", timedelta(hours=2)).isoformat()
    '2026-11-30T10:00:00+00:00'
"""

from slacalc._public import publish
from slacalc.calendar._calendar import BusinessCalendar
from slacalc.calendar._definition import RecurringHours
from slacalc.calendar._holidays import (
    CountryHolidays,
    CustomHolidays,
    HolidayDates,
    HolidaySource,
    HolidayUnion,
    MarketHolidays,
)
from slacalc.calendar._hours import TimeRange

__all__ = [
    "BusinessCalendar",
    "CountryHolidays",
    "CustomHolidays",
    "HolidayDates",
    "HolidaySource",
    "HolidayUnion",
    "MarketHolidays",
    "RecurringHours",
    "TimeRange",
]

publish(__name__, __all__, globals())
