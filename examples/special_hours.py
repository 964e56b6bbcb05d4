"""Special hours for single dates, and recurring rules, with their precedence.

Run: python examples/special_hours.py

Per local date: special hours > holiday (closed) > recurring rule > weekly hours.
"""

from datetime import timedelta

from slacalc import BusinessCalendar, CountryHolidays, RecurringHours

cal = BusinessCalendar(
    {"mon-fri": "09:00-17:30"},
    timezone="Europe/London",
    holidays=CountryHolidays("GB", subdiv="ENG"),
    special_hours={
        "2026-12-24": "09:00-13:00",  # Christmas Eve: a half day
        "2026-06-06": "10:00-16:00",  # a Saturday opened for a release
        "2026-12-31": "closed",  # a one-off closure
    },
    # The first Monday of every month opens late, after the team meeting.
    recurring=[RecurringHours("FREQ=MONTHLY;BYDAY=1MO", "11:00-17:30")],
)

days = {
    "2026-06-05": "an ordinary Friday",
    "2026-06-06": "Saturday opened for a release",
    "2026-06-01": "first Monday of June (rule)",
    "2026-05-04": "first Monday of May, a bank holiday",
    "2026-12-24": "Christmas Eve (special hours)",
    "2026-12-31": "New Year's Eve (special: closed)",
}
for day, label in days.items():
    spans = ", ".join(f"{s:%H:%M}-{e:%H:%M}" for s, e in cal.hours_on(day)) or "closed"
    print(f"{day} {label:<36} {spans}")
print()

# A four-hour task started on Christmas Eve morning finishes after Christmas.
due = cal.add("2026-12-24T11:00:00Z", timedelta(hours=4))
print("Christmas Eve 11:00 + 4 h =", f"{due:%a %d %b %H:%M %Z}")
print("Special hours in to_dict():", cal.to_dict()["special_hours"])
