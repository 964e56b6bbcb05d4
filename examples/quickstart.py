"""Response and resolution due times and states on the built-in policy.

The built-in policy is Element Human's Support Services Policy: Mon-Fri
09:00-18:00 GMT, closed on England & Wales bank holidays, one business day
= 9 business hours. ``now`` is passed explicitly so the output never changes.

Run: python examples/quickstart.py   (or: make demo)
"""

from datetime import datetime, timedelta

import slacalc

NOW = "2026-12-29T12:00:00Z"  # Tuesday 29 December 2026, noon GMT


def hours(delta: timedelta) -> str:
    """Format a duration in hours: business time is counted in hours, not days."""
    return f"{delta / timedelta(hours=1):g} h"


def show(moment: datetime | None) -> str:
    """Format a due time as 'Mon 30 Nov 2026 10:00', or say there is none."""
    return "no time target" if moment is None else moment.strftime("%a %d %b %Y %H:%M")


policy = slacalc.default_policy()
print(policy)
print()

# When is the response due? A P1 opened Friday 17:00 has one business hour
# on Friday (17:00-18:00) and one on Monday (09:00-10:00).
print(
    "P1 opened Fri 27 Nov 17:00, response due:",
    show(slacalc.response_due("2026-11-27T17:00:00Z", "P1")),
)
print()

tickets = {
    "Friday-evening P1, answered Mon 09:40": slacalc.Ticket(
        opened_at="2026-11-27T17:00:00Z",
        priority="P1",
        responded_at="2026-11-30T09:40:00Z",
        resolved_at="2026-11-30T14:00:00Z",
    ),
    "P2 opened Christmas Eve 16:00": slacalc.Ticket(
        opened_at="2026-12-24T16:00:00Z",
        priority="major",
        responded_at="2026-12-24T17:15:00Z",
    ),
    "P3 opened Wed 23 Dec 15:00, no reply yet": slacalc.Ticket(
        opened_at="2026-12-23T15:00:00Z", priority=3
    ),
    "P4 cosmetic, opened Fri 18 Dec 11:00": slacalc.Ticket(
        opened_at="2026-12-18T11:00:00Z", priority="cosmetic"
    ),
}

print(f"States at {NOW}:")
for label, ticket in tickets.items():
    report = slacalc.evaluate(ticket, now=NOW)
    print(f"{label}")
    for name, status in (("response", report.response), ("resolution", report.resolution)):
        line = f"  {name:<10} {status.target:<30} due {show(status.due):<22} {status.state.value}"
        if status.remaining is not None and status.state.value == "pending":
            line += f", {hours(status.remaining)} of business time left"
        if status.overdue_by:
            line += f", {hours(status.overdue_by)} late (real time)"
        print(line)
print()

# A contact channel's normal response: 2 business days for email support.
received = "2026-11-27T17:00:00Z"
reply_due = slacalc.channel_response_due(received, "email_support")
print("Email to support Fri 17:00, normal reply due:", show(reply_due))
