"""evaluate_dask is evaluate_frame partition by partition; policies and calendars pickle small.

The differential tests run 200,000 synthetic tickets in 10 partitions on a
real ``distributed.LocalCluster`` (two worker processes, so the policy and
its calendar cross a process boundary by pickle) and on the threaded
scheduler, and compare with ``evaluate_frame`` of the same pandas frame.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest

import slacalc
from slacalc import BusinessCalendar, CountryHolidays
from slacalc.frame import evaluate_dask, evaluate_frame

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

NOW = datetime(2027, 1, 1, 12, tzinfo=UTC)
ROWS = 200_000
PARTITIONS = 10
# Priorities as a text column holds them (numbers, keys, a name), and some that match no
# tier. Texts, because Dask turns an object column into strings (its convert-string
# option), so a number 7 would reach the partitions as "7" and be quoted so in messages.
GOOD_PRIORITIES = np.array(["1", "2", "3", "4", "P1", "P2", "P3", "P4", "major"], dtype=object)
BAD_PRIORITIES = np.array(["P9", None, "", "7"], dtype=object)


def synthetic_tickets(count: int, seed: int = 20261127) -> pd.DataFrame:
    """Tickets opened over two years, 85 % answered, 80 % resolved, a few bad rows.

    The three timestamp columns are aware, each in another zone; about one
    row in a thousand has a priority matching no tier, and a few are resolved
    before they were opened or opened after ``NOW``.
    """
    rng = np.random.default_rng(seed)
    seconds = pd.to_timedelta(rng.integers(0, 2 * 365 * 86_400, count), unit="s")
    opened = pd.Series(pd.Timestamp("2025-01-01", tz="UTC") + seconds)
    early, late = rng.choice(count, (2, 5), replace=False)
    opened.iloc[late] = pd.Timestamp(NOW) + pd.Timedelta(days=1)  # opened after now
    responded = opened + pd.to_timedelta(rng.integers(0, 3 * 86_400, count), unit="s")
    resolved = responded + pd.to_timedelta(rng.integers(0, 30 * 86_400, count), unit="s")
    resolved.iloc[early] = opened.iloc[early] - pd.Timedelta(minutes=1)  # before the opening
    priority = rng.choice(GOOD_PRIORITIES, count)
    bad = rng.random(count) < 0.001
    priority[bad] = rng.choice(BAD_PRIORITIES, int(bad.sum()))
    frame = pd.DataFrame(
        {
            "id": np.arange(count, dtype=np.int64) + 10_000,
            "opened_at": opened.dt.tz_convert("Europe/Berlin"),
            "priority": pd.Series(priority, dtype="str"),
            "responded_at": responded.where(rng.random(count) < 0.85),
            "resolved_at": resolved.where(rng.random(count) < 0.80).dt.tz_convert(
                "America/New_York"
            ),
        }
    )
    frame.index = pd.RangeIndex(5, 5 + 3 * count, 3, name="row")  # not the positions
    return frame


@pytest.fixture(scope="module")
def tickets() -> pd.DataFrame:
    return synthetic_tickets(ROWS)


@pytest.fixture(scope="module")
def expected(tickets: pd.DataFrame) -> pd.DataFrame:
    result: pd.DataFrame = evaluate_frame(tickets, now=NOW)
    return result


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    # Two single-threaded worker processes: every partition task is unpickled
    # in another interpreter than the one that built the graph.
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as connected,
    ):
        yield connected


def partitioned(frame: pd.DataFrame) -> Any:
    return dd.from_pandas(frame, npartitions=PARTITIONS)


# -- the answers equal pandas' row for row ---------------------------------


def test_synthetic_tickets_have_the_mix_the_tests_rely_on(
    tickets: pd.DataFrame, expected: pd.DataFrame
) -> None:
    assert len(tickets) == ROWS
    assert tickets["resolved_at"].isna().mean() == pytest.approx(0.20, abs=0.01)
    states = expected["resolution_state"].value_counts()
    assert {"met", "breached", "pending", "no_target"} <= set(states[states > 0].index)
    errors = expected["error"].notna().sum()
    assert 100 < errors < 400  # ~200 bad priorities (0.1 %), 5 early resolutions, 5 late openings


def test_a_local_cluster_gives_pandas_answers_row_for_row(
    client: Any, tickets: pd.DataFrame, expected: pd.DataFrame
) -> None:
    # The partitions are scattered to the workers first, as data loaded there
    # would be: 200,000 rows inside the graph would make it several MiB.
    step = ROWS // PARTITIONS
    parts = [tickets.iloc[start : start + step] for start in range(0, ROWS, step)]
    divisions = (*(part.index[0] for part in parts), parts[-1].index[-1])
    frame = dd.from_delayed(client.scatter(parts), meta=tickets.iloc[:0], divisions=divisions)
    lazy = evaluate_dask(frame, now=NOW)
    computed = client.compute(lazy, sync=True)
    pd.testing.assert_frame_equal(computed, expected, check_exact=True)


def test_the_threaded_scheduler_gives_pandas_answers_row_for_row(
    tickets: pd.DataFrame, expected: pd.DataFrame
) -> None:
    lazy = evaluate_dask(partitioned(tickets), now=NOW)
    pd.testing.assert_frame_equal(lazy.compute(scheduler="threads"), expected, check_exact=True)


def test_meta_is_what_every_partition_computes(
    tickets: pd.DataFrame, expected: pd.DataFrame
) -> None:
    # The output meta comes from evaluate_frame on an empty frame; a dtype
    # that differed from a partition's (object for category, say) would
    # only show in later Dask operations, so compare it here directly.
    lazy = evaluate_dask(partitioned(tickets), now=NOW)
    pd.testing.assert_frame_equal(dd.utils.make_meta(lazy), expected.iloc[:0])
    assert lazy["response_state"].dtype == pd.CategoricalDtype(
        ["met", "breached", "pending", "no_target"]
    )
    assert str(lazy["response_due"].dtype) == "datetime64[us, GMT]"


def test_the_result_keeps_the_input_divisions(tickets: pd.DataFrame) -> None:
    frame = partitioned(tickets)
    lazy = evaluate_dask(frame, now=NOW)
    assert lazy.npartitions == PARTITIONS
    assert lazy.divisions == frame.divisions
    assert lazy.known_divisions


# -- hand-worked rows -------------------------------------------------------


def test_hand_worked_tickets_across_partitions() -> None:
    # Default policy: Mon-Fri 09:00-18:00 GMT, England & Wales bank holidays.
    tickets = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D"],
            "opened_at": [
                "2026-11-27T17:00:00Z",  # Fri 17:00; P1 response 2 business hours
                "2026-12-24T16:00:00Z",  # Thu 24 Dec 16:00; P2 response 2 business hours
                "2026-11-27T17:00:00Z",
                "2026-11-27T17:00:00Z",
            ],
            "priority": ["P1", "P2", "P9", "P1"],
            "responded_at": ["2026-11-30T09:45:00Z", None, None, None],
        }
    )
    lazy = evaluate_dask(dd.from_pandas(tickets, npartitions=2), now="2026-12-29T10:00:00Z")
    result = lazy.compute(scheduler="sync")
    # A: Fri 17:00-18:00 is 1 h, Mon 09:00-10:00 the 2nd: due Mon 30 Nov 10:00;
    # answered at 09:45, so met after 1 h 45 min of business time.
    # B: 16:00-18:00 on Christmas Eve: due 24 Dec 18:00; unanswered at 29 Dec
    # 10:00, so breached (25 and 28 Dec are bank holidays, 26-27 a weekend).
    assert result["response_due"].tolist() == [
        pd.Timestamp("2026-11-30T10:00:00Z").tz_convert("GMT"),
        pd.Timestamp("2026-12-24T18:00:00Z").tz_convert("GMT"),
        pd.NaT,
        pd.Timestamp("2026-11-30T10:00:00Z").tz_convert("GMT"),
    ]
    assert result["response_state"].tolist()[:2] == ["met", "breached"]
    assert pd.isna(result["response_state"].iloc[2])
    assert result["response_elapsed"].iloc[0] == pd.Timedelta(hours=1, minutes=45)
    assert "P9" in result["error"].iloc[2]
    assert result["id"].tolist() == ["A", "B", "C", "D"]


# -- one instant, one policy ------------------------------------------------


def test_now_is_read_once_on_the_client_for_every_partition() -> None:
    # Open around the clock, so the business time counted for an unfinished
    # ticket is now minus its opening, and now = opened_at + elapsed exactly.
    always = slacalc.load_policy({
        "name": "Always open", "version": "1",
        "calendar": {"timezone": "UTC", "hours": {"daily": "00:00-24:00"}},
        "tiers": [{"priority": 1, "key": "P1", "name": "Only",
                   "response": "1000 business hours", "resolution": "none: never"}],
    })  # fmt: skip
    opened = pd.Timestamp("2026-01-01", tz="UTC") + pd.to_timedelta(np.arange(40), unit="h")
    tickets = pd.DataFrame({"opened_at": opened, "priority": 1})
    before = datetime.now(UTC)
    lazy = evaluate_dask(dd.from_pandas(tickets, npartitions=8), policy=always)
    after = datetime.now(UTC)
    result = lazy.compute(scheduler="threads")
    nows = (result["opened_at"] + result["response_elapsed"]).unique()
    assert len(nows) == 1
    assert before <= nows[0].to_pydatetime() <= after


def test_the_policy_is_one_task_every_partition_depends_on(tickets: pd.DataFrame) -> None:
    # A literal argument would be pickled into each of the 10 partition tasks
    # and unpickled (validated, its calendar compiled again) once per task.
    lazy = evaluate_dask(partitioned(tickets.iloc[:100]), now=NOW)
    graph = dict(lazy.__dask_graph__())
    holding = [key for key, task in graph.items() if isinstance(task_value(task), slacalc.Policy)]
    assert len(holding) == 1
    for key in lazy.__dask_keys__():
        assert holding[0] in graph[key].dependencies


def task_value(task: Any) -> Any:
    return getattr(task, "value", None)


# -- errors -----------------------------------------------------------------


@pytest.fixture(scope="module")
def good(tickets: pd.DataFrame, expected: pd.DataFrame) -> pd.DataFrame:
    return tickets[expected["error"].isna()].iloc[:1000]


def test_errors_raise_is_raised_by_compute_on_the_cluster(client: Any, good: pd.DataFrame) -> None:
    bad = good.copy()
    bad.loc[bad.index[700], "priority"] = "P9"
    lazy = evaluate_dask(partitioned(bad), now=NOW, errors="raise")
    with pytest.raises(slacalc.UnknownPriorityError, match=rf"row {bad.index[700]}: .*'P9'"):
        client.compute(lazy, sync=True)


def test_errors_raise_is_raised_by_compute_on_threads(good: pd.DataFrame) -> None:
    bad = good.copy()
    bad.loc[bad.index[10], "priority"] = "P9"
    lazy = evaluate_dask(partitioned(bad), now=NOW, errors="raise")
    with pytest.raises(slacalc.UnknownPriorityError, match=rf"row {bad.index[10]}: .*'P9'"):
        lazy.compute(scheduler="threads")


def test_a_pandas_frame_is_refused_with_the_way_to_evaluate_it(tickets: pd.DataFrame) -> None:
    with pytest.raises(slacalc.TicketTypeError, match=r"Dask DataFrame.*evaluate_frame"):
        evaluate_dask(tickets.iloc[:5])


def test_a_dask_series_is_refused(tickets: pd.DataFrame) -> None:
    with pytest.raises(slacalc.TicketTypeError, match="got dask"):
        evaluate_dask(partitioned(tickets.iloc[:20])["priority"])


def test_a_naive_column_is_refused_before_computing() -> None:
    tickets = pd.DataFrame({"opened_at": pd.to_datetime(["2026-11-27 17:00"]), "priority": [1]})
    with pytest.raises(slacalc.InvalidTimestampError, match="assume_tz"):
        evaluate_dask(dd.from_pandas(tickets, npartitions=1), now=NOW)


def test_a_naive_now_is_refused_before_computing(tickets: pd.DataFrame) -> None:
    with pytest.raises(slacalc.InvalidTimestampError, match="now"):
        evaluate_dask(partitioned(tickets.iloc[:20]), now="2026-11-27T17:00")


def test_without_dask_the_error_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tickets: pd.DataFrame
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "dask", None)
    with pytest.raises(slacalc.MissingDependencyError, match=r"slacalc\[dask\]"):
        evaluate_dask(tickets)


def test_evaluate_dask_is_published_under_slacalc_frame() -> None:
    assert evaluate_dask.__module__ == "slacalc.frame"
    assert pickle.loads(pickle.dumps(evaluate_dask)) is evaluate_dask  # noqa: S301


# -- pickled sizes ----------------------------------------------------------

# What a worker receives per policy or calendar is its construction data
# (measured: default policy 2,661 bytes, its calendar 203, a New York calendar
# with US holidays 230, one with 50 dates 866). 64 KiB is over 20 times the
# largest and still small beside one partition of tickets; a pickle past it
# would mean compiled tables (years of intervals, holiday dictionaries) had
# leaked into it and were being shipped with every graph.
GENEROUS = 64 * 1024
FIFTY_DATES = [date(2026, 1, 5) + timedelta(weeks=week) for week in range(50)]
CALENDARS = {
    "default": slacalc.default_policy().calendar,
    "holidays country": BusinessCalendar(
        {"mon-fri": "08:30-17:00"},
        timezone="America/New_York",
        holidays=CountryHolidays("US", subdiv="NY"),
    ),
    "50 dates": BusinessCalendar(
        {"mon-fri": "09:00-17:30"}, timezone="Europe/London", holidays=FIFTY_DATES
    ),
}


def test_the_default_policy_pickles_small_and_answers_the_same() -> None:
    policy = slacalc.default_policy()
    data = pickle.dumps(policy)
    assert len(data) < GENEROUS
    copy = pickle.loads(data)  # noqa: S301 - our own data
    assert copy == policy
    # P2 opened Thu 24 Dec 16:00 GMT: 2 business hours end at 18:00 that day.
    assert slacalc.response_due("2026-12-24T16:00:00Z", "P2", policy=copy) == datetime(
        2026, 12, 24, 18, tzinfo=UTC
    )


@pytest.mark.parametrize("name", CALENDARS)
def test_a_calendar_pickles_small_and_answers_the_same(name: str) -> None:
    calendar = CALENDARS[name]
    data = pickle.dumps(calendar)
    assert len(data) < GENEROUS
    copy = pickle.loads(data)  # noqa: S301 - our own data
    assert copy == calendar
    start = datetime(2026, 12, 24, 15, tzinfo=UTC)
    assert copy.add(start, timedelta(hours=20)) == calendar.add(start, timedelta(hours=20))


def test_the_50_dates_calendar_is_closed_on_its_dates_after_unpickling() -> None:
    copy = pickle.loads(pickle.dumps(CALENDARS["50 dates"]))  # noqa: S301
    # 2026-01-05 is a Monday and the first of the dates; the next day is open.
    assert not copy.is_business_day("2026-01-05")
    assert copy.is_business_day("2026-01-06")


@pytest.mark.parametrize("name", CALENDARS)
def test_a_calendar_that_has_answered_pickles_no_bigger(name: str) -> None:
    # Answering compiles and caches year tables; a pickle must not carry them.
    calendar = CALENDARS[name]
    fresh = len(pickle.dumps(pickle.loads(pickle.dumps(calendar))))  # noqa: S301
    for year in range(2000, 2040, 3):
        calendar.add(datetime(year, 6, 1, tzinfo=UTC), timedelta(hours=500))
    assert len(pickle.dumps(calendar)) == fresh


def test_float_priorities_are_read_value_by_value_in_every_partition() -> None:
    # Whether 1.0 is tier 1 must not depend on a 1.5 in another partition.
    frame = pd.DataFrame({
        "opened_at": ["2026-11-27T17:00:00Z"] * 4,
        "priority": [1.0, 2.0, 1.5, 3.0],
    })  # fmt: skip
    expected = evaluate_frame(frame, now=NOW)
    assert expected["priority"].tolist()[:2] == ["P1", "P2"]
    lazy = evaluate_dask(dd.from_pandas(frame, npartitions=2), now=NOW)
    pd.testing.assert_frame_equal(lazy.compute(scheduler="threads"), expected, check_exact=True)
