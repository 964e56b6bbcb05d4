"""slacalc: service-level-agreement due times and breach status in business time.

Example:
    >>> import slacalc
    >>> due = slacalc.response_due("2026-11-27T17:00:00Z", "P1")  # Friday 17:00, 2 business hours
    >>> due.isoformat()
    '2026-11-30T10:00:00+00:00'
"""

from slacalc._errors import (
    CalendarError,
    InvalidDurationError,
    InvalidTimestampError,
    OutOfRangeError,
    PolicyError,
    SlacalcError,
    UnknownChannelError,
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
from slacalc.policy import (
    Channel,
    Policy,
    Target,
    Tier,
    default_policy,
    dump_policy,
    load_policy,
    policy_json_schema,
)
from slacalc.sla import (
    SlaReport,
    TargetState,
    TargetStatus,
    Ticket,
    evaluate,
    resolution_due,
    resolution_status,
    response_due,
    response_status,
)

__all__ = [
    "BusinessCalendar",
    "CalendarError",
    "Channel",
    "CountryHolidays",
    "CustomHolidays",
    "HolidayDates",
    "HolidaySource",
    "HolidayUnion",
    "InvalidDurationError",
    "InvalidTimestampError",
    "MarketHolidays",
    "OutOfRangeError",
    "Policy",
    "PolicyError",
    "RecurringHours",
    "SlaReport",
    "SlacalcError",
    "Target",
    "TargetState",
    "TargetStatus",
    "Ticket",
    "Tier",
    "TimeRange",
    "UnknownChannelError",
    "UnknownPriorityError",
    "default_policy",
    "dump_policy",
    "evaluate",
    "load_policy",
    "policy_json_schema",
    "resolution_due",
    "resolution_status",
    "response_due",
    "response_status",
]
