"""Algebraic properties of business time, and agreement with numpy's business days."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import slacalc
from reference import from_us, to_us
from strategies import DURATIONS, NO_RAISE, Scenario, instants, numpy_calendars, scenarios


def us(delta: timedelta) -> int:
    return delta // timedelta(microseconds=1)


def td(micros: int) -> timedelta:
    return timedelta(microseconds=micros)


@given(scenarios(modes=NO_RAISE), st.data())
def test_elapsed_undoes_add(scenario: Scenario, data: st.DataObject) -> None:
    calendar = scenario.calendar()
    start = data.draw(instants(scenario))
    duration = data.draw(DURATIONS)
    start_at = calendar.next_open(_utc(start)) if data.draw(st.booleans()) else _utc(start)
    end = calendar.add(start_at, td(duration))
    assert to_us(end) >= to_us(start_at)
    assert us(calendar.elapsed(start_at, end)) == duration


@given(scenarios(modes=NO_RAISE), st.data())
def test_elapsed_undoes_subtract(scenario: Scenario, data: st.DataObject) -> None:
    calendar = scenario.calendar()
    end = _utc(data.draw(instants(scenario)))
    duration = data.draw(DURATIONS)
    start = calendar.subtract(end, td(duration))
    assert to_us(start) <= to_us(end)
    assert us(calendar.elapsed(start, end)) == duration


@given(scenarios(modes=NO_RAISE), st.data())
def test_add_is_additive_and_monotonic(scenario: Scenario, data: st.DataObject) -> None:
    calendar = scenario.calendar()
    start = _utc(data.draw(instants(scenario)))
    first, second = data.draw(DURATIONS), data.draw(DURATIONS)
    in_two_steps = calendar.add(calendar.add(start, td(first)), td(second))
    at_once = calendar.add(start, td(first + second))
    assert to_us(in_two_steps) == to_us(at_once)
    assert to_us(calendar.add(start, td(first))) <= to_us(at_once)
    assert to_us(calendar.add(start, td(0))) == to_us(start)


@given(scenarios(modes=NO_RAISE), st.data())
def test_subtract_is_additive_and_monotonic(scenario: Scenario, data: st.DataObject) -> None:
    calendar = scenario.calendar()
    end = _utc(data.draw(instants(scenario)))
    first, second = data.draw(DURATIONS), data.draw(DURATIONS)
    in_two_steps = calendar.subtract(calendar.subtract(end, td(first)), td(second))
    at_once = calendar.subtract(end, td(first + second))
    assert to_us(in_two_steps) == to_us(at_once)
    assert to_us(calendar.subtract(end, td(first))) >= to_us(at_once)
    assert to_us(calendar.subtract(end, td(0))) == to_us(end)


@given(scenarios(modes=NO_RAISE), st.data())
def test_elapsed_is_additive_and_bounded(scenario: Scenario, data: st.DataObject) -> None:
    calendar = scenario.calendar()
    a, b, c = sorted(data.draw(instants(scenario)) for _ in range(3))
    ab = us(calendar.elapsed(_utc(a), _utc(b)))
    bc = us(calendar.elapsed(_utc(b), _utc(c)))
    assert ab + bc == us(calendar.elapsed(_utc(a), _utc(c)))
    assert 0 <= ab <= b - a
    assert us(calendar.elapsed(_utc(b), _utc(a))) == 0


def _utc(micros: int) -> datetime:
    return from_us(micros)


# -- numpy's business days --------------------------------------------------


def as_business_calendar(weekmask: str, holidays: list[date]) -> slacalc.BusinessCalendar:
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    hours: dict[str | int, str] = {
        name: "09:00-17:00" for name, bit in zip(names, weekmask, strict=True) if bit == "1"
    }
    return slacalc.BusinessCalendar(
        hours=hours, timezone="GMT", holidays=slacalc.HolidayDates(holidays)
    )


@given(numpy_calendars(), st.integers(-20, 20), st.integers(-20, 20))
def test_business_days_between_agrees_with_numpy(
    drawn: tuple[str, date, list[date]], start: int, end: int
) -> None:
    weekmask, base, holidays = drawn
    calendar = as_business_calendar(weekmask, holidays)
    a, b = base + timedelta(days=start), base + timedelta(days=end)
    expected = np.busday_count(a, b, weekmask=weekmask, holidays=holidays)
    assert calendar.business_days_between(a, b) == int(expected)


@given(numpy_calendars(), st.integers(-20, 20), st.integers(-25, 25))
def test_add_business_days_agrees_with_numpy(
    drawn: tuple[str, date, list[date]], start: int, n: int
) -> None:
    weekmask, base, holidays = drawn
    calendar = as_business_calendar(weekmask, holidays)
    day = base + timedelta(days=start)
    expected = np.busday_offset(day, n, roll="forward", weekmask=weekmask, holidays=holidays)
    assert calendar.add_business_days(day, n) == expected.astype(date)
