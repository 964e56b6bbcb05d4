"""Warnings: when a target is at risk, and when its status will next change.

A policy's ``clock.warnings`` lists fractions of a target's time. A pending
target is "at risk" once it has used the lowest of them; ``warning_level`` is
the highest one reached. ``next_change`` is the next instant at which the
status changes on its own (a threshold reached, or the first instant it is
breached): the time to look at the ticket again.

Here the built-in policy warns at half and at 90% of the time. A P1 opened
Tuesday 10:00 has 2 business hours to respond: half is used at 11:00, 90% at
11:48, and it is breached after 12:00.

Run: python examples/lifecycle_warnings.py
"""

from datetime import datetime

import slacalc


def show(moment: datetime | None) -> str:
    """Format an instant as '11:48:00.000000' on the day, or say there is none."""
    return "never" if moment is None else moment.strftime("%a %H:%M:%S.%f")


data = slacalc.default_policy().to_dict()
policy = slacalc.load_policy({**data, "clock": {"warnings": [0.5, 0.9]}})
ticket = slacalc.Ticket(opened_at="2026-12-01T10:00:00Z", priority="P1")

print("P1 opened Tue 1 Dec 10:00, response target 2 business hours, warnings at 0.5 and 0.9")
for now in ("10:30", "11:00", "11:50", "12:10"):
    report = slacalc.evaluate(ticket, now=f"2026-12-01T{now}:00Z", policy=policy)
    status = report.response
    print(
        f"  at {now}: {status.state:<8} used {status.fraction_used:.2f}"
        f"  at_risk={status.at_risk!s:<5}  level={status.warning_level}"
        f"  next change {show(status.next_change())}"
    )
print()

christmas = slacalc.Ticket(opened_at="2026-12-24T17:00:00Z", priority="P1")
report = slacalc.evaluate(christmas, now="2026-12-24T17:30:00Z")
print("Why a P1 opened on Christmas Eve 17:00 is due when it is:")
print(report.response.explain())
