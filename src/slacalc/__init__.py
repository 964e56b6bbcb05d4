"""slacalc: service-level-agreement due times and breach status in business time.

Example:
    >>> from datetime import timedelta
    >>> import slacalc
    >>> cal = slacalc.BusinessCalendar({"mon-fri": "09:00-18:00"})
    >>> cal.add("2026-11-27T17:00:00Z", timedelta(hours=2)).isoformat()
    '2026-11-30T10:00:00+00:00'
"""

from slacalc._errors import (
    CalendarError,
    InvalidDurationError,
    InvalidTimestampError,
    OutOfRangeError,
    PolicyError,
    SlacalcError,
    UnknownPriorityError,
)
from slacalc._holidays import (
    CountryHolidays,
    CustomHolidays,
    HolidayDates,
    HolidaySource,
    HolidayUnion,
    MarketHolidays,
)
from slacalc._hours import TimeRange
from slacalc.calendar import BusinessCalendar, RecurringHours

__all__ = [
    "BusinessCalendar",
    "CalendarError",
    "CountryHolidays",
    "CustomHolidays",
    "HolidayDates",
    "HolidaySource",
    "HolidayUnion",
    "InvalidDurationError",
    "InvalidTimestampError",
    "MarketHolidays",
    "OutOfRangeError",
    "PolicyError",
    "RecurringHours",
    "SlacalcError",
    "TimeRange",
    "UnknownPriorityError",
]
