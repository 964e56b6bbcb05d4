"""Every calendar operation agrees with the brute-force reference on random calendars.

Calendars mix breaks, night shifts, holidays, special hours and recurring
rules in zones with 1-hour, 30-minute and 24-hour clock changes and with
non-hour offsets; instants sit on interval edges and clock changes, give or
take a microsecond.

With ``disambiguate="raise"`` the engine may either answer or raise
`CalendarError`. It must raise when the answer depends on an ambiguous or
nonexistent edge (the reference answers differently resolving it earlier and
later); when it answers, the answer must be the reference's; when it raises,
some edge must really be ambiguous or nonexistent. The engine compiles a year
at a time, so "some edge" means one within two years of the inputs.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import slacalc
from reference import (
    DAY,
    SECOND,
    CalendarSpec,
    IntersectionReference,
    Mode,
    NoAnswerError,
    Reference,
    from_us,
    has_bad_edge,
    to_us,
)
from strategies import (
    Scenario,
    instants,
    intersections,
    scenarios,
    spelled_dates,
    spelled_instants,
)

if TYPE_CHECKING:
    from collections.abc import Callable

R = TypeVar("R")
RAISE_REACH_DAYS = 2 * 366
# Intersections build two calendars and a slower reference: half the examples.
HALF_AS_MANY = settings(max_examples=max(settings().max_examples // 2, 10))


def with_mode(spec: CalendarSpec, mode: Mode) -> CalendarSpec:
    return dataclasses.replace(spec, disambiguate=mode)


def reference_answer(run: Callable[[Reference], R], reference: Reference) -> R:
    try:
        return run(reference)
    except NoAnswerError:
        assume(False)  # too rarely open for the reference's window: not a test
        raise


def agree(
    scenario: Scenario,
    engine: Callable[[slacalc.BusinessCalendar], Any],
    reference: Callable[[Reference], R],
    check: Callable[[Any, R], None],
) -> None:
    """Run both sides and `check(engine answer, reference answer)`.

    In "raise" mode the engine may raise `CalendarError` instead, if some edge
    near the inputs is ambiguous or nonexistent; it must raise if the answer
    depends on how such an edge resolves.
    """
    spec = scenario.spec
    if spec.disambiguate != "raise":
        expected = reference_answer(reference, Reference(spec))
        check(engine(scenario.calendar()), expected)
        return
    earlier = reference_answer(reference, Reference(with_mode(spec, "earlier")))
    later = reference_answer(reference, Reference(with_mode(spec, "later")))
    try:
        answer = engine(scenario.calendar())
    except slacalc.CalendarError:
        # The engine raised: some edge must be bad. The engine may look at
        # whole years at a time, so "near" is generous: two years either side.
        around = timedelta(days=RAISE_REACH_DAYS)
        assert has_bad_edge(spec, scenario.anchor - around, scenario.anchor + around)
        return
    # Otherwise the answer depends on how an ambiguous or nonexistent edge
    # resolves, and disambiguate="raise" must raise CalendarError.
    assert earlier == later, ("should have raised CalendarError", earlier, later)
    check(answer, earlier)


def instant_check(zone: str) -> Callable[[Any, int], None]:
    return lambda actual, expected: assert_instant(actual, expected, zone)


def spans_check(zone: str) -> Callable[[Any, list[tuple[int, int]]], None]:
    return lambda actual, expected: assert_spans(actual, expected, zone)


def assert_instant(actual: Any, expected: int, zone: str) -> None:
    """`actual` is the instant `expected`, expressed in the calendar's zone."""
    assert isinstance(actual, datetime)
    assert actual.tzinfo is not None
    assert to_us(actual) == expected, (from_us(expected, zone), actual)
    local = from_us(expected, zone)
    assert actual.utcoffset() == local.utcoffset()
    assert actual.replace(tzinfo=None) == local.replace(tzinfo=None)
    assert actual.tzname() == local.tzname()


def assert_spans(actual: Any, expected: list[tuple[int, int]], zone: str) -> None:
    actual = list(actual)
    assert [(to_us(a), to_us(b)) for a, b in actual] == expected, (
        [(from_us(a, zone), from_us(b, zone)) for a, b in expected],
        actual,
    )
    for (start, end), (want_start, want_end) in zip(actual, expected, strict=True):
        assert_instant(start, want_start, zone)
        assert_instant(end, want_end, zone)


def assert_equal(actual: object, expected: object) -> None:
    assert actual == expected


# -- instants ---------------------------------------------------------------


@given(scenarios(), st.data())
def test_is_open_matches_reference(scenario: Scenario, data: st.DataObject) -> None:
    t = data.draw(instants(scenario))
    given_t = data.draw(spelled_instants(t, scenario.spec.zone))
    agree(scenario, lambda c: c.is_open(given_t), lambda r: r.is_open(t), assert_equal)


@pytest.mark.parametrize(
    "operation", ["next_open", "next_close", "previous_open", "previous_close"]
)
@given(scenario=scenarios(), data=st.data())
def test_neighbouring_edges_match_reference(
    operation: str, scenario: Scenario, data: st.DataObject
) -> None:
    t = data.draw(instants(scenario))
    given_t = data.draw(spelled_instants(t, scenario.spec.zone))
    agree(
        scenario,
        lambda c: getattr(c, operation)(given_t),
        lambda r: getattr(r, operation)(t),
        instant_check(scenario.spec.zone),
    )


def draw_end(data: st.DataObject, scenario: Scenario, start: int) -> int:
    """An end instant: another edge-ish instant, or start plus up to ten days."""
    return data.draw(
        instants(scenario)
        | st.integers(-DAY, 10 * DAY).map(lambda offset: start + offset)
        | st.just(start)
    )


@given(scenarios(), st.data())
def test_open_intervals_match_reference(scenario: Scenario, data: st.DataObject) -> None:
    zone = scenario.spec.zone
    start = data.draw(instants(scenario))
    end = draw_end(data, scenario, start)
    given_start = data.draw(spelled_instants(start, zone))
    given_end = data.draw(spelled_instants(end, zone))
    agree(
        scenario,
        lambda c: list(c.open_intervals(given_start, given_end)),
        lambda r: r.open_intervals(start, end),
        spans_check(zone),
    )


@given(scenarios(), st.data())
def test_elapsed_matches_reference(scenario: Scenario, data: st.DataObject) -> None:
    zone = scenario.spec.zone
    start = data.draw(instants(scenario))
    end = draw_end(data, scenario, start)
    given_start = data.draw(spelled_instants(start, zone))
    given_end = data.draw(spelled_instants(end, zone))
    agree(
        scenario,
        lambda c: c.elapsed(given_start, given_end),
        lambda r: timedelta(microseconds=r.elapsed(start, end)),
        assert_equal,
    )


def draw_duration(data: st.DataObject, scenario: Scenario, start: int, *, forward: bool) -> int:
    """Often the open time up to another instant (so results land on edges), +-1us."""
    sign = 1 if forward else -1
    spec = scenario.spec
    if spec.disambiguate == "raise":
        spec = with_mode(spec, "compatible")
    other = start + sign * data.draw(st.integers(0, 40 * DAY))
    low, high = sorted((start, other))
    to_other = reference_answer(lambda r: r.elapsed(low, high), Reference(spec))
    duration = data.draw(
        st.sampled_from([to_other, to_other + 1, to_other - 1]) | st.integers(0, 3 * DAY)
    )
    return max(duration, 0)


@given(scenarios(), st.data())
def test_add_matches_reference(scenario: Scenario, data: st.DataObject) -> None:
    zone = scenario.spec.zone
    start = data.draw(instants(scenario))
    duration = draw_duration(data, scenario, start, forward=True)
    given_start = data.draw(spelled_instants(start, zone))
    agree(
        scenario,
        lambda c: c.add(given_start, timedelta(microseconds=duration)),
        lambda r: r.add(start, duration),
        instant_check(zone),
    )


@given(scenarios(), st.data())
def test_subtract_matches_reference(scenario: Scenario, data: st.DataObject) -> None:
    zone = scenario.spec.zone
    end = data.draw(instants(scenario))
    duration = draw_duration(data, scenario, end, forward=False)
    given_end = data.draw(spelled_instants(end, zone))
    agree(
        scenario,
        lambda c: c.subtract(given_end, timedelta(microseconds=duration)),
        lambda r: r.subtract(end, duration),
        instant_check(zone),
    )


# -- dates ------------------------------------------------------------------


def draw_day(data: st.DataObject, scenario: Scenario) -> date:
    return scenario.anchor + timedelta(days=data.draw(st.integers(-10, 10)))


@given(scenarios(), st.data())
def test_hours_on_match_reference(scenario: Scenario, data: st.DataObject) -> None:
    day = draw_day(data, scenario)
    given_day = data.draw(spelled_dates(day))
    agree(
        scenario,
        lambda c: c.hours_on(given_day),
        lambda r: r.hours_on(day),
        spans_check(scenario.spec.zone),
    )


@given(scenarios(), st.data())
def test_is_business_day_matches_reference(scenario: Scenario, data: st.DataObject) -> None:
    day = draw_day(data, scenario)
    given_day = data.draw(spelled_dates(day))
    agree(
        scenario,
        lambda c: c.is_business_day(given_day),
        lambda r: r.is_business_day(day),
        assert_equal,
    )


@given(scenarios(), st.integers(-10, 10), st.integers(-12, 12), st.booleans())
def test_add_business_days_matches_reference(
    scenario: Scenario, offset: int, n: int, as_text: bool
) -> None:
    day = scenario.anchor + timedelta(days=offset)
    given_day = day.isoformat() if as_text else day
    agree(
        scenario,
        lambda c: c.add_business_days(given_day, n),
        lambda r: r.add_business_days(day, n),
        assert_equal,
    )


@given(scenarios(), st.data())
def test_business_days_between_matches_reference(scenario: Scenario, data: st.DataObject) -> None:
    a, b = draw_day(data, scenario), draw_day(data, scenario)
    given_a, given_b = data.draw(spelled_dates(a)), data.draw(spelled_dates(b))
    agree(
        scenario,
        lambda c: c.business_days_between(given_a, given_b),
        lambda r: r.business_days_between(a, b),
        assert_equal,
    )


# -- intersections ------------------------------------------------------------


def intersection_agrees(
    pair: tuple[Scenario, Scenario],
    engine: Callable[[slacalc.BusinessCalendar], Any],
    reference: Callable[[Reference], R],
    check: Callable[[Any, R], None],
) -> None:
    left, right = pair
    expected = reference_answer(reference, IntersectionReference(left.spec, right.spec))
    both = left.calendar() & right.calendar()
    check(engine(both), expected)


@HALF_AS_MANY
@given(intersections(), st.data())
def test_intersection_open_intervals_match_reference(
    pair: tuple[Scenario, Scenario], data: st.DataObject
) -> None:
    start = data.draw(instants(pair[0]) | instants(pair[1]))
    end = start + data.draw(st.integers(-DAY, 10 * DAY))
    intersection_agrees(
        pair,
        lambda c: list(c.open_intervals(from_us(start), from_us(end))),
        lambda r: r.open_intervals(start, end),
        spans_check(pair[0].spec.zone),
    )


@pytest.mark.parametrize(
    "operation", ["next_open", "next_close", "previous_open", "previous_close"]
)
@HALF_AS_MANY
@given(pair=intersections(), data=st.data())
def test_intersection_edges_match_reference(
    operation: str, pair: tuple[Scenario, Scenario], data: st.DataObject
) -> None:
    t = data.draw(instants(pair[0]) | instants(pair[1]))
    intersection_agrees(
        pair,
        lambda c: getattr(c, operation)(from_us(t)),
        lambda r: getattr(r, operation)(t),
        instant_check(pair[0].spec.zone),
    )


@HALF_AS_MANY
@given(intersections(), st.data())
def test_intersection_add_and_subtract_match_reference(
    pair: tuple[Scenario, Scenario], data: st.DataObject
) -> None:
    t = data.draw(instants(pair[0]) | instants(pair[1]))
    duration = data.draw(st.integers(0, 2 * DAY) | st.integers(0, 3600 * SECOND))
    intersection_agrees(
        pair,
        lambda c: c.add(from_us(t), timedelta(microseconds=duration)),
        lambda r: r.add(t, duration),
        instant_check(pair[0].spec.zone),
    )
    intersection_agrees(
        pair,
        lambda c: c.subtract(from_us(t), timedelta(microseconds=duration)),
        lambda r: r.subtract(t, duration),
        instant_check(pair[0].spec.zone),
    )


@HALF_AS_MANY
@given(intersections(), st.data())
def test_intersection_hours_on_match_reference(
    pair: tuple[Scenario, Scenario], data: st.DataObject
) -> None:
    day = draw_day(data, pair[0])
    intersection_agrees(
        pair,
        lambda c: c.hours_on(day),
        lambda r: r.hours_on(day),
        spans_check(pair[0].spec.zone),
    )
    intersection_agrees(
        pair, lambda c: c.is_business_day(day), lambda r: r.is_business_day(day), assert_equal
    )


# -- the zone's own instants ------------------------------------------------


def test_results_are_in_the_calendar_zone_through_a_fold() -> None:
    """A London close at 01:30 BST on fall-back day is the first 01:30, fold=0."""
    calendar = slacalc.BusinessCalendar(
        hours={"sun": "00:00-01:30"}, timezone="Europe/London", disambiguate="earlier"
    )
    close = calendar.next_close(datetime(2026, 10, 25, 0, 15, tzinfo=ZoneInfo("UTC")))
    assert to_us(close) == to_us(datetime(2026, 10, 25, 0, 30, tzinfo=ZoneInfo("UTC")))
    assert close.utcoffset() == timedelta(hours=1)


def test_design_example_gap_edge_is_shifted_forward() -> None:
    """design.md: London 01:30-03:00 on 2026-03-29 is open 01:30Z-02:00Z, 30 minutes."""
    calendar = slacalc.BusinessCalendar(
        hours={}, timezone="Europe/London", special_hours={"2026-03-29": "01:30-03:00"}
    )
    ((opens, closes),) = calendar.hours_on("2026-03-29")
    assert to_us(opens) == to_us(datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("UTC")))
    assert to_us(closes) == to_us(datetime(2026, 3, 29, 2, 0, tzinfo=ZoneInfo("UTC")))


def test_design_example_gap_edge_raises_when_asked_to() -> None:
    calendar = slacalc.BusinessCalendar(
        hours={},
        timezone="Europe/London",
        special_hours={"2026-03-29": "01:30-03:00"},
        disambiguate="raise",
    )
    with pytest.raises(slacalc.CalendarError):
        calendar.hours_on("2026-03-29")
