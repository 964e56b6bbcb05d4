"""SLA evaluation: tickets, the state of their targets, and the functions that compute them.

Example:
    >>> from slacalc.sla import response_due
    >>> response_due("2026-11-27T17:00:00Z", "P1").isoformat()
    '2026-11-30T10:00:00+00:00'
"""

from slacalc._public import publish
from slacalc.sla._evaluate import (
    channel_response_due,
    evaluate,
    resolution_due,
    resolution_status,
    response_due,
    response_status,
)
from slacalc.sla._status import Cycle, SlaReport, TargetState, TargetStatus
from slacalc.sla._ticket import Event, EventType, Ticket

__all__ = [
    "Cycle",
    "Event",
    "EventType",
    "SlaReport",
    "TargetState",
    "TargetStatus",
    "Ticket",
    "channel_response_due",
    "evaluate",
    "resolution_due",
    "resolution_status",
    "response_due",
    "response_status",
]

publish(__name__, __all__, globals())
