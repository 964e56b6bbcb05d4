# Copyright (c) 2026 The slacalc developers. MIT License.
"""Every datetime slacalc returns equals, and hashes like, the same instant in UTC.

PEP 495 makes a `ZoneInfo` datetime inside an autumn fold unequal to every
datetime of another zone, even for the same instant. So results carry a fixed
offset: the calendar zone's offset and abbreviation at that instant
(docs/design.md, "Instants"). Checked here in zones with folds of an hour
(New York, London, Dublin's negative daylight saving), half an hour (Lord
Howe) and at midnight (Santiago), on round-the-clock and ordinary calendars.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

import slacalc
from reference import SECOND, from_us
from slacalc import BusinessCalendar
from strategies import EQUALITY_DURATIONS, FoldCase, fold_cases, fold_spellings


def assert_is_the_instant(result: datetime, zone: str) -> None:
    """`result` equals and hashes like itself in UTC and shows `zone`'s real offset and name."""
    utc = result.astimezone(UTC)
    assert result == utc
    assert hash(result) == hash(utc)
    real = utc.astimezone(ZoneInfo(zone))
    assert result.utcoffset() == real.utcoffset()
    assert result.tzname() == real.tzname()
    assert result.replace(tzinfo=None) == real.replace(tzinfo=None)  # the local wall clock


def _flatten(
    pairs: Iterator[tuple[datetime, datetime]] | tuple[tuple[datetime, datetime], ...],
) -> list[datetime]:
    return [moment for pair in pairs for moment in pair]


def calendar_results(
    calendar: BusinessCalendar, moment: datetime | str, duration: timedelta, never_closes: bool
) -> list[datetime]:
    """Every datetime the calendar's queries return around `moment`."""
    results = [
        calendar.add(moment, timedelta(0)),
        calendar.add(moment, duration),
        calendar.subtract(moment, duration),
        calendar.next_open(moment),
    ]
    start = calendar.subtract(moment, duration)
    results += _flatten(calendar.open_intervals(start, calendar.add(moment, duration)))
    local_day = results[0].date()
    for day in (local_day - timedelta(days=1), local_day, local_day + timedelta(days=1)):
        results += _flatten(calendar.hours_on(day))
    if not never_closes:  # else both raise OutOfRangeError after searching the years
        results += [calendar.next_close(moment), calendar.previous_open(moment)]
    return results


@given(case=fold_cases(), data=st.data(), duration=EQUALITY_DURATIONS)
def test_calendar_results_equal_the_same_instant_in_utc(
    case: FoldCase, data: st.DataObject, duration: timedelta
) -> None:
    moment = data.draw(fold_spellings(case.us, case.zone))
    for result in calendar_results(case.calendar, moment, duration, case.never_closes):
        assert_is_the_instant(result, case.zone)


@given(case=fold_cases(), data=st.data(), later=st.integers(0, 3 * 86_400 * SECOND))
def test_due_times_and_reports_equal_the_same_instant_in_utc(
    case: FoldCase, data: st.DataObject, later: int
) -> None:
    opened = data.draw(fold_spellings(case.us, case.zone))
    now = from_us(case.us + later)
    responded = data.draw(st.none() | st.just(from_us(case.us + later // 2, case.zone)))
    for priority in (1, 2, 3):
        results = [
            slacalc.response_due(opened, priority, policy=case.policy),
            slacalc.resolution_due(opened, priority, policy=case.policy),
        ]
        report = slacalc.evaluate(
            {"opened_at": opened, "priority": priority, "responded_at": responded},
            now=now,
            policy=case.policy,
        )
        results += [report.opened_at, report.now]
        for status in (report.response, report.resolution):
            results += [status.due, status.completed_at]
        for result in results:
            if result is not None:
                assert_is_the_instant(result, case.zone)
        assert report.opened_at == from_us(case.us)
        assert report.now == now


@given(case=fold_cases())
def test_results_in_a_fold_work_as_dict_keys_and_set_members(case: FoldCase) -> None:
    result = case.calendar.add(from_us(case.us), timedelta(0))
    utc = result.astimezone(UTC)
    assert {result: "due"}[utc] == "due"
    assert len({result, utc, result.astimezone(ZoneInfo("Asia/Kathmandu"))}) == 1


# --- The two cases that were reported -------------------------------------------------------


def test_new_york_zero_add_in_the_fold_equals_its_utc_input() -> None:
    # 06:34:02Z on 2 November 2025 is 01:34:02 EST, the second 01:34:02 of the night.
    # A ZoneInfo result (fold=1) compared unequal to every UTC datetime.
    calendar = BusinessCalendar({"daily": "00:00-24:00"}, timezone="America/New_York")
    result = calendar.add("2025-11-02T06:34:02Z", timedelta(0))
    assert result == datetime(2025, 11, 2, 6, 34, 2, tzinfo=UTC)
    assert hash(result) == hash(datetime(2025, 11, 2, 6, 34, 2, tzinfo=UTC))
    assert result.isoformat() == "2025-11-02T01:34:02-05:00"
    assert result.tzname() == "EST"


def test_london_round_the_clock_zero_add_in_the_fold_equals_its_input() -> None:
    # 00:30Z on 25 October 2026 is 01:30 BST, the first 01:30 of the night.
    calendar = BusinessCalendar({"daily": "00:00-24:00"}, timezone="Europe/London")
    start = datetime.fromisoformat("2026-10-25T00:30:00Z")
    result = calendar.add("2026-10-25T00:30:00Z", timedelta(0))
    assert result == start
    assert hash(result) == hash(start)
    assert result.isoformat() == "2026-10-25T01:30:00+01:00"
    assert result.tzname() == "BST"
    # The second 01:30 (GMT) is an hour later, and also equal to its UTC self.
    second = calendar.add(start, timedelta(hours=1))
    assert second == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert (second.isoformat(), second.tzname()) == ("2026-10-25T01:30:00+00:00", "GMT")


def test_lord_howe_half_hour_fold_results_show_the_real_offsets() -> None:
    # Lord Howe falls back from +11:00 to +10:30 at 02:00 on 5 April 2026: 01:30-02:00 twice.
    calendar = BusinessCalendar({"daily": "00:00-24:00"}, timezone="Australia/Lord_Howe")
    first = calendar.add("2026-04-04T14:45:00Z", timedelta(0))
    second = calendar.add("2026-04-04T14:45:00Z", timedelta(minutes=30))
    assert (first.isoformat(), second.isoformat()) == (
        "2026-04-05T01:45:00+11:00",
        "2026-04-05T01:45:00+10:30",
    )
    assert second - first == timedelta(minutes=30)
    assert first.date() == date(2026, 4, 5)
