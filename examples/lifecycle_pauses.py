"""Pauses: a ticket waiting on the customer stops its resolution clock.

On the built-in policy (Mon-Fri 09:00-18:00 GMT) a pause stops the resolution
target, not the response. A P1 opened Friday 15:00 has 4 business hours to be
resolved: due Monday 10:00. Paused from Friday 17:30 to Monday 09:30, it loses
one business hour of open time (Fri 17:30-18:00 and Mon 09:00-09:30), so the
resolution moves to Monday 11:00. A ticket that is still paused is due as if it
resumed now, so it cannot breach while it waits.

Run: python examples/lifecycle_pauses.py
"""

from datetime import datetime, timedelta

import slacalc


def show(moment: datetime | None) -> str:
    """Format an instant as 'Mon 30 Nov 2026 11:00', or say there is none."""
    return "none" if moment is None else moment.strftime("%a %d %b %Y %H:%M")


def hours(delta: timedelta) -> str:
    """Format business time in hours."""
    return f"{delta / timedelta(hours=1):g} h"


OPENED = "2026-11-27T15:00:00Z"  # Friday 27 November 2026, 15:00 GMT
ANSWERED = "2026-11-27T15:30:00Z"
PAUSED = {"type": "paused", "at": "2026-11-27T17:30:00Z"}
RESUMED = {"type": "resumed", "at": "2026-11-30T09:30:00Z"}

plain = slacalc.Ticket(opened_at=OPENED, priority="P1", responded_at=ANSWERED)
paused_weekend = slacalc.Ticket(
    opened_at=OPENED, priority="P1", responded_at=ANSWERED, events=[PAUSED, RESUMED]
)
still_paused = slacalc.Ticket(
    opened_at=OPENED, priority="P1", responded_at=ANSWERED, events=[PAUSED]
)

print("P1 opened Fri 27 Nov 15:00, answered 15:30; resolution target 4 business hours")
report = slacalc.evaluate(plain, now="2026-11-30T10:00:00Z")
print(f"  no pause:                     due {show(report.resolution.due)}")
report = slacalc.evaluate(paused_weekend, now="2026-11-30T10:00:00Z")
print(f"  paused Fri 17:30 - Mon 09:30: due {show(report.resolution.due)}")
print(
    f"  at Mon 10:00: {hours(report.resolution.elapsed)} counted, state {report.resolution.state}"
)
print()

print("Paused Fri 17:30 and not resumed (2.5 h counted, 1.5 h left):")
for now in ("2026-11-30T12:00:00Z", "2026-12-01T12:00:00Z"):
    status = slacalc.evaluate(still_paused, now=now).resolution
    moment = datetime.fromisoformat(now)
    print(
        f"  at {show(moment)}: {status.state}, due {show(status.due)} "
        f"(as if resumed now), paused={status.paused}"
    )
