"""Ticket timelines worked by hand: pauses, priority changes, reopening, warnings, explanations.

Two kinds of policy are used. The built-in policy (Mon-Fri 09:00-18:00 GMT, England &
Wales bank holidays, one business day = 9 business hours):

    P1  response 2 business hours   resolution 4 business hours
    P2  response 2 business hours   resolution 12 business days
    P3  response 2 business days    resolution 7 business days
    P4  response 4 business days    resolution none: Future software release

and small "desk" policies written out in each test: Mon-Fri 09:00-17:00 UTC, no
holidays, with the tiers and the ``clock`` settings the test needs. Dates used:

    2026-11-27 Fri   2026-11-30 Mon   2026-12-01 Tue   2026-12-02 Wed   2026-12-03 Thu
    2026-12-24 Thu   2026-12-25 Fri (Christmas Day)   2026-12-26 Sat (Boxing Day)
    2026-12-28 Mon (Boxing Day, substitute)   2026-12-29 Tue   2026-12-30 Wed

Every expected value is worked out in the comments from the lifecycle rules:
a pause stops the clocks its tier's pause rule names; a priority change keeps,
restarts or re-measures the counted time; a reopening continues the clock or
starts a new cycle.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

import pytest

import slacalc
from reference import duration_us
from slacalc import (
    ClockRules,
    Event,
    EventType,
    Policy,
    PolicyError,
    SlacalcError,
    SlaReport,
    TargetState,
    Ticket,
    TimelineError,
)

HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
MICROSECOND = timedelta(microseconds=1)

DESK_HOURS = {"timezone": "UTC", "hours": {"mon-fri": "09:00-17:00"}}
ROUND_THE_CLOCK = {"timezone": "UTC", "hours": {"daily": "00:00-24:00"}}


def at(text: str) -> datetime:
    """A UTC instant from 'YYYY-MM-DD HH:MM[:SS[.ffffff]]' (GMT is UTC+0, so also local time)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def event(kind: str, when: str, **fields: object) -> dict[str, object]:
    """One timeline event as a mapping, e.g. event("paused", "2026-12-01 10:00")."""
    return {"type": kind, "at": at(when).isoformat(), **fields}


def changed(when: str, to: int | str) -> dict[str, object]:
    return event("priority_changed", when, to=to)


def ticket(
    opened: str,
    priority: int | str,
    *events: Mapping[str, object],
    responded: str | None = None,
    resolved: str | None = None,
) -> Ticket:
    return Ticket(
        opened_at=at(opened),
        priority=priority,
        responded_at=None if responded is None else at(responded),
        resolved_at=None if resolved is None else at(resolved),
        events=list(events),
    )


def evaluate(subject: Ticket, now: str, policy: Policy | None = None) -> SlaReport:
    return slacalc.evaluate(subject, now=at(now), policy=policy)


def tier(
    priority: int,
    response: str | Mapping[str, object],
    resolution: str | Mapping[str, object],
    **fields: object,
) -> dict[str, object]:
    return {
        "priority": priority,
        "key": f"P{priority}",
        "name": f"Tier {priority}",
        "response": response,
        "resolution": resolution,
        **fields,
    }


def desk(*tiers: Mapping[str, object], **clock: object) -> Policy:
    """A Mon-Fri 09:00-17:00 UTC policy without holidays, with these tiers and clock settings."""
    data: dict[str, object] = {
        "name": "Desk",
        "version": "1",
        "calendar": DESK_HOURS,
        "tiers": list(tiers),
    }
    if clock:
        data["clock"] = clock
    return slacalc.load_policy(data)


def built_in(**clock: object) -> Policy:
    """The built-in policy with other clock settings."""
    data = slacalc.default_policy().to_dict()
    data["clock"] = clock
    return slacalc.load_policy(data)


def duration(text: str) -> timedelta:
    """An ISO 8601 duration such as 'PT1H30M' as a timedelta."""
    return timedelta(microseconds=duration_us(text))


def counted_total(segments: Sequence[Mapping[str, object]]) -> timedelta:
    return sum((duration(str(segment["counted"])) for segment in segments), timedelta())


def assert_tiles(segments: Sequence[Mapping[str, object]], start: datetime, end: datetime) -> None:
    """The segments cover [start, end] in order, each beginning where the previous one ended."""
    assert segments
    assert datetime.fromisoformat(str(segments[0]["start"])) == start
    assert datetime.fromisoformat(str(segments[-1]["end"])) == end
    for before, after in itertools.pairwise(segments):
        assert datetime.fromisoformat(str(before["end"])) == datetime.fromisoformat(
            str(after["start"])
        )


def counted_spans(segments: Sequence[Mapping[str, object]]) -> list[tuple[datetime, datetime]]:
    return [
        (datetime.fromisoformat(str(s["start"])), datetime.fromisoformat(str(s["end"])))
        for s in segments
        if s["kind"] == "counted"
    ]


# --- The clock settings of a policy ----------------------------------------------------------


def test_built_in_policy_pauses_stop_the_resolution_keep_counted_time_and_continue_on_reopen() -> (
    None
):
    clock = slacalc.default_policy().clock
    assert isinstance(clock, ClockRules)
    assert tuple(clock.pauses) == ("resolution",)
    assert clock.priority_change == "keep"
    assert clock.reopen == "continue"


def test_clock_table_is_read_from_policy_data() -> None:
    policy = desk(
        tier(1, "4 business hours", "8 business hours"),
        pauses=["response", "resolution"],
        priority_change="restart",
        reopen="new_cycle",
        warnings=[0.9, 0.5],
    )
    assert set(policy.clock.pauses) == {"response", "resolution"}
    assert policy.clock.priority_change == "restart"
    assert policy.clock.reopen == "new_cycle"
    assert set(policy.clock.warnings) == {0.5, 0.9}


def test_tier_without_its_own_pauses_uses_the_policys() -> None:
    assert slacalc.default_policy().tier("P1").pauses is None


@pytest.mark.parametrize(
    "clock",
    [
        {"warnings": [0]},
        {"warnings": [1.5]},
        {"warnings": [-0.25]},
        {"priority_change": "later"},
        {"reopen": "forget"},
        {"pauses": ["lunch"]},
    ],
    ids=["warning-zero", "warning-above-one", "warning-negative", "priority", "reopen", "pauses"],
)
def test_invalid_clock_settings_are_policy_errors(clock: dict[str, object]) -> None:
    with pytest.raises(PolicyError):
        desk(tier(1, "4 business hours", "8 business hours"), **clock)


# --- Pauses ----------------------------------------------------------------------------------

WEEKEND_PAUSE = ticket(
    "2026-11-27 15:00",
    "P1",
    event("paused", "2026-11-27 17:30"),
    event("resumed", "2026-11-30 09:30"),
    responded="2026-11-27 15:30",
)


def test_pause_from_friday_1730_to_monday_0930_pushes_the_resolution_one_business_hour() -> None:
    # Without the pause: Fri 15:00-18:00 is 3h, Mon 09:00-10:00 the 4th: due Mon 10:00.
    assert slacalc.resolution_due(at("2026-11-27 15:00"), "P1") == at("2026-11-30 10:00")
    # The pause covers Fri 17:30-18:00 and Mon 09:00-09:30 of open time: 1 business hour.
    # Counted: Fri 15:00-17:30 (2h30), then 1h30 from Mon 09:30: due Mon 11:00.
    # At Mon 10:00: 2h30 + 30m = 3h used, 1h left.
    resolution = evaluate(WEEKEND_PAUSE, "2026-11-30 10:00").resolution
    assert resolution.state is TargetState.PENDING
    assert resolution.due == at("2026-11-30 11:00")
    assert resolution.elapsed == 3 * HOUR
    assert resolution.remaining == HOUR
    assert not resolution.paused


def test_pause_does_not_stop_the_response_by_default() -> None:
    # P1 opened Tue 10:00, paused 10:30-11:30, no reply by 12:30. The response runs on:
    # due 12:00, 2h30 used, 30m late. The resolution counts 10:00-10:30 and 11:30-12:30
    # (1h30) and is due 2h30 after 12:30: 15:00.
    paused_hour = ticket(
        "2026-12-01 10:00",
        "P1",
        event("paused", "2026-12-01 10:30"),
        event("resumed", "2026-12-01 11:30"),
    )
    report = evaluate(paused_hour, "2026-12-01 12:30")
    assert report.response.state is TargetState.BREACHED
    assert report.response.due == at("2026-12-01 12:00")
    assert report.response.elapsed == 150 * MINUTE
    assert report.response.overdue_by == 30 * MINUTE
    assert report.resolution.due == at("2026-12-01 15:00")
    assert report.resolution.elapsed == 90 * MINUTE


PAUSED_HOUR = ticket(
    "2026-12-01 10:00",
    "P1",
    event("paused", "2026-12-01 10:30"),
    event("resumed", "2026-12-01 11:30"),
)


def test_pause_stops_the_response_too_when_the_policy_names_it() -> None:
    # pauses = ["response", "resolution"]: the response counts 10:00-10:30 and 11:30-12:30
    # (1h30 of 2h) and is due at 13:00, pending at 12:30; the resolution is due 15:00.
    policy = built_in(pauses=["response", "resolution"])
    report = evaluate(PAUSED_HOUR, "2026-12-01 12:30", policy)
    assert report.response.state is TargetState.PENDING
    assert report.response.due == at("2026-12-01 13:00")
    assert report.response.elapsed == 90 * MINUTE
    assert report.response.remaining == 30 * MINUTE
    assert report.resolution.due == at("2026-12-01 15:00")


def test_pause_stops_only_the_targets_the_policy_names() -> None:
    # pauses = ["response"]: the response is due 13:00 as above; the resolution ignores
    # the pause: 10:00-12:30 is 2h30 used, due 14:00 as without it.
    policy = built_in(pauses=["response"])
    report = evaluate(PAUSED_HOUR, "2026-12-01 12:30", policy)
    assert report.response.due == at("2026-12-01 13:00")
    assert report.resolution.due == at("2026-12-01 14:00")
    assert report.resolution.elapsed == 150 * MINUTE


def test_a_tiers_own_pauses_replace_the_policys() -> None:
    # Desk, Mon-Fri 09:00-17:00. Tier 1 has pauses = [] (nothing stops its clocks);
    # tier 2 uses the policy's ["resolution"]. Opened Tue 09:00, paused 10:00, seen 12:00.
    policy = desk(
        tier(1, "4 business hours", "8 business hours", pauses=[]),
        tier(2, "4 business hours", "8 business hours"),
    )
    # Tier 1: the resolution ran on, 3h of 8h, due 17:00; the ticket is still paused.
    first = evaluate(
        ticket("2026-12-01 09:00", 1, event("paused", "2026-12-01 10:00")),
        "2026-12-01 12:00",
        policy,
    )
    assert first.paused
    assert not first.resolution.paused
    assert first.resolution.elapsed == 3 * HOUR
    assert first.resolution.due == at("2026-12-01 17:00")
    # Tier 2: stopped at 1h; due as if resumed at 12:00: 12:00-17:00 is 5h, Wed 09:00-11:00.
    second = evaluate(
        ticket("2026-12-01 09:00", 2, event("paused", "2026-12-01 10:00")),
        "2026-12-01 12:00",
        policy,
    )
    assert second.paused
    assert second.resolution.paused
    assert second.resolution.elapsed == HOUR
    assert second.resolution.due == at("2026-12-02 11:00")


# --- Paused at now ------------------------------------------------------------------------------


def paused_p1(paused_at: str) -> Ticket:
    """P1 opened Tue 1 Dec 10:00 (resolution due 14:00 without pauses), answered 10:15."""
    return ticket(
        "2026-12-01 10:00", "P1", event("paused", paused_at), responded="2026-12-01 10:15"
    )


def test_paused_ticket_is_due_as_if_it_resumed_now() -> None:
    # Paused 11:00 after 1h of 4h; at 14:00 the 3h left are counted from now: 17:00.
    report = evaluate(paused_p1("2026-12-01 11:00"), "2026-12-01 14:00")
    assert report.paused
    assert report.resolution.paused
    assert not report.response.paused  # the built-in policy's pauses stop the resolution only
    assert report.resolution.state is TargetState.PENDING
    assert report.resolution.due == at("2026-12-01 17:00")
    assert report.resolution.elapsed == HOUR
    assert report.resolution.remaining == 3 * HOUR


def test_paused_ticket_cannot_breach_while_paused() -> None:
    # A day later, still paused: 1h used, due 3h after Wed 14:00 = Wed 17:00, not breached
    # although the unpaused due (Tue 14:00) is long past.
    resolution = evaluate(paused_p1("2026-12-01 11:00"), "2026-12-02 14:00").resolution
    assert resolution.state is TargetState.PENDING
    assert resolution.due == at("2026-12-02 17:00")
    assert resolution.elapsed == HOUR


def test_paused_ticket_already_past_due_when_the_pause_began_is_breached() -> None:
    # Paused at 15:00, but 4h were used up at 14:00: breached with due 14:00. At 16:00
    # 5h were counted (10:00-15:00), 1h over; real time from due to now is 2h.
    resolution = evaluate(paused_p1("2026-12-01 15:00"), "2026-12-01 16:00").resolution
    assert resolution.state is TargetState.BREACHED
    assert resolution.due == at("2026-12-01 14:00")
    assert resolution.elapsed == 5 * HOUR
    assert resolution.remaining == -HOUR
    assert resolution.overdue_by == 2 * HOUR
    assert resolution.paused


def test_pause_beginning_at_the_due_instant_is_not_a_breach() -> None:
    # Paused at 14:00 exactly when the 4h are used up: the crossing (14:00) is not before
    # the pause, so it is pending with nothing left: due = now.
    resolution = evaluate(paused_p1("2026-12-01 14:00"), "2026-12-01 16:00").resolution
    assert resolution.state is TargetState.PENDING
    assert resolution.due == at("2026-12-01 16:00")
    assert resolution.remaining == timedelta(0)
    assert resolution.fraction_used == 1.0


def test_pause_at_now_has_happened() -> None:
    # An event at now counts: paused at 12:00, seen at 12:00 after 2h; due 12:00 + 2h.
    report = evaluate(paused_p1("2026-12-01 12:00"), "2026-12-01 12:00")
    assert report.paused
    assert report.resolution.due == at("2026-12-01 14:00")
    assert report.resolution.elapsed == 2 * HOUR


def test_resolving_while_paused_ends_the_pause_and_is_judged_as_of_the_resolution() -> None:
    # Paused 11:00 after 1h; resolved 15:00 while paused. As of 15:00 the 3h left would
    # run to 18:00 (the close): met, due 18:00, 1h counted.
    paused_then_resolved = ticket(
        "2026-12-01 10:00",
        "P1",
        event("paused", "2026-12-01 11:00"),
        event("resolved", "2026-12-01 15:00"),
        responded="2026-12-01 10:15",
    )
    report = evaluate(paused_then_resolved, "2026-12-01 16:00")
    assert not report.paused
    assert report.resolution.state is TargetState.MET
    assert report.resolution.completed_at == at("2026-12-01 15:00")
    assert report.resolution.due == at("2026-12-01 18:00")
    assert report.resolution.elapsed == HOUR


@pytest.mark.parametrize("order", [("paused", "resumed"), ("resumed", "paused")])
def test_zero_length_pause_is_valid_in_either_input_order_and_changes_nothing(
    order: tuple[str, str],
) -> None:
    # At one instant `resumed` ranks first but is impossible while running, so `paused`
    # applies, then `resumed`. P1 opened Tue 10:00: at 12:00 2h used, due 14:00.
    blink = ticket("2026-12-01 10:00", "P1", *(event(kind, "2026-12-01 11:00") for kind in order))
    report = evaluate(blink, "2026-12-01 12:00")
    assert not report.paused
    assert report.resolution.due == at("2026-12-01 14:00")
    assert report.resolution.elapsed == 2 * HOUR


# --- Priority changes ---------------------------------------------------------------------------

# P3 opened Tue 1 Dec 10:00, raised to P1 at 13:00 after three business hours.
RAISED = ticket("2026-12-01 10:00", "P3", changed("2026-12-01 13:00", "P1"))


def test_p3_raised_to_p1_after_three_business_hours_breaches_the_response_at_once() -> None:
    # keep: the 3h counted under P3 stay; P1's response allowance is 2h, reached at
    # 10:00 + 2h = 12:00, before the change. At 13:00 that is 1h in the past.
    report = evaluate(RAISED, "2026-12-01 13:00")
    assert report.priority == "P1"
    assert report.response.state is TargetState.BREACHED
    assert report.response.due == at("2026-12-01 12:00")
    assert report.response.elapsed == 3 * HOUR
    assert report.response.overdue_by == HOUR


def test_p3_raised_to_p1_is_due_four_business_hours_after_opening_under_keep() -> None:
    # keep: 3h counted under P3 + 1h under P1 from 13:00: 10:00 + 4h = 14:00.
    resolution = evaluate(RAISED, "2026-12-01 13:00").resolution
    assert resolution.state is TargetState.PENDING
    assert resolution.due == at("2026-12-01 14:00")
    assert resolution.elapsed == 3 * HOUR
    assert resolution.remaining == HOUR


def test_restart_counts_the_new_tier_from_the_change() -> None:
    # restart: the clocks start again at 13:00 under P1: response 15:00, resolution 17:00.
    report = evaluate(RAISED, "2026-12-01 13:00", built_in(priority_change="restart"))
    assert report.response.state is TargetState.PENDING
    assert report.response.due == at("2026-12-01 15:00")
    assert report.response.elapsed == timedelta(0)
    assert report.resolution.due == at("2026-12-01 17:00")
    assert report.resolution.elapsed == timedelta(0)


def test_retroactive_is_keep_when_both_tiers_share_calendar_and_pauses() -> None:
    # P3 and P1 count on the same calendar with the same pause rule: re-measuring the
    # 3h under P1 gives 3h again. Response breached (due 12:00), resolution due 14:00.
    report = evaluate(RAISED, "2026-12-01 13:00", built_in(priority_change="retroactive"))
    assert report.response.state is TargetState.BREACHED
    assert report.response.due == at("2026-12-01 12:00")
    assert report.resolution.due == at("2026-12-01 14:00")


@pytest.mark.parametrize(
    ("rule", "state", "due", "elapsed"),
    [
        # keep: Fri 15:00-17:00 on the desk is 2h under tier 2; 6h more round the clock
        # from Mon 09:00: Mon 15:00.
        ("keep", TargetState.PENDING, "2026-11-30 15:00", 2 * HOUR),
        # retroactive: Fri 15:00 to Mon 09:00 re-measured round the clock is 66h; the 8h
        # ran out at Fri 23:00.
        ("retroactive", TargetState.BREACHED, "2026-11-27 23:00", 66 * HOUR),
        # restart: 8h round the clock from Mon 09:00.
        ("restart", TargetState.PENDING, "2026-11-30 17:00", timedelta(0)),
    ],
)
def test_priority_change_to_a_tier_with_its_own_calendar(
    rule: str, state: TargetState, due: str, elapsed: timedelta
) -> None:
    # Tier 1 resolves in 8 business hours on a round-the-clock calendar; tier 2 in
    # 8 business hours on the desk (Mon-Fri 09:00-17:00). Opened Fri 15:00 as tier 2,
    # raised to tier 1 on Mon 09:00.
    policy = desk(
        tier(
            1,
            "1 business hour",
            {"amount": 8, "unit": "business_hours", "calendar": ROUND_THE_CLOCK},
        ),
        tier(2, "4 business hours", "8 business hours"),
        priority_change=rule,
    )
    raised = ticket("2026-11-27 15:00", 2, changed("2026-11-30 09:00", 1))
    resolution = evaluate(raised, "2026-11-30 09:00", policy).resolution
    assert resolution.state is state
    assert resolution.due == at(due)
    assert resolution.elapsed == elapsed


@pytest.mark.parametrize(
    ("rule", "state", "due", "elapsed"),
    [
        # keep: 09:00-10:00 and 12:00-13:30 counted under tier 2 (the pause did not):
        # 2h30 of tier 1's 4h; 1h30 more from 13:30: 15:00.
        ("keep", TargetState.PENDING, "2026-12-01 15:00", 150 * MINUTE),
        # retroactive: under tier 1 (pauses = []) the paused 10:00-12:00 counts too:
        # 1h + 2h + 1h30 = 4h30; the 4h were used up at 13:00.
        ("retroactive", TargetState.BREACHED, "2026-12-01 13:00", 270 * MINUTE),
        # restart: 4h from 13:30: 13:30-17:00 is 3h30, then Wed 09:00-09:30.
        ("restart", TargetState.PENDING, "2026-12-02 09:30", timedelta(0)),
    ],
)
def test_priority_change_to_a_tier_with_its_own_pauses(
    rule: str, state: TargetState, due: str, elapsed: timedelta
) -> None:
    # Tier 1 cannot be paused (pauses = []); tier 2 pauses its resolution (the policy's
    # rule). Opened Tue 09:00 as tier 2, paused 10:00-12:00, raised to tier 1 at 13:30.
    policy = desk(
        tier(1, "4 business hours", "4 business hours", pauses=[]),
        tier(2, "8 business hours", "8 business hours"),
        priority_change=rule,
    )
    raised = ticket(
        "2026-12-01 09:00",
        2,
        event("paused", "2026-12-01 10:00"),
        event("resumed", "2026-12-01 12:00"),
        changed("2026-12-01 13:30", 1),
    )
    resolution = evaluate(raised, "2026-12-01 13:30", policy).resolution
    assert resolution.state is state
    assert resolution.due == at(due)
    assert resolution.elapsed == elapsed


def test_completed_response_keeps_its_result_after_a_priority_change() -> None:
    # Answered at 11:00 as P3 (2 business days from Tue 10:00: Thu 3 Dec 10:00), then
    # raised to P1 at 13:00: the response stays met against P3's due.
    answered = ticket(
        "2026-12-01 10:00", "P3", changed("2026-12-01 13:00", "P1"), responded="2026-12-01 11:00"
    )
    response = evaluate(answered, "2026-12-01 13:00").response
    assert response.state is TargetState.MET
    assert response.due == at("2026-12-03 10:00")
    assert response.completed_at == at("2026-12-01 11:00")


@pytest.mark.parametrize("to", [1, "P1", "p1", "Critical Issue", "critical"])
def test_priority_change_names_a_tier_by_number_key_name_or_alias(to: int | str) -> None:
    report = evaluate(
        ticket("2026-12-01 10:00", "P3", changed("2026-12-01 11:00", to)), "2026-12-01 12:00"
    )
    assert report.priority == "P1"


def test_priority_change_while_resolved_applies_to_the_reopened_cycle() -> None:
    # P3 opened Tue 10:00, resolved 11:00 (1h counted), raised to P1 at 12:00 while resolved,
    # reopened 13:00. continue + keep: 1h + 1h (13:00-14:00) of P1's 4h at 14:00: due 16:00.
    history = ticket(
        "2026-12-01 10:00",
        "P3",
        event("resolved", "2026-12-01 11:00"),
        changed("2026-12-01 12:00", "P1"),
        event("reopened", "2026-12-01 13:00"),
        responded="2026-12-01 10:30",
    )
    report = evaluate(history, "2026-12-01 14:00")
    assert report.priority == "P1"
    assert report.cycles[0].state is TargetState.MET
    assert report.resolution.state is TargetState.PENDING
    assert report.resolution.due == at("2026-12-01 16:00")
    assert report.resolution.elapsed == 2 * HOUR


# --- Reopening after Christmas --------------------------------------------------------------------

# P1 opened Thu 24 Dec 16:00, answered 16:10, resolved 17:00 (1h counted), reopened
# Tue 29 Dec 10:00 after the Christmas closure; seen Tue 12:00.
REOPENED = ticket(
    "2026-12-24 16:00",
    "P1",
    event("resolved", "2026-12-24 17:00"),
    event("reopened", "2026-12-29 10:00"),
    responded="2026-12-24 16:10",
)


def test_reopen_continue_counts_the_first_cycle_but_not_the_resolved_time() -> None:
    # continue: 1h (Thu 16:00-17:00) + 2h (Tue 10:00-12:00) = 3h of 4h; Thu 17:00-18:00
    # and Tue 09:00-10:00 were open but resolved, so they do not count. Due Tue 13:00.
    resolution = evaluate(REOPENED, "2026-12-29 12:00").resolution
    assert resolution.state is TargetState.PENDING
    assert resolution.due == at("2026-12-29 13:00")
    assert resolution.elapsed == 3 * HOUR
    assert resolution.remaining == HOUR
    assert resolution.completed_at is None


def test_reopen_new_cycle_starts_the_clock_at_the_reopening() -> None:
    # new_cycle: 4h from Tue 10:00 = 14:00; 2h used at 12:00.
    resolution = evaluate(REOPENED, "2026-12-29 12:00", built_in(reopen="new_cycle")).resolution
    assert resolution.state is TargetState.PENDING
    assert resolution.due == at("2026-12-29 14:00")
    assert resolution.elapsed == 2 * HOUR
    assert resolution.remaining == 2 * HOUR


@pytest.mark.parametrize(
    ("rule", "second_due"), [("continue", "2026-12-29 13:00"), ("new_cycle", "2026-12-29 14:00")]
)
def test_reopened_ticket_lists_its_resolution_cycles(rule: str, second_due: str) -> None:
    # Cycle 1: Thu 16:00-17:00; as of 17:00 it was due 4h after 16:00: Thu 16:00-18:00 is
    # 2h, Fri 25 to Mon 28 closed, Tue 09:00-11:00: Tue 11:00; met. Cycle 2 from Tue 10:00.
    report = evaluate(REOPENED, "2026-12-29 12:00", built_in(reopen=rule))
    first, second = report.cycles
    assert (first.number, first.start, first.end) == (
        1,
        at("2026-12-24 16:00"),
        at("2026-12-24 17:00"),
    )
    assert first.due == at("2026-12-29 11:00")
    assert first.state is TargetState.MET
    assert (second.number, second.start, second.end) == (2, at("2026-12-29 10:00"), None)
    assert second.due == at(second_due)
    assert second.state is TargetState.PENDING
    assert report.breached_cycles == 0


# The same ticket resolved late (Tue 29 11:30, due 11:00) and reopened Wed 30 09:00.
LATE_THEN_REOPENED = ticket(
    "2026-12-24 16:00",
    "P1",
    event("resolved", "2026-12-29 11:30"),
    event("reopened", "2026-12-30 09:00"),
    responded="2026-12-24 16:10",
)


def test_reopen_continue_after_a_breached_cycle_is_breached_at_once() -> None:
    # continue: cycle 1 counted Thu 16:00-18:00 (2h) + Tue 09:00-11:30 (2h30); the 4h ran
    # out at Tue 11:00. At Wed 10:00 the clock has 5h30 (1h more on Wed) and was due
    # Tue 11:00: breached, 23h late in real time. Cycle 1 breached too.
    report = evaluate(LATE_THEN_REOPENED, "2026-12-30 10:00")
    assert report.resolution.state is TargetState.BREACHED
    assert report.resolution.due == at("2026-12-29 11:00")
    assert report.resolution.elapsed == 330 * MINUTE
    assert report.resolution.overdue_by == 23 * HOUR
    assert [cycle.state for cycle in report.cycles] == [TargetState.BREACHED] * 2
    assert report.breached_cycles == 1


def test_reopen_new_cycle_after_a_breached_cycle_counts_the_breach_once() -> None:
    # new_cycle: 4h from Wed 09:00 = 13:00, 1h used at 10:00; cycle 1 stays breached.
    report = evaluate(LATE_THEN_REOPENED, "2026-12-30 10:00", built_in(reopen="new_cycle"))
    assert report.resolution.state is TargetState.PENDING
    assert report.resolution.due == at("2026-12-30 13:00")
    assert report.resolution.elapsed == HOUR
    assert [cycle.state for cycle in report.cycles] == [TargetState.BREACHED, TargetState.PENDING]
    assert report.breached_cycles == 1


def test_reopened_ticket_resolved_again_is_judged_as_of_the_second_resolution() -> None:
    # continue: resolved again Tue 12:30 with 1h + 2h30 = 3h30 counted; as of 12:30 the
    # last 3h ran from Tue 10:00 to 13:00: met.
    again = ticket(
        "2026-12-24 16:00",
        "P1",
        event("resolved", "2026-12-24 17:00"),
        event("reopened", "2026-12-29 10:00"),
        event("resolved", "2026-12-29 12:30"),
        responded="2026-12-24 16:10",
    )
    report = evaluate(again, "2026-12-29 15:00")
    assert report.resolution.state is TargetState.MET
    assert report.resolution.completed_at == at("2026-12-29 12:30")
    assert report.resolution.due == at("2026-12-29 13:00")
    assert report.resolution.elapsed == 210 * MINUTE
    assert report.cycles[-1].end == at("2026-12-29 12:30")


def test_ticket_never_reopened_has_one_cycle() -> None:
    report = evaluate(ticket("2026-12-01 10:00", "P1"), "2026-12-01 11:00")
    (only,) = report.cycles
    assert (only.number, only.start, only.end) == (1, at("2026-12-01 10:00"), None)
    assert only.due == at("2026-12-01 14:00")
    assert only.state is TargetState.PENDING
    assert report.breached_cycles == 0


# --- Warnings ----------------------------------------------------------------------------------

# Desk tier 1: response 4 business hours (240 min), resolution 8 business hours; opened
# Tue 1 Dec 09:00, so the response is due 13:00 and the resolution 17:00.
WARNED = desk(tier(1, "4 business hours", "8 business hours"), warnings=[0.75])
TWO_WARNINGS = desk(tier(1, "4 business hours", "8 business hours"), warnings=[0.9, 0.5])
OPENED_9 = ticket("2026-12-01 09:00", 1)


def test_target_is_at_risk_from_three_quarters_of_its_time() -> None:
    # At 12:00, 3h of 4h: 0.75.
    response = evaluate(OPENED_9, "2026-12-01 12:00", WARNED).response
    assert response.state is TargetState.PENDING
    assert response.fraction_used == 0.75
    assert response.at_risk
    assert response.warning_level == 0.75


def test_target_is_not_at_risk_just_before_the_threshold() -> None:
    # At 11:59, 179 of 240 minutes: 0.746.
    response = evaluate(OPENED_9, "2026-12-01 11:59", WARNED).response
    assert not response.at_risk
    assert response.warning_level is None


def test_breached_target_is_not_at_risk_but_keeps_its_warning_level() -> None:
    # At 13:30, 270 of 240 minutes: breached; at_risk is for pending targets only.
    response = evaluate(OPENED_9, "2026-12-01 13:30", WARNED).response
    assert response.state is TargetState.BREACHED
    assert not response.at_risk
    assert response.warning_level == 0.75


def test_met_target_is_not_at_risk_but_keeps_its_warning_level() -> None:
    # Answered 12:12: 192 of 240 minutes = 0.8, met.
    answered = ticket("2026-12-01 09:00", 1, responded="2026-12-01 12:12")
    response = evaluate(answered, "2026-12-01 12:30", WARNED).response
    assert response.state is TargetState.MET
    assert response.fraction_used == 0.8
    assert not response.at_risk
    assert response.warning_level == 0.75


def test_target_without_a_time_has_no_warning() -> None:
    policy = desk(tier(1, "4 business hours", "none: best effort"), warnings=[0.75])
    resolution = evaluate(OPENED_9, "2026-12-02 12:00", policy).resolution
    assert resolution.state is TargetState.NO_TARGET
    assert not resolution.at_risk
    assert resolution.warning_level is None
    assert resolution.next_change() is None


@pytest.mark.parametrize(
    ("now", "at_risk", "level"),
    [
        ("2026-12-01 10:59", False, None),  # 119/240 < 0.5
        ("2026-12-01 11:00", True, 0.5),  # 120/240 = 0.5: the lowest threshold makes it at risk
        ("2026-12-01 12:35", True, 0.5),  # 215/240 = 0.896 < 0.9
        ("2026-12-01 12:36", True, 0.9),  # 216/240 = 0.9: the highest threshold reached
        ("2026-12-01 13:00", True, 0.9),  # 1.0, still pending at the due instant
        ("2026-12-01 13:01", False, 0.9),  # breached: no longer "at risk"
    ],
)
def test_two_thresholds_are_sorted_and_the_highest_reached_is_the_level(
    now: str, at_risk: bool, level: float | None
) -> None:
    response = evaluate(OPENED_9, now, TWO_WARNINGS).response
    assert response.at_risk is at_risk
    assert response.warning_level == level


# --- next_change ---------------------------------------------------------------------------------

# WARNED, ticket opened Tue 09:00: the response reaches 0.75 (3h) at 12:00 and is breached
# from 13:00 + 1 us; the resolution reaches 0.75 (6h) at 15:00 and is breached from
# 17:00 + 1 us.


def test_next_change_is_the_next_threshold_not_yet_reached() -> None:
    report = evaluate(OPENED_9, "2026-12-01 10:00", WARNED)
    assert report.response.next_change() == at("2026-12-01 12:00")
    assert report.resolution.next_change() == at("2026-12-01 15:00")
    assert report.next_change() == at("2026-12-01 12:00")  # the earlier of the two


def test_next_change_after_the_last_threshold_is_the_first_breached_instant() -> None:
    # At 12:00 the 0.75 threshold has been reached (not after now): only the breach is left.
    report = evaluate(OPENED_9, "2026-12-01 12:00", WARNED)
    assert report.response.next_change() == at("2026-12-01 13:00") + MICROSECOND
    assert report.next_change() == at("2026-12-01 13:00") + MICROSECOND


def test_next_change_at_the_due_instant_is_one_microsecond_later() -> None:
    # Pending at 13:00 itself (now <= due); breached from 13:00:00.000001.
    report = evaluate(OPENED_9, "2026-12-01 13:00", WARNED)
    assert report.response.state is TargetState.PENDING
    assert report.response.next_change() == at("2026-12-01 13:00") + MICROSECOND


def test_changes_at_lists_the_thresholds_then_the_first_breached_instant() -> None:
    report = evaluate(OPENED_9, "2026-12-01 10:00", WARNED)
    assert report.response.changes_at == (
        at("2026-12-01 12:00"),
        at("2026-12-01 13:00") + MICROSECOND,
    )
    assert report.resolution.changes_at == (
        at("2026-12-01 15:00"),
        at("2026-12-01 17:00") + MICROSECOND,
    )


def test_changes_at_leaves_out_a_threshold_already_reached() -> None:
    report = evaluate(OPENED_9, "2026-12-01 12:00", WARNED)
    assert report.response.changes_at == (at("2026-12-01 13:00") + MICROSECOND,)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-12-01 09:00", "2026-12-01 11:00"),  # 0.5 at 2h
        ("2026-12-01 11:00", "2026-12-01 12:36"),  # 0.9 at 3h36
        ("2026-12-01 12:36", "2026-12-01 13:00:00.000001"),  # then the breach
    ],
)
def test_next_change_walks_through_each_threshold(now: str, expected: str) -> None:
    response = evaluate(OPENED_9, now, TWO_WARNINGS).response
    assert response.next_change() == at(expected)


def test_changes_at_lists_each_threshold_not_yet_reached() -> None:
    response = evaluate(OPENED_9, "2026-12-01 09:00", TWO_WARNINGS).response
    assert response.changes_at == (
        at("2026-12-01 11:00"),
        at("2026-12-01 12:36"),
        at("2026-12-01 13:00") + MICROSECOND,
    )


def test_threshold_reached_at_a_close_changes_at_the_close() -> None:
    # Opened Fri 14:00: 3h (0.75) are used at the 17:00 close, the earliest instant with
    # that much, not at Monday's opening; the 4th hour is Mon 09:00-10:00.
    friday = ticket("2026-11-27 14:00", 1)
    assert evaluate(friday, "2026-11-27 15:00", WARNED).response.next_change() == at(
        "2026-11-27 17:00"
    )
    assert evaluate(friday, "2026-11-27 17:00", WARNED).response.next_change() == (
        at("2026-11-30 10:00") + MICROSECOND
    )


def test_next_change_with_a_later_now_is_the_first_change_after_it() -> None:
    report = evaluate(OPENED_9, "2026-12-01 10:00", WARNED)
    assert report.response.next_change(now=at("2026-12-01 12:00")) == (
        at("2026-12-01 13:00") + MICROSECOND
    )


def test_completed_target_has_no_next_change() -> None:
    answered = ticket("2026-12-01 09:00", 1, responded="2026-12-01 10:00")
    report = evaluate(answered, "2026-12-01 10:30", WARNED)
    assert report.response.next_change() is None
    assert report.next_change() == at("2026-12-01 15:00")  # the resolution's 0.75


def test_completed_target_has_no_changes_at() -> None:
    answered = ticket("2026-12-01 09:00", 1, responded="2026-12-01 10:00")
    assert evaluate(answered, "2026-12-01 10:30", WARNED).response.changes_at == ()


def test_paused_target_has_no_next_change() -> None:
    # The pause stops the resolution only; the response still reaches 0.75 at 12:00.
    paused = ticket("2026-12-01 09:00", 1, event("paused", "2026-12-01 10:00"))
    report = evaluate(paused, "2026-12-01 11:00", WARNED)
    assert report.resolution.next_change() is None
    assert report.next_change() == at("2026-12-01 12:00")


def test_paused_target_has_no_changes_at() -> None:
    paused = ticket("2026-12-01 09:00", 1, event("paused", "2026-12-01 10:00"))
    assert evaluate(paused, "2026-12-01 11:00", WARNED).resolution.changes_at == ()


def test_breached_target_has_no_next_change() -> None:
    report = evaluate(OPENED_9, "2026-12-01 13:30", WARNED)
    assert report.response.next_change() is None
    assert report.next_change() == at("2026-12-01 15:00")


def test_finished_ticket_has_no_next_change() -> None:
    done = ticket("2026-12-01 09:00", 1, responded="2026-12-01 10:00", resolved="2026-12-01 11:00")
    assert evaluate(done, "2026-12-01 12:00", WARNED).next_change() is None


# --- Timeline errors -----------------------------------------------------------------------------

# P3 opened Tue 1 Dec 09:00, evaluated Wed 2 Dec 09:00.
BAD_TIMELINES = [
    pytest.param(
        [event("responded", "2026-12-01 10:00"), event("paused", "2026-12-01 08:00")],
        "events[1]",
        "paused",
        id="event-before-opening",
    ),
    pytest.param(
        [
            event("paused", "2026-12-01 10:00"),
            event("resumed", "2026-12-01 11:00"),
            event("resumed", "2026-12-01 12:00"),
        ],
        "events[2]",
        "resumed",
        id="resumed-without-paused",
    ),
    pytest.param(
        [event("paused", "2026-12-01 10:00"), event("paused", "2026-12-01 11:00")],
        "events[1]",
        "paused",
        id="paused-twice",
    ),
    pytest.param(
        [event("resolved", "2026-12-01 10:00"), event("paused", "2026-12-01 11:00")],
        "events[1]",
        "paused",
        id="paused-while-resolved",
    ),
    pytest.param(
        [event("resolved", "2026-12-01 10:00"), event("resolved", "2026-12-01 11:00")],
        "events[1]",
        "resolved",
        id="resolved-twice",
    ),
    pytest.param(
        [
            event("resolved", "2026-12-01 10:00"),
            event("reopened", "2026-12-01 11:00"),
            event("reopened", "2026-12-01 12:00"),
        ],
        "events[2]",
        "reopened",
        id="reopened-while-not-resolved",
    ),
    pytest.param(
        [changed("2026-12-01 10:00", "minor")],
        "events[0]",
        "priority_changed",
        id="priority-changed-to-the-same-tier",
    ),
    pytest.param(
        [changed("2026-12-01 10:00", "P1"), changed("2026-12-01 11:00", "critical")],
        "events[1]",
        "priority_changed",
        id="priority-changed-to-the-tier-already-in-effect",
    ),
    pytest.param(
        [changed("2026-12-01 10:00", "P9")],
        "events[0]",
        "priority_changed",
        id="priority-changed-to-an-unknown-priority",
    ),
    pytest.param(
        # Sorted by instant, events[1] (10:00) pauses first; events[0] (11:00) is the error.
        [event("paused", "2026-12-01 11:00"), event("paused", "2026-12-01 10:00")],
        "events[0]",
        "paused",
        id="position-is-the-input-position",
    ),
]


@pytest.mark.parametrize(("events", "path", "kind"), BAD_TIMELINES)
def test_impossible_timeline_names_the_event_position_and_type(
    events: list[dict[str, object]], path: str, kind: str
) -> None:
    with pytest.raises(TimelineError) as caught:
        evaluate(ticket("2026-12-01 09:00", "P3", *events), "2026-12-02 09:00")
    error = caught.value
    assert isinstance(error, SlacalcError)
    assert isinstance(error, ValueError)
    assert path in str(error)
    assert kind in str(error)
    assert len(error.problems) == 1
    assert error.problems[0].path == path


def test_timeline_is_validated_after_now_too() -> None:
    # Both pauses come after now (Tue 09:30); the second is still an error.
    events = [event("paused", "2026-12-01 10:00"), event("paused", "2026-12-01 11:00")]
    with pytest.raises(TimelineError) as caught:
        evaluate(ticket("2026-12-01 09:00", "P3", *events), "2026-12-01 09:30")
    assert caught.value.problems[0].path == "events[1]"


def test_shortcut_that_resolves_twice_is_named_by_its_field() -> None:
    # resolved_at (11:00) adds a second `resolved` after the event at 10:00.
    doubled = ticket(
        "2026-12-01 09:00", "P3", event("resolved", "2026-12-01 10:00"), resolved="2026-12-01 11:00"
    )
    with pytest.raises(TimelineError) as caught:
        evaluate(doubled, "2026-12-02 09:00")
    assert caught.value.problems[0].path == "resolved_at"
    assert "resolved_at" in str(caught.value)


# --- Events at one instant ---------------------------------------------------------------------


def test_events_at_one_instant_give_the_same_report_in_every_input_order() -> None:
    # P3 opened Tue 09:00, paused 10:00; at 11:00: resumed, raised to P1, answered, paused.
    # Rank order at 11:00: resumed, priority_changed, responded, paused.
    # Response (pauses do not stop it): 09:00-11:00 = 2h counted, P1's 2h ran out at 11:00,
    # answered at 11:00 (after the change): met, due 11:00.
    # Resolution: 09:00-10:00 = 1h; paused again from 11:00; at 12:00 due 12:00 + 3h = 15:00.
    events = [
        event("paused", "2026-12-01 10:00"),
        event("resumed", "2026-12-01 11:00"),
        changed("2026-12-01 11:00", "P1"),
        event("responded", "2026-12-01 11:00"),
        event("paused", "2026-12-01 11:00"),
    ]
    reports = [
        evaluate(ticket("2026-12-01 09:00", "P3", *order), "2026-12-01 12:00")
        for order in itertools.permutations(events)
    ]
    first = reports[0]
    assert first.priority == "P1"
    assert first.paused
    assert first.response.state is TargetState.MET
    assert first.response.due == at("2026-12-01 11:00")
    assert first.response.completed_at == at("2026-12-01 11:00")
    assert first.resolution.state is TargetState.PENDING
    assert first.resolution.due == at("2026-12-01 15:00")
    assert first.resolution.elapsed == HOUR
    for report in reports[1:]:
        assert (report.priority, report.paused, report.cycles) == (
            first.priority,
            first.paused,
            first.cycles,
        )
        assert report.response == first.response
        assert report.resolution == first.resolution


def test_priority_changes_at_one_instant_apply_by_tier_number() -> None:
    # From P3, "to P1" (tier 1) applies before "to P2" (tier 2): P2 is in effect after.
    changes = [changed("2026-12-01 10:00", "P2"), changed("2026-12-01 10:00", "P1")]
    for order in itertools.permutations(changes):
        report = evaluate(ticket("2026-12-01 09:00", "P3", *order), "2026-12-01 11:00")
        assert report.priority == "P2"


# --- Shortcuts, events after now, identity -------------------------------------------------------


def test_responded_at_and_resolved_at_are_events() -> None:
    shortcuts = ticket(
        "2026-12-01 10:00", "P1", responded="2026-12-01 10:30", resolved="2026-12-01 13:00"
    )
    spelled_out = ticket(
        "2026-12-01 10:00",
        "P1",
        event("responded", "2026-12-01 10:30"),
        event("resolved", "2026-12-01 13:00"),
    )
    one = evaluate(shortcuts, "2026-12-01 15:00")
    other = evaluate(spelled_out, "2026-12-01 15:00")
    assert one.response == other.response
    assert one.resolution == other.resolution
    assert one.resolution.state is TargetState.MET
    assert one.resolution.completed_at == at("2026-12-01 13:00")


def test_shortcut_and_event_at_the_same_instant_are_one_event() -> None:
    # Otherwise this would be "resolved twice".
    both = ticket(
        "2026-12-01 10:00", "P1", event("resolved", "2026-12-01 13:00"), resolved="2026-12-01 13:00"
    )
    resolution = evaluate(both, "2026-12-01 15:00").resolution
    assert resolution.completed_at == at("2026-12-01 13:00")
    assert len(evaluate(both, "2026-12-01 15:00").cycles) == 1


def test_only_the_first_response_counts() -> None:
    twice = ticket(
        "2026-12-01 10:00",
        "P1",
        event("responded", "2026-12-01 10:30"),
        responded="2026-12-01 11:00",
    )
    assert evaluate(twice, "2026-12-01 12:00").response.completed_at == at("2026-12-01 10:30")


def test_events_given_as_event_values_work_like_mappings() -> None:
    values = Ticket(
        opened_at="2026-12-01T10:00:00Z",
        priority="P1",
        events=[
            Event(type=EventType.PAUSED, at="2026-12-01T10:30:00Z"),
            Event(type="resumed", at="2026-12-01T11:30:00Z"),
        ],
    )
    assert (
        evaluate(values, "2026-12-01 12:30").resolution
        == evaluate(PAUSED_HOUR, "2026-12-01 12:30").resolution
    )


def test_events_after_now_are_ignored() -> None:
    # At 11:00 neither the 12:00 pause nor the 13:00 raise has happened: a plain P3.
    # Response: 2 business days from Tue 10:00 = Thu 3 Dec 10:00. Resolution: 7 business
    # days = Dec 2, 3, 4, 7, 8, 9, 10 -> Thu 10 Dec 10:00.
    later = ticket(
        "2026-12-01 10:00",
        "P3",
        changed("2026-12-01 13:00", "P1"),
        event("paused", "2026-12-01 12:00"),
    )
    report = evaluate(later, "2026-12-01 11:00")
    assert report.priority == "P3"
    assert not report.paused
    assert report.response.due == at("2026-12-03 10:00")
    assert report.resolution.due == at("2026-12-10 10:00")
    assert report.resolution.elapsed == HOUR


def test_id_and_metadata_are_carried_into_the_report() -> None:
    labelled = Ticket(
        opened_at="2026-12-01T10:00:00Z",
        priority="P1",
        id="T-1",
        metadata={"customer": "acme", "region": "eu"},
    )
    report = evaluate(labelled, "2026-12-01 11:00")
    assert report.id == "T-1"
    assert report.metadata == {"customer": "acme", "region": "eu"}


# --- Explanations --------------------------------------------------------------------------------

CHRISTMAS_P1 = ticket("2026-12-24 17:00", "P1")


def test_explain_tells_the_story_of_a_christmas_response() -> None:
    # Thu 17:00-18:00 is 1h; Fri 25 (Christmas Day), the weekend (Sat 26 is Boxing Day)
    # and Mon 28 (Boxing Day's substitute) are closed; Tue 09:00-10:00 is the 2nd hour.
    response = evaluate(CHRISTMAS_P1, "2026-12-24 17:30").response
    assert response.explain() == (
        "P1 response, target 2 business hours. Opened Thu 24 Dec 2026 17:00 GMT. "
        "Counted 1:00 on Thu 24 Dec (17:00\u201318:00). "
        "Closed Fri 25 Dec (Christmas Day), Sat 26 \u2013 Sun 27 Dec (weekend; Boxing Day), "
        "Mon 28 Dec (Boxing Day (observed)). "
        "Counted 1:00 on Tue 29 Dec (09:00\u201310:00). Due Tue 29 Dec 2026 10:00 GMT."
    )


def test_segments_of_the_christmas_response_tile_opening_to_due() -> None:
    segments = evaluate(CHRISTMAS_P1, "2026-12-24 17:30").response.segments()
    json.dumps(segments)  # JSON-serializable as they are
    assert all(set(s) == {"kind", "start", "end", "counted", "reason", "event"} for s in segments)
    assert_tiles(segments, at("2026-12-24 17:00"), at("2026-12-29 10:00"))
    assert counted_spans(segments) == [
        (at("2026-12-24 17:00"), at("2026-12-24 18:00")),
        (at("2026-12-29 09:00"), at("2026-12-29 10:00")),
    ]
    assert counted_total(segments) == 2 * HOUR
    closed = [s for s in segments if s["kind"] == "closed"]
    assert closed
    assert any("Christmas Day" in str(s["reason"]) for s in closed)
    assert all(duration(str(s["counted"])) == timedelta(0) for s in closed)


def test_segments_of_a_paused_resolution_show_the_pause_and_add_up_to_the_target() -> None:
    # Counted Fri 15:00-17:30 (2h30) and Mon 09:30-11:00 (1h30): 4h; due Mon 11:00.
    segments = evaluate(WEEKEND_PAUSE, "2026-11-30 10:00").resolution.segments()
    assert_tiles(segments, at("2026-11-27 15:00"), at("2026-11-30 11:00"))
    assert "paused" in {s["kind"] for s in segments}
    assert counted_total(segments) == 4 * HOUR


def test_segments_mark_a_priority_change_with_an_event() -> None:
    # keep: 10:00-13:00 (3h) under P3, then 13:00-14:00 under P1; the change is a
    # zero-length event at 13:00.
    segments = evaluate(RAISED, "2026-12-01 13:00").resolution.segments()
    assert_tiles(segments, at("2026-12-01 10:00"), at("2026-12-01 14:00"))
    assert counted_total(segments) == 4 * HOUR
    (change,) = [s for s in segments if str(s["reason"]).startswith("priority changed to P1")]
    assert change["kind"] == "event"
    assert datetime.fromisoformat(str(change["start"])) == at("2026-12-01 13:00")
    assert change["start"] == change["end"]


def test_segments_of_a_restart_discard_the_time_before_it() -> None:
    # restart: 10:00-13:00 is discarded; 13:00-17:00 counts the 4h.
    policy = built_in(priority_change="restart")
    segments = evaluate(RAISED, "2026-12-01 13:00", policy).resolution.segments()
    assert_tiles(segments, at("2026-12-01 10:00"), at("2026-12-01 17:00"))
    assert "discarded" in {s["kind"] for s in segments}
    assert counted_spans(segments) == [(at("2026-12-01 13:00"), at("2026-12-01 17:00"))]
    assert counted_total(segments) == 4 * HOUR


def test_segments_of_a_reopened_resolution_show_the_resolved_gap() -> None:
    # continue: Thu 16:00-17:00 (1h) and Tue 10:00-13:00 (3h); resolved in between.
    segments = evaluate(REOPENED, "2026-12-29 12:00").resolution.segments()
    assert_tiles(segments, at("2026-12-24 16:00"), at("2026-12-29 13:00"))
    assert "resolved" in {s["kind"] for s in segments}
    assert counted_total(segments) == 4 * HOUR


def test_segments_without_a_time_target_run_to_now() -> None:
    # P4 resolution has no time; Fri 17:00 to Tue 12:00 counts 1h + 9h + 3h = 13h.
    resolution = evaluate(ticket("2026-11-27 17:00", "P4"), "2026-12-01 12:00").resolution
    segments = resolution.segments()
    assert_tiles(segments, at("2026-11-27 17:00"), at("2026-12-01 12:00"))
    assert counted_total(segments) == 13 * HOUR == resolution.elapsed
