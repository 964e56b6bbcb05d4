"""The calendar's array methods answer exactly what its scalar methods answer, element by element.

The scalar methods are checked against the brute-force reference elsewhere
(test_calendar_differential.py); here every vectorized answer is compared
with the scalar one for the same instant, on random calendars (daylight
saving zones, overnight shifts, special hours, intersections), with instants
on interval edges and clock changes, and NaT mixed in.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slacalc
from slacalc import BusinessCalendar
from strategies import DURATIONS, NO_RAISE, Scenario, instants, intersections, scenarios

NAT = np.datetime64("NaT")


def calendar_of(scenario: Scenario | tuple[Scenario, Scenario]) -> BusinessCalendar:
    if isinstance(scenario, tuple):
        return scenario[0].calendar() & scenario[1].calendar()
    return scenario.calendar()


CALENDARS = st.one_of(scenarios(modes=NO_RAISE), intersections())


def anchor_of(scenario: Scenario | tuple[Scenario, Scenario]) -> Scenario:
    return scenario[0] if isinstance(scenario, tuple) else scenario


def as_datetime64(micros: list[int | None]) -> np.ndarray:
    return np.array(
        [NAT if us is None else np.datetime64(us, "us") for us in micros], dtype="datetime64[us]"
    )


def scalar(moment: np.datetime64) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(moment.astype(np.int64)))


def micros_of(moment: datetime) -> int:
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def instant_lists(
    scenario: Scenario | tuple[Scenario, Scenario],
) -> st.SearchStrategy[list[int | None]]:
    return st.lists(st.none() | instants(anchor_of(scenario)), min_size=0, max_size=12)


# Each example compiles a calendar; a few dozen cover the shapes (the scalar
# differential suite covers the calendars themselves).
FEWER = settings(max_examples=60)


@FEWER
@given(scenario=CALENDARS, data=st.data())
def test_add_many_equals_add_for_every_element(scenario: Scenario, data: st.DataObject) -> None:
    calendar = calendar_of(scenario)
    starts = data.draw(instant_lists(scenario))
    durations = data.draw(st.lists(DURATIONS, min_size=len(starts), max_size=len(starts)))

    def one_by_one() -> list[datetime | None]:
        return [
            None
            if start is None
            else calendar.add(scalar(np.datetime64(start, "us")), timedelta(microseconds=duration))
            for start, duration in zip(starts, durations, strict=True)
        ]

    try:
        result = calendar.add_many(
            as_datetime64(starts), np.array(durations, dtype="timedelta64[us]")
        )
    except slacalc.SlacalcError as error:  # a never-open calendar, a result after 2200
        with pytest.raises(type(error)):
            one_by_one()
        return
    assert result.dtype == np.dtype("datetime64[us]")
    for expected, got in zip(one_by_one(), result, strict=True):
        if expected is None:
            assert np.isnat(got)
        else:
            assert micros_of(expected) == int(got.astype(np.int64))


@FEWER
@given(scenario=CALENDARS, data=st.data())
def test_elapsed_many_equals_elapsed_for_every_element(
    scenario: Scenario, data: st.DataObject
) -> None:
    calendar = calendar_of(scenario)
    starts = data.draw(instant_lists(scenario))
    ends = data.draw(
        st.lists(
            st.none() | instants(anchor_of(scenario)), min_size=len(starts), max_size=len(starts)
        )
    )
    result = calendar.elapsed_many(as_datetime64(starts), as_datetime64(ends))
    for start, end, got in zip(starts, ends, result, strict=True):
        if start is None or end is None:
            assert np.isnat(got)
            continue
        expected = calendar.elapsed(
            scalar(np.datetime64(start, "us")), scalar(np.datetime64(end, "us"))
        )
        assert expected == timedelta(microseconds=int(got.astype(np.int64)))


@FEWER
@given(scenario=CALENDARS, data=st.data())
def test_is_open_and_next_open_many_equal_the_scalar_answers(
    scenario: Scenario, data: st.DataObject
) -> None:
    calendar = calendar_of(scenario)
    moments = data.draw(instant_lists(scenario))
    opened = calendar.is_open_many(as_datetime64(moments))
    present = [us for us in moments if us is not None]
    try:
        following = calendar.next_open_many(np.array(present, dtype="int64"))
    except slacalc.SlacalcError as error:  # no opening before 2200, or never open
        with pytest.raises(type(error)):
            [calendar.next_open(scalar(np.datetime64(moment, "us"))) for moment in present]
        following = None
    for maybe, is_open in zip(moments, opened, strict=True):
        expected = maybe is not None and calendar.is_open(scalar(np.datetime64(maybe, "us")))
        assert bool(is_open) == expected
    if following is not None:
        for moment, got in zip(present, following, strict=True):
            assert int(got) == micros_of(calendar.next_open(scalar(np.datetime64(moment, "us"))))


def test_int64_microseconds_in_give_int64_out_and_one_duration_broadcasts() -> None:
    calendar = slacalc.default_policy().calendar
    friday_five = micros_of(datetime(2026, 11, 27, 17, tzinfo=UTC))
    result = calendar.add_many(np.array([friday_five, friday_five + 3_600_000_000]), 7_200_000_000)
    assert result.dtype == np.int64
    # Fri 17:00 + 2 h is Mon 10:00; Fri 18:00 + 2 h is Mon 11:00.
    assert result.tolist() == [
        micros_of(datetime(2026, 11, 30, 10, tzinfo=UTC)),
        micros_of(datetime(2026, 11, 30, 11, tzinfo=UTC)),
    ]
    assert calendar.add_many(np.array([friday_five]), timedelta(0)).tolist() == [friday_five]


def test_other_datetime64_units_are_read_as_instants() -> None:
    calendar = slacalc.default_policy().calendar
    seconds = np.array(["2026-11-27T17:00:00"], dtype="datetime64[s]")
    nanoseconds = np.array(["2026-11-27T17:00:00.000000999"], dtype="datetime64[ns]")
    expected = np.array(["2026-11-30T10:00"], dtype="datetime64[us]")
    assert (calendar.add_many(seconds, timedelta(hours=2)) == expected).all()
    # Nanoseconds are floored to the microsecond, as the scalar path reads a pandas Timestamp.
    assert (calendar.add_many(nanoseconds, timedelta(hours=2)) == expected).all()


def test_results_beyond_the_table_take_the_scalar_path_and_its_errors() -> None:
    calendar = slacalc.default_policy().calendar
    start = np.array(["2026-11-27T17:00"], dtype="datetime64[us]")
    # 20 years of business time: past the table of 2026-2027, answered one by one.
    years = timedelta(hours=9 * 252 * 20)
    assert calendar.add_many(start, years)[0] == np.datetime64(
        calendar.add(scalar(start[0]), years).astimezone(UTC).replace(tzinfo=None), "us"
    )
    with pytest.raises(slacalc.OutOfRangeError):
        calendar.add_many(np.array(["2199-12-31T17:00"], dtype="datetime64[us]"), timedelta(days=9))


def test_bad_inputs_are_refused_like_the_scalar_ones() -> None:
    calendar = slacalc.default_policy().calendar
    start = np.array(["2026-11-27T17:00"], dtype="datetime64[us]")
    with pytest.raises(slacalc.InvalidDurationError, match=r"durations\[0\] is negative"):
        calendar.add_many(start, np.array([-1], dtype="timedelta64[us]"))
    with pytest.raises(slacalc.InvalidTimestampError, match="datetime64"):
        calendar.add_many(np.array(["2026-11-27"]), timedelta(hours=1))
    with pytest.raises(slacalc.OutOfRangeError, match=r"starts\[0\]"):
        calendar.add_many(np.array(["1850-01-01"], dtype="datetime64[us]"), timedelta(hours=1))


def test_a_never_open_calendar_raises_calendar_error_from_add_many() -> None:
    never = BusinessCalendar({"mon": "09:00-17:00"}, timezone="UTC") & BusinessCalendar(
        {"tue": "09:00-17:00"}, timezone="UTC"
    )
    start = np.array(["2026-11-27T17:00"], dtype="datetime64[us]")
    with pytest.raises(slacalc.CalendarError):
        never.add_many(start, timedelta(hours=1))
    assert not never.is_open_many(start).any()
    assert never.elapsed_many(start, start + np.timedelta64(1, "D"))[0] == np.timedelta64(0, "us")


def test_empty_arrays_give_empty_arrays() -> None:
    calendar = slacalc.default_policy().calendar
    empty = np.array([], dtype="datetime64[us]")
    assert calendar.add_many(empty, timedelta(hours=1)).shape == (0,)
    assert calendar.elapsed_many(empty, empty).shape == (0,)
    assert calendar.is_open_many(empty).shape == (0,)
    assert calendar.next_open_many(empty).shape == (0,)


def test_array_methods_import_numpy_only_when_called() -> None:
    code = (
        "import sys, datetime, slacalc\n"
        "calendar = slacalc.default_policy().calendar\n"
        "calendar.add('2026-11-27T17:00:00Z', datetime.timedelta(hours=1))\n"
        "assert 'numpy' not in sys.modules, 'numpy imported by a scalar call'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603 - our own code
