"""slacalc: service-level-agreement due times and breach status in business time.

Example:
    >>> import slacalc
    >>> due = slacalc.response_due("2026-11-27T17:00:00Z", "P1")  # Friday 17:00, 2 business hours
    >>> due.isoformat()
    '2026-11-30T10:00:00+00:00'
    >>> import importlib.metadata
    >>> slacalc.__version__ == importlib.metadata.version("slacalc")  # the installed release
    True
"""

from typing import TYPE_CHECKING

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
    MissingDependencyError,
    OutOfRangeError,
    PolicyError,
    PolicyTypeError,
    PriorityTypeError,
    Problem,
    ReportError,
    ReportTypeError,
    SlacalcError,
    TicketTypeError,
    TimelineError,
    TimestampTypeError,
    UnknownChannelError,
    UnknownGroupKeyError,
    UnknownPriorityError,
)
from slacalc.policy import (
    Channel,
    ClockRules,
    Policy,
    Target,
    Tier,
    default_policy,
    dump_policy,
    load_policy,
    policy_json_schema,
)
from slacalc.sla import (
    Cycle,
    Event,
    EventType,
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
    "ClockRules",
    "CountryHolidays",
    "CustomHolidays",
    "Cycle",
    "Event",
    "EventType",
    "FrozenInstanceError",
    "HolidayDates",
    "HolidaySource",
    "HolidayUnion",
    "InvalidDurationError",
    "InvalidTicketError",
    "InvalidTimestampError",
    "MarketHolidays",
    "MissingDependencyError",
    "OutOfRangeError",
    "Policy",
    "PolicyError",
    "PolicyTypeError",
    "PriorityTypeError",
    "Problem",
    "RecurringHours",
    "ReportError",
    "ReportTypeError",
    "SlaReport",
    "SlacalcError",
    "Target",
    "TargetState",
    "TargetStatus",
    "Ticket",
    "TicketTypeError",
    "Tier",
    "TimeRange",
    "TimelineError",
    "TimestampTypeError",
    "UnknownChannelError",
    "UnknownGroupKeyError",
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

if TYPE_CHECKING:
    __version__: str
else:  # a catch-all __getattr__ seen by type checkers would hide every misspelt name

    def __getattr__(name: str) -> str:
        """Return ``__version__``, read from the installed package's metadata when asked.

        pyproject.toml holds the one version; reading it here, not at import,
        keeps ``import slacalc`` from scanning the installed distributions.

        Example:
            >>> import importlib.metadata, slacalc
            >>> slacalc.__version__ == importlib.metadata.version("slacalc")
            True
        """
        if name == "__version__":
            from importlib.metadata import version  # noqa: PLC0415 - only when asked

            return version("slacalc")
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
