"""evaluate_frame answers what the scalar evaluate answers, row by row, for pandas and Polars."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slacalc
from slacalc.frame import evaluate_frame
from strategies import TimelineCase, timeline_cases, timeline_setups

NOW = datetime(2026, 12, 10, 12, tzinfo=UTC)
START = datetime(2026, 11, 20, tzinfo=UTC)

# A policy with every kind of rule: business hours and days, real hours,
# calendar days, end of business day, and no target.
MIXED = slacalc.load_policy({
    "name": "Mixed", "version": "1",
    "calendar": {"timezone": "Europe/London", "hours": {"mon-fri": "09:00-17:30"},
                 "holidays": [{"country": "GB", "subdiv": "ENG"}]},
    "business_day_length": "PT8H30M",
    "tiers": [
        {"priority": 1, "key": "P1", "name": "Urgent",
         "response": "30 business minutes", "resolution": "4 hours"},
        {"priority": 2, "key": "P2", "name": "High",
         "response": "1 business day", "resolution": "3 days"},
        {"priority": 3, "key": "P3", "name": "Low",
         "response": {"amount": 2, "unit": "business_days", "day_rule": "end_of_day"},
         "resolution": "none: when we can"},
    ],
})  # fmt: skip


def _in_zone(zone: str, hours: str) -> slacalc.Policy:
    data = MIXED.to_dict()
    data["calendar"]["timezone"] = zone
    data["calendar"]["hours"] = {"mon-fri": hours}
    return slacalc.load_policy(data)


# The same rules on New York office hours and on a night shift across London's midnight.
POLICIES = {
    "default": slacalc.default_policy(),
    "mixed": MIXED,
    "new york": _in_zone("America/New_York", "08:00-16:30"),
    "night": _in_zone("Europe/London", "22:00-06:30"),
}
# Openings in late November, or in the weeks of the 2026 clock changes (London 29 March
# and 25 October, New York 8 March and 1 November).
STARTS = [
    START,
    datetime(2026, 3, 5, tzinfo=UTC),
    datetime(2026, 3, 26, tzinfo=UTC),
    datetime(2026, 10, 22, tzinfo=UTC),
]
MINUTE = timedelta(minutes=1)


@st.composite
def rows(draw: st.DrawFn) -> dict[str, Any]:
    opened = draw(st.sampled_from(STARTS)) + draw(st.integers(0, 20 * 24 * 60)) * MINUTE
    row: dict[str, Any] = {
        "opened_at": opened,
        "priority": draw(st.sampled_from([1, 2, 3, "P1", "2", "P4", "P9"])),
    }
    for name in ("responded_at", "resolved_at"):
        offset = draw(st.none() | st.integers(-60, 30 * 24 * 60))
        row[name] = None if offset is None else opened + offset * MINUTE
    return row


def expected(row: dict[str, Any], policy: slacalc.Policy) -> dict[str, Any] | None:
    try:
        report = slacalc.evaluate(
            {key: value for key, value in row.items() if value is not None}, now=NOW, policy=policy
        )
    except slacalc.SlacalcError:
        return None
    return answers(report)


def answers(report: slacalc.SlaReport) -> dict[str, Any]:
    """Every result column of one row, as the scalar report says it."""
    found: dict[str, Any] = {
        "priority": report.priority,
        "opened_at": report.opened_at,
        "paused": report.paused,
        "breached_cycles": report.breached_cycles,
    }
    for target in ("response", "resolution"):
        status = getattr(report, target)
        found[f"{target}_state"] = status.state.value
        found[f"{target}_due"] = status.due
        found[f"{target}_completed_at"] = status.completed_at
        found[f"{target}_elapsed"] = status.elapsed
        found[f"{target}_remaining"] = status.remaining
        found[f"{target}_fraction_used"] = status.fraction_used
        found[f"{target}_overdue_by"] = status.overdue_by
        found[f"{target}_breached"] = status.breached
    return found


def same(left: Any, right: Any) -> bool:
    if right is None:
        return left is None or left is pd.NaT or (isinstance(left, float) and math.isnan(left))
    if isinstance(right, bool | int) and not isinstance(left, datetime | timedelta):
        return bool(left == right) and type(left) is not float
    if isinstance(right, float):
        return math.isclose(float(left), right, rel_tol=1e-12, abs_tol=0.0)
    if isinstance(right, datetime):
        return pd.Timestamp(left) == pd.Timestamp(right)
    if isinstance(right, timedelta):
        return pd.Timedelta(left) == pd.Timedelta(right)
    return bool(left == right)


@settings(max_examples=60)
@given(tickets=st.lists(rows(), min_size=0, max_size=25), name=st.sampled_from(sorted(POLICIES)))
def test_every_row_equals_the_scalar_evaluate(tickets: list[dict[str, Any]], name: str) -> None:
    policy = POLICIES[name]
    frame = pd.DataFrame(tickets, columns=["opened_at", "priority", "responded_at", "resolved_at"])
    for column in ("opened_at", "responded_at", "resolved_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    frame["priority"] = frame["priority"].astype(object)
    result = evaluate_frame(frame, now=NOW, policy=policy)
    assert len(result) == len(frame)
    assert list(result.index) == list(frame.index)
    for position, row in enumerate(tickets):
        answer = expected(row, policy)
        got = result.iloc[position]
        if answer is None:
            assert got["error"], row
            assert pd.isna(got["response_state"])
            continue
        assert pd.isna(got["error"]), (row, got["error"])
        for key, value in answer.items():
            assert same(got[key], value), (row, key, got[key], value)


def test_iso_texts_digit_priorities_and_a_kept_index() -> None:
    frame = pd.DataFrame(
        {
            "opened_at": ["2026-11-27T17:00:00Z", "2026-11-27T17:00:00+01:00"],
            "priority": ["1", "major"],
        },
        index=["a", "b"],
    )
    result = evaluate_frame(frame, now="2026-11-30T09:30:00Z")
    assert list(result.index) == ["a", "b"]
    # Fri 17:00 GMT + 2 business hours = Mon 10:00; 16:00 GMT + 2 = Fri 18:00.
    assert result["response_due"].tolist() == [
        pd.Timestamp("2026-11-30T10:00:00Z"),
        pd.Timestamp("2026-11-27T18:00:00Z"),
    ]
    assert result["response_state"].tolist() == ["pending", "breached"]


def test_bad_rows_get_an_error_and_empty_results_and_raise_names_the_row() -> None:
    frame = pd.DataFrame({
        "opened_at": ["2026-11-27T17:00:00Z", "2026-11-27 17:00", "2026-11-27T17:00:00Z"],
        "priority": [1, 1, "P9"],
    })  # fmt: skip
    result = evaluate_frame(frame, now="2026-11-30T09:30:00Z")
    assert pd.isna(result["error"][0])
    assert "offset" in result["error"][1]
    assert "P9" in result["error"][2]
    states = [state if isinstance(state, str) else None for state in result["response_state"]]
    assert states == ["pending", None, None]
    with pytest.raises(slacalc.SlacalcError, match="row 1"):
        evaluate_frame(frame, now="2026-11-30T09:30:00Z", errors="raise")


def test_naive_columns_need_assume_tz() -> None:
    frame = pd.DataFrame({"opened_at": pd.to_datetime(["2026-11-27 17:00"]), "priority": [1]})
    with pytest.raises(slacalc.InvalidTimestampError, match="assume_tz"):
        evaluate_frame(frame, now="2026-11-30T09:30:00Z")
    result = evaluate_frame(frame, now="2026-11-30T09:30:00Z", assume_tz="Europe/London")
    assert result["response_due"][0] == pd.Timestamp("2026-11-30T10:00:00Z")


def test_zero_and_one_row_frames() -> None:
    empty = pd.DataFrame({"opened_at": pd.Series([], dtype="datetime64[us, UTC]"), "priority": []})
    assert len(evaluate_frame(empty, now=NOW)) == 0
    one = pd.DataFrame({"opened_at": [pd.Timestamp("2026-12-01T09:00Z")], "priority": [4]})
    assert evaluate_frame(one, now=NOW)["resolution_state"].tolist() == ["no_target"]


def test_a_polars_frame_gives_a_polars_frame_with_the_same_answers() -> None:
    pl = pytest.importorskip("polars")
    tickets = pl.DataFrame({
        "opened_at": ["2026-11-27T17:00:00Z", "2026-12-24T16:00:00Z"],
        "priority": ["P1", "P2"],
        "responded_at": ["2026-11-30T10:15:00Z", None],
    }).with_columns(
        pl.col("opened_at").str.to_datetime(time_zone="UTC"),
        pl.col("responded_at").str.to_datetime(time_zone="UTC"),
    )  # fmt: skip
    result = evaluate_frame(tickets, now="2026-12-29T09:00:00Z")
    assert isinstance(result, pl.DataFrame)
    assert result["response_state"].to_list() == ["breached", "breached"]
    same_tickets = pd.DataFrame({
        "opened_at": pd.to_datetime(["2026-11-27T17:00:00Z", "2026-12-24T16:00:00Z"], utc=True),
        "priority": ["P1", "P2"],
        "responded_at": pd.to_datetime(pd.Series(["2026-11-30T10:15:00Z", None]), utc=True),
    })  # fmt: skip
    pandas_result = evaluate_frame(same_tickets, now="2026-12-29T09:00:00Z")
    assert result["response_due"].to_list() == [
        moment.to_pydatetime() for moment in pandas_result["response_due"]
    ]


COLUMNS = [
    "priority", "opened_at",
    *(f"{target}_{name}" for target in ("response", "resolution") for name in (
        "due", "state", "completed_at", "elapsed", "remaining", "fraction_used", "overdue_by",
        "breached",
    )),
    "paused", "breached_cycles", "error",
]  # fmt: skip


def test_the_columns_their_order_and_their_types() -> None:
    frame = pd.DataFrame({
        "id": ["a", "b"],
        "opened_at": pd.to_datetime(["2026-11-27T17:00:00Z", "2026-11-27T17:00:00Z"], utc=True),
        "priority": ["P1", "P9"],
    })  # fmt: skip
    result = evaluate_frame(frame, now=NOW, policy=MIXED)
    assert list(result.columns) == ["id", *COLUMNS]
    for name in ("opened_at", "response_due", "resolution_completed_at"):
        assert str(result[name].dtype) == "datetime64[us, Europe/London]"
    for name in ("response_elapsed", "resolution_overdue_by", "response_remaining"):
        assert str(result[name].dtype) == "timedelta64[us]"
    states = result["response_state"].dtype
    assert isinstance(states, pd.CategoricalDtype)
    assert list(states.categories) == ["met", "breached", "pending", "no_target"]
    assert list(result["priority"].dtype.categories) == ["P1", "P2", "P3"]
    assert str(result["response_breached"].dtype) == "boolean"
    assert str(result["paused"].dtype) == "boolean"
    assert str(result["breached_cycles"].dtype) == "Int64"
    assert result["error"].dtype == object
    # The bad row: its readable opening kept, every result empty, the message given.
    assert result.loc[1, "opened_at"] == pd.Timestamp("2026-11-27T17:00:00Z")
    assert result.loc[1, COLUMNS[2:-1]].isna().all()
    assert "P9" in result.loc[1, "error"]


def test_instants_before_1970_have_due_times() -> None:
    # Tue 1969-12-30 10:00 GMT: P1's two business hours end at 12:00 the same day.
    frame = pd.DataFrame({"opened_at": ["1969-12-30T10:00:00Z"], "priority": [1]})
    result = evaluate_frame(frame, now="1969-12-30T11:00:00Z")
    assert result["response_due"][0] == pd.Timestamp("1969-12-30T12:00:00Z")
    assert result["response_state"][0] == "pending"
    assert result["response_elapsed"][0] == pd.Timedelta(hours=1)


def test_a_column_of_one_zone_in_gives_the_policy_zone_out() -> None:
    # 12:00 in New York is 17:00 GMT on Friday 27 November: P1 is due Monday 10:00 GMT.
    opened = pd.to_datetime(["2026-11-27T12:00:00"]).tz_localize("America/New_York")
    result = evaluate_frame(pd.DataFrame({"opened_at": opened, "priority": [1]}), now=NOW)
    due = result["response_due"][0]
    assert str(due.tz) == "GMT"
    assert due == pd.Timestamp("2026-11-30T10:00:00Z")
    assert result["opened_at"][0] == pd.Timestamp("2026-11-27T17:00:00Z")


def test_naive_local_times_that_a_zone_skips_or_repeats_are_errors_not_missing() -> None:
    # 2026-03-29 01:30 does not exist in London, 2026-10-25 01:30 happens twice.
    frame = pd.DataFrame({
        "opened_at": pd.to_datetime(["2026-03-27 10:00", "2026-03-27 10:00", "2026-10-23 10:00"]),
        "priority": [3, 3, 3],
        "responded_at": pd.to_datetime(
            ["2026-03-27 11:00", "2026-03-29 01:30", "2026-10-25 01:30"]
        ),
    })  # fmt: skip
    result = evaluate_frame(frame, now=NOW, assume_tz="Europe/London")
    assert pd.isna(result["error"][0])
    assert result["response_state"][0] == "met"
    for row in (1, 2):
        assert "responded_at" in result["error"][row]
        assert "daylight-saving" in result["error"][row]
        assert pd.isna(result["response_state"][row])


def test_pyarrow_backed_columns_give_the_numpy_backed_answers() -> None:
    pa = pytest.importorskip("pyarrow")
    texts = ["2026-11-27T17:00:00Z", "2026-12-24T16:00:00Z", "2026-12-01T09:00:00Z"]
    numpy_backed = pd.DataFrame({
        "opened_at": pd.to_datetime(texts, utc=True),
        "priority": ["P1", "P2", "P9"],
        "responded_at": pd.to_datetime(pd.Series(["2026-11-30T10:15:00Z", None, None]), utc=True),
    })  # fmt: skip
    arrow_backed = numpy_backed.astype({
        "opened_at": pd.ArrowDtype(pa.timestamp("us", tz="UTC")),
        "priority": pd.ArrowDtype(pa.string()),
        "responded_at": pd.ArrowDtype(pa.timestamp("ns", tz="Europe/Paris")),
    })  # fmt: skip
    naive_arrow = numpy_backed.assign(
        opened_at=numpy_backed["opened_at"].dt.tz_localize(None)
    ).astype({"opened_at": pd.ArrowDtype(pa.timestamp("us"))})
    expected_result = evaluate_frame(numpy_backed, now=NOW)
    pd.testing.assert_frame_equal(evaluate_frame(arrow_backed, now=NOW), expected_result)
    with pytest.raises(slacalc.InvalidTimestampError, match="assume_tz"):
        evaluate_frame(naive_arrow, now=NOW)
    pd.testing.assert_frame_equal(
        evaluate_frame(naive_arrow, now=NOW, assume_tz="UTC"), expected_result
    )


# ---- events tables ---------------------------------------------------------------------


def _tables(cases: list[TimelineCase]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cases as a ticket table and an events table, ids 0..n-1."""

    def instants(values: list[str | None]) -> pd.Series:
        return pd.to_datetime(pd.Series(values, dtype=object), utc=True, format="ISO8601")

    tickets = pd.DataFrame({
        "id": list(range(len(cases))),
        "opened_at": instants([case.opened_at for case in cases]),
        "priority": pd.Series([case.priority for case in cases], dtype=object),
        "responded_at": instants([case.responded_at for case in cases]),
        "resolved_at": instants([case.resolved_at for case in cases]),
    })  # fmt: skip
    events = pd.DataFrame(
        [
            {"id": number, "type": kind, "at": at, "to": to}
            for number, case in enumerate(cases)
            for kind, at, to in case.events
        ],
        columns=["id", "type", "at", "to"],
    )
    return tickets, events


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_tickets_with_events_equal_the_scalar_evaluate(data: st.DataObject) -> None:
    setup = data.draw(timeline_setups(), label="setup")
    cases = data.draw(
        st.lists(timeline_cases(st.just(setup), max_events=6), min_size=1, max_size=6),
        label="cases",
    )
    now = max(datetime.fromisoformat(case.now) for case in cases)
    tickets, events = _tables(cases)
    result = evaluate_frame(tickets, events=events, now=now, policy=setup.policy)
    for position, case in enumerate(cases):
        got = result.iloc[position]
        try:
            report = slacalc.evaluate(case.fields(), now=now, policy=setup.policy)
        except slacalc.SlacalcError:
            assert got["error"], case
            assert pd.isna(got["resolution_state"])
            continue
        assert pd.isna(got["error"]), (case, got["error"])
        for key, value in answers(report).items():
            assert same(got[key], value), (case, key, got[key], value)


def _pause_frame() -> tuple[pd.DataFrame, pd.DataFrame]:
    tickets = pd.DataFrame({
        "id": ["pause", "change", "plain"],
        "opened_at": pd.to_datetime(
            ["2026-11-26T10:00:00Z", "2026-11-30T09:00:00Z", "2026-11-30T09:00:00Z"], utc=True
        ),
        "priority": ["P3", "P3", "P3"],
    })  # fmt: skip
    events = pd.DataFrame({
        "id": ["pause", "pause", "change"],
        "type": ["paused", "resumed", "priority_changed"],
        "at": ["2026-11-27T10:00:00Z", "2026-11-30T10:00:00Z", "2026-11-30T12:00:00Z"],
        "to": [None, None, "P1"],
    })  # fmt: skip
    return tickets, events


def test_a_pause_and_a_priority_change_from_an_events_table() -> None:
    tickets, events = _pause_frame()
    result = evaluate_frame(tickets, events=events, now="2026-11-30T12:30:00Z").set_index("id")
    # "pause": P3 from Thu 26 Nov 10:00, seven business days = 63 business hours, due Mon
    # 7 Dec 10:00 without the pause; paused Fri 10:00 - Mon 10:00 stops the resolution
    # (the built-in policy pauses the resolution only) for Fri 10-18 and Mon 9-10 = 9 open
    # hours: Mon 7 Dec 10-18 (8) and Tue 8 Dec 9-10 (1), due Tue 8 Dec 10:00. The response
    # (2 business days = 18 h) is not paused: Thu 10-18,
    # Fri 9-18 and Mon 9-10 -> due Mon 30 Nov 10:00, breached at 12:30.
    assert result.loc["pause", "resolution_due"] == pd.Timestamp("2026-12-08T10:00:00Z")
    assert result.loc["pause", "response_due"] == pd.Timestamp("2026-11-30T10:00:00Z")
    assert result.loc["pause", "response_state"] == "breached"
    # Counted resolution time: Thu 10-18 (8) + Fri 9-10 (1) + Mon 10-12:30 (2.5) = 11.5 h.
    assert result.loc["pause", "resolution_elapsed"] == pd.Timedelta(hours=11.5)
    assert not result.loc["pause", "paused"]
    # "change": P3 -> P1 at 12:00 keeps the opening as origin: P1's response (2 h) was due
    # 11:00 (breached at once), its resolution (4 h) is due 13:00 and still pending.
    assert result.loc["change", "priority"] == "P1"
    assert result.loc["change", "response_due"] == pd.Timestamp("2026-11-30T11:00:00Z")
    assert result.loc["change", "response_state"] == "breached"
    assert result.loc["change", "resolution_due"] == pd.Timestamp("2026-11-30T13:00:00Z")
    assert result.loc["change", "resolution_state"] == "pending"
    # "plain" has no events: P3's response is due Wed 2 Dec 09:00 + 0 -> 18 h after Mon 09:00
    # = Mon 9-18 (9) + Tue 9-18 (9) -> Tue 1 Dec 18:00.
    assert result.loc["plain", "response_due"] == pd.Timestamp("2026-12-01T18:00:00Z")
    assert result.loc["plain", "priority"] == "P3"


def test_a_ticket_paused_at_now_is_paused_and_due_as_if_it_resumed_now() -> None:
    tickets, events = _pause_frame()
    result = evaluate_frame(tickets, events=events.iloc[:1], now="2026-11-28T12:00:00Z")
    # 9 h counted before the pause (Thu 10-18, Fri 9-10); the other 54 h from Mon 09:00:
    # five days of 9 h to Fri 4 Dec 18:00, then Mon 7 Dec 09:00-18:00.
    assert bool(result.loc[0, "paused"])
    assert result.loc[0, "resolution_due"] == pd.Timestamp("2026-12-07T18:00:00Z")
    assert result.loc[0, "resolution_state"] == "pending"


def test_the_same_events_on_polars_frames() -> None:
    pl = pytest.importorskip("polars")
    tickets, events = _pause_frame()
    expected_result = evaluate_frame(tickets, events=events, now="2026-11-30T12:30:00Z")
    result = evaluate_frame(
        pl.from_pandas(tickets), events=pl.from_pandas(events), now="2026-11-30T12:30:00Z"
    )
    assert isinstance(result, pl.DataFrame)
    assert result.columns == list(expected_result.columns)
    assert result["resolution_due"].to_list() == [
        moment.to_pydatetime() for moment in expected_result["resolution_due"]
    ]
    assert result["priority"].to_list() == ["P3", "P1", "P3"]
    assert result["response_state"].dtype == pl.Enum(["met", "breached", "pending", "no_target"])


def test_bad_events_make_their_ticket_a_bad_row() -> None:
    tickets, _ = _pause_frame()
    events = pd.DataFrame({
        "id": ["pause", "change", "plain"],
        "type": ["resumed", "exploded", "paused"],
        "at": ["2026-11-27T10:00:00Z", "2026-11-30T12:00:00Z", None],
        "to": [None, None, None],
    })  # fmt: skip
    result = evaluate_frame(tickets, events=events, now="2026-11-30T12:30:00Z")
    assert "not paused" in result["error"][0]
    assert "events row 1" in result["error"][1]
    assert "exploded" in result["error"][1]
    assert "events row 2" in result["error"][2]
    assert "missing" in result["error"][2]
    assert result["response_state"].isna().all()
    with pytest.raises(slacalc.SlacalcError, match="row 0"):
        evaluate_frame(tickets, events=events, now="2026-11-30T12:30:00Z", errors="raise")


def test_events_for_unknown_or_repeated_ids_are_refused() -> None:
    tickets, events = _pause_frame()
    orphans = events.assign(id=["pause", "pause", "nobody"])
    with pytest.raises(slacalc.InvalidTicketError, match="no row of the frame has") as raised:
        evaluate_frame(tickets, events=orphans, now="2026-11-30T12:30:00Z")
    assert [problem.path for problem in raised.value.problems] == ["events[2].id"]
    numbered = tickets.assign(id=[1, 2, 3])
    with pytest.raises(slacalc.InvalidTicketError, match="one type"):
        evaluate_frame(numbered, events=events.assign(id=["1", "1", "2"]), now=NOW)
    repeated = tickets.assign(id=["pause", "pause", "plain"])
    result = evaluate_frame(repeated, events=events.iloc[:2], now="2026-11-30T12:30:00Z")
    assert "several rows" in result["error"][0]
    assert "several rows" in result["error"][1]
    assert pd.isna(result["error"][2])


def test_an_events_table_needs_its_columns_and_the_tickets_an_id() -> None:
    tickets, events = _pause_frame()
    with pytest.raises(slacalc.InvalidTicketError, match="columns"):
        evaluate_frame(tickets, events=events.drop(columns="at"), now=NOW)
    with pytest.raises(slacalc.InvalidTicketError, match="id="):
        evaluate_frame(tickets.drop(columns="id"), events=events, now=NOW)
    renamed = tickets.rename(columns={"id": "ticket"})
    result = evaluate_frame(
        renamed, events=events.rename(columns={"id": "ticket"}), id="ticket", now=NOW
    )
    assert list(result["ticket"]) == ["pause", "change", "plain"]
    assert result["priority"].tolist() == ["P3", "P1", "P3"]


def test_float_columns_of_whole_numbers_are_tiers_and_fractions_are_refused() -> None:
    # pandas keeps numbers with gaps as floats: [1, None] is stored as [1.0, NaN].
    frame = pd.DataFrame({
        "opened_at": pd.to_datetime(["2026-11-30T09:00:00Z"] * 3, utc=True),
        "priority": [1, None, 2],
    })  # fmt: skip
    assert frame["priority"].dtype == float
    result = evaluate_frame(frame, now="2026-11-30T09:30:00Z")
    assert result["priority"].tolist()[::2] == ["P1", "P2"]
    assert result["error"][1] == "priority is missing"
    fractions = frame.assign(priority=[1.0, 1.5, 2.0])
    assert "1.5" in evaluate_frame(fractions, now="2026-11-30T09:30:00Z")["error"][1]


@settings(max_examples=30, deadline=None)
@given(tickets=st.lists(rows(), min_size=0, max_size=25), name=st.sampled_from(sorted(POLICIES)))
def test_a_polars_frame_answers_what_the_pandas_frame_answers(
    tickets: list[dict[str, Any]], name: str
) -> None:
    pl = pytest.importorskip("polars")
    frame = pd.DataFrame(tickets, columns=["opened_at", "priority", "responded_at", "resolved_at"])
    for column in ("opened_at", "responded_at", "resolved_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True).astype("datetime64[us, UTC]")
    frame["priority"] = frame["priority"].astype(str)  # one type per Polars column
    expected_result = evaluate_frame(frame, now=NOW, policy=POLICIES[name])
    result = evaluate_frame(pl.from_pandas(frame), now=NOW, policy=POLICIES[name])
    assert result.columns == list(expected_result.columns)
    for column in result.columns:
        got = result[column].to_list()
        want = [None if pd.isna(value) else value for value in expected_result[column]]
        assert len(got) == len(want)
        for left, right in zip(got, want, strict=True):
            if right is None:
                assert left is None, (column, left)
            elif isinstance(right, pd.Timestamp):
                assert pd.Timestamp(left) == right, column
            elif isinstance(right, pd.Timedelta):
                assert pd.Timedelta(left) == right, column
            else:
                assert left == right, (column, left, right)


def test_arguments_that_are_not_rows_are_refused_up_front() -> None:
    tickets, _ = _pause_frame()
    with pytest.raises(slacalc.PolicyTypeError, match="Policy"):
        evaluate_frame(tickets, now=NOW, policy="element_human.toml")  # type: ignore[arg-type]
    with pytest.raises(slacalc.InvalidTicketError, match="'coerce' or 'raise'"):
        evaluate_frame(tickets, now=NOW, errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(slacalc.InvalidTicketError, match="opened=") as raised:
        evaluate_frame(tickets.rename(columns={"opened_at": "created"}), now=NOW)
    assert "created" in str(raised.value)
    with pytest.raises(slacalc.InvalidTicketError, match="priority="):
        evaluate_frame(tickets.drop(columns="priority"), now=NOW)
    with pytest.raises(slacalc.TicketTypeError, match="DataFrame"):
        evaluate_frame([{"opened_at": "2026-11-30T09:00:00Z", "priority": 1}], now=NOW)


# ---- rows the scalar API refuses, inside an otherwise good frame -------------------------


def _scalar_error(row: dict[str, Any], now: str, policy: slacalc.Policy | None = None) -> str:
    with pytest.raises(slacalc.SlacalcError) as raised:
        slacalc.evaluate(row, now=now, policy=policy)
    return str(raised.value)


def test_a_row_whose_due_time_the_scalar_api_refuses_is_a_bad_row_not_a_failed_call() -> None:
    # England's holiday data ends in 2100: the ticket of 20 December 2100 is due in 2101.
    rows: list[dict[str, str | None]] = [
        {"opened_at": "2100-12-01T10:00:00Z", "priority": "P2"},
        {"opened_at": "2100-12-20T10:00:00Z", "priority": "P2"},
    ]
    now = "2100-12-21T00:00:00Z"
    result = evaluate_frame(pd.DataFrame(rows), now=now)
    report = slacalc.evaluate(rows[0], now=now)
    assert pd.isna(result["error"][0])
    assert report.resolution.due is not None
    assert result["resolution_due"][0] == pd.Timestamp(report.resolution.due)
    assert result["error"][1] == _scalar_error(rows[1], now)
    assert pd.isna(result["resolution_state"][1])
    with pytest.raises(slacalc.OutOfRangeError):
        evaluate_frame(pd.DataFrame(rows), now=now, errors="raise")


def test_many_good_rows_keep_the_array_path_around_one_refused_row() -> None:
    opened = ["2100-11-01T10:00:00Z"] * 500 + ["2100-12-20T10:00:00Z"] + ["2100-11-02T10:00:00Z"]
    frame = pd.DataFrame({"opened_at": opened, "priority": ["P2"] * len(opened)})
    result = evaluate_frame(frame, now="2100-12-21T00:00:00Z")
    assert result["error"].notna().tolist() == [False] * 500 + [True, False]
    due = slacalc.resolution_due("2100-11-01T10:00:00Z", "P2")
    assert due is not None
    assert result["resolution_due"][0] == pd.Timestamp(due)


def test_instants_outside_1900_to_2200_are_bad_rows_whatever_the_column_type() -> None:
    # 1899-12-30 is the spreadsheet epoch that placeholder values carry.
    frame = pd.DataFrame({
        "opened_at": pd.to_datetime(["2026-11-27T17:00:00Z", "1899-12-30T00:00:00Z"] * 2),
        "priority": ["P1", "P2", "P1", "P1"],
        "responded_at": pd.to_datetime(
            pd.Series([None, None, "2250-01-01T00:00:00Z", None]), utc=True
        ),
    })  # fmt: skip
    result = evaluate_frame(frame, now="2026-12-03T12:00:00Z")
    assert result["error"].notna().tolist() == [False, True, True, True]
    assert "outside the supported years 1900-2200" in result["error"][1]
    assert result["error"][2].startswith("responded_at 2250-01-01 00:00:00+00:00 is outside")
    texts = frame.assign(opened_at=["2026-11-27T17:00:00Z", "1899-12-30T00:00:00Z"] * 2)
    assert evaluate_frame(texts, now="2026-12-03T12:00:00Z")["error"].notna().tolist() == [
        False, True, True, True,
    ]  # fmt: skip


def test_a_real_time_due_past_2200_is_refused_as_the_scalar_api_refuses_it() -> None:
    data = slacalc.default_policy().to_dict()
    data["calendar"]["holidays"] = []
    data["tiers"][0]["response"] = "24 hours"
    policy = slacalc.load_policy(data)
    row = {"opened_at": "2200-12-31T12:00:00Z", "priority": "P1"}
    result = evaluate_frame(pd.DataFrame([row]), now="2200-12-31T13:00:00Z", policy=policy)
    # Scalar and frame refuse it with the same error class; the frame's message counts the
    # 24 hours from the opening.
    _scalar_error(row, "2200-12-31T13:00:00Z", policy)
    assert "falls after the supported years 1900-2200" in result["error"][0]
    with pytest.raises(slacalc.OutOfRangeError):
        evaluate_frame(
            pd.DataFrame([row]), now="2200-12-31T13:00:00Z", policy=policy, errors="raise"
        )


def test_each_float_priority_is_read_on_its_own() -> None:
    frame = pd.DataFrame({
        "opened_at": ["2026-11-30T09:00:00Z"] * 5,
        "priority": [1.0, 1.5, float("inf"), 1e300, 3.0],
    })  # fmt: skip
    result = evaluate_frame(frame, now="2026-11-30T10:00:00Z")
    assert result["priority"].tolist()[::4] == ["P1", "P3"]
    assert result["error"].notna().tolist() == [False, True, True, True, False]
    pl = pytest.importorskip("polars")
    polars_result = evaluate_frame(pl.from_pandas(frame), now="2026-11-30T10:00:00Z")
    assert polars_result["error"].is_not_null().to_list() == [False, True, True, True, False]


def test_assume_tz_must_name_a_zone() -> None:
    frame = pd.DataFrame({"opened_at": pd.to_datetime(["2026-11-27 17:00"]), "priority": [1]})
    with pytest.raises(slacalc.CalendarError, match="Mars/Base"):
        evaluate_frame(frame, now=NOW, assume_tz="Mars/Base")
    for zone in ("", 5):
        with pytest.raises(slacalc.SlacalcError):
            evaluate_frame(frame, now=NOW, assume_tz=zone)  # type: ignore[arg-type]


def test_date_columns_are_refused_for_lack_of_a_time_of_day() -> None:
    pa = pytest.importorskip("pyarrow")
    dates = pd.DataFrame({"opened_at": ["2026-11-27"], "priority": [1]}).astype(
        {"opened_at": pd.ArrowDtype(pa.date32())}
    )
    with pytest.raises(slacalc.InvalidTimestampError, match="dates without a time of day"):
        evaluate_frame(dates, now=NOW, assume_tz="UTC")
    pl = pytest.importorskip("polars")
    polars_dates = pl.DataFrame({"opened_at": [date(2026, 11, 27)], "priority": [1]})
    with pytest.raises(slacalc.InvalidTimestampError, match="dates without a time of day"):
        evaluate_frame(polars_dates, now=NOW)


def test_events_must_be_a_frame_and_ids_of_other_types_never_join() -> None:
    tickets, events = _pause_frame()
    with pytest.raises(slacalc.TicketTypeError, match="events must be"):
        evaluate_frame(tickets, events=events.to_dict("records"), now=NOW)
    numbered = tickets.assign(id=[1, 2, 3])
    flagged = events.iloc[:1].assign(id=[True])  # True == 1 in Python, but not an id 1
    with pytest.raises(slacalc.InvalidTicketError, match="no row of the frame has"):
        evaluate_frame(numbered, events=flagged, now=NOW)


def test_repeated_column_names_are_refused() -> None:
    frame = pd.DataFrame(
        [["2026-11-30T09:00:00Z", 1, 2]], columns=["opened_at", "priority", "priority"]
    )
    with pytest.raises(slacalc.InvalidTicketError, match="several columns named priority"):
        evaluate_frame(frame, now=NOW)


def test_raise_names_a_multi_index_row_in_plain_values() -> None:
    index = pd.MultiIndex.from_tuples([(1, "a"), (2, "b")])
    frame = pd.DataFrame(
        {"opened_at": ["2026-11-30T09:00:00Z"] * 2, "priority": [1, 9]}, index=index
    )
    with pytest.raises(slacalc.UnknownPriorityError, match=r"^row \(2, 'b'\): ") as raised:
        evaluate_frame(frame, now=NOW, errors="raise")
    assert "np." not in str(raised.value)


def test_a_row_with_several_problems_reports_the_one_evaluate_raises() -> None:
    rows: list[dict[str, str | None]] = [
        # an unreadable resolution beats an answer before the opening
        {"opened_at": "2026-11-30T10:00:00Z", "priority": "P1",
         "responded_at": "2026-11-30T09:00:00Z", "resolved_at": "garbage"},
        # an unknown priority beats an answer before the opening
        {"opened_at": "2026-11-30T10:00:00Z", "priority": "P9",
         "responded_at": "2026-11-30T09:00:00Z", "resolved_at": None},
        # now before the opening beats an answer before the opening
        {"opened_at": "2026-12-30T10:00:00Z", "priority": "P1",
         "responded_at": "2026-12-30T09:00:00Z", "resolved_at": None},
    ]  # fmt: skip
    now = "2026-12-01T00:00:00Z"
    for position, row in enumerate(rows):
        with pytest.raises(slacalc.SlacalcError) as scalar:
            slacalc.evaluate({k: v for k, v in row.items() if v is not None}, now=now)
        frame = pd.DataFrame([row]).astype({"resolved_at": object})
        with pytest.raises(slacalc.SlacalcError) as framed:
            evaluate_frame(frame, now=now, errors="raise")
        assert type(framed.value) is type(scalar.value), position
