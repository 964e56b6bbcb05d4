"""evaluate_frame answers what the scalar evaluate answers, row by row, for pandas and Polars."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slacalc
from slacalc.frame import evaluate_frame

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

POLICIES = {"default": slacalc.default_policy(), "mixed": MIXED}
MINUTE = timedelta(minutes=1)


@st.composite
def rows(draw: st.DrawFn) -> dict[str, Any]:
    opened = START + draw(st.integers(0, 20 * 24 * 60)) * MINUTE
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
    found: dict[str, Any] = {}
    for target in ("response", "resolution"):
        status = getattr(report, target)
        found[f"{target}_state"] = status.state.value
        found[f"{target}_due"] = status.due
        found[f"{target}_elapsed"] = status.elapsed
        found[f"{target}_remaining"] = status.remaining
        found[f"{target}_fraction_used"] = status.fraction_used
        found[f"{target}_overdue_by"] = status.overdue_by
        found[f"{target}_breached"] = status.breached
    return found


def same(left: Any, right: Any) -> bool:
    if right is None:
        return left is None or left is pd.NaT or (isinstance(left, float) and math.isnan(left))
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
