"""slacalc.report: compliance tables counted by hand, compare under two policies, and a property.

Every expected number is worked out from the definitions (docs/sla.md) on
the built-in policy: Mon-Fri 09:00-18:00 GMT; response targets P1 and P2
2 business hours, P3 2 business days (18 h), P4 4 business days (36 h);
resolution P1 4 business hours, P2 12 business days (108 h), P3 7 (63 h),
P4 none. 27 Nov 2026 is a Friday.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap
from collections import Counter
from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import slacalc
from slacalc.errors import ReportError, ReportTypeError, UnknownGroupKeyError
from slacalc.frame import evaluate_frame
from slacalc.report import PERIODS, Comparison, Compliance, compare, compliance

H = timedelta(hours=1)
M = timedelta(minutes=1)
NOW = "2026-12-03T12:00:00Z"  # Thursday noon
# id, opened_at, priority, responded_at, resolved_at; the states at NOW are worked below.
TICKETS = pd.DataFrame(
    [
        # P1 Fri 17:00: responded Mon 09:30 = 1 h Fri + 0:30 Mon = 1:30 (due Mon 10:00, met);
        # resolved Mon 12:00 = 1 h + 3 h = 4 h, exactly the target (due Mon 12:00, met).
        ("T1", "2026-11-27T17:00:00Z", "P1", "2026-11-30T09:30:00Z", "2026-11-30T12:00:00Z"),
        # P1 Mon 09:00: responded 11:30 = 2:30 (due 11:00, breached);
        # resolved 16:00 = 7 h (due 13:00, breached).
        ("T2", "2026-11-30T09:00:00Z", "P1", "2026-11-30T11:30:00Z", "2026-11-30T16:00:00Z"),
        # P1 Tue 10:00: responded 10:45 = 0:45 (met); not resolved, due Tue 14:00: breached.
        ("T3", "2026-12-01T10:00:00Z", "P1", "2026-12-01T10:45:00Z", None),
        # P2 Mon 17:00: responded Tue 09:30 = 1 h + 0:30 = 1:30 (due Tue 10:00, met);
        # resolution: 1 + 9 + 9 + 3 = 22 h of 108 by Thu noon: pending.
        ("T4", "2026-11-30T17:00:00Z", "P2", "2026-12-01T09:30:00Z", None),
        # P2 Wed 09:00: no response, due Wed 11:00: breached; resolution pending.
        ("T5", "2026-12-02T09:00:00Z", "P2", None, None),
        # P3 Fri 09:00: responded Mon 18:00 = 9 h + 9 h = 18 h, due at that close: met;
        # resolved Wed 15:00 = 9 + 9 + 9 + 6 = 33 h of 63: met.
        ("T6", "2026-11-27T09:00:00Z", "P3", "2026-11-30T18:00:00Z", "2026-12-02T15:00:00Z"),
        # P3 Thu 09:00: 3 h of 18 by noon: pending; resolution pending.
        ("T7", "2026-12-03T09:00:00Z", "P3", None, None),
        # P4 Mon 09:00: responded Thu 10:00 = 9 + 9 + 9 + 1 = 28 h of 36: met;
        # resolved Thu 11:00: no target, 29 h of business time counted.
        ("T8", "2026-11-30T09:00:00Z", "P4", "2026-12-03T10:00:00Z", "2026-12-03T11:00:00Z"),
        # P4 Tue 12:00: 6 + 9 + 3 = 18 h of 36: pending; no resolution target.
        ("T9", "2026-12-01T12:00:00Z", "P4", None, None),
        # Bad rows: an unknown priority, an unreadable opening.
        ("T10", "2026-12-01T09:00:00Z", "P9", None, None),
        ("T11", "not a time", "P1", None, None),
    ],
    columns=["id", "opened_at", "priority", "responded_at", "resolved_at"],
)


@pytest.fixture(scope="module")
def result() -> pd.DataFrame:
    evaluated: pd.DataFrame = evaluate_frame(TICKETS, now=NOW)
    return evaluated


def _row(table: pd.DataFrame, **keys: Any) -> pd.Series:
    mask = pd.Series(True, index=table.index)
    for key, value in keys.items():
        mask &= table[key].isna() if value is None else table[key] == value
    assert mask.sum() == 1, keys
    return table[mask].iloc[0]


def _run(script: str) -> str:
    completed = subprocess.run(  # noqa: S603 - a fixed script in this interpreter
        [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, check=True
    )
    return completed.stdout.strip()


def _counts(row: pd.Series, target: str) -> list[int]:
    """met, breached, pending and no target, in that order."""
    return [int(row[f"{target}_{state}"]) for state in ("met", "breached", "pending", "no_target")]


# Counts and shares


def test_overall_counts_every_state_and_the_bad_rows(result: pd.DataFrame) -> None:
    row = compliance(result, by=None).frame.iloc[0]
    assert (row["rows"], row["errors"]) == (11, 2)
    # Response: met T1 T3 T4 T6 T8, breached T2 T5, pending T7 T9.
    assert _counts(row, "response") == [5, 2, 2, 0]
    # Resolution: met T1 T6, breached T2 T3, pending T4 T5 T7, no target T8 T9.
    assert _counts(row, "resolution") == [2, 2, 3, 2]


def test_shares_are_of_the_targets_with_a_time_target(result: pd.DataFrame) -> None:
    row = compliance(result, by=[]).frame.iloc[0]
    assert row["resolution_with_target"] == 7  # 2 met + 2 breached + 3 pending
    assert row["resolution_met_share"] == pytest.approx(2 / 7)
    assert row["resolution_breached_share"] == pytest.approx(2 / 7)
    assert row["resolution_pending_share"] == pytest.approx(3 / 7)
    # no target is a share of the 9 evaluated rows, not of the targets with one
    assert row["resolution_no_target_share"] == pytest.approx(2 / 9)
    assert row["response_met_share"] == pytest.approx(5 / 9)


def test_counts_per_priority(result: pd.DataFrame) -> None:
    table = compliance(result, by="priority").frame
    assert table["priority"].tolist()[:4] == ["P1", "P2", "P3", "P4"]
    assert pd.isna(table["priority"].iloc[4])  # the bad rows' group comes last
    assert _counts(table.iloc[0], "response") == [2, 1, 0, 0]  # T1 T3 met, T2 breached
    assert _counts(table.iloc[0], "resolution") == [1, 2, 0, 0]  # T1 met, T2 T3 breached
    assert _counts(table.iloc[1], "resolution") == [0, 0, 2, 0]  # T4 T5 pending
    assert table.loc[1, "resolution_pending_share"] == 1.0
    assert _counts(table.iloc[3], "resolution") == [0, 0, 0, 2]  # P4: no target
    assert table.iloc[4][["rows", "errors"]].tolist() == [2, 2]  # T10 and T11


def test_a_share_with_nothing_to_count_is_nan_not_an_error(result: pd.DataFrame) -> None:
    table = compliance(result, by="priority").frame
    p4 = table.iloc[3]
    assert p4["resolution_with_target"] == 0
    assert pd.isna(p4["resolution_met_share"])
    assert p4["resolution_no_target_share"] == 1.0  # 2 of its 2 evaluated rows
    bad = table.iloc[4]  # only bad rows: nothing evaluated at all
    assert pd.isna(bad["response_met_share"])
    assert pd.isna(bad["response_no_target_share"])


def test_bad_rows_count_in_errors_only(result: pd.DataFrame) -> None:
    table = compliance(result, by=["priority"]).frame
    for target in ("response", "resolution"):
        states = sum(
            table[f"{target}_{state}"] for state in ("met", "breached", "pending", "no_target")
        )
        assert (states + table["errors"] == table["rows"]).all()


# Times to completion


def test_median_and_p90_interpolate_linearly_between_ranks(result: pd.DataFrame) -> None:
    p1 = compliance(result, by="priority").frame.iloc[0]
    # P1 responses: 0:45 (T3), 1:30 (T1), 2:30 (T2). Median: the middle one.
    assert p1["response_median"] == 1 * H + 30 * M
    # p90 at rank (3 - 1) x 0.9 = 1.8: 1:30 + 0.8 x (2:30 - 1:30) = 1:30 + 0:48 = 2:18.
    assert p1["response_p90"] == 2 * H + 18 * M
    # Resolutions completed: 4 h (T1), 7 h (T2); T3 is still open and not counted.
    assert p1["resolution_completed"] == 2
    assert p1["resolution_median"] == 5 * H + 30 * M  # (4 + 7) / 2
    assert p1["resolution_p90"] == 6 * H + 42 * M  # 4 h + 0.9 x 3 h


def test_overall_times_include_completed_targets_without_a_time_target(
    result: pd.DataFrame,
) -> None:
    row = compliance(result, by=[]).frame.iloc[0]
    # Responses: 0:45, 1:30, 1:30, 2:30, 18:00, 28:00; median at rank 2.5 = (1:30 + 2:30) / 2.
    assert row["response_completed"] == 6
    assert row["response_median"] == 2 * H
    # p90 at rank 5 x 0.9 = 4.5: 18 h + 0.5 x 10 h = 23 h.
    assert row["response_p90"] == 23 * H
    # Resolutions: 4 h, 7 h, 29 h (T8, no target), 33 h. Median (7 + 29) / 2 = 18 h;
    # p90 at rank 2.7: 29 h + 0.7 x 4 h = 31:48.
    assert row["resolution_median"] == 18 * H
    assert row["resolution_p90"] == 31 * H + 48 * M


def test_no_completed_target_gives_nat(result: pd.DataFrame) -> None:
    p2 = compliance(result, by="priority").frame.iloc[1]
    assert p2["resolution_completed"] == 0
    assert pd.isna(p2["resolution_median"])
    assert pd.isna(p2["resolution_p90"])


def test_quantiles_round_half_to_even_at_the_microsecond() -> None:
    tickets = pd.DataFrame({
        "opened_at": ["2026-12-01T09:00:00Z"] * 2,
        "priority": ["P1", "P1"],
        "responded_at": ["2026-12-01T09:00:00.000001Z", "2026-12-01T09:00:00.000002Z"],
    })  # fmt: skip
    row = compliance(evaluate_frame(tickets, now=NOW), by=[]).frame.iloc[0]
    # median (1 + 2) / 2 = 1.5 µs, to even: 2 µs; p90 1 + 0.9 = 1.9 µs: 2 µs.
    assert row["response_median"] == timedelta(microseconds=2)
    assert row["response_p90"] == timedelta(microseconds=2)


# Periods


def test_periods_split_at_the_month_boundary(result: pd.DataFrame) -> None:
    table = compliance(result, by=["priority", "month"]).frame
    keys = [
        (None if pd.isna(p) else p, None if pd.isna(m) else m)
        for p, m in zip(table["priority"], table["month"], strict=True)
    ]
    assert keys == [
        ("P1", "2026-11"), ("P1", "2026-12"), ("P2", "2026-11"), ("P2", "2026-12"),
        ("P3", "2026-11"), ("P3", "2026-12"), ("P4", "2026-11"), ("P4", "2026-12"),
        (None, "2026-12"),  # T10: a bad priority, a good opening
        (None, None),  # T11: nothing readable
    ]  # fmt: skip
    november = _row(table, priority="P1", month="2026-11")  # T1 and T2
    assert _counts(november, "response") == [1, 1, 0, 0]
    assert november["response_median"] == 2 * H  # (1:30 + 2:30) / 2


@pytest.mark.parametrize(
    ("period", "labels"),
    [
        ("day", ["2026-12-31", "2027-01-01", "2027-01-04"]),
        ("week", ["2026-W53", "2027-W01"]),  # ISO weeks: Thu 31 Dec and Fri 1 Jan in week 53
        ("month", ["2026-12", "2027-01"]),
        ("quarter", ["2026-Q4", "2027-Q1"]),
        ("year", ["2026", "2027"]),
    ],
)
def test_period_labels(period: str, labels: list[str]) -> None:
    tickets = pd.DataFrame({
        "opened_at": ["2026-12-31T10:00:00Z", "2027-01-01T10:00:00Z", "2027-01-04T10:00:00Z"],
        "priority": ["P1"] * 3,
    })  # fmt: skip
    table = compliance(evaluate_frame(tickets, now="2027-01-05T00:00:00Z"), by=period).frame
    assert table[period].tolist() == labels
    assert table["rows"].sum() == 3


def test_periods_are_read_in_the_policy_zone() -> None:
    # 23:30Z on 30 June is 00:30 on 1 July in London (BST), still June on GMT.
    tickets = pd.DataFrame({"opened_at": ["2026-06-30T23:30:00Z"], "priority": ["P1"]})
    gmt = compliance(evaluate_frame(tickets, now="2026-07-02T00:00:00Z"), by="month")
    london = compliance(
        evaluate_frame(tickets, now="2026-07-02T00:00:00Z", policy=_london()), by="month"
    )
    assert gmt.frame["month"].tolist() == ["2026-06"]
    assert london.frame["month"].tolist() == ["2026-07"]
    assert (gmt.zone, london.zone) == ("GMT", "Europe/London")


def test_a_column_wins_over_a_period_of_the_same_name(result: pd.DataFrame) -> None:
    labelled = result.assign(month="all")
    assert compliance(labelled, by="month").frame["month"].tolist() == ["all"]


def test_any_column_of_the_result_is_a_key(result: pd.DataFrame) -> None:
    teams = result.assign(team=["b", "a"] * 5 + ["b"])
    table = compliance(teams, by=["team"]).frame
    assert table["team"].tolist() == ["a", "b"]
    assert table["rows"].tolist() == [5, 6]


def test_texts_with_numbers_sort_by_the_numbers(result: pd.DataFrame) -> None:
    queues = result.assign(queue=["Q10", "Q2", "Q1"] * 3 + ["Q2", "Q2"])
    assert compliance(queues, by="queue").frame["queue"].tolist() == ["Q1", "Q2", "Q10"]


def test_states_as_keys_keep_their_category_order(result: pd.DataFrame) -> None:
    table = compliance(result, by="resolution_state").frame
    assert table["resolution_state"].tolist()[:4] == ["met", "breached", "pending", "no_target"]


def test_periods_are_published() -> None:
    assert PERIODS == ("day", "week", "month", "quarter", "year")


# Edges


def test_an_empty_result_gives_no_groups_but_one_overall_row(result: pd.DataFrame) -> None:
    empty = result.iloc[:0]
    grouped = compliance(empty, by=["priority", "month"])
    assert len(grouped.frame) == 0
    assert (
        grouped.frame.columns.tolist()
        == compliance(result, by=["priority", "month"]).frame.columns.tolist()
    )
    overall = compliance(empty, by=[]).frame
    assert overall[["rows", "errors", "response_met"]].iloc[0].tolist() == [0, 0, 0]
    assert pd.isna(overall.iloc[0]["response_met_share"])
    assert pd.isna(overall.iloc[0]["response_median"])


def test_one_row(result: pd.DataFrame) -> None:
    row = compliance(result.iloc[[1]], by="priority").frame  # T2 alone
    assert row["priority"].tolist() == ["P1"]
    assert _counts(row.iloc[0], "response") == [0, 1, 0, 0]
    assert row.iloc[0]["response_median"] == row.iloc[0]["response_p90"] == 2 * H + 30 * M


def test_an_unknown_key_names_the_columns_and_periods(result: pd.DataFrame) -> None:
    with pytest.raises(UnknownGroupKeyError) as caught:
        compliance(result, by=["priority", "fortnight"])
    message = str(caught.value)
    assert "'fortnight'" in message
    assert "priority" in message
    assert "day, week, month, quarter, year" in message
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, slacalc.SlacalcError)


def test_a_key_named_twice_is_refused(result: pd.DataFrame) -> None:
    with pytest.raises(ReportError, match="more than once"):
        compliance(result, by=["priority", "priority"])


def test_a_key_named_like_a_table_column_is_refused(result: pd.DataFrame) -> None:
    with pytest.raises(ReportError, match="cannot group by 'rows'"):
        compliance(result.assign(rows=1), by="rows")


def test_a_frame_without_the_result_columns_is_refused() -> None:
    with pytest.raises(ReportError, match=r"lacks the columns .*response_completed_at"):
        compliance(TICKETS)


def test_something_other_than_a_frame_is_refused() -> None:
    with pytest.raises(ReportTypeError, match="pandas or Polars DataFrame"):
        compliance({"priority": ["P1"]})
    assert issubclass(ReportTypeError, TypeError)


# Polars


def test_a_polars_result_gives_the_same_table(result: pd.DataFrame) -> None:
    polars_result = evaluate_frame(pl.from_pandas(TICKETS), now=NOW)
    assert isinstance(polars_result, pl.DataFrame)
    from_polars = compliance(polars_result, by=["priority", "month"]).frame
    from_pandas = compliance(result, by=["priority", "month"]).frame
    pd.testing.assert_frame_equal(from_polars, from_pandas, check_dtype=False)


def test_a_polars_result_needs_no_pyarrow() -> None:
    script = """
        import sys
        sys.modules["pyarrow"] = None  # as if it were not installed
        import polars as pl
        from slacalc.frame import evaluate_frame
        from slacalc.report import compliance
        tickets = pl.DataFrame({"opened_at": ["2026-06-30T23:30:00Z", "2026-07-01T09:00:00Z"],
                                "priority": ["P1", "P2"],
                                "responded_at": ["2026-07-01T09:30:00Z", None]})
        table = compliance(evaluate_frame(tickets, now="2026-07-01T12:00:00Z"),
                           by=["priority", "month"]).frame
        print(table[["priority", "month", "response_met", "response_breached"]].values.tolist())
    """
    # P1 opened 23:30 on 30 June (GMT: June), answered 09:30 = 0:30 business time: met;
    # P2 opened 09:00 on 1 July, due 11:00, unanswered at noon: breached.
    assert _run(script) == "[['P1', '2026-06', 1, 0], ['P2', '2026-07', 0, 1]]"


# Optional dependencies


def test_importing_slacalc_report_imports_no_frame_library() -> None:
    script = """
        import sys
        import slacalc
        before = "slacalc.report" in sys.modules
        import slacalc.report
        loaded = [name for name in ("numpy", "pandas", "polars", "pyarrow") if name in sys.modules]
        print(before, loaded)
    """
    assert _run(script) == "False []"


def test_without_pandas_compliance_raises_missing_dependency_error() -> None:
    script = """
        import sys
        sys.modules["pandas"] = None  # as if it were not installed
        import slacalc
        from slacalc.report import compliance
        try:
            compliance(object())
        except slacalc.MissingDependencyError as error:
            print(error)
    """
    assert _run(script) == (
        "this needs the optional package 'pandas'; install it with pip install 'slacalc[pandas]'"
    )


# The value


def test_compliance_is_immutable_and_hands_out_copies(result: pd.DataFrame) -> None:
    report = compliance(result, by="priority")
    with pytest.raises(FrozenInstanceError):
        report.by = ()  # type: ignore[misc]
    table = report.frame
    table.loc[0, "rows"] = 99
    assert report.frame.loc[0, "rows"] == 3
    assert report.to_pandas().equals(report.frame)


def test_compliance_pickles_under_its_public_name(result: pd.DataFrame) -> None:
    report = compliance(result, by=["priority", "month"])
    data = pickle.dumps(report)
    assert b"slacalc.report" in data
    assert b"slacalc.report._" not in data
    assert pickle.loads(data) == report  # noqa: S301 - our own pickle
    assert hash(pickle.loads(data)) == hash(report)  # noqa: S301


def test_compliance_repr(result: pd.DataFrame) -> None:
    assert repr(compliance(result, by=["priority"])) == (
        "Compliance(by=('priority',), groups=5, rows=11, errors=2)"
    )
    assert Compliance.__module__ == "slacalc.report"


def test_compliance_html_formats_shares_and_durations(result: pd.DataFrame) -> None:
    html = compliance(result, by=["priority", "month"])._repr_html_()
    assert html.startswith(
        '<table class="slacalc-compliance"><caption>SLA compliance of 11 tickets'
    )
    assert "(2 could not be evaluated)" in html
    assert "by priority and month of opening (GMT)" in html
    # P1, November: T1 met, T2 breached; median (1:30 + 2:30) / 2 = 2:00,
    # p90 1:30 + 0.9 x 1:00 = 2:24.
    assert (
        "<tr><td>P1</td><td>2026-11</td><td>2</td><td>0</td>"
        "<td>1 (50.0%)</td><td>1 (50.0%)</td><td>0 (0.0%)</td><td>0 (0.0%)</td>"
        "<td>2:00</td><td>2:24</td>"
    ) in html
    assert "<td>(missing)</td><td>(missing)</td><td>1</td><td>1</td>" in html  # T11
    assert '<th colspan="6">Response</th>' in html


def test_html_escapes_keys(result: pd.DataFrame) -> None:
    html = compliance(result.assign(team="<b>&"), by="team")._repr_html_()
    assert "<td>&lt;b&gt;&amp;</td>" in html


# compare


def _london() -> slacalc.Policy:
    data = slacalc.default_policy().to_dict()
    data["calendar"]["timezone"] = (
        "Europe/London"  # 09:00-18:00 London time: 08:00-17:00Z in summer
    )
    return slacalc.load_policy(data)


# Summer tickets: on GMT the desk is open 09:00-18:00Z, in London 08:00-17:00Z.
SUMMER = pd.DataFrame(
    [
        # P1 08:30Z: GMT due 11:00Z (clock starts 09:00); London due 10:30Z.
        # Responded 10:45Z: met on GMT, breached in London.
        ("S1", "2026-07-03T08:30:00Z", "P1", "2026-07-03T10:45:00Z"),
        # P1 09:00Z: due 11:00Z on both (open on both from 09:00Z). Responded 10:00Z: met.
        ("S2", "2026-07-03T09:00:00Z", "P1", "2026-07-03T10:00:00Z"),
        # P2 Fri 15:30Z: GMT 2 h to 17:30Z Fri; London 1:30 Fri (to 17:00Z), then 0:30 Mon
        # from 08:00Z: due Mon 08:30Z. Responded Mon 08:15Z: breached on GMT, met in London.
        ("S3", "2026-07-03T15:30:00Z", "P2", "2026-07-06T08:15:00Z"),
        # P3 Mon 08:00Z: GMT 18 h from 09:00Z is Tue 18:00Z; London from 08:00Z, Tue 17:00Z.
        # Unanswered at NOW Tue 17:30Z: pending on GMT, breached in London.
        ("S4", "2026-07-06T08:00:00Z", "P3", None),
    ],
    columns=["id", "opened_at", "priority", "responded_at"],
)
SUMMER_NOW = "2026-07-07T17:30:00Z"


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return compare(
        SUMMER, slacalc.default_policy(), _london(), now=SUMMER_NOW, names=("gmt", "london")
    )


def test_compare_lists_the_rows_whose_state_changes(comparison: Comparison) -> None:
    changed = comparison.changed
    assert changed.index.tolist() == [0, 2, 3]  # S1, S3, S4, under the input's index
    assert changed["id"].tolist() == ["S1", "S3", "S4"]
    assert changed["response_state_gmt"].tolist() == ["met", "breached", "pending"]
    assert changed["response_state_london"].tolist() == ["breached", "met", "breached"]
    assert changed["response_due_gmt"].tolist() == [
        pd.Timestamp("2026-07-03T11:00:00Z"),
        pd.Timestamp("2026-07-03T17:30:00Z"),
        pd.Timestamp("2026-07-07T18:00:00Z"),
    ]
    assert changed["response_due_london"].tolist() == [
        pd.Timestamp("2026-07-03T10:30:00Z"),
        pd.Timestamp("2026-07-06T08:30:00Z"),
        pd.Timestamp("2026-07-07T17:00:00Z"),
    ]
    # The resolutions agree: P1's 4 hours run out on both by Tuesday, P2 and P3 are pending.
    assert (changed["resolution_state_gmt"] == changed["resolution_state_london"]).all()
    assert str(changed["response_due_london"].dt.tz) == "Europe/London"


def test_compare_puts_both_tables_side_by_side(comparison: Comparison) -> None:
    side = comparison.frame
    assert side["priority"].tolist() == ["P1", "P2", "P3"]
    # P1: S1 and S2 met on GMT; in London S1 breached. P2: S3 met in London only.
    assert side["response_met_gmt"].tolist() == [2, 0, 0]
    assert side["response_met_london"].tolist() == [1, 1, 0]
    assert side["response_met_share_london"].tolist()[:2] == [0.5, 1.0]
    # By default, per priority and month of opening (all of them July 2026).
    assert side["month"].tolist() == ["2026-07"] * 3
    assert side.columns[:6].tolist() == [
        "priority", "month", "rows_gmt", "rows_london", "errors_gmt", "errors_london"
    ]  # fmt: skip
    assert comparison.a.frame["response_met"].tolist() == [2, 0, 0]
    assert comparison.names == ("gmt", "london")


def test_compare_fills_a_group_missing_under_one_policy_with_zero_counts() -> None:
    # 23:30Z on 30 June: June on GMT, July in London; by month the groups differ.
    tickets = pd.DataFrame({"opened_at": ["2026-06-30T23:30:00Z"], "priority": ["P1"]})
    side = compare(
        tickets, slacalc.default_policy(), _london(), by="month", now="2026-07-02T00:00:00Z"
    ).frame
    assert side["month"].tolist() == ["2026-06", "2026-07"]
    assert side["rows_a"].tolist() == [1, 0]
    assert side["rows_b"].tolist() == [0, 1]
    assert pd.isna(side.iloc[1]["response_met_share_a"])
    assert pd.isna(side.iloc[0]["response_median_b"])


def test_compare_passes_options_to_evaluate_frame() -> None:
    renamed = SUMMER.rename(columns={"opened_at": "created", "responded_at": "answered"})
    result = compare(
        renamed, slacalc.default_policy(), _london(), now=SUMMER_NOW,
        opened="created", responded="answered",
    )  # fmt: skip
    assert result.changed["id"].tolist() == ["S1", "S3", "S4"]


def test_compare_evaluates_both_at_one_now() -> None:
    # Without now, both policies must see the same instant: every state agrees.
    same = compare(SUMMER, slacalc.default_policy(), slacalc.default_policy())
    assert same.changed.empty


def test_compare_refuses_bad_names_and_a_policy_option() -> None:
    policy = slacalc.default_policy()
    with pytest.raises(ReportError, match="must differ"):
        compare(SUMMER, policy, policy, now=SUMMER_NOW, names=("x", "x"))
    with pytest.raises(ReportError, match="two non-empty texts"):
        compare(SUMMER, policy, policy, now=SUMMER_NOW, names=("x",))  # type: ignore[arg-type]
    with pytest.raises(ReportTypeError, match="policy_a and policy_b"):
        compare(SUMMER, policy, policy, now=SUMMER_NOW, policy=policy)


def test_comparison_html_shows_changes_as_arrows(comparison: Comparison) -> None:
    html = comparison._repr_html_()
    assert "SLA compliance under gmt and london" in html
    assert "<td>2 (100.0%) → 1 (50.0%)</td>" in html  # P1 response met
    assert "3 tickets change state from gmt to london." in html
    assert "<td>met → breached</td>" in html
    assert "<td>2026-07-03 11:00 GMT → 2026-07-03 11:30 BST</td>" in html  # S1's due


def test_comparison_is_an_immutable_value(comparison: Comparison) -> None:
    with pytest.raises(FrozenInstanceError):
        comparison.a = comparison.b  # type: ignore[misc]
    changed = comparison.changed
    changed.loc[0, "id"] = "changed"
    assert comparison.changed.loc[0, "id"] == "S1"
    copy = pickle.loads(pickle.dumps(comparison))  # noqa: S301 - our own pickle
    assert copy == comparison
    assert repr(comparison) == "Comparison(names=('gmt', 'london'), groups=3, changed=3)"


# Property: the counts are a plain count over the scalar evaluate


BASE = datetime(2026, 11, 23, 9, tzinfo=UTC)  # a Monday
PROPERTY_NOW = datetime(2026, 12, 18, 12, tzinfo=UTC)


@st.composite
def ticket_rows(draw: st.DrawFn) -> dict[str, Any]:
    opened = BASE + draw(st.integers(0, 26 * 24 * 60)) * M  # past now sometimes: a bad row
    row: dict[str, Any] = {
        "opened_at": opened,
        "priority": draw(st.sampled_from(["P1", "P2", "P3", "P4", "P9"])),
    }
    for name in ("responded_at", "resolved_at"):
        offset = draw(st.none() | st.integers(-30, 15 * 24 * 60))
        row[name] = None if offset is None else opened + offset * M
    return row


def _linear(values: list[timedelta], fraction: Fraction) -> timedelta | None:
    """numpy's default percentile, on exact fractions, rounded half to even."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * fraction
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    micros = [value // timedelta(microseconds=1) for value in (ordered[low], ordered[high])]
    return timedelta(microseconds=round(micros[0] + (micros[1] - micros[0]) * (rank - low)))


@given(st.lists(ticket_rows(), max_size=14))
def test_counts_equal_a_plain_count_over_scalar_reports(rows: list[dict[str, Any]]) -> None:
    tickets = pd.DataFrame(rows, columns=["opened_at", "priority", "responded_at", "resolved_at"])
    for column in ("opened_at", "responded_at", "resolved_at"):
        tickets[column] = pd.to_datetime(tickets[column], utc=True)
    table = compliance(evaluate_frame(tickets, now=PROPERTY_NOW), by=["priority", "month"]).frame
    expected: dict[tuple[Any, str], Counter[str]] = {}
    times: dict[tuple[Any, str], dict[str, list[timedelta]]] = {}
    for row in rows:
        fields = {key: value for key, value in row.items() if value is not None}
        month = row["opened_at"].strftime("%Y-%m")  # GMT is UTC
        try:
            report = slacalc.evaluate(fields, now=PROPERTY_NOW)
        except slacalc.SlacalcError:
            expected.setdefault((None, month), Counter())["errors"] += 1
            continue
        key = (report.priority, month)
        counts = expected.setdefault(key, Counter())
        for target in ("response", "resolution"):
            status = getattr(report, target)
            counts[f"{target}_{status.state.value}"] += 1
            if status.completed_at is not None:
                times.setdefault(key, {}).setdefault(target, []).append(status.elapsed)
    assert table["rows"].sum() == len(rows)
    assert len(table) == len(expected)
    for _, group in table.iterrows():
        found = (None if pd.isna(group["priority"]) else group["priority"], group["month"])
        counts = expected[found]
        assert group["errors"] == counts["errors"]
        for target in ("response", "resolution"):
            states = ("met", "breached", "pending", "no_target")
            assert [group[f"{target}_{s}"] for s in states] == [
                counts[f"{target}_{s}"] for s in states
            ]
            assert group["errors"] + sum(group[f"{target}_{s}"] for s in states) == group["rows"]
            completed = times.get(found, {}).get(target, [])
            for column, fraction in (("median", Fraction(1, 2)), ("p90", Fraction(9, 10))):
                value = group[f"{target}_{column}"]
                want = _linear(completed, fraction)
                assert (None if pd.isna(value) else value.to_pytimedelta()) == want


def test_grouping_by_a_column_of_unhashable_values_is_a_report_type_error() -> None:
    tickets = pd.DataFrame({"opened_at": ["2026-11-30T09:00:00Z"] * 2, "priority": [1, 2]})
    result = evaluate_frame(tickets, now="2026-12-01T00:00:00Z").assign(tags=[["a"], ["b"]])
    with pytest.raises(ReportTypeError, match="cannot group by 'tags'"):
        compliance(result, by=["tags"])


def test_compare_groups_by_a_column_of_the_tickets_and_names_them_by_their_id() -> None:
    # Friday 3 July 2026 (BST: London is GMT+1, open 08:00-17:00Z), now 18:00Z.
    # A: P1 at 08:30Z, answered 10:45Z. GMT: the clock starts 09:00Z, due 11:00Z, met.
    #    London: due 10:30Z, breached.
    # B: P1 at 16:30Z, not answered: pending on both (1.5 h and 0.5 h used that day).
    # C: P2 at 09:30Z, not answered: due 11:30Z on both, breached on both.
    tickets = pd.DataFrame({
        "ticket": ["A", "B", "C"],
        "opened_at": ["2026-07-03T08:30:00Z", "2026-07-03T16:30:00Z", "2026-07-03T09:30:00Z"],
        "priority": ["P1", "P1", "P2"],
        "team": ["x", "y", "x"],
        "responded_at": ["2026-07-03T10:45:00Z", None, None],
    })  # fmt: skip
    comparison = compare(
        tickets, slacalc.default_policy(), _london(), by=["team"], id="ticket",
        now="2026-07-03T18:00:00Z", names=("gmt", "london"),
    )  # fmt: skip
    side = comparison.frame
    assert side["team"].tolist() == ["x", "y"]
    assert side["rows_gmt"].tolist() == [2, 1]
    assert side["response_met_gmt"].tolist() == [1, 0]
    assert side["response_met_london"].tolist() == [0, 0]
    assert side["response_breached_london"].tolist() == [2, 0]
    assert comparison.changed["ticket"].tolist() == ["A"]
    assert comparison.changed["response_state_london"].tolist() == ["breached"]


def test_the_default_groups_are_priority_and_month_of_opening(result: pd.DataFrame) -> None:
    assert compliance(result) == compliance(result, by=["priority", "month"])
    assert compliance(result).by == ("priority", "month")
