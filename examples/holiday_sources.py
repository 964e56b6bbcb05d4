"""Holiday sources: a country, a market, explicit dates, unions and your own object.

Run: python examples/holiday_sources.py (not holidays.py: that would shadow the package).
"""

from datetime import date, timedelta

from slacalc import BusinessCalendar, CalendarError, CountryHolidays, HolidayDates, MarketHolidays

england = CountryHolidays("GB", subdiv="ENG")  # bank holidays of England and Wales
nyse = MarketHolidays("NYSE")  # New York Stock Exchange closing days
office_party = HolidayDates(["2026-12-24"])  # explicit dates: date objects or ISO strings

london = BusinessCalendar(timezone="Europe/London", holidays=england)
new_york = BusinessCalendar({"mon-fri": "09:30-16:00"}, timezone="America/New_York", holidays=nyse)
# a | b (or a list of sources and dates) is closed on a holiday of either.
london_party = BusinessCalendar(timezone="Europe/London", holidays=england | office_party)


class SecondFridayOff:
    """Any object answering `date in obj` works as a holiday source."""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day.weekday() == 4 and 8 <= day.day <= 14

    def __repr__(self) -> str:
        return "SecondFridayOff()"


# A list is a union too, and may mix sources, dates and custom objects.
custom = BusinessCalendar(timezone="Europe/London", holidays=[england, SecondFridayOff()])

calendars = {"GB-ENG": london, "NYSE": new_york, "GB+24th": london_party, "GB+2nd": custom}
print("date        " + "".join(f"{name:>9}" for name in calendars))
for day in ["2026-11-13", "2026-11-26", "2026-12-24", "2026-12-25", "2026-12-28"]:
    weekday = date.fromisoformat(day).strftime("%a")
    cells = ["open" if cal.is_business_day(day) else "closed" for cal in calendars.values()]
    print(f"{day} {weekday}" + "".join(f"{cell:>9}" for cell in cells))
print()

# Two hours from 17:00 on Christmas Eve skip Christmas and the observed Boxing Day.
due = london.add("2026-12-24T17:00:00Z", timedelta(hours=2))
print("London, Christmas Eve 17:00 + 2 h =", due.strftime("%a %d %b %H:%M %Z"))

# Sources built from data can be written to a file; a custom object cannot.
print("to_dict():", london_party.to_dict()["holidays"])
try:
    custom.to_dict()
except CalendarError as error:
    print("CalendarError:", error)
