"""Opening hours, adding business time, and the closing-time rule.

Run: python examples/calendar_basics.py
"""

from datetime import datetime, timedelta

from slacalc import BusinessCalendar


def show(moment: datetime) -> str:
    """Format a result as 'Fri 27 Nov 2026 18:00 GMT'."""
    return moment.strftime("%a %d %b %Y %H:%M %Z")


# Weekdays 09:00-18:00 and Saturday mornings, on fixed GMT (no daylight saving).
cal = BusinessCalendar({"mon-fri": "09:00-18:00", "sat": "10:00-13:00"}, timezone="GMT")
print(cal)
print()

friday_5pm, friday_6pm = "2026-11-27T17:00:00Z", "2026-11-27T18:00:00Z"
print("Open at Friday 17:00?      ", cal.is_open(friday_5pm))
print("Open at Friday 18:00?      ", cal.is_open(friday_6pm), "(intervals are [open, close))")
print("Next open after Fri 18:00: ", show(cal.next_open(friday_6pm)))
print("Next close after Fri 17:00:", show(cal.next_close(friday_5pm)))
print()

# add() returns the earliest instant at which the duration has been used up,
# so one hour from 17:00 ends at the 18:00 close, not at Saturday's opening.
for hours in (1, 2, 4, 5):
    due = cal.add(friday_5pm, timedelta(hours=hours))
    print(f"Friday 17:00 + {hours} h business time = {show(due)}")
print()

# subtract() is the mirror image: used up exactly at an opening, it returns
# that opening (Monday 09:00), not the previous close (Saturday 13:00).
print("Monday 10:00 - 1 h =", show(cal.subtract("2026-11-30T10:00:00Z", timedelta(hours=1))))
print()

# elapsed() counts open time only: Fri 17-18, Sat 10-13, Mon 09-10.
spent = cal.elapsed(friday_5pm, "2026-11-30T10:00:00Z")
print("Open time from Friday 17:00 to Monday 10:00:", spent)
for start, end in cal.open_intervals(friday_5pm, "2026-11-30T10:00:00Z"):
    print("  open", show(start), "->", end.strftime("%H:%M"))
