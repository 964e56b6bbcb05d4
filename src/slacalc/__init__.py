"""slacalc: service-level-agreement due times and breach status in business time.

Example:
    >>> import slacalc
    >>> due = slacalc.response_due("2026-11-27T17:00:00Z", "P1")  # Friday 17:00, 2 business hours
    >>> due.isoformat()
    '2026-11-30T10:00:00+00:00'
"""

from slacalc.calendar import (
    BusinessCalendar,
    CountryHolidays,
    CustomHolidays,
    HolidayDates,
    HolidaySource,
    HolidayUnion,
    MarketHolidays,
    RecurringHours,
    TimeRange,
)
from slacalc.errors import (
    CalendarError,
    FrozenInstanceError,
    InvalidDurationError,
    InvalidTicketError,
    InvalidTimestampError,
    OutOfRangeError,
    PolicyError,
    PolicyTypeError,
    PriorityTypeError,
    Problem,
    SlacalcError,
    TicketTypeError,
    TimestampTypeError,
    UnknownChannelError,
    UnknownPriorityError,
)
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
    channel_response_due,
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
    "FrozenInstanceError",
    "HolidayDates",
    "HolidaySource",
    "HolidayUnion",
    "InvalidDurationError",
    "InvalidTicketError",
    "InvalidTimestampError",
    "MarketHolidays",
    "OutOfRangeError",
    "Policy",
    "PolicyError",
    "PolicyTypeError",
    "PriorityTypeError",
    "Problem",
    "RecurringHours",
    "SlaReport",
    "SlacalcError",
    "Target",
    "TargetState",
    "TargetStatus",
    "Ticket",
    "TicketTypeError",
    "Tier",
    "TimeRange",
    "TimestampTypeError",
    "UnknownChannelError",
    "UnknownPriorityError",
    "channel_response_due",
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
