"""Behaviour of BusinessCalendar, one rule per test, with the traps of the field.

Expected values are worked out by hand in the comments; the differential
tests check the same operations against the brute-force reference.
"""

from __future__ import annotations

import pickle
import threading
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as holidays_package
import pytest
from pydantic import BaseModel

from slacalc import (
    BusinessCalendar,
    CalendarError,
    CountryHolidays,
    HolidayDates,
    InvalidDurationError,
    InvalidTimestampError,
    MarketHolidays,
    OutOfRangeError,
    RecurringHours,
    SlacalcError,
    TimeRange,
)

LONDON = ZoneInfo("Europe/London")
ENGLAND = CountryHolidays("GB", subdiv="ENG")
OFFICE = BusinessCalendar({"mon-fri": "09:00-18:00"}, holidays=ENGLAND)
H = timedelta(hours=1)


def utc(  # noqa: PLR0917 - spelled like datetime(...)
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    microsecond: int = 0,
) -> datetime:
    return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=UTC)


# -- half-open intervals and the closing-time rule ----------------------------


def test_calendar_is_open_at_opening_and_closed_at_closing() -> None:
    assert OFFICE.is_open(utc(2026, 11, 27, 9))
    assert not OFFICE.is_open(utc(2026, 11, 27, 18))
    assert OFFICE.is_open(utc(2026, 11, 27, 17, 59, 59, 999999))


def test_target_ending_at_close_is_due_at_close() -> None:
    # Friday 17:00 + 1 business hour uses up the last hour: Friday 18:00, not Monday 09:00.
    assert OFFICE.add(utc(2026, 11, 27, 17), H) == utc(2026, 11, 27, 18)


def test_adding_past_the_close_continues_at_the_next_opening() -> None:
    # Friday 17:00 + 2 h: one hour on Friday, one from Monday 09:00 -> Monday 10:00.
    assert OFFICE.add(utc(2026, 11, 27, 17), 2 * H) == utc(2026, 11, 30, 10)


def test_adding_zero_returns_the_start_even_when_closed() -> None:
    saturday = utc(2026, 11, 28, 12)
    assert OFFICE.add(saturday, timedelta(0)) == saturday
    assert OFFICE.subtract(saturday, timedelta(0)) == saturday


def test_subtracting_to_an_opening_returns_the_opening() -> None:
    # Monday 10:00 - 1 h = Monday 09:00 (the latest instant with 1 h of open time until 10:00).
    assert OFFICE.subtract(utc(2026, 11, 30, 10), H) == utc(2026, 11, 30, 9)
    # Monday 10:00 - 2 h: Monday gives 1 h, Friday 17:00-18:00 the other.
    assert OFFICE.subtract(utc(2026, 11, 30, 10), 2 * H) == utc(2026, 11, 27, 17)


def test_adding_from_a_closed_instant_starts_at_the_next_opening() -> None:
    # Saturday noon + 30 min -> Monday 09:30.
    assert OFFICE.add(utc(2026, 11, 28, 12), H / 2) == utc(2026, 11, 30, 9, 30)


def test_results_are_exact_to_the_microsecond() -> None:
    start = utc(2026, 11, 27, 17, 59, 59, 999_999)
    assert OFFICE.add(start, timedelta(microseconds=2)) == utc(2026, 11, 30, 9, 0, 0, 1)
    assert OFFICE.elapsed(start, utc(2026, 11, 30, 9, 0, 0, 1)) == timedelta(microseconds=2)


def test_elapsed_is_zero_for_an_empty_or_reversed_range() -> None:
    assert OFFICE.elapsed(utc(2026, 11, 27, 12), utc(2026, 11, 27, 12)) == timedelta(0)
    assert OFFICE.elapsed(utc(2026, 11, 27, 12), utc(2026, 11, 27, 10)) == timedelta(0)


def test_cost_of_a_long_duration_crosses_years_exactly() -> None:
    # 2,000 business days of 9 h from Monday 2026-01-05 09:00, checked by counting business days.
    start = utc(2026, 1, 5, 9)
    due = OFFICE.add(start, 2000 * 9 * H)
    assert due.time() == time(18)  # the 2,000th day's close
    days = OFFICE.business_days_between(date(2026, 1, 5), due.date() + timedelta(days=1))
    assert days == 2000
    assert OFFICE.elapsed(start, due) == 2000 * 9 * H


# -- next/previous open and close ---------------------------------------------


def test_next_open_is_the_instant_itself_when_open() -> None:
    assert OFFICE.next_open(utc(2026, 11, 27, 12)) == utc(2026, 11, 27, 12)


def test_next_open_at_the_close_is_the_next_opening() -> None:
    assert OFFICE.next_open(utc(2026, 11, 27, 18)) == utc(2026, 11, 30, 9)


def test_next_close_at_a_close_is_the_next_interval_close() -> None:
    assert OFFICE.next_close(utc(2026, 11, 27, 18)) == utc(2026, 11, 30, 18)
    assert OFFICE.next_close(utc(2026, 11, 27, 17)) == utc(2026, 11, 27, 18)


def test_previous_open_and_close() -> None:
    assert OFFICE.previous_open(utc(2026, 11, 27, 9)) == utc(2026, 11, 27, 9)
    assert OFFICE.previous_open(utc(2026, 11, 28, 9)) == utc(2026, 11, 27, 9)
    assert OFFICE.previous_close(utc(2026, 11, 27, 18)) == utc(2026, 11, 27, 18)
    assert OFFICE.previous_close(utc(2026, 11, 27, 17)) == utc(2026, 11, 26, 18)


def test_touching_intervals_of_two_dates_do_not_close_at_midnight() -> None:
    cal = BusinessCalendar({"mon": "22:00-24:00", "tue": "00:00-06:00"})
    monday_night = utc(2026, 11, 30, 23)
    assert cal.next_close(monday_night) == utc(2026, 12, 1, 6)
    assert cal.previous_open(utc(2026, 12, 1, 5)) == utc(2026, 11, 30, 22)
    spans = list(cal.open_intervals(utc(2026, 11, 30), utc(2026, 12, 2)))
    assert spans == [(utc(2026, 11, 30, 22), utc(2026, 12, 1, 6))]


def test_round_the_clock_calendar_is_one_interval_across_new_year() -> None:
    always = BusinessCalendar({"daily": "00:00-24:00"})
    spans = list(always.open_intervals(utc(2026, 12, 31, 12), utc(2027, 1, 1, 12)))
    assert spans == [(utc(2026, 12, 31, 12), utc(2027, 1, 1, 12))]
    assert always.add(utc(2026, 12, 31, 12), 24 * H) == utc(2027, 1, 1, 12)


def test_open_intervals_are_clipped_to_the_range() -> None:
    spans = list(OFFICE.open_intervals(utc(2026, 11, 27, 12), utc(2026, 11, 30, 10)))
    assert spans == [
        (utc(2026, 11, 27, 12), utc(2026, 11, 27, 18)),
        (utc(2026, 11, 30, 9), utc(2026, 11, 30, 10)),
    ]


# -- holidays ------------------------------------------------------------------


def test_bank_holidays_are_closed() -> None:
    # Christmas 2026: Fri 25 and Mon 28 (Boxing Day observed) are closed.
    # Thu 24 17:00 + 2 h -> 1 h on Thursday, then Tuesday 29 09:00 + 1 h.
    assert OFFICE.add(utc(2026, 12, 24, 17), 2 * H) == utc(2026, 12, 29, 10)


def test_holidays_are_read_in_the_calendar_zone() -> None:
    # Auckland, open every day 09:00-17:00 NZDT (UTC+13), closed on Christmas Day.
    cal = BusinessCalendar(
        {"daily": "09:00-17:00"}, timezone="Pacific/Auckland", holidays=["2026-12-25"]
    )
    # 2026-12-24T21:00Z is 10:00 on the 25th in Auckland: a holiday there.
    assert not cal.is_open(utc(2026, 12, 24, 21))
    # 2026-12-25T21:00Z is 10:00 on the 26th in Auckland: open.
    assert cal.is_open(utc(2026, 12, 25, 21))


def test_observed_holiday_falling_in_the_neighbouring_year() -> None:
    # New Year's Day 2022 was a Saturday; US federal offices observed it on Friday 2021-12-31.
    us = BusinessCalendar(holidays=CountryHolidays("US"))
    assert not us.is_business_day(date(2021, 12, 31))
    assert us.add_business_days(date(2021, 12, 30), 1) == date(2022, 1, 3)


def test_holiday_sources_combine_as_a_union() -> None:
    cal = BusinessCalendar(holidays=[ENGLAND, "2026-12-24"])
    assert not cal.is_business_day("2026-12-24")
    assert not cal.is_business_day("2026-12-25")
    assert cal.is_business_day("2026-12-23")


def test_custom_holiday_object_is_accepted() -> None:
    class FirstOfMonth:
        def __contains__(self, day: object) -> bool:
            return isinstance(day, date) and day.day == 1

    cal = BusinessCalendar(holidays=FirstOfMonth())
    assert not cal.is_business_day("2026-12-01")
    assert cal.is_business_day("2026-12-02")


def test_holidays_package_object_is_read_as_a_custom_source() -> None:
    # holidays.GB() starts empty and fills years on lookup; it must not be mistaken
    # for an (empty) file description of a holiday source. country_holidays("GB")
    # builds the same object, without the dynamic attribute the type checker can't see.
    cal = BusinessCalendar(holidays=holidays_package.country_holidays("GB", subdiv="ENG"))
    assert not cal.is_business_day("2026-12-28")
    assert cal.is_business_day("2026-12-29")


def test_market_holidays() -> None:
    nyse = BusinessCalendar(
        {"mon-fri": "09:30-16:00"}, timezone="America/New_York", holidays=MarketHolidays("NYSE")
    )
    assert not nyse.is_business_day("2026-07-03")  # Independence Day observed
    assert nyse.is_business_day("2026-07-06")


def test_holiday_data_ending_raises_out_of_range() -> None:
    # The holidays package's England & Wales data ends in 2100.
    with pytest.raises(OutOfRangeError, match="2101"):
        OFFICE.add(utc(2100, 12, 31, 17), 2 * H)


# -- precedence and exceptions -------------------------------------------------


def test_special_hours_replace_a_dates_hours() -> None:
    cal = BusinessCalendar(holidays=ENGLAND, special_hours={"2026-12-24": "09:00-13:00"})
    assert [(s.hour, e.hour) for s, e in cal.hours_on("2026-12-24")] == [(9, 13)]


def test_special_hours_open_a_holiday() -> None:
    cal = BusinessCalendar(holidays=ENGLAND, special_hours={"2026-12-28": "10:00-12:00"})
    assert cal.is_open(utc(2026, 12, 28, 11))


def test_special_hours_open_a_weekend_day() -> None:
    cal = BusinessCalendar(special_hours={date(2026, 11, 28): "10:00-14:00"})
    assert cal.is_business_day("2026-11-28")
    # Friday 17:00 + 2 h: 1 h Friday, 1 h Saturday from 10:00.
    assert cal.add(utc(2026, 11, 27, 17), 2 * H) == utc(2026, 11, 28, 11)


def test_recurring_rule_does_not_open_a_bank_holiday() -> None:
    # The first Monday of June 2026 is 1 June; of May 2026 is 4 May, a bank holiday.
    cal = BusinessCalendar(
        holidays=ENGLAND, recurring=[RecurringHours("FREQ=MONTHLY;BYDAY=1MO", "11:00-18:00")]
    )
    assert cal.hours_on("2026-06-01")[0][0] == utc(2026, 6, 1, 11)
    assert cal.hours_on("2026-05-04") == ()
    assert cal.hours_on("2026-06-08")[0][0] == utc(2026, 6, 8, 9)  # second Monday: weekly hours


def test_first_matching_recurring_rule_wins() -> None:
    cal = BusinessCalendar(
        recurring=[
            RecurringHours("FREQ=MONTHLY;BYDAY=1MO", "11:00-18:00"),
            RecurringHours("FREQ=WEEKLY;BYDAY=MO", "closed"),
        ]
    )
    assert cal.is_business_day("2026-06-01")
    assert not cal.is_business_day("2026-06-08")


def test_night_shift_starting_before_a_holiday_runs_into_it() -> None:
    # Thu 24 Dec 22:00 - Fri 25 Dec 06:00 belongs to the 24th, a normal day.
    cal = BusinessCalendar({"mon-fri": "22:00-06:00"}, holidays=ENGLAND)
    assert cal.is_open(utc(2026, 12, 25, 5))
    # The shift that would start on Christmas Day does not run.
    assert not cal.is_open(utc(2026, 12, 25, 23))


def test_hours_on_lists_an_overnight_interval_on_its_start_date() -> None:
    cal = BusinessCalendar({"fri": "22:00-06:00"})
    assert cal.hours_on("2026-11-27") == ((utc(2026, 11, 27, 22), utc(2026, 11, 28, 6)),)
    assert cal.hours_on("2026-11-28") == ()


def test_typed_hours_spelling_equals_compact_spelling() -> None:
    typed = BusinessCalendar({0: [TimeRange(time(9), time(12)), (time(13), time(18))]})
    compact = BusinessCalendar({"mon": "09:00-12:00, 13:00-18:00"})
    assert typed == compact


# -- time zones ----------------------------------------------------------------


def test_hours_are_local_wall_clock_on_both_sides_of_a_clock_change() -> None:
    cal = BusinessCalendar({"mon-fri": "09:00-17:30"}, timezone="Europe/London")
    ((before_open, _),) = cal.hours_on("2026-03-27")  # Friday, GMT
    ((after_open, after_close),) = cal.hours_on("2026-03-30")  # Monday, BST
    assert before_open == utc(2026, 3, 27, 9)
    assert after_open == utc(2026, 3, 30, 8)
    assert after_close.astimezone(LONDON).time() == time(17, 30)


def test_business_time_is_real_elapsed_time_on_a_dst_day() -> None:
    cal = BusinessCalendar({"daily": "00:00-24:00"}, timezone="Europe/London")
    start = datetime(2026, 3, 29, tzinfo=LONDON)
    end = datetime(2026, 3, 30, tzinfo=LONDON)
    assert cal.elapsed(start, end) == 23 * H  # the clocks went forward


def test_subtracting_datetimes_of_one_zone_does_not_ignore_dst() -> None:
    # Python's own aware subtraction within one tzinfo ignores DST; slacalc must not.
    cal = BusinessCalendar({"daily": "00:00-24:00"}, timezone="Europe/London")
    start = datetime(2026, 10, 24, 12, tzinfo=LONDON)
    end = datetime(2026, 10, 25, 12, tzinfo=LONDON)
    assert end - start == 24 * H  # naive wall-clock difference
    assert cal.elapsed(start, end) == 25 * H  # the real one: the clocks went back


def test_edge_in_spring_gap_is_shifted_forward() -> None:
    # London 2026-03-29: 01:00 GMT -> 02:00 BST. 01:30 does not exist; it becomes 02:30 BST.
    cal = BusinessCalendar({"sun": "01:30-03:00"}, timezone="Europe/London")
    ((opening, closing),) = cal.hours_on("2026-03-29")
    assert opening == utc(2026, 3, 29, 1, 30)  # 02:30 BST
    assert closing == utc(2026, 3, 29, 2)  # 03:00 BST
    assert cal.elapsed(utc(2026, 3, 29), utc(2026, 3, 30)) == H / 2


def test_edge_in_autumn_fold_takes_the_first_occurrence() -> None:
    # London 2026-10-25: 01:30 happens at 00:30Z (BST) and again at 01:30Z (GMT).
    cal = BusinessCalendar({"sun": "01:30-03:00"}, timezone="Europe/London")
    ((opening, _),) = cal.hours_on("2026-10-25")
    assert opening == utc(2026, 10, 25, 0, 30)  # a fixed offset: equal across zones (PEP 495)
    assert (opening.hour, opening.minute, opening.tzname()) == (1, 30, "BST")
    later = BusinessCalendar({"sun": "01:30-03:00"}, timezone="Europe/London", disambiguate="later")
    later_opening = later.hours_on("2026-10-25")[0][0]
    assert later_opening == utc(2026, 10, 25, 1, 30)
    assert (later_opening.hour, later_opening.minute, later_opening.tzname()) == (1, 30, "GMT")


def test_disambiguate_raise_rejects_an_edge_in_a_gap() -> None:
    cal = BusinessCalendar({"sun": "01:30-03:00"}, timezone="Europe/London", disambiguate="raise")
    with pytest.raises(CalendarError, match="does not exist"):
        cal.hours_on("2026-03-29")


def test_lord_howe_half_hour_daylight_saving() -> None:
    # Australia/Lord_Howe moves its clocks by 30 minutes (2026-04-05: 02:00 -> 01:30).
    cal = BusinessCalendar({"daily": "00:00-24:00"}, timezone="Australia/Lord_Howe")
    zone = ZoneInfo("Australia/Lord_Howe")
    day = cal.elapsed(datetime(2026, 4, 5, tzinfo=zone), datetime(2026, 4, 6, tzinfo=zone))
    assert day == timedelta(hours=24, minutes=30)


def test_kathmandu_quarter_hour_offset() -> None:
    cal = BusinessCalendar({"mon-fri": "09:00-17:00"}, timezone="Asia/Kathmandu")
    ((opening, _),) = cal.hours_on("2026-11-27")
    assert opening == utc(2026, 11, 27, 3, 15)  # UTC+05:45


def test_apia_skipped_day_is_not_counted_twice() -> None:
    # Samoa skipped 2011-12-30. Its 09:00-17:00 edges fall in the 24 h gap and shift to the
    # 31st's 09:00-17:00, which is open anyway: the 29th and 31st give 16 h, not 24.
    cal = BusinessCalendar({"daily": "09:00-17:00"}, timezone="Pacific/Apia")
    zone = ZoneInfo("Pacific/Apia")
    start, end = datetime(2011, 12, 29, tzinfo=zone), datetime(2012, 1, 1, tzinfo=zone)
    assert cal.elapsed(start, end) == 16 * H


def test_results_are_in_the_calendar_zone() -> None:
    cal = BusinessCalendar(timezone="America/New_York")
    due = cal.add(utc(2026, 11, 27, 15), H)
    # New York's wall clock, as a fixed offset: 11:00 EST.
    assert (due.hour, due.utcoffset(), due.tzname()) == (11, -5 * H, "EST")
    assert due == utc(2026, 11, 27, 16)


# -- intersection ---------------------------------------------------------------


def test_intersection_is_open_only_when_both_are() -> None:
    team = BusinessCalendar({"mon-fri": "09:00-18:00"}, timezone="Europe/London")
    customer = BusinessCalendar({"mon-fri": "09:00-17:00"}, timezone="America/New_York")
    both = team & customer
    # 27 Nov 2026: New York 09:00-17:00 EST is 14:00-22:00 GMT; London closes at 18:00.
    assert both.hours_on("2026-11-27") == ((utc(2026, 11, 27, 14), utc(2026, 11, 27, 18)),)
    assert both.elapsed(utc(2026, 11, 27), utc(2026, 11, 28)) == 4 * H
    assert both.zone == LONDON


# -- business days ---------------------------------------------------------------


def test_business_days() -> None:
    assert OFFICE.is_business_day("2026-11-27")
    assert not OFFICE.is_business_day("2026-11-28")
    assert OFFICE.add_business_days("2026-11-27", 1) == date(2026, 11, 30)
    assert OFFICE.add_business_days("2026-11-28", 0) == date(2026, 11, 30)  # rolled forward
    assert OFFICE.add_business_days("2026-11-28", 1) == date(2026, 12, 1)
    assert OFFICE.add_business_days("2026-11-30", -1) == date(2026, 11, 27)
    # 24 Dec + 1: 25 and 28 are holidays, 26-27 the weekend -> 29 Dec.
    assert OFFICE.add_business_days("2026-12-24", 1) == date(2026, 12, 29)
    assert OFFICE.business_days_between("2026-12-21", "2027-01-04") == 7
    assert OFFICE.business_days_between("2027-01-04", "2026-12-21") == -7
    # Backwards from Sunday 29 Nov to Monday 23 Nov counts (23, 29]: Tuesday to Friday.
    assert OFFICE.business_days_between("2026-11-29", "2026-11-23") == -4


def test_add_business_days_across_many_years() -> None:
    # 2 million business days would leave the supported range.
    with pytest.raises(OutOfRangeError):
        BusinessCalendar().add_business_days("2026-01-01", 2_000_000)


# -- impossible calendars and bad input --------------------------------------------


def test_calendar_with_no_open_time_raises_instead_of_looping() -> None:
    never = BusinessCalendar({})
    with pytest.raises(CalendarError, match="never open"):
        never.add(utc(2026, 1, 1), H)
    with pytest.raises(CalendarError, match="never open"):
        never.next_open(utc(2026, 1, 1))
    with pytest.raises(CalendarError, match="never open"):
        never.add_business_days("2026-01-01", 1)
    assert never.elapsed(utc(2026, 1, 1), utc(2027, 1, 1)) == timedelta(0)


def test_calendar_closed_by_holidays_everywhere_stops_at_the_range_end() -> None:
    class Everything:
        def __contains__(self, day: object) -> bool:
            return True

    closed = BusinessCalendar({"mon": "09:00-10:00"}, holidays=Everything())
    with pytest.raises(OutOfRangeError, match="2201"):
        closed.add(utc(2190, 1, 1), H)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (datetime(2026, 11, 27, 10), r"timezone-aware, e\.g\. 2026-11-27T17:00:00\+00:00"),
        ("2026-11-27T10:00:00", "must carry a UTC offset"),
        ("2026-02-29T10:00:00Z", "day is out of range for month"),
        ("tomorrow", "ISO 8601"),
        (1764237600, "not int"),
    ],
)
def test_bad_timestamps_are_rejected_with_an_example(value: object, fragment: str) -> None:
    with pytest.raises(InvalidTimestampError, match=fragment):
        OFFICE.is_open(value)  # type: ignore[arg-type]


def test_out_of_range_instant() -> None:
    with pytest.raises(OutOfRangeError, match="1900-2200"):
        OFFICE.is_open(utc(1850, 1, 1))


def test_negative_duration_is_rejected() -> None:
    with pytest.raises(InvalidDurationError, match="subtract"):
        OFFICE.add(utc(2026, 11, 27, 10), -H)
    with pytest.raises(InvalidDurationError, match="timedelta"):
        OFFICE.add(utc(2026, 11, 27, 10), 3600)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"hours": {"mon": "09:00-12:00, 11:00-13:00"}}, "overlap"),
        ({"hours": {"fri": "22:00-06:00", "sat": "05:00-09:00"}}, "run into Saturday"),
        ({"hours": {"mon": "9am-5pm"}}, "not a clock time"),
        ({"hours": {"mon": "09:00-25:00"}}, "not a valid clock time"),
        ({"hours": {"funday": "09:00-17:00"}}, "not a weekday"),
        ({"hours": {"mon": "09:00-17:00", "mon-fri": "09:00-17:00"}}, "given twice"),
        ({"timezone": "Mars/Olympus_Mons"}, "unknown time zone"),
        ({"holidays": 42}, "holidays must be"),
        ({"special_hours": {"2026-02-30": "09:00-12:00"}}, "special_hours date"),
        ({"special_hours": {"2026-12-24": "9-1"}}, "special_hours for 2026-12-24"),
        ({"holidays": ["2026-02-30"]}, "holiday date"),
        ({"recurring": ["FREQ=DAILY"]}, "list of RecurringHours"),
        ({"disambiguate": "whatever"}, "disambiguate"),
    ],
)
def test_impossible_calendars_are_rejected(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(CalendarError, match=fragment):
        BusinessCalendar(**kwargs)  # type: ignore[arg-type]


def test_unknown_holiday_country_and_subdivision() -> None:
    with pytest.raises(CalendarError, match="unknown holiday country"):
        CountryHolidays("XX")
    with pytest.raises(CalendarError, match="GB-XYZ"):
        CountryHolidays("GB", subdiv="XYZ")
    with pytest.raises(CalendarError, match="unknown financial market"):
        MarketHolidays("MOON")


def test_bad_recurrence_rule() -> None:
    with pytest.raises(CalendarError, match="RFC 5545"):
        RecurringHours("EVERY SECOND TUESDAY", "09:00-10:00")


def test_errors_share_one_base_class_and_the_builtin() -> None:
    for error in (CalendarError, InvalidTimestampError, InvalidDurationError, OutOfRangeError):
        assert issubclass(error, SlacalcError)
        assert issubclass(error, ValueError)


# -- values: equality, hashing, pickling, immutability, threads ---------------------


def _samples() -> list[BusinessCalendar]:
    return [
        OFFICE,
        BusinessCalendar(
            {"mon-fri": "09:00-12:30, 13:30-18:00", "sat": "22:00-06:00"},
            timezone="Europe/London",
            holidays=HolidayDates(["2026-12-24"]) | ENGLAND,
            special_hours={"2026-12-31": "09:00-13:00"},
            recurring=[RecurringHours("FREQ=MONTHLY;BYDAY=1MO", "11:00-18:00")],
            disambiguate="later",
        ),
        BusinessCalendar(timezone="America/New_York", holidays=MarketHolidays("NYSE")) & OFFICE,
    ]


@pytest.mark.parametrize("calendar", _samples(), ids=["office", "everything", "intersection"])
def test_pickling_round_trip(calendar: BusinessCalendar) -> None:
    copy = pickle.loads(pickle.dumps(calendar))  # noqa: S301 - our own data
    assert copy == calendar
    assert hash(copy) == hash(calendar)
    start = utc(2026, 12, 23, 12)
    assert copy.add(start, 20 * H) == calendar.add(start, 20 * H)


@pytest.mark.parametrize("calendar", _samples(), ids=["office", "everything", "intersection"])
def test_to_dict_round_trip(calendar: BusinessCalendar) -> None:
    assert BusinessCalendar.from_dict(calendar.to_dict()) == calendar


def test_to_dict_refuses_a_custom_holiday_object() -> None:
    cal = BusinessCalendar(holidays={date(2026, 1, 1): "New Year"})
    with pytest.raises(CalendarError, match="cannot be written"):
        cal.to_dict()


def test_from_dict_rejects_unknown_settings() -> None:
    with pytest.raises(CalendarError, match="unknown calendar setting"):
        BusinessCalendar.from_dict({"timezone": "GMT", "opening": "09:00"})


def test_calendar_as_a_pydantic_field() -> None:
    class Team(BaseModel):
        calendar: BusinessCalendar

    team = Team.model_validate({"calendar": {"hours": {"mon-fri": "08:00-16:00"}}})
    assert team.calendar == BusinessCalendar({"mon-fri": "08:00-16:00"})
    assert Team.model_validate_json(team.model_dump_json()) == team
    assert Team.model_json_schema()["properties"]["calendar"]["title"] == "BusinessCalendar"


def test_calendar_is_immutable() -> None:
    with pytest.raises(AttributeError, match="immutable"):
        OFFICE.timezone = "Europe/Paris"  # type: ignore[misc]


def test_repr_shows_the_definition() -> None:
    assert repr(BusinessCalendar(timezone="Europe/London")) == (
        "BusinessCalendar({'mon-fri': '09:00-18:00'}, timezone='Europe/London')"
    )


def test_concurrent_use_from_many_threads() -> None:
    # A fresh calendar compiles its tables while eight threads query it at once.
    starts = [utc(2020 + i % 10, 1 + i % 12, 1 + i % 28, i % 24, i % 60) for i in range(400)]
    durations = [timedelta(minutes=37 * i) for i in range(400)]
    expected = [OFFICE.add(s, d) for s, d in zip(starts, durations, strict=True)]
    shared = BusinessCalendar({"mon-fri": "09:00-18:00"}, holidays=ENGLAND)
    results: list[list[datetime]] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append([shared.add(s, d) for s, d in zip(starts, durations, strict=True)])
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results == [expected] * 8
