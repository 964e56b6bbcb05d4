"""Calendar inputs: every malformed setting is refused at construction, and values stay values.

Regression tests are named after the defect they guard against: rules that
hung or exploded at the first query, zone names that reached the file system,
holiday spellings that failed late, deep intersections, equality lost in a
pickle, a lock per wrapper around a shared holiday object, and private module
paths in pickles.
"""

from __future__ import annotations

import copy
import inspect
import pickle
import threading
import time as clock
from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime, time
from typing import Any

import holidays as holidays_package
import pytest
from dateutil.rrule import MONTHLY, rrule
from hypothesis import assume, given

from pickles import pickled_modules
from reference import dateutil_rule_dates
from slacalc.calendar import (
    BusinessCalendar,
    CountryHolidays,
    CustomHolidays,
    HolidayDates,
    HolidayUnion,
    MarketHolidays,
    RecurringHours,
    TimeRange,
    _definition,
    _recurrence,
)
from slacalc.calendar._definition import MAX_PARTS, load_zone, parse_rule, rule_dates_in_year
from slacalc.calendar._serialize import MAX_NESTING
from slacalc.errors import CalendarError
from strategies import rule_texts

ENGLAND = CountryHolidays("GB", subdiv="ENG")
YEARS = range(2008, 2034)


def _calendar_with_rule(rule: str) -> BusinessCalendar:
    return BusinessCalendar(recurring=[RecurringHours(rule, "11:00-18:00")])


def _dateutil_dates(text: str, years: range = YEARS) -> frozenset[date]:
    return dateutil_rule_dates(text, years)


def _our_dates(text: str, years: range = YEARS) -> frozenset[date]:
    rule = parse_rule(text)
    return frozenset().union(*(rule_dates_in_year(rule, year) for year in years))


# -- 1. recurrence rules -------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda rule: RecurringHours(rule, "09:00-10:00"),
        lambda rule: BusinessCalendar(recurring=[{"rule": rule, "hours": "09:00-10:00"}]),
        lambda rule: BusinessCalendar.from_dict(
            {"recurring": [{"rule": rule, "hours": "09:00-10:00"}]}
        ),
    ],
    ids=["RecurringHours", "BusinessCalendar", "from_dict"],
)
@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be a whole number at least 1"),
        ("FREQ=DAILY;INTERVAL=-1", "INTERVAL must be a whole number at least 1"),
        ("FREQ=DAILY;INTERVAL=two", "INTERVAL"),
        ("FREQ=HOURLY", "use FREQ=DAILY"),
        ("FREQ=MINUTELY;INTERVAL=15", "use FREQ=DAILY"),
        ("FREQ=SECONDLY", "use FREQ=DAILY"),
        ("FREQ=WEEKLY;BYHOUR=9", "BYHOUR picks times of day"),
        ("FREQ=WEEKLY;BYMINUTE=30", "BYMINUTE picks times of day"),
        ("FREQ=WEEKLY;BYSECOND=1", "BYSECOND picks times of day"),
        ("FREQ=FORTNIGHTLY", "FREQ must be one of YEARLY, MONTHLY, WEEKLY, DAILY"),
        ("BYDAY=MO", "FREQ must be one of"),
        ("FREQ=DAILY;COUNT=0", "COUNT"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20261231", "COUNT or UNTIL, not both"),
        ("FREQ=DAILY;BYEASTER=0", "unknown rule part BYEASTER"),
        ("FREQ=MONTHLY;BYWEEKNO=1", "BYWEEKNO needs FREQ=YEARLY"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY needs"),
        ("FREQ=WEEKLY;BYDAY=1MO", "numbered weekday"),
        ("FREQ=MONTHLY;BYDAY=MO,1TU", "mixes plain and numbered"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY must be a whole number from -31 to 31"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY must be"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH must be"),
        ("FREQ=DAILY;FREQ=WEEKLY", "FREQ twice"),
        ("DTSTART:18000101\nRRULE:FREQ=DAILY", "supported years"),
        ("DTSTART:20260105", "no RRULE"),
        ("EVERY SECOND TUESDAY", "not a KEY=VALUE part"),
    ],
)
def test_rules_that_hung_or_failed_at_the_first_query_are_refused_at_construction(
    build: Any, rule: str, fragment: str
) -> None:
    with pytest.raises(CalendarError, match=fragment):
        build(rule)


def test_zero_interval_reachable_from_a_policy_file_is_refused() -> None:
    data = {"recurring": [{"rule": "FREQ=DAILY;INTERVAL=0", "hours": "closed"}]}
    with pytest.raises(CalendarError, match="INTERVAL"):
        BusinessCalendar.from_dict(data)


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ("DTSTART:20260105\nRRULE:FREQ=WEEKLY\nEXDATE:20260112T000000Z", "EXDATE"),
        ("DTSTART:20260105\nRRULE:FREQ=WEEKLY\nRDATE:20260112T000000Z", "RDATE"),
        ("DTSTART:20260105T000000Z\nRRULE:FREQ=WEEKLY", "DTSTART"),
        ("DTSTART;TZID=Europe/London:20260105T000000\nRRULE:FREQ=WEEKLY", "DTSTART"),
        ("DTSTART:20260105\nRRULE:FREQ=WEEKLY;UNTIL=20261231T000000Z", "UNTIL"),
    ],
)
def test_zoned_moments_in_a_rule_are_refused_at_construction(rule: str, fragment: str) -> None:
    with pytest.raises(CalendarError, match=f"{fragment} .* has a time zone"):
        RecurringHours(rule, "closed")


def test_never_matching_rule_is_expanded_in_bounded_time() -> None:
    # dateutil searched to year 9999 for each year asked (about 0.2 s a year).
    rule = parse_rule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")
    started = clock.perf_counter()
    assert all(not rule_dates_in_year(rule, year) for year in range(1899, 2202))
    assert clock.perf_counter() - started < 3.0


def test_rule_without_dtstart_is_expanded_from_the_asked_year_not_from_1900() -> None:
    calendar = _calendar_with_rule("FREQ=DAILY")
    started = clock.perf_counter()
    assert calendar.is_open("2199-06-03T12:00:00Z")
    assert clock.perf_counter() - started < 0.5


def test_first_monday_rule_is_cheap_in_any_year() -> None:
    rule = parse_rule("FREQ=MONTHLY;BYDAY=1MO")
    started = clock.perf_counter()
    dates = rule_dates_in_year(rule, 2199)
    assert clock.perf_counter() - started < 0.1
    assert date(2199, 1, 7) in dates
    assert len(dates) == 12


def test_count_is_counted_from_dtstart_across_years() -> None:
    rule = parse_rule("DTSTART:20151230\nRRULE:FREQ=DAILY;COUNT=5")
    assert sorted(rule_dates_in_year(rule, 2016)) == [date(2016, 1, d) for d in (1, 2, 3)]
    assert not rule_dates_in_year(rule, 2017)


def test_count_far_from_dtstart_is_read_once_a_year() -> None:
    rule = parse_rule("FREQ=DAILY;COUNT=1000000")
    started = clock.perf_counter()
    assert len(rule_dates_in_year(rule, 2200)) == 365
    assert len(rule_dates_in_year(rule, 2199)) == 365
    assert clock.perf_counter() - started < 3.0


NAMED_RULES = [
    "FREQ=MONTHLY;BYDAY=1MO",
    "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "DTSTART:20000101T000000\nRRULE:FREQ=WEEKLY;BYDAY=SA,SU",
    "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "DTSTART:20100106T000000\nRRULE:FREQ=WEEKLY;BYDAY=WE;INTERVAL=2",
    "DTSTART:20111228T000000\nRRULE:FREQ=DAILY;INTERVAL=3",
    "DTSTART:20150301T000000\nRRULE:FREQ=DAILY;INTERVAL=2;COUNT=400",
    "FREQ=YEARLY;BYWEEKNO=1,-1,20;BYDAY=MO",
    "FREQ=YEARLY;BYWEEKNO=53",
    "FREQ=YEARLY;BYWEEKNO=1;WKST=SU",
    "FREQ=YEARLY;BYYEARDAY=1,-1,100",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "DTSTART:20200103\nRRULE:FREQ=WEEKLY;INTERVAL=3;WKST=SU;BYDAY=SU,WE;BYSETPOS=1",
    "DTSTART:20201230\nRRULE:FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=-1,1",
    "FREQ=YEARLY;BYDAY=20MO",
    "FREQ=YEARLY;BYMONTH=1,7;BYDAY=-2FR",
    "DTSTART:20210531\nRRULE:FREQ=MONTHLY",
    "DTSTART:20200229\nRRULE:FREQ=YEARLY",
    "DTSTART:20200115T093000\nRRULE:FREQ=MONTHLY;UNTIL=20220115T000000",
    (
        "DTSTART:20200115T093000\nRRULE:FREQ=MONTHLY;UNTIL=20220115T093000\n"
        "EXDATE:20210215T093000\nRDATE:20230101"
    ),
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29",
    "DTSTART:20150301\nRRULE:FREQ=WEEKLY;COUNT=100;BYDAY=MO,TH\nEXRULE:FREQ=MONTHLY;BYDAY=1MO",
    "FREQ=YEARLY;INTERVAL=3;BYMONTH=2;BYMONTHDAY=29",
    "FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=31,-31;BYSETPOS=2",
    str(rrule(MONTHLY, byweekday=0, bysetpos=2, dtstart=datetime(2019, 3, 4))),
]


@pytest.mark.parametrize("text", NAMED_RULES)
def test_rule_expansion_matches_dateutil(text: str) -> None:
    assert _our_dates(text) == _dateutil_dates(text)


@given(rule_texts())
def test_random_rules_match_dateutil(text: str) -> None:
    ours = _our_dates(text)
    # dateutil searches to year 9999 for a rule that stops matching, so only
    # rules with dates here are compared (their patterns come back every 400 years).
    assume(ours)
    try:
        expected = _dateutil_dates(text)
    except IndexError:  # dateutil fails on some numbered weekdays (20MO in a month)
        assume(False)
    assert ours == expected


def test_dateutil_private_attributes_are_not_read() -> None:
    for module in (_definition, _recurrence):
        source = inspect.getsource(module)
        assert "._rrule" not in source
        assert "._dtstart" not in source


def test_a_dateutil_rrule_is_accepted_through_its_text() -> None:
    rule = rrule(MONTHLY, byweekday=0, bysetpos=1, dtstart=datetime(2026, 1, 1))
    assert RecurringHours(rule, "closed").rule == str(rule)


# -- 2. time zones -------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["America", "Etc", "x" * 300, "localtime", "posixrules", "Factory", "../../etc/passwd", ""],
)
def test_zone_names_that_are_not_iana_zones_are_refused(name: str) -> None:
    with pytest.raises(CalendarError, match="unknown time zone"):
        BusinessCalendar(timezone=name)
    with pytest.raises(CalendarError, match="unknown time zone"):
        BusinessCalendar.from_dict({"timezone": name})


@pytest.mark.parametrize("name", [5, None, b"GMT", UTC])
def test_zone_that_is_not_a_string_is_refused(name: object) -> None:
    with pytest.raises(CalendarError, match="timezone must be a zone name"):
        BusinessCalendar(timezone=name)  # type: ignore[arg-type]
    with pytest.raises(CalendarError, match="timezone must be a zone name"):
        load_zone(name)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["GMT", "UTC", "Europe/London", "Etc/GMT+5", "US/Eastern"])
def test_iana_zone_names_and_gmt_utc_are_accepted(name: str) -> None:
    assert BusinessCalendar(timezone=name).timezone == name


def test_a_wrongly_cased_zone_name_gets_a_hint() -> None:
    with pytest.raises(CalendarError, match="did you mean 'Europe/London'"):
        BusinessCalendar(timezone="europe/london")


def test_the_zone_names_are_read_once() -> None:
    assert _definition._zone_names() is _definition._zone_names()


# -- 3. malformed holiday and rule inputs ----------------------------------------


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (lambda: BusinessCalendar(holidays="2026-12-25"), "holidays is the string"),
        (lambda: BusinessCalendar(holidays="GB"), "CountryHolidays"),
        (lambda: BusinessCalendar.from_dict({"holidays": "GB"}), "holidays is the string"),
        (lambda: BusinessCalendar(holidays=["GB"]), "not a holiday date"),
        (lambda: HolidayDates(None), "HolidayDates takes a list of dates"),  # type: ignore[arg-type]
        (lambda: HolidayDates(5), "HolidayDates takes a list of dates"),  # type: ignore[arg-type]
        (lambda: HolidayDates("2026-12-25"), "HolidayDates takes a list of dates"),
        (lambda: HolidayUnion(5), "a union of holidays takes holiday sources"),  # type: ignore[arg-type]
        (lambda: ENGLAND | 5, "a union of holidays takes holiday sources"),  # type: ignore[operator]
        (lambda: CustomHolidays(5), "CustomHolidays needs an object"),
        (lambda: CustomHolidays(None), "CustomHolidays needs an object"),
        (lambda: CustomHolidays("2026-12-25"), "CustomHolidays needs an object"),
        (lambda: BusinessCalendar(recurring=None), "recurring must be a list"),  # type: ignore[arg-type]
        (lambda: BusinessCalendar(recurring="FREQ=DAILY"), "recurring must be a list"),  # type: ignore[arg-type]
        (lambda: BusinessCalendar.from_dict({"recurring": None}), "recurring must be a list"),
        (lambda: TimeRange.parse("closed"), "not one range"),
        (lambda: TimeRange.parse("09:00-10:00, 11:00-12:00"), "not one range"),
        (lambda: TimeRange.parse(5), "TimeRange.parse takes a string"),  # type: ignore[arg-type]
        (lambda: BusinessCalendar.from_dict({"hours": None}), "hours is null"),
    ],
)
def test_malformed_inputs_are_refused_at_construction(build: Any, fragment: str) -> None:
    with pytest.raises(CalendarError, match=fragment):
        build()


def test_hours_left_out_of_a_file_are_the_default_hours() -> None:
    assert BusinessCalendar.from_dict({}) == BusinessCalendar()


# -- 4. depth ------------------------------------------------------------------


def test_left_nested_intersection_of_1200_does_not_recurse() -> None:
    office = BusinessCalendar()
    nested = office
    for _ in range(1200):
        nested &= office
    assert nested == office
    assert nested.is_open("2026-11-27T10:00:00Z")


def test_right_nested_intersection_of_1200_does_not_recurse() -> None:
    office = BusinessCalendar()
    night = BusinessCalendar({"daily": "00:00-24:00"}, timezone="Europe/London")
    nested = office
    for _ in range(1200):
        nested = night & nested
    assert nested == night & office
    assert pickle.loads(pickle.dumps(nested)) == nested  # noqa: S301 - our own data


def test_chain_of_600_intersections_is_linear_and_fast() -> None:
    parts = [BusinessCalendar({"mon-fri": f"{9 + i % 3:02d}:00-18:00"}) for i in range(600)]
    chain = parts[0]
    for part in parts[1:]:
        chain &= part
    deep = parts[0]
    for _ in range(400):
        deep &= parts[1]
    started = clock.perf_counter()
    assert chain.is_open("2026-11-27T12:00:00Z")
    assert not deep.is_open("2026-11-27T09:30:00Z")
    assert clock.perf_counter() - started < 1.0
    assert chain == parts[0] & parts[1] & parts[2]


def test_too_many_distinct_intersected_calendars_are_refused() -> None:
    def closed_on(ordinal: int) -> dict[str, Any]:
        return {"holidays": [{"dates": [date.fromordinal(ordinal).isoformat()]}]}

    most = [closed_on(739_000 + i) for i in range(MAX_PARTS)]
    assert BusinessCalendar.from_dict({"all_of": most}).is_open("2026-11-27T10:00:00Z")
    with pytest.raises(CalendarError, match="distinct calendars"):
        BusinessCalendar.from_dict({"all_of": [*most, closed_on(738_000)]})


def test_all_of_nested_3000_deep_is_refused_without_recursion_error() -> None:
    data: dict[str, Any] = {"timezone": "GMT"}
    for _ in range(3000):
        data = {"all_of": [data, {"timezone": "UTC"}]}
    with pytest.raises(CalendarError, match=f"nested more than {MAX_NESTING} deep"):
        BusinessCalendar.from_dict(data)


def test_all_of_nested_a_little_is_read() -> None:
    data: dict[str, Any] = {"timezone": "GMT"}
    for _ in range(MAX_NESTING):
        data = {"all_of": [data, {"timezone": "UTC"}]}
    assert BusinessCalendar.from_dict(data) == BusinessCalendar() & BusinessCalendar(timezone="UTC")


# -- 5. equality ----------------------------------------------------------------


def test_calendar_with_a_custom_holiday_object_equals_itself_after_pickling() -> None:
    calendar = BusinessCalendar(holidays={date(2026, 1, 1): "New Year"})
    assert pickle.loads(pickle.dumps(calendar)) == calendar  # noqa: S301 - our own data
    assert hash(pickle.loads(pickle.dumps(calendar))) == hash(calendar)  # noqa: S301


def test_calendar_with_a_holidays_package_object_equals_its_deep_copy() -> None:
    calendar = BusinessCalendar(holidays=holidays_package.country_holidays("GB", subdiv="ENG"))
    twin = copy.deepcopy(calendar)
    assert twin == calendar
    assert hash(twin) == hash(calendar)


def test_custom_objects_without_value_equality_compare_by_identity() -> None:
    class Never:
        def __contains__(self, day: object) -> bool:
            return False

    one, other = Never(), Never()
    assert CustomHolidays(one) == CustomHolidays(one)
    assert CustomHolidays(one) != CustomHolidays(other)


def test_list_of_holidays_equals_the_union_of_the_same_sources() -> None:
    listed = BusinessCalendar(holidays=[ENGLAND, "2026-12-24"])
    united = BusinessCalendar(holidays=ENGLAND | HolidayDates(["2026-12-24"]))
    assert listed == united
    assert hash(listed) == hash(united)


def test_union_is_commutative() -> None:
    nyse = MarketHolidays("NYSE")
    assert ENGLAND | nyse == nyse | ENGLAND
    assert hash(ENGLAND | nyse) == hash(nyse | ENGLAND)
    dates = HolidayDates(["2026-12-24"])
    assert (ENGLAND | dates) | nyse == nyse | (dates | ENGLAND)


def test_union_merges_dates_and_drops_repeats() -> None:
    union = HolidayDates(["2026-12-24"]) | ENGLAND | HolidayDates(["2026-12-31"]) | ENGLAND
    assert union == HolidayUnion(HolidayDates(["2026-12-24", "2026-12-31"]), ENGLAND)
    assert ENGLAND | ENGLAND == ENGLAND
    assert BusinessCalendar(holidays=HolidayUnion(ENGLAND)) == BusinessCalendar(holidays=ENGLAND)


def test_no_holidays_in_any_spelling_is_no_holidays() -> None:
    plain = BusinessCalendar()
    assert BusinessCalendar(holidays=[]) == plain
    assert BusinessCalendar(holidays=HolidayDates([])) == plain
    assert BusinessCalendar(holidays=HolidayUnion()) == plain


def test_unions_of_custom_objects_compare_in_any_order() -> None:
    first, second = {date(2026, 1, 1): "a"}, {date(2026, 1, 2): "b"}
    one = CustomHolidays(first) | CustomHolidays(second)
    other = CustomHolidays(second) | CustomHolidays(first)
    assert one == other
    assert hash(one) == hash(other)


# -- 6. one lock for custom holiday objects ---------------------------------------


def test_two_wrappers_of_one_holiday_object_share_one_lock() -> None:
    shared = holidays_package.country_holidays("GB", subdiv="ENG")
    assert CustomHolidays(shared)._lock is CustomHolidays(shared)._lock


def test_shared_holiday_object_is_never_read_by_two_calendars_at_once() -> None:
    class Watched:
        """Holidays on 1 January; fails the test if two threads read it at once."""

        def __init__(self) -> None:
            self.readers = 0
            self.overlaps = 0

        def __contains__(self, day: object) -> bool:
            self.readers += 1
            if self.readers > 1:
                self.overlaps += 1
            clock.sleep(0.00001)
            self.readers -= 1
            return isinstance(day, date) and (day.month, day.day) == (1, 1)

    shared = Watched()
    calendars = [BusinessCalendar({"daily": "09:00-17:00"}, holidays=shared) for _ in range(4)]
    results: list[bool] = []

    def work(calendar: BusinessCalendar) -> None:
        results.append(calendar.is_business_day("2027-01-01"))
        results.append(calendar.is_business_day("2027-01-02"))

    threads = [threading.Thread(target=work, args=(calendar,)) for calendar in calendars]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert shared.overlaps == 0
    assert sorted(results) == [False] * 4 + [True] * 4


# -- 7. immutability --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "field"),
    [
        (BusinessCalendar(), "timezone"),
        (ENGLAND, "country"),
        (MarketHolidays("NYSE"), "market"),
        (HolidayDates(["2026-12-24"]), "dates"),
        (ENGLAND | HolidayDates(["2026-12-24"]), "sources"),
        (CustomHolidays({date(2026, 1, 1): "x"}), "holidays"),
        (TimeRange(time(9), time(17)), "start"),
        (RecurringHours("FREQ=DAILY", "closed"), "rule"),
    ],
    ids=lambda value: type(value).__name__,
)
def test_mutating_a_calendar_value_raises_frozen_instance_error(value: object, field: str) -> None:
    with pytest.raises(FrozenInstanceError):
        setattr(value, field, None)
    with pytest.raises(FrozenInstanceError):
        delattr(value, field)


# -- 8. pickles and reprs name public modules only ---------------------------------


def _samples() -> list[BusinessCalendar]:
    return [
        BusinessCalendar(holidays=ENGLAND),
        BusinessCalendar(holidays=MarketHolidays("NYSE")),
        BusinessCalendar(holidays=HolidayDates(["2026-12-24"])),
        BusinessCalendar(holidays=[ENGLAND, "2026-12-24", MarketHolidays("NYSE")]),
        BusinessCalendar(holidays={date(2026, 1, 1): "New Year"}),
        BusinessCalendar(
            {"mon-fri": [TimeRange(time(9), time(12)), "13:00-18:00"]},
            timezone="Europe/London",
            special_hours={"2026-12-24": "09:00-13:00"},
            recurring=[RecurringHours("FREQ=MONTHLY;BYDAY=1MO", "11:00-18:00")],
            disambiguate="later",
        ),
        BusinessCalendar(timezone="America/New_York") & BusinessCalendar(holidays=ENGLAND),
    ]


SAMPLE_IDS = ["country", "market", "dates", "union", "custom", "everything", "intersection"]


@pytest.mark.parametrize("calendar", _samples(), ids=SAMPLE_IDS)
def test_pickles_of_calendars_name_only_public_modules(calendar: BusinessCalendar) -> None:
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        data = pickle.dumps(calendar, protocol=protocol)
        modules = pickled_modules(data)
        assert "slacalc.calendar" in modules
        assert not [name for name in modules if "._" in name], modules
        assert pickle.loads(data) == calendar  # noqa: S301 - our own data


@pytest.mark.parametrize(
    "value",
    [
        ENGLAND,
        MarketHolidays("NYSE"),
        HolidayDates(["2026-12-24"]),
        ENGLAND | HolidayDates(["2026-12-24"]),
        TimeRange(time(22), time(6)),
        RecurringHours("FREQ=MONTHLY;BYDAY=1MO", "11:00-18:00"),
    ],
    ids=lambda value: type(value).__name__,
)
def test_pickles_of_calendar_values_name_only_public_modules(value: object) -> None:
    data = pickle.dumps(value)
    assert not [name for name in pickled_modules(data) if "._" in name]
    assert pickle.loads(data) == value  # noqa: S301 - our own data


@pytest.mark.parametrize("calendar", _samples(), ids=SAMPLE_IDS)
def test_repr_of_calendar_values_names_no_private_module(calendar: BusinessCalendar) -> None:
    assert "._" not in repr(calendar)
    assert "slacalc" not in repr(calendar)


def test_repr_of_a_union_reads_as_its_construction() -> None:
    union = ENGLAND | HolidayDates(["2026-12-24"])
    assert repr(union) == (
        "HolidayUnion(HolidayDates(['2026-12-24']), CountryHolidays(country='GB', subdiv='ENG'))"
    )
    assert eval(repr(union)) == union  # noqa: S307 - our own repr


# -- 9. the zone docstring -----------------------------------------------------------


def test_results_carry_a_fixed_offset_and_compare_equal_across_zones_in_a_fold() -> None:
    london = BusinessCalendar(
        {"sun": "01:30-03:00"}, timezone="Europe/London", disambiguate="later"
    )
    opening = london.hours_on("2026-10-25")[0][0]
    assert opening == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert opening.tzname() == "GMT"
    assert "fixed" in (BusinessCalendar.zone.__doc__ or "")
