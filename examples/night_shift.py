"""Night shifts: hours that cross midnight belong to the date they start on.

Run: python examples/night_shift.py
"""

from datetime import datetime, timedelta

from slacalc import BusinessCalendar, CountryHolidays


def show(moment: datetime) -> str:
    """Format a result as 'Thu 24 Dec 22:00'."""
    return f"{moment:%a %d %b %H:%M}"


# Shifts start 22:00 Monday to Friday and end 06:00 the next morning.
nights = BusinessCalendar(
    {"mon-fri": "22:00-06:00"},
    timezone="Europe/London",
    holidays=CountryHolidays("GB", subdiv="ENG"),
)

# Christmas Day (Fri 25th) and the observed Boxing Day (Mon 28th) are holidays:
# no shift starts on them, but Thursday's shift runs on into Christmas morning.
for day in ["2026-12-24", "2026-12-25", "2026-12-28", "2026-12-29"]:
    spans = [f"{show(start)} -> {show(end)}" for start, end in nights.hours_on(day)]
    print(f"{day}: {', '.join(spans) or 'no shift'}")
print()

print("Open at Christmas 05:00?", nights.is_open("2026-12-25T05:00:00Z"))
print("Christmas a business day?", nights.is_business_day("2026-12-25"))

# 8 h from Thursday 23:00: 7 h until Friday 06:00, then 1 h of Tuesday's shift.
due = nights.add("2026-12-24T23:00:00Z", timedelta(hours=8))
print("Thu 23:00 + 8 h =", show(due))
print()

# Back-to-back shifts with no gap are one open interval: no close at midnight.
around_the_clock = BusinessCalendar({"mon-fri": ["00:00-08:00", "20:00-24:00"]})
for start, end in around_the_clock.open_intervals("2026-11-23T00:00Z", "2026-11-25T12:00Z"):
    print("open", show(start), "->", show(end))
