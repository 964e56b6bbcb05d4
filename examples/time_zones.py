"""Hours are local wall-clock times; business time is real elapsed time.

Run: python examples/time_zones.py
"""

from datetime import UTC, datetime, timedelta

from slacalc import BusinessCalendar


def show(moment: datetime) -> str:
    """Format a result in its own zone and in UTC."""
    return f"{moment:%a %d %b %H:%M %Z} ({moment.astimezone(UTC):%H:%MZ})"


# Europe/London moves from GMT to BST at 01:00 GMT on Sunday 2026-03-29.
london = BusinessCalendar({"daily": "08:00-20:00"}, timezone="Europe/London")
for day in ["2026-03-28", "2026-03-29"]:
    ((opens, closes),) = london.hours_on(day)
    print(f"London {day}: {show(opens)} -> {show(closes)}")
due = london.add("2026-03-28T19:00:00Z", timedelta(hours=2))
print("London Sat 19:00 GMT + 2 h =", show(due))

# "00:00-24:00" is a whole local day, and that Sunday has only 23 hours.
always = BusinessCalendar({"daily": "00:00-24:00"}, timezone="Europe/London")
print("Open time on 2026-03-29:", always.elapsed("2026-03-29T00:00Z", "2026-03-30T00:00+01:00"))

# "GMT" is fixed UTC+0 all year: in summer its 08:00 is 09:00 in London.
gmt = BusinessCalendar({"daily": "08:00-20:00"}, timezone="GMT")
print("GMT calendar opens 1 July:   ", show(gmt.next_open("2026-07-01T00:00Z")))
print("London calendar opens 1 July:", show(london.next_open("2026-07-01T00:00Z")))
print()

# Inputs may use any offset; results come back in the calendar's zone.
new_york = BusinessCalendar({"mon-fri": "09:00-17:00"}, timezone="America/New_York")
due = new_york.add("2026-11-27T20:30:00+00:00", timedelta(hours=2))
print("New York, Fri 15:30 EST + 2 h =", show(due))
print()

# A London customer served by a New York team: open only when both are open.
# US clocks go forward on 8 March, UK clocks on 29 March.
customer = BusinessCalendar({"mon-fri": "09:00-17:30"}, timezone="Europe/London")
both = customer & new_york
for day in ["2026-03-02", "2026-03-16", "2026-03-30"]:
    for opens, closes in both.hours_on(day):
        print(f"Both open {day}: {show(opens)} -> {show(closes)}")
