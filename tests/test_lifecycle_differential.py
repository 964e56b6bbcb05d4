"""Ticket timelines: `slacalc.evaluate` agrees with the reference evaluator, and keeps its promises.

Timelines are drawn by `strategies.timeline_cases`: pauses, priority changes,
responses, resolutions and reopenings on calendar edges (give or take a
microsecond) and on one another's instants, on small policies whose tiers have
their own calendars and pause rules, in London and New York around their clock
changes. About one in six is spoiled (an event before the opening, an
impossible event, a priority change to the tier in effect or to none); the
reference says which are impossible and which event is to blame.

Besides agreeing with the reference, evaluation keeps these promises: a pause
never brings a due time forward; with no new events, time only uses up more of
a target; the order in which the events are listed does not matter; the status
changes first at `next_change` and not before; the explanation's counted time
adds up to the counted time.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import slacalc
from reference import (
    DAY,
    SECOND,
    ReferenceTimelineError,
    application_order,
    duration_us,
    from_us,
    instant_us,
    reference_evaluate,
    timeline_events,
    to_us,
)
from strategies import (
    PRIORITY_CHANGES,
    REOPENS,
    TierSetup,
    TimelineCase,
    TimelineSetup,
    timeline_cases,
    timeline_setups,
)

MICROSECOND = timedelta(microseconds=1)
SEGMENT_KEYS = {"kind", "start", "end", "counted", "reason"}
SEGMENT_KINDS = {"counted", "closed", "paused", "resolved", "discarded", "event"}


# -- the engine's answers in the reference's terms ---------------------------------------


def instant_or_none(moment: datetime | None) -> int | None:
    return None if moment is None else to_us(moment)


def micros_or_none(delta: timedelta | None) -> int | None:
    return None if delta is None else delta // MICROSECOND


def observed_status(status: slacalc.TargetStatus) -> dict[str, Any]:
    return {
        "state": status.state.value,
        "due": instant_or_none(status.due),
        "completed_at": instant_or_none(status.completed_at),
        "elapsed": micros_or_none(status.elapsed),
        "remaining": micros_or_none(status.remaining),
        "fraction_used": status.fraction_used,
        "overdue_by": micros_or_none(status.overdue_by),
        "at_risk": status.at_risk,
        "warning_level": status.warning_level,
        "paused": status.paused,
        "changes_at": tuple(to_us(moment) for moment in status.changes_at),
    }


def observed(report: slacalc.SlaReport) -> dict[str, Any]:
    return {
        "priority": report.priority,
        "paused": report.paused,
        "response": observed_status(report.response),
        "resolution": observed_status(report.resolution),
        "cycles": [
            (
                cycle.number,
                to_us(cycle.start),
                instant_or_none(cycle.end),
                instant_or_none(cycle.due),
                cycle.state.value,
            )
            for cycle in report.cycles
        ],
        "breached_cycles": report.breached_cycles,
        "next_change": instant_or_none(report.next_change()),
    }


def evaluated(case: TimelineCase, now: int | None = None) -> slacalc.SlaReport:
    moment = case.now if now is None else from_us(now)
    return slacalc.evaluate(slacalc.Ticket(**case.fields()), now=moment, policy=case.policy)


def engine_outcome(case: TimelineCase) -> dict[str, Any] | tuple[str, str]:
    """The engine's report, or ("TimelineError", the problem's path)."""
    try:
        return observed(evaluated(case))
    except slacalc.TimelineError as error:
        refused = error
    assert isinstance(refused, ValueError)
    assert len(refused.problems) == 1, refused.problems
    return "TimelineError", refused.problems[0].path


def reference_outcome(case: TimelineCase) -> dict[str, Any] | tuple[str, str]:
    try:
        return reference_evaluate(case.fields(), case.now, case.policy)
    except ReferenceTimelineError as error:
        return "TimelineError", error.path


def is_valid(case: TimelineCase) -> bool:
    return not isinstance(reference_outcome(case), tuple)


def changes(report: slacalc.SlaReport) -> tuple[object, ...]:
    """What counts as the status changing: state, at risk and warning level of both targets."""
    return tuple(
        (status.state, status.at_risk, status.warning_level)
        for status in (report.response, report.resolution)
    )


def now_us(case: TimelineCase) -> int:
    return instant_us(case.now)


# -- agreement with the reference ------------------------------------------------------------


@pytest.mark.parametrize("reopen", REOPENS)
@pytest.mark.parametrize("priority_change", PRIORITY_CHANGES)
@given(data=st.data())
def test_evaluate_agrees_with_the_reference(
    priority_change: str, reopen: str, data: st.DataObject
) -> None:
    case = data.draw(timeline_cases(timeline_setups(priority_change, reopen)), label="case")
    assert engine_outcome(case) == reference_outcome(case)


@given(case=timeline_cases(spoil_percent=60))
def test_every_valid_timeline_evaluates_and_every_invalid_one_raises_timeline_error(
    case: TimelineCase,
) -> None:
    expected = reference_outcome(case)
    actual = engine_outcome(case)
    if isinstance(expected, tuple):
        assert actual == expected
    else:
        assert not isinstance(actual, tuple), actual


# -- promises ----------------------------------------------------------------------------------


def pauses(case: TimelineCase) -> list[tuple[int, int | None]]:
    """Each pause as (its index in case.events, the index of the resume that ends it or None)."""
    fields = case.fields()
    order = application_order(
        case.policy,
        timeline_events(fields),
        instant_us(case.opened_at),
        case.policy.tier(case.priority),
    )
    found = []
    for place, event in enumerate(order):
        if event.kind != "paused":
            continue
        ender = next(
            (later for later in order[place + 1 :] if later.kind in {"resumed", "resolved"}), None
        )
        resume = ender.position if ender is not None and ender.kind == "resumed" else None
        found.append((event.position, resume))
    return found


@given(case=timeline_cases(spoil_percent=0), data=st.data())
def test_a_pause_never_makes_a_due_time_earlier(case: TimelineCase, data: st.DataObject) -> None:
    assume(is_valid(case))
    found = pauses(case)
    assume(found)
    pause, resume = data.draw(st.sampled_from(found), label="pause and its resume")
    dropped = {pause} if resume is None else {pause, resume}
    kept = tuple(event for index, event in enumerate(case.events) if index not in dropped)
    without = dataclasses.replace(case, events=kept)
    with_pause, without_pause = evaluated(case), evaluated(without)
    for paused, unpaused in (
        (with_pause.response, without_pause.response),
        (with_pause.resolution, without_pause.resolution),
    ):
        if paused.due is not None and unpaused.due is not None:
            assert to_us(paused.due) >= to_us(unpaused.due), (paused, unpaused)


LATER = st.one_of(
    st.sampled_from([1, SECOND, 3600 * SECOND]),
    st.integers(1, 3 * DAY),
)


@given(case=timeline_cases(spoil_percent=0), later=LATER)
def test_a_later_now_without_new_events_never_lowers_fraction_used(
    case: TimelineCase, later: int
) -> None:
    assume(is_valid(case))
    case = case.seen_at(now_us(case))
    before, after = evaluated(case), evaluated(case, now_us(case) + later)
    for earlier, then in ((before.response, after.response), (before.resolution, after.resolution)):
        if earlier.fraction_used is not None and then.fraction_used is not None:
            assert then.fraction_used >= earlier.fraction_used, (earlier, then)


@given(case=timeline_cases(), data=st.data())
def test_the_input_order_of_events_changes_nothing(case: TimelineCase, data: st.DataObject) -> None:
    order = data.draw(st.permutations(range(len(case.events))), label="order")
    shuffled = dataclasses.replace(case, events=tuple(case.events[i] for i in order))
    expected, actual = engine_outcome(case), engine_outcome(shuffled)
    if isinstance(expected, tuple) and isinstance(actual, tuple):
        # The same event is to blame, wherever the list has it.
        def blamed(outcome: tuple[str, str], events: tuple[Any, ...]) -> object:
            match = re.fullmatch(r"events\[(\d+)\]", outcome[1])
            return events[int(match.group(1))][:2] if match else outcome[1]

        assert blamed(actual, shuffled.events) == blamed(expected, case.events)
    else:
        assert actual == expected


@given(case=timeline_cases(spoil_percent=0), data=st.data())
def test_the_status_changes_first_at_next_change(case: TimelineCase, data: st.DataObject) -> None:
    assume(is_valid(case))
    case = case.seen_at(now_us(case))  # nothing else will happen to the ticket
    now = now_us(case)
    report = evaluated(case)
    next_change = report.next_change()
    if next_change is None:
        # Nothing changes on its own: any later instant shows the same status.
        for later in data.draw(st.lists(LATER, min_size=1, max_size=3), label="later"):
            assert changes(evaluated(case, now + later)) == changes(report)
        return
    change = to_us(next_change)
    assert change > now
    moments = [change - 1]
    if change - 1 > now + 1:
        moments += data.draw(
            st.lists(st.integers(now + 1, change - 2), max_size=3), label="between"
        )
    for moment in moments:
        assert changes(evaluated(case, moment)) == changes(report), from_us(moment)
    assert changes(evaluated(case, change)) != changes(report)


@given(case=timeline_cases(spoil_percent=0))
def test_segments_count_exactly_the_counted_time(case: TimelineCase) -> None:
    assume(is_valid(case))
    report = evaluated(case)
    for status in (report.response, report.resolution):
        segments = status.segments()
        json.dumps(segments)
        assert all(segment.keys() >= SEGMENT_KEYS for segment in segments), segments
        assert {segment["kind"] for segment in segments} <= SEGMENT_KINDS
        counted = sum(duration_us(segment["counted"]) for segment in segments)
        if status.due is None:
            assert counted == status.elapsed // MICROSECOND
            end = status.completed_at or report.now
        else:
            assert status.remaining is not None
            assert counted == (status.elapsed + status.remaining) // MICROSECOND
            end = status.due
        # The segments tile [opened_at, due] (or the end point) in order; nothing tiles an
        # empty span.
        edges = [to_us(report.opened_at)]
        for segment in segments:
            start, stop = instant_us(segment["start"]), instant_us(segment["end"])
            assert (start, start <= stop) == (edges[-1], True), segment
            edges.append(stop)
        assert edges[-1] == to_us(end), segments


# -- the reference itself, worked by hand on the built-in policy ---------------------------------
#
# Mon-Fri 09:00-18:00 GMT; P1: response 2 business hours, resolution 4 business hours; pauses
# stop the resolution only; warnings at 75 %. Tue 1 Dec 2026 is an ordinary working day.


def hand_case(events: list[dict[str, Any]], now: str) -> dict[str, Any]:
    fields = {"opened_at": "2026-12-01T10:00:00Z", "priority": "P1", "events": events}
    return reference_evaluate(fields, now, slacalc.default_policy())


def at(text: str) -> int:
    return instant_us(f"2026-12-{text}:00Z")


def test_reference_a_pause_moves_the_resolution_only() -> None:
    # Paused 11:00-13:00: the response is due at 12:00 regardless; the resolution's four
    # hours are 10-11 and 13-16.
    report = hand_case(
        [
            {"type": "paused", "at": "2026-12-01T11:00:00Z"},
            {"type": "resumed", "at": "2026-12-01T13:00:00Z"},
        ],
        "2026-12-01T14:00:00Z",
    )
    assert report["response"]["due"] == at("01T12:00")
    assert report["resolution"]["due"] == at("01T16:00")
    assert report["resolution"]["elapsed"] == 2 * 3600 * SECOND
    # 75 % of four hours is reached at 15:00, the breach at 16:00 and a microsecond.
    assert report["resolution"]["changes_at"] == (at("01T15:00"), at("01T16:00") + 1)


def test_reference_paused_before_the_due_time_stays_pending() -> None:
    # Paused at 12:00 with two of four hours used; a day later it is due two business hours
    # after now, as if it resumed now.
    report = hand_case([{"type": "paused", "at": "2026-12-01T12:00:00Z"}], "2026-12-02T10:00:00Z")
    resolution = report["resolution"]
    assert (resolution["state"], resolution["paused"], resolution["due"]) == (
        "pending",
        True,
        at("02T12:00"),
    )
    assert resolution["changes_at"] == ()
    assert report["next_change"] is None  # the response breached at 12:00 on the 1st


def test_reference_paused_after_the_due_time_is_breached() -> None:
    # Due at 14:00; paused at 15:00: it was already past due when the pause began.
    report = hand_case([{"type": "paused", "at": "2026-12-01T15:00:00Z"}], "2026-12-01T17:00:00Z")
    assert (report["resolution"]["state"], report["resolution"]["due"]) == (
        "breached",
        at("01T14:00"),
    )


def test_reference_a_zero_length_pause_is_possible() -> None:
    events = [
        {"type": "resumed", "at": "2026-12-01T11:00:00Z"},
        {"type": "paused", "at": "2026-12-01T11:00:00Z"},
    ]
    assert hand_case(events, "2026-12-01T12:00:00Z")["resolution"]["due"] == at("01T14:00")


def test_reference_keep_measures_the_time_used_against_the_new_tier() -> None:
    # P3 (7 business days) from 10:00, P1 from 11:00: four hours from the opening, 14:00;
    # resolved at 16:00, breached; reopened the next morning it continues, still breached.
    fields = {
        "opened_at": "2026-12-01T10:00:00Z",
        "priority": "P3",
        "events": [
            {"type": "priority_changed", "at": "2026-12-01T11:00:00Z", "to": 1},
            {"type": "resolved", "at": "2026-12-01T16:00:00Z"},
            {"type": "reopened", "at": "2026-12-02T09:00:00Z"},
        ],
    }
    report = reference_evaluate(fields, "2026-12-02T10:00:00Z", slacalc.default_policy())
    assert report["cycles"] == [
        (1, at("01T10:00"), at("01T16:00"), at("01T14:00"), "breached"),
        (2, at("02T09:00"), None, at("01T14:00"), "breached"),
    ]
    assert report["breached_cycles"] == 1
    assert report["resolution"]["elapsed"] == 7 * 3600 * SECOND  # 10-16 and 09-10


def test_reference_names_the_impossible_event() -> None:
    events = [
        {"type": "paused", "at": "2026-12-01T11:00:00Z"},
        {"type": "paused", "at": "2026-12-01T12:00:00Z"},
    ]
    with pytest.raises(ReferenceTimelineError) as caught:
        hand_case(events, "2026-12-01T12:00:00Z")
    assert caught.value.path == "events[1]"


def test_a_clock_stopped_by_a_priority_change_during_a_pause_breaches_if_past_due_before() -> None:
    # P1's pauses stop the resolution only, P2's the response too. Paused at 10:00 as P1, the
    # response runs on and is due at 11:00; at 12:00 the change to P2 (keep) stops it. It was
    # already past due when its clock stopped, so it is breached, due 11:00 (the pause itself
    # began before the due time: "the pause began" is read as "the clock stopped").
    setup = TimelineSetup(
        "gmt office",
        (
            TierSetup("2 business hours", "5 business hours", pauses=("resolution",)),
            TierSetup("2 business hours", "5 business hours", pauses=("response", "resolution")),
        ),
    )
    case = TimelineCase(
        setup,
        "2026-03-05T09:00:00Z",
        "P1",
        (("paused", "2026-03-05T10:00:00Z", None), ("priority_changed", "2026-03-05T12:00:00Z", 2)),
        now="2026-03-05T13:00:00Z",
    )
    expected = reference_outcome(case)
    assert isinstance(expected, dict)
    response = expected["response"]
    assert (response["state"], response["paused"]) == ("breached", True)
    assert response["due"] == instant_us("2026-03-05T11:00:00Z")
    assert engine_outcome(case) == expected
