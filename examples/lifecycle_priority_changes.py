"""Priority changes: what happens to the clock when a ticket is raised from P3 to P1.

A P3 opened Tuesday 10:00 is raised to P1 at 13:00, after three business
hours. The policy's ``clock.priority_change`` decides what the three hours mean:

- ``keep`` (the default): they stay counted, against P1's targets. P1's
  response allowance (2 business hours) ran out at 12:00, so the response is
  breached at once; the resolution is due 4 business hours after opening.
- ``restart``: P1's targets are counted from the change at 13:00.
- ``retroactive``: the hours are re-measured as if the ticket had always been
  P1. On the built-in policy every tier counts on the same calendar, so this
  is ``keep``; it differs when the new tier has a calendar of its own, as in
  the second part (a P1 resolved round the clock).

Run: python examples/lifecycle_priority_changes.py
"""

from datetime import datetime

import slacalc


def show(moment: datetime | None) -> str:
    """Format an instant as 'Tue 01 Dec 2026 14:00', or say there is none."""
    return "none" if moment is None else moment.strftime("%a %d %b %Y %H:%M")


def with_rule(data: dict[str, object], rule: str) -> slacalc.Policy:
    """The policy ``data`` with ``clock.priority_change`` set to ``rule``."""
    return slacalc.load_policy({**data, "clock": {"priority_change": rule}})


raised = slacalc.Ticket(
    opened_at="2026-12-01T10:00:00Z",
    priority="P3",
    events=[{"type": "priority_changed", "at": "2026-12-01T13:00:00Z", "to": "P1"}],
)
print("P3 opened Tue 1 Dec 10:00, raised to P1 at 13:00 (built-in policy), seen at 13:00:")
built_in = slacalc.default_policy().to_dict()
for rule in ("keep", "restart", "retroactive"):
    report = slacalc.evaluate(raised, now="2026-12-01T13:00:00Z", policy=with_rule(built_in, rule))
    print(
        f"  {rule:<11} response {report.response.state:<8} due {show(report.response.due)};"
        f"  resolution {report.resolution.state} due {show(report.resolution.due)}"
    )
print()

desk: dict[str, object] = {
    "name": "Desk",
    "version": "1",
    "calendar": {"timezone": "UTC", "hours": {"mon-fri": "09:00-17:00"}},
    "tiers": [
        {
            "priority": 1,
            "key": "P1",
            "name": "Urgent",
            "response": "1 business hour",
            "resolution": {
                "amount": 8,
                "unit": "business_hours",
                "calendar": {"timezone": "UTC", "hours": {"daily": "00:00-24:00"}},
            },
        },
        {
            "priority": 2,
            "key": "P2",
            "name": "Normal",
            "response": "4 business hours",
            "resolution": "8 business hours",
        },
    ],
}
late = slacalc.Ticket(
    opened_at="2026-11-27T15:00:00Z",
    priority="P2",
    events=[{"type": "priority_changed", "at": "2026-11-30T09:00:00Z", "to": "P1"}],
)
print("Desk (Mon-Fri 09:00-17:00; P1 resolved in 8 hours round the clock):")
print("P2 opened Fri 27 Nov 15:00, raised to P1 Mon 30 Nov 09:00, seen at 09:00:")
for rule in ("keep", "restart", "retroactive"):
    status = slacalc.evaluate(late, now="2026-11-30T09:00:00Z", policy=with_rule(desk, rule))
    print(f"  {rule:<11} resolution {status.resolution.state:<8} due {show(status.resolution.due)}")
