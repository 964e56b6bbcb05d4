"""Business days: local dates with open time of their own.

Run: python examples/business_days.py

add_business_days follows numpy's busday_offset(..., roll="forward");
business_days_between counts the business days in [start, end), like busday_count.
"""

from datetime import date

from slacalc import BusinessCalendar, CountryHolidays

cal = BusinessCalendar(timezone="Europe/London", holidays=CountryHolidays("GB", subdiv="ENG"))


def label(day: date | str) -> str:
    """Format a date as 'Fri 27 Nov'."""
    return f"{date.fromisoformat(str(day)):%a %d %b}"


for day in ["2026-11-27", "2026-11-28", "2026-12-25"]:
    print(f"{label(day)}: business day? {cal.is_business_day(day)}")
print()

# A date that is not a business day first rolls forward to one, then moves n.
cases = [
    ("2026-11-27", 1),  # Friday + 1 = Monday
    ("2026-11-28", 0),  # Saturday + 0 = Monday (rolled forward)
    ("2026-11-28", 1),  # Saturday + 1 = Tuesday
    ("2026-11-28", -1),  # Saturday - 1 = Friday (rolled to Monday, then back)
    ("2026-12-24", 1),  # Christmas Eve + 1 skips Christmas, weekend, Boxing Day
]
for day, n in cases:
    print(f"add_business_days({label(day)}, {n:+d}) = {label(cal.add_business_days(day, n))}")
print()

# Counts business days in [start, end): the start counts, the end does not.
spans = [
    ("2026-11-23", "2026-11-30"),  # Monday to next Monday: 5
    ("2026-11-30", "2026-11-23"),  # reversed: negative, -5
    ("2026-12-21", "2027-01-04"),  # two weeks over Christmas: 10 - 3 holidays
    ("2026-11-27", "2026-11-27"),  # an empty range: 0
]
for start, end in spans:
    count = cal.business_days_between(start, end)
    print(f"business_days_between({label(start)}, {label(end)}) = {count}")
