"""Reopening: a ticket resolved on Christmas Eve and reopened after the holidays.

A P1 (4 business hours to resolve) opened Thursday 24 December 2026 16:00 is
resolved at 17:00 and reopened on Tuesday 29 December at 10:00, after the
Christmas closure. The policy's ``clock.reopen`` decides the second cycle:

- ``continue`` (the default): the hour of the first cycle still counts (the
  time it spent resolved does not), so 3 hours are left from Tuesday 10:00.
- ``new_cycle``: the reopening starts a fresh 4 hours.

The report lists every resolution cycle and counts the earlier ones that
breached.

Run: python examples/lifecycle_reopening.py
"""

from datetime import datetime

import slacalc


def show(moment: datetime | None) -> str:
    """Format an instant as 'Tue 29 Dec 2026 13:00', or say there is none."""
    return "-" if moment is None else moment.strftime("%a %d %b %Y %H:%M")


ticket = slacalc.Ticket(
    opened_at="2026-12-24T16:00:00Z",
    priority="P1",
    responded_at="2026-12-24T16:10:00Z",
    events=[
        {"type": "resolved", "at": "2026-12-24T17:00:00Z"},
        {"type": "reopened", "at": "2026-12-29T10:00:00Z"},
    ],
)
NOW = "2026-12-29T12:00:00Z"

print("P1 opened Thu 24 Dec 16:00, resolved 17:00, reopened Tue 29 Dec 10:00; seen Tue 12:00")
data = slacalc.default_policy().to_dict()
for rule in ("continue", "new_cycle"):
    policy = slacalc.load_policy({**data, "clock": {"reopen": rule}})
    report = slacalc.evaluate(ticket, now=NOW, policy=policy)
    print(f"reopen = {rule!r}: {report.breached_cycles} earlier cycle(s) breached")
    for cycle in report.cycles:
        print(
            f"  cycle {cycle.number}: {show(cycle.start)} to {show(cycle.end):<22}"
            f" due {show(cycle.due)}  {cycle.state}"
        )
