"""How statuses explain themselves: segments, explain(), named holidays, pickles and JSON."""

from __future__ import annotations

import json
import pickle
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

import slacalc
from reference import duration_us
from slacalc import BusinessCalendar, CountryHolidays, HolidayDates, TargetStatus, Ticket
from slacalc._instants import to_instant
from slacalc.errors import InvalidTicketError

ENGLAND = CountryHolidays("GB", subdiv="ENG")


def one_tier_policy(
    calendar: BusinessCalendar, response: str = "4 business hours"
) -> slacalc.Policy:
    return slacalc.load_policy({
        "name": "Desk", "version": "1", "calendar": calendar.to_dict(),
        "tiers": [{"priority": 1, "key": "P1", "name": "Urgent",
                   "response": response, "resolution": "none: best effort"}],
    })  # fmt: skip


def test_explicit_holiday_dates_carry_their_names_into_the_explanation() -> None:
    # Wed 23 Dec 15:00-17:00 counts 2 h; Thu 24 Dec is a listed date named
    # "Christmas Eve", then the bank holidays; Tue 29 Dec 09:00-11:00 the other 2 h.
    named = HolidayDates({"2026-12-24": "Christmas Eve"})
    calendar = BusinessCalendar({"mon-fri": "09:00-17:00"}, holidays=[named, ENGLAND])
    status = slacalc.response_status(
        "2026-12-23T15:00:00Z", 1, now="2026-12-23T15:00:00Z", policy=one_tier_policy(calendar)
    )
    assert status.explain() == (
        "P1 response, target 4 business hours. Opened Wed 23 Dec 2026 15:00 GMT. "
        "Counted 2:00 on Wed 23 Dec (15:00\N{EN DASH}17:00). Closed Thu 24 Dec (Christmas Eve), "
        "Fri 25 Dec (Christmas Day), Sat 26 \N{EN DASH} Sun 27 Dec (weekend; Boxing Day), "
        "Mon 28 Dec (Boxing Day (observed)). Counted 2:00 on Tue 29 Dec (09:00\N{EN DASH}11:00). "
        "Due Tue 29 Dec 2026 11:00 GMT."
    )


def test_a_listed_date_without_a_name_is_a_holiday() -> None:
    calendar = BusinessCalendar({"mon-fri": "09:00-17:00"}, holidays=["2026-12-24"])
    status = slacalc.response_status(
        "2026-12-23T15:00:00Z", 1, now="2026-12-23T15:00:00Z", policy=one_tier_policy(calendar)
    )
    assert "Closed Thu 24 Dec (holiday)." in status.explain()


def test_named_dates_round_trip_through_calendar_data_and_policy_files(tmp_path: Path) -> None:
    named = HolidayDates({"2026-12-24": "Christmas Eve", "2026-12-31": None})
    calendar = BusinessCalendar({"mon-fri": "09:00-17:00"}, holidays=named)
    assert calendar.to_dict()["holidays"] == [
        {"dates": {"2026-12-24": "Christmas Eve", "2026-12-31": ""}}
    ]
    assert BusinessCalendar.from_dict(calendar.to_dict()) == calendar
    policy = one_tier_policy(calendar)
    for suffix in ("json", "toml"):
        path = tmp_path / f"policy.{suffix}"
        slacalc.dump_policy(policy, path)
        assert slacalc.load_policy(path) == policy
    assert pickle.loads(pickle.dumps(named)) == named  # noqa: S301 - our own bytes


def test_union_of_named_dates_keeps_every_name() -> None:
    union = HolidayDates({"2026-12-24": "Eve"}) | HolidayDates({"2026-12-24": "Office party"})
    assert isinstance(union, HolidayDates)
    assert union.name_of(date(2026, 12, 24)) == "Eve; Office party"
    assert HolidayDates({"2026-12-24": "Eve"}) != HolidayDates(["2026-12-24"])


def test_a_holiday_name_that_is_not_text_is_refused() -> None:
    with pytest.raises(slacalc.CalendarError, match="name of the holiday"):
        HolidayDates({"2026-12-24": 7})


def counted(status: TargetStatus) -> int:
    return sum(duration_us(segment["counted"]) for segment in status.segments())


def test_segments_are_json_and_tile_the_span_in_order() -> None:
    ticket = Ticket(opened_at="2026-11-27T17:00:00Z", priority="P1", events=[
        {"type": "paused", "at": "2026-11-27T17:30:00Z"},
        {"type": "resumed", "at": "2026-11-30T09:30:00Z"},
    ])  # fmt: skip
    status = slacalc.evaluate(ticket, now="2026-11-30T10:00:00Z").resolution
    segments = status.segments()
    assert json.loads(json.dumps(segments)) == segments
    spans = [segment for segment in segments if segment["kind"] != "event"]
    assert spans[0]["start"] == "2026-11-27T17:00:00+00:00"
    assert status.due is not None
    assert spans[-1]["end"] == status.due.isoformat()
    for before, after in pairwise(spans):
        assert before["end"] == after["start"]
    # 4 business hours: 17:00-17:30 Friday, then Monday 09:30-13:00.
    assert counted(status) == 4 * 3_600_000_000
    assert [s["kind"] for s in spans] == ["counted", "paused", "counted"]


def test_a_pause_that_does_not_stop_the_clock_is_an_event_of_the_explanation() -> None:
    ticket = Ticket(opened_at="2026-11-27T17:00:00Z", priority="P1", events=[
        {"type": "paused", "at": "2026-11-27T17:30:00Z"},
        {"type": "resumed", "at": "2026-11-30T09:30:00Z"},
    ])  # fmt: skip
    response = slacalc.evaluate(ticket, now="2026-11-30T10:00:00Z").response
    events = [s for s in response.segments() if s["kind"] == "event"]
    assert [s["event"] for s in events] == ["paused", "resumed"]
    assert "Paused at Fri 27 Nov 17:30 (the response clock keeps running)." in response.explain()
    # The pause covered 1:00 of open time, shown for the clock it stopped.
    resolution = slacalc.evaluate(ticket, now="2026-11-30T10:00:00Z").resolution
    assert "Paused Fri 27 Nov 17:30 \N{EN DASH} Mon 30 Nov 09:30 (1:00 not counted)." in (
        resolution.explain()
    )


def test_a_late_response_explains_its_outcome() -> None:
    status = slacalc.response_status(
        "2026-11-27T17:00:00Z", "P1",
        responded_at="2026-11-30T10:15:00Z", now="2026-12-01T00:00:00Z",
    )  # fmt: skip
    assert status.explain().endswith(
        "Due Mon 30 Nov 2026 10:00 GMT. Responded Mon 30 Nov 2026 10:15 GMT: breached."
    )


def test_an_unpickled_status_still_explains_itself() -> None:
    ticket = Ticket(opened_at="2026-12-24T17:00:00Z", priority="P1", events=[
        {"type": "priority_changed", "at": "2026-12-24T17:30:00Z", "to": "P2"},
    ])  # fmt: skip
    report = slacalc.evaluate(ticket, now="2026-12-24T18:00:00Z")
    copy = pickle.loads(pickle.dumps(report))  # noqa: S301 - our own bytes
    assert copy == report
    assert copy.response.explain() == report.response.explain()
    assert copy.resolution.segments() == report.resolution.segments()
    assert copy.next_change() == report.next_change()


def test_a_status_read_back_from_json_says_it_cannot_explain_itself() -> None:
    status = slacalc.response_status("2026-12-24T17:00:00Z", "P1", now="2026-12-24T17:00:00Z")
    again = TargetStatus.model_validate_json(status.model_dump_json())
    assert again == status
    with pytest.raises(InvalidTicketError, match="evaluate the ticket again"):
        again.explain()


def test_next_change_refuses_an_earlier_now() -> None:
    status = slacalc.response_status("2026-11-30T09:00:00Z", "P1", now="2026-11-30T10:00:00Z")
    with pytest.raises(slacalc.InvalidTimestampError, match="earlier than the instant"):
        status.next_change("2026-11-30T09:59:59Z")


def test_changes_at_holds_the_warning_then_the_breach() -> None:
    # 2 business hours from Mon 09:00: 75 % at 10:30, due 11:00, breached 1 µs later.
    status = slacalc.response_status("2026-11-30T09:00:00Z", "P1", now="2026-11-30T09:00:00Z")
    assert [to_instant(moment, "m") for moment in status.changes_at] == [
        to_instant("2026-11-30T10:30:00Z", "m"),
        to_instant("2026-11-30T11:00:00Z", "m") + 1,
    ]


DASH = "\N{EN DASH}"


def test_an_opening_on_a_closed_day_names_that_day() -> None:
    # Opened at 10:00 on Christmas Day: the rest of that day is closed for Christmas, then
    # the weekend (Boxing Day falls on the Saturday) and the observed Boxing Day on Monday;
    # the two hours are Tuesday 09:00-11:00.
    ticket = slacalc.Ticket(opened_at="2026-12-25T10:00:00Z", priority="P1")
    text = slacalc.evaluate(ticket, now="2026-12-29T12:00:00Z").response.explain()
    assert f"Closed Fri 25 Dec (Christmas Day), Sat 26 {DASH} Sun 27 Dec" in text
    assert "Mon 28 Dec (Boxing Day (observed))" in text
    assert f"Counted 2:00 on Tue 29 Dec (09:00{DASH}11:00)" in text
    # Opened on a Saturday morning: Saturday and Sunday are named as one weekend.
    saturday = slacalc.Ticket(opened_at="2026-11-28T10:00:00Z", priority="P1")
    text = slacalc.evaluate(saturday, now="2026-11-30T12:00:00Z").response.explain()
    assert f"Closed Sat 28 {DASH} Sun 29 Nov (weekend)." in text
