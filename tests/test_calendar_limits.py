"""The engine at its limits: never-open calendars, the ends of the range, far-away answers.

Each test guards a defect that once made a query loop for seconds, walk on to
2200 for data it did not need, or answer off by one at 1900 or 2200. Expected
values are worked out by hand (or with numpy's ``busday_count``), not read
back from the engine.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slacalc import BusinessCalendar, CalendarError, CountryHolidays, OutOfRangeError
from slacalc.calendar import RecurringHours
from slacalc.calendar._compiler import IntersectionCompiler, ScheduleCompiler
from slacalc.calendar._definition import parse_rule, rule_dates_in_year
from slacalc.calendar._reach import _rule_facts, zone_offset_range
from strategies import RULES, narrow_calendars

H = timedelta(hours=1)
NEW_YORK = BusinessCalendar({"mon-fri": "09:00-17:00"}, timezone="America/New_York")
TOKYO = BusinessCalendar({"mon-fri": "09:00-17:00"}, timezone="Asia/Tokyo")
OFFICE = BusinessCalendar({"mon-fri": "09:00-18:00"}, holidays=CountryHolidays("GB", subdiv="ENG"))
SATURDAY_AND_ONE_MONDAY = BusinessCalendar(
    {"sat": "10:00-11:00"}, special_hours={"2026-06-01": "09:00-10:00"}
)
ROUND_THE_CLOCK = BusinessCalendar({"daily": "00:00-24:00"})


def utc(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def cached_years(calendar: BusinessCalendar) -> int:
    return len(calendar._table._years._data)


def open_time_queries(calendar: BusinessCalendar) -> list[Any]:
    """Every query that must find open time, as thunks."""
    t = utc(2026, 6, 1, 12)
    return [
        lambda: calendar.add(t, H),
        lambda: calendar.subtract(t, H),
        lambda: calendar.next_open(t),
        lambda: calendar.next_close(t),
        lambda: calendar.previous_open(t),
        lambda: calendar.previous_close(t),
        lambda: calendar.add_business_days("2026-06-01", 1),
    ]


# -- 1. never-open calendars ---------------------------------------------------------


NEVER_OPEN = {
    "zones_never_overlap": NEW_YORK & TOKYO,
    "disjoint_weekdays": BusinessCalendar({"sat": "09:00-17:00"}) & BusinessCalendar(),
    "daily_closure": BusinessCalendar(
        {"mon-fri": "09:00-17:00"}, recurring=[RecurringHours("FREQ=DAILY", "closed")]
    ),
    "weekday_closure": BusinessCalendar(
        {"mon-fri": "09:00-17:00"},
        recurring=[RecurringHours("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "closed")],
    ),
}


@pytest.mark.parametrize("name", sorted(NEVER_OPEN))
def test_never_open_calendar_raises_calendar_error_instead_of_out_of_range(name: str) -> None:
    calendar = NEVER_OPEN[name]
    for query in open_time_queries(calendar):
        with pytest.raises(CalendarError, match="never open") as raised:
            query()
        assert not isinstance(raised.value, OutOfRangeError)


def test_never_open_intersection_names_its_parts_and_the_fix() -> None:
    with pytest.raises(CalendarError) as raised:
        (NEW_YORK & TOKYO).next_open(utc(2026, 6, 1))
    message = str(raised.value)
    assert "America/New_York" in message
    assert "Asia/Tokyo" in message
    assert "never open at the same time" in message
    assert "make the parts' hours overlap" in message


def test_never_open_calendar_names_its_rules_and_the_fix() -> None:
    with pytest.raises(CalendarError) as raised:
        NEVER_OPEN["daily_closure"].add(utc(2026, 6, 1), H)
    message = str(raised.value)
    assert "FREQ=DAILY" in message
    assert "give it opening hours" in message


def test_never_open_intersection_names_the_part_that_is_never_open() -> None:
    with pytest.raises(CalendarError, match=r"its part BusinessCalendar\(\{\}"):
        (BusinessCalendar() & BusinessCalendar({})).next_open(utc(2026, 6, 1))


@pytest.mark.parametrize("name", sorted(NEVER_OPEN))
def test_never_open_calendar_answers_questions_about_open_time_with_nothing(name: str) -> None:
    calendar = NEVER_OPEN[name]
    assert not calendar.is_open(utc(2026, 6, 1, 14))
    assert calendar.elapsed(utc(1950, 1, 1), utc(2150, 1, 1)) == timedelta(0)
    assert list(calendar.open_intervals(utc(2026, 6, 1), utc(2026, 6, 2))) == []
    assert calendar.business_days_between("2026-01-01", "2027-01-01") == 0
    assert not calendar.is_business_day("2026-06-01")


CAN_OPEN = {
    "special_hours_on_a_weekend": BusinessCalendar(
        {"sat": "09:00-10:00"}, special_hours={"2026-06-02": "09:00-10:00"}
    )
    & BusinessCalendar(),
    "closure_every_other_day": BusinessCalendar(
        recurring=[RecurringHours("FREQ=DAILY;INTERVAL=2", "closed")]
    ),
    "closure_with_a_count": BusinessCalendar(
        recurring=[RecurringHours("FREQ=DAILY;COUNT=10", "closed")]
    ),
    "closure_starting_later": BusinessCalendar(
        recurring=[RecurringHours("DTSTART:20260101\nRRULE:FREQ=DAILY", "closed")]
    ),
    "closure_on_first_mondays": BusinessCalendar(
        {"mon": "09:00-10:00"}, recurring=[RecurringHours("FREQ=MONTHLY;BYDAY=1MO", "closed")]
    ),
    "rule_with_hours_before_the_closure": BusinessCalendar(
        {},
        recurring=[
            RecurringHours("FREQ=MONTHLY;BYMONTHDAY=1", "09:00-10:00"),
            RecurringHours("FREQ=DAILY", "closed"),
        ],
    ),
    "holiday_free_weekday_across_zones": BusinessCalendar(
        {"mon": "09:00-10:00"}, timezone="Pacific/Kiritimati"
    )
    & BusinessCalendar({"sun": "09:00-10:00"}, timezone="Pacific/Honolulu"),
}


@pytest.mark.parametrize("name", sorted(CAN_OPEN))
def test_never_open_check_is_sound_for_calendars_that_can_open(name: str) -> None:
    calendar = CAN_OPEN[name]
    opening = calendar.next_open(utc(2020, 1, 1))
    assert calendar.is_open(opening)


def test_zone_offsets_come_from_the_zone_data() -> None:
    hour = 3_600_000_000
    assert zone_offset_range("Asia/Kathmandu") == (int(5.5 * hour), int(5.75 * hour))
    assert zone_offset_range("UTC") == (0, 0)
    low, high = zone_offset_range("Pacific/Apia") or (0, 0)
    assert low <= -11 * hour
    assert high >= 14 * hour


WEEKDAY_RULES = (
    *RULES,
    "FREQ=DAILY",
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;BYDAY=MO,FR",
    "FREQ=DAILY;BYDAY=SA,SU",
    "FREQ=WEEKLY;INTERVAL=1;WKST=SU;BYDAY=TU",
    "DTSTART:19000102\nRRULE:FREQ=WEEKLY",
    "FREQ=DAILY\nEXDATE:20260601",
    "FREQ=WEEKLY;BYDAY=WE\nRDATE:20260606",
    "FREQ=DAILY;BYMONTH=1",
)


@given(st.sampled_from(WEEKDAY_RULES), st.sampled_from((1900, 1901, 1999, 2026, 2199, 2200)))
def test_rule_weekday_facts_agree_with_the_rule_expansion(rule: str, year: int) -> None:
    facts = _rule_facts(rule)
    matched = rule_dates_in_year(parse_rule(rule), year)
    assert {day.weekday() for day in matched} <= facts.possible
    first = date(year, 1, 1).toordinal()
    for ordinal in range(first, date(year, 12, 31).toordinal() + 1):
        day = date.fromordinal(ordinal)
        if day.weekday() in facts.certain:
            assert day in matched


SAMPLED_DAYS = (
    date(1900, 1, 1),
    date(1945, 8, 13),
    date(2011, 12, 26),
    date(2026, 3, 23),
    date(2026, 10, 19),
    date(2200, 12, 16),
)


def spans_near(calendar: BusinessCalendar, day: date, days: int) -> list[tuple[datetime, datetime]]:
    ordinals = range(day.toordinal(), day.toordinal() + days)
    return [span for o in ordinals for span in calendar.hours_on(date.fromordinal(o))]


@given(narrow_calendars(), narrow_calendars())
def test_intersection_called_never_open_has_no_common_open_time(
    left: BusinessCalendar, right: BusinessCalendar
) -> None:
    both = left & right
    if both._table.can_open:
        return
    for day in SAMPLED_DAYS:
        for start, end in spans_near(left, day + timedelta(days=2), 10):
            for other_start, other_end in spans_near(right, day, 14):
                assert end <= other_start or other_end <= start


# -- 2. the year cache ------------------------------------------------------------------


def test_year_cache_is_not_rebuilt_when_queries_alternate_over_many_years() -> None:
    calendar = BusinessCalendar()
    years = range(1950, 2050)
    first = {year: calendar._table.year_table(year) for year in years}
    for year in years:
        calendar.elapsed(utc(year, 3, 2, 10), utc(year, 3, 3, 10))
    assert all(calendar._table.year_table(year) is first[year] for year in years)


# -- 3. walks that ignore where they may stop ------------------------------------------


def test_intersection_next_close_does_not_walk_to_the_end_of_holiday_data() -> None:
    both = OFFICE & SATURDAY_AND_ONE_MONDAY
    assert both.next_close("2026-06-01T09:30:00Z") == utc(2026, 6, 1, 10)


def test_intersection_next_open_does_not_walk_to_the_end_of_holiday_data() -> None:
    both = OFFICE & SATURDAY_AND_ONE_MONDAY
    assert both.next_open("2026-05-01T00:00:00Z") == utc(2026, 6, 1, 9)


def test_intersection_open_intervals_over_one_day() -> None:
    both = OFFICE & SATURDAY_AND_ONE_MONDAY
    spans = list(both.open_intervals("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z"))
    assert spans == [(utc(2026, 6, 1, 9), utc(2026, 6, 1, 10))]


def test_never_open_intersection_yields_no_open_intervals_over_one_day() -> None:
    spans = (NEW_YORK & TOKYO).open_intervals("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z")
    assert list(spans) == []


ONLY_IN_2200 = BusinessCalendar() & BusinessCalendar(
    {}, special_hours={"2200-12-31": "09:00-10:00"}
)


def test_intersection_skips_years_where_a_part_is_empty_without_compiling_the_others() -> None:
    calendar = BusinessCalendar() & BusinessCalendar(
        {}, special_hours={"2200-12-31": "09:00-10:00"}
    )
    assert not calendar.is_open("2026-06-01T09:30:00Z")
    compiler = calendar._table.compiler
    assert isinstance(compiler, IntersectionCompiler)
    office_part = compiler._parts[0]
    assert office_part._years.get(2026) is None


def test_intersection_open_only_in_2200_is_found_from_2026() -> None:
    assert ONLY_IN_2200.next_open("2026-06-01T00:00:00Z") == utc(2200, 12, 31, 9)
    assert ONLY_IN_2200.previous_close("2200-12-31T12:00:00Z") == utc(2200, 12, 31, 10)
    assert ONLY_IN_2200.add("2026-06-01T00:00:00Z", H) == utc(2200, 12, 31, 10)


def test_schedule_opened_only_by_special_hours_compiles_only_those_dates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calendar = BusinessCalendar({}, special_hours={"2026-06-01": "09:00-10:00"})
    asked: list[int] = []
    owned = ScheduleCompiler.owned

    def counting(self: ScheduleCompiler, ordinal: int, *args: int | None) -> Any:
        asked.append(ordinal)
        return owned(self, ordinal, *args)

    monkeypatch.setattr(ScheduleCompiler, "owned", counting)
    assert calendar.elapsed("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z") == H
    assert asked == [date(2026, 6, 1).toordinal()]
    assert calendar.business_days_between("2026-01-01", "2027-01-01") == 1


def test_round_the_clock_calendar_answers_next_close_without_walking_to_2200() -> None:
    calendar = BusinessCalendar({"daily": "00:00-24:00"})
    with pytest.raises(OutOfRangeError, match="does not close again"):
        calendar.next_close("2026-06-01T09:30:00Z")
    assert cached_years(calendar) <= 1


def test_round_the_clock_calendar_answers_previous_open_without_walking_to_1900() -> None:
    calendar = BusinessCalendar({"daily": "00:00-24:00"}, timezone="Europe/London")
    with pytest.raises(OutOfRangeError, match="open since before 1900"):
        calendar.previous_open("2026-06-01T09:30:00Z")
    with pytest.raises(OutOfRangeError, match="earlier closing time"):
        calendar.previous_close("2026-06-01T09:30:00Z")
    assert cached_years(calendar) <= 1


def test_round_the_clock_calendar_with_a_closure_still_closes() -> None:
    calendar = BusinessCalendar({"daily": "00:00-24:00"}, special_hours={"2026-06-03": "closed"})
    assert calendar.next_close("2026-06-01T09:30:00Z") == utc(2026, 6, 3)
    assert calendar.previous_open("2026-06-05T00:00:00Z") == utc(2026, 6, 4)


# -- 4. the edges of the range ------------------------------------------------------------


def test_business_days_between_backwards_from_the_last_supported_day() -> None:
    # numpy.busday_count("2200-12-31", "2200-12-01") == -22: the weekdays of (1 Dec, 31 Dec].
    assert BusinessCalendar().business_days_between("2200-12-31", "2200-12-01") == -22
    assert BusinessCalendar().business_days_between("2200-12-01", "2200-12-31") == 22


def test_business_days_between_a_date_before_the_range_raises() -> None:
    with pytest.raises(OutOfRangeError, match="1899-12-31"):
        BusinessCalendar().business_days_between("1900-01-01", "1899-12-31")
    with pytest.raises(OutOfRangeError, match="2201-01-01"):
        BusinessCalendar().business_days_between("2200-12-31", "2201-01-01")


def test_intersection_whose_first_part_crosses_the_range_start_works_in_1900() -> None:
    # Tokyo (UTC+9): 08:00-10:00 local on 1 January 1900 is 23:00Z-01:00Z across the start.
    tokyo = BusinessCalendar({"daily": "08:00-10:00"}, timezone="Asia/Tokyo")
    both = tokyo & ROUND_THE_CLOCK
    assert both.business_days_between("1900-01-01", "1901-01-01") == 365
    assert both.hours_on("1900-01-01") == ((utc(1900, 1, 1), utc(1900, 1, 1, 1)),)
    # 00:00-01:00Z on the 1st, 23:00-01:00Z into the 2nd, 23:00-24:00Z on the 2nd.
    assert both.elapsed(utc(1900, 1, 1), utc(1900, 1, 3)) == 4 * H


def test_previous_open_at_the_range_start_is_a_real_opening() -> None:
    # 1900-01-01 is a Monday and Sunday is closed: the calendar opens at the range's start.
    monday_mornings = BusinessCalendar({"mon": "00:00-09:00"})
    assert monday_mornings.previous_open("1900-01-01T05:00:00Z") == utc(1900, 1, 1)


def test_previous_open_raises_when_the_calendar_was_already_open_before_1900() -> None:
    weekend_to_monday = BusinessCalendar({"sun": "12:00-24:00", "mon": "00:00-09:00"})
    with pytest.raises(OutOfRangeError, match="open since before 1900"):
        weekend_to_monday.previous_open("1900-01-01T05:00:00Z")


def test_add_never_returns_the_end_of_the_range() -> None:
    with pytest.raises(OutOfRangeError, match="2201"):
        ROUND_THE_CLOCK.add("2200-12-31T00:00:00Z", 24 * H)
    assert ROUND_THE_CLOCK.add("2200-12-31T00:00:00Z", 23 * H) == utc(2200, 12, 31, 23)


@pytest.mark.parametrize("day", ["1850-01-01", "0001-01-01", "9999-12-31", "1899-12-31"])
def test_hours_on_outside_the_supported_years_raises(day: str) -> None:
    with pytest.raises(OutOfRangeError, match=day):
        BusinessCalendar().hours_on(day)
