# Copyright (c) 2026 The slacalc developers. MIT License.
"""Due times and states on the built-in policy: the seed's SLA table, worked by hand.

The built-in calendar is Mon-Fri 09:00-18:00 GMT (UTC+0 all year), closed on
England & Wales bank holidays; one business day is 9 business hours. Dates
used below (checked against the `holidays` package in
`test_bank_holidays_used_by_these_tests_are_the_real_ones`):

    2026-11-27 Fri   2026-11-30 Mon   2026-12-01 Tue
    2026-12-24 Thu   2026-12-25 Fri (Christmas)   2026-12-26 Sat (Boxing Day)
    2026-12-28 Mon (Boxing Day, substitute)   2026-12-29 Tue
    2027-01-01 Fri (New Year's Day)   2027-01-04 Mon
    2027-03-25 Thu   2027-03-26 Fri (Good Friday)   2027-03-29 Mon (Easter Monday)
    2027-03-30 Tue
"""

from __future__ import annotations

import json
import runpy
from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reference import BANK_HOLIDAYS, TARGET_MINUTES, brute_due, brute_elapsed, expected_state
from slacalc import InvalidTimestampError, UnknownPriorityError
from slacalc.sla import (
    SlaReport,
    TargetState,
    TargetStatus,
    Ticket,
    evaluate,
    resolution_due,
    resolution_status,
    response_due,
    response_status,
)
from strategies import MINUTES_2026_2027, SLA_OFFSETS, SLA_TARGETS

MINUTE = timedelta(minutes=1)


def at(text: str) -> datetime:
    """A UTC instant from 'YYYY-MM-DD HH:MM' (GMT is UTC+0, so also the local time)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- The seed's table, scenario by scenario ----------------------------------------------

# Each row: priority, opened_at, response due, resolution due (None: no time target).
# fmt: off
SCENARIOS = [
    # P1 Critical: response 2 business hours, resolution 4 business hours.
    pytest.param(
        1, "2026-12-01 10:00", "2026-12-01 12:00", "2026-12-01 14:00",
        id="P1-in-hours",  # Tue 10:00 + 2h = 12:00; + 4h = 14:00
    ),
    pytest.param(
        1, "2026-12-01 07:30", "2026-12-01 11:00", "2026-12-01 13:00",
        id="P1-before-nine",  # the clock starts at 09:00: 11:00 and 13:00
    ),
    pytest.param(
        1, "2026-12-01 19:00", "2026-12-02 11:00", "2026-12-02 13:00",
        id="P1-after-six",  # nothing counts until Wed 09:00: 11:00 and 13:00
    ),
    pytest.param(
        1, "2026-11-27 17:00", "2026-11-30 10:00", "2026-11-30 12:00",
        id="P1-friday-evening",  # Fri 17-18 is 1h; Mon 09-10 the 2nd; resolution Mon 09-12
    ),
    pytest.param(
        1, "2026-11-28 12:00", "2026-11-30 11:00", "2026-11-30 13:00",
        id="P1-saturday",  # the weekend is closed: from Mon 09:00
    ),
    pytest.param(
        1, "2026-12-01 16:00", "2026-12-01 18:00", "2026-12-02 11:00",
        id="P1-ends-exactly-at-close",  # 16-18 is 2h: due at 18:00, not Wed 09:00; 4h: Wed 11:00
    ),
    pytest.param(
        1, "2026-12-24 17:00", "2026-12-29 10:00", "2026-12-29 12:00",
        id="P1-christmas",  # Thu 17-18 is 1h; Fri 25, Sat, Sun, Mon 28 (substitute) closed
    ),
    pytest.param(
        1, "2027-03-25 17:30", "2027-03-30 10:30", "2027-03-30 12:30",
        id="P1-easter",  # Thu 17:30-18:00 is 30m; Good Friday to Easter Monday closed
    ),
    # P2 Major: response 2 business hours, resolution 12 business days (108 business hours).
    pytest.param(
        2, "2026-12-24 16:00", "2026-12-24 18:00", "2027-01-14 16:00",
        id="P2-christmas",
        # Response: Thu 16-18 is 2h, due at the close. Resolution keeps 16:00 on the 12th
        # business day after Thu 24: Dec 29, 30, 31, Jan 4, 5, 6, 7, 8, 11, 12, 13, 14.
        # In hours: 2 (Dec 24) + 27 (Dec 29-31) + 45 (Jan 4-8) + 27 (Jan 11-13) + 7 = 108.
    ),
    pytest.param(
        2, "2026-12-21 10:00", "2026-12-21 12:00", "2027-01-11 10:00",
        id="P2-week-before-christmas",
        # 12th business day after Mon 21: Dec 22, 23, 24, 29, 30, 31, Jan 4, 5, 6, 7, 8, 11.
    ),
    pytest.param(
        2, "2026-12-26 11:00", "2026-12-29 11:00", "2027-01-14 18:00",
        id="P2-boxing-day",
        # Nothing counts until Tue 29 09:00. 108h = 12 whole days: Dec 29, 30, 31,
        # Jan 4, 5, 6, 7, 8, 11, 12, 13, 14: used up exactly at Thursday's 18:00 close.
    ),
    # P3 Minor: response 2 business days (18h), resolution 7 business days (63h).
    pytest.param(
        3, "2026-12-01 11:00", "2026-12-03 11:00", "2026-12-10 11:00",
        id="P3-in-hours",  # Tue 11:00 -> Thu 11:00; 7th day after Tue: Dec 2,3,4,7,8,9,10
    ),
    pytest.param(
        3, "2026-12-02 08:00", "2026-12-03 18:00", "2026-12-10 18:00",
        id="P3-before-nine",  # from Wed 09:00: two whole days end Thu 18:00; seven end Thu 10th
    ),
    pytest.param(
        3, "2026-11-27 19:00", "2026-12-01 18:00", "2026-12-08 18:00",
        id="P3-friday-evening",  # from Mon 09:00: Mon+Tue; Mon 30, Dec 1, 2, 3, 4, 7, 8
    ),
    pytest.param(
        3, "2026-12-23 15:00", "2026-12-29 15:00", "2027-01-06 15:00",
        id="P3-christmas",
        # 2nd business day after Wed 23: Thu 24, Tue 29 -> Tue 15:00.
        # 7th: Dec 24, 29, 30, 31, Jan 4, 5, 6 -> Wed Jan 6 15:00.
    ),
    pytest.param(
        3, "2027-03-25 10:00", "2027-03-31 10:00", "2027-04-07 10:00",
        id="P3-easter",
        # After Thu 25: Tue 30, Wed 31 -> Wed 10:00; Mar 30, 31, Apr 1, 2, 5, 6, 7 -> Apr 7.
    ),
    # P4 Error or Cosmetic: response 4 business days (36h), no resolution target.
    pytest.param(
        4, "2026-11-27 17:00", "2026-12-03 17:00", None,
        id="P4-friday-evening",  # 4th business day after Fri: Mon 30, Tue, Wed, Thu Dec 3
    ),
    pytest.param(
        4, "2026-12-27 10:00", "2027-01-04 18:00", None,
        id="P4-between-christmas-and-new-year",
        # From Tue 29 09:00: Dec 29, 30, 31 (27h), Jan 1 closed, Mon Jan 4 (36h) -> 18:00.
    ),
]
# fmt: on


@pytest.mark.parametrize(("priority", "opened", "response", "resolution"), SCENARIOS)
def test_seed_table_due_times(
    priority: int, opened: str, response: str, resolution: str | None
) -> None:
    assert response_due(at(opened), priority) == at(response)
    expected_resolution = None if resolution is None else at(resolution)
    assert resolution_due(at(opened), priority) == expected_resolution


def test_due_times_are_in_the_calendar_zone() -> None:
    # 18:00+01:00 is 17:00 GMT on Friday: due Monday 10:00 GMT, written in GMT.
    due = response_due("2026-11-27T18:00:00+01:00", "P1")
    assert due is not None
    assert due.utcoffset() == timedelta(0)
    assert due.isoformat() == "2026-11-30T10:00:00+00:00"


def test_string_and_datetime_timestamps_agree() -> None:
    as_text = response_due("2026-11-27T17:00:00Z", 1)
    as_datetime = response_due(datetime(2026, 11, 27, 12, tzinfo=timezone(timedelta(hours=-5))), 1)
    assert as_text == as_datetime == at("2026-11-30 10:00")


def test_naive_opened_at_is_rejected() -> None:
    with pytest.raises(InvalidTimestampError, match="timezone-aware"):
        response_due(datetime(2026, 11, 27, 17), 1)


# --- Priorities ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "priority", [2, "2", " 2 ", "P2", "p2", " p2 ", "Major Issue", "major issue", "major"]
)
def test_priority_matches_number_key_name_or_alias_in_any_case(priority: int | str) -> None:
    # P2's response is 2 business hours: Tue 10:00 -> 12:00.
    assert response_due("2026-12-01T10:00:00Z", priority) == at("2026-12-01 12:00")


@pytest.mark.parametrize("priority", [True, False, "P9", "9", "", 2.0, 9, None])
def test_unknown_priority_lists_the_valid_ones(priority: object) -> None:
    with pytest.raises(UnknownPriorityError, match=r"P1.*Critical Issue.*P4") as caught:
        response_due("2026-12-01T10:00:00Z", priority)  # type: ignore[arg-type]
    assert isinstance(caught.value, LookupError)


# --- States ----------------------------------------------------------------------------------


def test_response_at_the_due_instant_is_met() -> None:
    # P1 opened Tue 10:00 is due 12:00; a reply at exactly 12:00 meets it.
    status = response_status(
        at("2026-12-01 10:00"), 1, responded_at=at("2026-12-01 12:00"), now=at("2026-12-02 09:00")
    )
    assert status.state is TargetState.MET
    assert not status.breached
    assert status.remaining == timedelta(0)
    assert status.overdue_by == timedelta(0)
    assert status.fraction_used == 1.0


def test_pending_until_the_due_instant_then_breached() -> None:
    opened, due = at("2026-12-01 10:00"), at("2026-12-01 12:00")
    assert response_status(opened, 1, now=due).state is TargetState.PENDING
    late = response_status(opened, 1, now=due + timedelta(microseconds=1))
    assert late.state is TargetState.BREACHED
    assert late.breached
    assert late.overdue_by == timedelta(microseconds=1)


def test_pending_status_counts_business_time_only() -> None:
    # P1 opened Fri 17:00, seen Mon 09:30: 1h on Friday + 30m on Monday used of 2h.
    status = response_status(at("2026-11-27 17:00"), "P1", now=at("2026-11-30 09:30"))
    assert status.state is TargetState.PENDING
    assert status.due == at("2026-11-30 10:00")
    assert status.elapsed == timedelta(minutes=90)
    assert status.remaining == timedelta(minutes=30)
    assert status.fraction_used == 0.75
    assert status.overdue_by == timedelta(0)
    assert status.completed_at is None


def test_reply_before_monday_opening_to_a_friday_close_target_is_breached_with_zero_remaining() -> (
    None
):
    # P1 opened Fri 16:00 is due Fri 18:00. A reply at Mon 08:59 used no more business
    # time (the weekend is closed), so remaining is zero, but it came after the due instant.
    status = response_status(
        at("2026-11-27 16:00"), 1, responded_at=at("2026-11-30 08:59"), now=at("2026-11-30 12:00")
    )
    assert status.due == at("2026-11-27 18:00")
    assert status.state is TargetState.BREACHED
    assert status.elapsed == timedelta(hours=2)
    assert status.remaining == timedelta(0)
    # Real time from Fri 18:00 to Mon 08:59: 2 days + 14h59m.
    assert status.overdue_by == timedelta(days=2, hours=14, minutes=59)
    assert status.completed_at == at("2026-11-30 08:59")


def test_remaining_goes_negative_past_the_target() -> None:
    # P1 opened Tue 10:00, due 12:00, no reply at 13:00: 3h used of 2h.
    status = response_status(at("2026-12-01 10:00"), 1, now=at("2026-12-01 13:00"))
    assert status.state is TargetState.BREACHED
    assert status.remaining == -timedelta(hours=1)
    assert status.overdue_by == timedelta(hours=1)
    assert status.fraction_used == 1.5


def test_overdue_by_is_real_time_across_the_weekend() -> None:
    # P1 resolution: opened Fri 17:00, due Mon 12:00 (1h Fri + 3h Mon); resolved Mon 13:00.
    status = resolution_status(
        at("2026-11-27 17:00"), 1, resolved_at=at("2026-11-30 13:00"), now=at("2026-12-01 09:00")
    )
    assert status.state is TargetState.BREACHED
    assert status.overdue_by == timedelta(hours=1)
    assert status.remaining == -timedelta(hours=1)


def test_completion_after_now_counts_as_not_yet_completed() -> None:
    # Evaluated at Tue 11:00 (before the 12:00 due), a reply stamped 11:30 has not happened.
    status = response_status(
        at("2026-12-01 10:00"), 1, responded_at=at("2026-12-01 11:30"), now=at("2026-12-01 11:00")
    )
    assert status.state is TargetState.PENDING
    assert status.completed_at is None
    assert status.elapsed == timedelta(hours=1)


def test_completion_after_now_and_now_past_due_is_breached() -> None:
    # Evaluated at 12:01, a reply stamped 12:30 has not happened yet, and 12:00 has passed.
    status = response_status(
        at("2026-12-01 10:00"), 1, responded_at=at("2026-12-01 12:30"), now=at("2026-12-01 12:01")
    )
    assert status.state is TargetState.BREACHED
    assert status.completed_at is None
    assert status.overdue_by == MINUTE


def test_no_time_target_has_no_due_and_is_never_breached() -> None:
    # P4 resolution is "Future software release"; elapsed still counts business time:
    # Fri 17:00 -> Tue 12:00 is 1h + 9h + 3h = 13h.
    status = resolution_status(at("2026-11-27 17:00"), "P4", now=at("2026-12-01 12:00"))
    assert status.state is TargetState.NO_TARGET
    assert status.due is None
    assert status.remaining is None
    assert status.fraction_used is None
    assert status.overdue_by is None
    assert not status.breached
    assert status.elapsed == timedelta(hours=13)
    assert status.target == "none: Future software release"


def test_completion_before_opening_is_rejected() -> None:
    with pytest.raises(InvalidTimestampError, match="responded_at"):
        response_status(
            at("2026-12-01 10:00"), 1, responded_at=at("2026-12-01 09:59"), now=at("2026-12-02")
        )


def test_now_before_opening_is_rejected() -> None:
    with pytest.raises(InvalidTimestampError, match="now"):
        resolution_status(at("2026-12-01 10:00"), 1, now=at("2026-12-01 09:00"))


def test_now_defaults_to_the_current_time() -> None:
    # Opened in 2020, a P1 response not yet made is long past due whenever this runs...
    assert response_status(at("2020-01-06 10:00"), 1).state is TargetState.BREACHED
    # ...and a ticket opened in 2199 cannot be evaluated at the current time.
    with pytest.raises(InvalidTimestampError, match="earlier than opened_at"):
        response_status(at("2199-01-06 10:00"), 1)


# --- Tickets and reports ----------------------------------------------------------------------


def test_evaluate_reports_response_and_resolution_together() -> None:
    # P2 opened Thu 24 Dec 16:00: response due 18:00 that day, answered Tue 29 09:30;
    # resolution due Thu 14 Jan 16:00 (see P2-christmas), still open on Tue 5 Jan 12:00.
    ticket = Ticket(
        opened_at="2026-12-24T16:00:00Z", priority="major", responded_at="2026-12-29T09:30:00Z"
    )
    report = evaluate(ticket, now="2027-01-05T12:00:00Z")
    assert isinstance(report, SlaReport)
    assert report.priority == "P2"
    assert report.response.state is TargetState.BREACHED
    # Thu 18:00 to Tue 09:30 in real time: 4 days 15h30m.
    assert report.response.overdue_by == timedelta(days=4, hours=15, minutes=30)
    assert report.resolution.state is TargetState.PENDING
    # Business time to Tue 5 Jan 12:00: 2 + 27 (Dec 29-31) + 9 (Jan 4) + 3 = 41h of 108h.
    assert report.resolution.elapsed == timedelta(hours=41)
    assert report.resolution.remaining == timedelta(hours=67)
    assert report.breached


def test_report_serializes_to_json() -> None:
    ticket = Ticket(opened_at="2026-11-27T17:00:00Z", priority=4)
    data = json.loads(evaluate(ticket, now="2026-11-30T09:00:00Z").model_dump_json())
    assert data["priority"] == "P4"
    assert data["response"]["state"] == "pending"
    assert data["response"]["due"] == "2026-12-03T17:00:00Z"
    assert data["resolution"]["state"] == "no_target"
    assert data["resolution"]["due"] is None
    assert data["breached"] is False


def test_ticket_rejects_naive_and_offsetless_timestamps() -> None:
    with pytest.raises(InvalidTimestampError, match="opened_at"):
        Ticket(opened_at=datetime(2026, 11, 27, 17), priority=1)
    with pytest.raises(InvalidTimestampError, match="resolved_at"):
        Ticket(opened_at="2026-11-27T17:00:00Z", priority=1, resolved_at="2026-11-28 10:00")


def test_ticket_rejects_a_boolean_priority() -> None:
    with pytest.raises(UnknownPriorityError, match="priority"):
        Ticket(opened_at="2026-11-27T17:00:00Z", priority=True)


def test_ticket_is_frozen() -> None:
    ticket = Ticket(opened_at="2026-11-27T17:00:00Z", priority=1)
    with pytest.raises(FrozenInstanceError, match="immutable"):
        ticket.priority = 2  # type: ignore[misc]


def test_reprs_are_readable() -> None:
    status = response_status(
        at("2026-11-27 17:00"), 1, responded_at=at("2026-11-30 10:15"), now=at("2026-12-01 00:00")
    )
    assert repr(status) == (
        "TargetStatus(state='breached', target='2 business hours', "
        "due=2026-11-30T10:00:00+00:00, completed_at=2026-11-30T10:15:00+00:00, "
        "elapsed=2:15:00, remaining=-0:15:00, overdue_by=0:15:00)"
    )
    report = evaluate(Ticket(opened_at="2026-11-27T17:00:00Z", priority=1), now=at("2026-11-30"))
    assert repr(report).startswith("SlaReport(priority='P1', opened_at=2026-11-27T17:00:00+00:00")


def test_report_renders_as_an_html_table() -> None:
    report = evaluate(Ticket(opened_at="2026-11-27T17:00:00Z", priority=4), now=at("2026-11-30"))
    html = report._repr_html_()
    assert html.count("<tr>") == 3  # header, response, resolution
    assert "no_target" in html
    assert "pending" in html
    assert isinstance(report.response, TargetStatus)
    assert "<table>" in report.response._repr_html_()


# --- Brute force on the built-in policy --------------------------------------------------------

# The oracle (`reference.py`) writes the built-in calendar and the seed's table out by
# hand, and finds due times and elapsed business time by stepping minute by minute.


def test_bank_holidays_used_by_these_tests_are_the_real_ones() -> None:
    # Weekday holidays only: a holiday on a weekend changes nothing here.
    package = holidays.country_holidays("GB", subdiv="ENG", years=[2026, 2027])
    assert {day for day in package if day.weekday() < 5} == BANK_HOLIDAYS


@given(opened=MINUTES_2026_2027, target=SLA_TARGETS)
def test_due_matches_minute_by_minute_count(opened: datetime, target: tuple[int, str]) -> None:
    priority, which = target
    minutes = TARGET_MINUTES[target]
    due_function = response_due if which == "response" else resolution_due
    expected = None if minutes is None else brute_due(opened, minutes)
    assert due_function(opened, priority) == expected


@given(
    opened=MINUTES_2026_2027,
    target=SLA_TARGETS,
    completed_after=st.none() | SLA_OFFSETS,
    now_after=SLA_OFFSETS,
)
def test_state_matches_the_stated_rules(
    opened: datetime,
    target: tuple[int, str],
    completed_after: int | str | None,
    now_after: int | str,
) -> None:
    priority, which = target
    minutes = TARGET_MINUTES[target]
    due = None if minutes is None else brute_due(opened, minutes)

    def moment(offset: int | str) -> datetime:
        if isinstance(offset, int):
            return opened + offset * MINUTE
        return opened if due is None else due

    completed = None if completed_after is None else moment(completed_after)
    now = moment(now_after)
    if which == "response":
        status = response_status(opened, priority, responded_at=completed, now=now)
    else:
        status = resolution_status(opened, priority, resolved_at=completed, now=now)

    assert status.state == expected_state(due, completed, now)
    assert status.breached == (status.state == "breached")
    has_completed = completed is not None and completed <= now
    assert status.completed_at == (completed if has_completed else None)
    counted_until = completed if has_completed and completed is not None else now
    elapsed = brute_elapsed(opened, counted_until)
    assert status.elapsed == elapsed
    if minutes is None or due is None:
        assert status.remaining is None
        assert status.overdue_by is None
        return
    assert status.remaining == minutes * MINUTE - elapsed
    assert status.overdue_by == max(timedelta(0), counted_until - due)
    assert status.fraction_used == pytest.approx(elapsed / (minutes * MINUTE))


def test_quickstart_prints_hand_worked_due_times_and_states(
    capsys: pytest.CaptureFixture[str],
) -> None:
    script = Path(__file__).resolve().parent.parent / "examples" / "quickstart.py"
    runpy.run_path(str(script), run_name="__main__")
    text = " ".join(capsys.readouterr().out.split())
    # P1 opened Fri 17:00, resolved Mon 14:00: resolution due Mon 12:00, so 2 h late.
    assert "due Mon 30 Nov 2026 12:00 breached, 2 h late (real time)" in text
    # P2 from Christmas Eve 16:00 at Tue 29 Dec 12:00: 2 h (Dec 24) + 3 h used of 108 h.
    assert "due Thu 14 Jan 2027 16:00 pending, 103 h of business time left" in text
    # P4 due Thu 24 Dec 11:00; at Tue 29 Dec 12:00 that is 5 days and 1 hour of real time.
    assert "due Thu 24 Dec 2026 11:00 breached, 121 h late (real time)" in text
    assert "resolution none: Future software release due no time target no_target" in text
