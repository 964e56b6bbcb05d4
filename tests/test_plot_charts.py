"""The charts of ticket tables: what they draw, worked by hand, and that they render."""

from __future__ import annotations

import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

import slacalc
from slacalc.errors import ReportError
from slacalc.frame import evaluate_frame
from slacalc.plot import compliance_over_time, response_distribution

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NOW = "2026-12-03T12:00:00Z"  # Thursday noon; the built-in policy, Mon-Fri 09:00-18:00 GMT
TICKETS = pd.DataFrame(
    [
        # P1 Fri 27 Nov 17:00: responded after 1:30 (met), resolved after 4 h (met).
        ("2026-11-27T17:00:00Z", "P1", "2026-11-30T09:30:00Z", "2026-11-30T12:00:00Z"),
        # P1 Mon 30 Nov 09:00: responded after 2:30 (breached), resolved after 7 h (breached).
        ("2026-11-30T09:00:00Z", "P1", "2026-11-30T11:30:00Z", "2026-11-30T16:00:00Z"),
        # P1 Tue 1 Dec 10:00: responded after 0:45 (met); unresolved past 14:00 (breached).
        ("2026-12-01T10:00:00Z", "P1", "2026-12-01T10:45:00Z", None),
        # P2 Mon 30 Nov 17:00: responded after 1:30 (met); resolution pending.
        ("2026-11-30T17:00:00Z", "P2", "2026-12-01T09:30:00Z", None),
        # P2 Wed 2 Dec 09:00: no response by 11:00 (breached); resolution pending.
        ("2026-12-02T09:00:00Z", "P2", None, None),
        # P3 Fri 27 Nov 09:00: responded after 18 h, at the due close (met); resolved (met).
        ("2026-11-27T09:00:00Z", "P3", "2026-11-30T18:00:00Z", "2026-12-02T15:00:00Z"),
        # P3 Thu 3 Dec 09:00: pending, both.
        ("2026-12-03T09:00:00Z", "P3", None, None),
        # P4 Mon 30 Nov 09:00: responded after 28 h of 36 (met); no resolution target.
        ("2026-11-30T09:00:00Z", "P4", "2026-12-03T10:00:00Z", "2026-12-03T11:00:00Z"),
        # P4 Tue 1 Dec 12:00: pending.
        ("2026-12-01T12:00:00Z", "P4", None, None),
        # A bad row: drawn nowhere.
        ("2026-12-01T09:00:00Z", "P9", None, None),
    ],
    columns=["opened_at", "priority", "responded_at", "resolved_at"],
)


@pytest.fixture(scope="module")
def result() -> pd.DataFrame:
    evaluated: pd.DataFrame = evaluate_frame(TICKETS, now=NOW)
    return evaluated


def _lines(figure: Figure, gid: str) -> list[Line2D]:
    return [line for line in figure.axes[0].get_lines() if line.get_gid() == gid]


def _ys(line: Line2D) -> list[float]:
    return [float(y) for y in np.asarray(line.get_ydata())]


def _xs(line: Line2D) -> list[float]:
    return [float(x) for x in np.asarray(line.get_xdata())]


def _levels(figure: Figure, gid: str) -> dict[str, float]:
    """Each line's label and its first y value: a horizontal line's level."""
    return {str(line.get_label()): _ys(line)[0] for line in _lines(figure, gid)}


def _shares(figure: Figure) -> dict[str, list[float]]:
    return {str(line.get_label()): _ys(line) for line in _lines(figure, "met share")}


def _assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    assert (600, 300) <= (width, height) <= (2000, 1200)
    assert len(data) > 15_000  # lines, boxes and text, not an empty canvas


# Rendering


def test_both_charts_render_to_png_files(result: pd.DataFrame, tmp_path: Path) -> None:
    over_time, distribution = tmp_path / "over_time.png", tmp_path / "distribution.png"
    compliance_over_time(result).savefig(over_time, format="png", dpi=100)
    response_distribution(result).savefig(distribution, format="png", dpi=100)
    _assert_png(over_time)
    _assert_png(distribution)


# compliance_over_time


def test_one_line_per_priority_with_the_met_share_per_month(result: pd.DataFrame) -> None:
    figure = compliance_over_time(result, period="month", target="response")
    # November, then December:
    # P1: T1 met, T2 breached = 1/2; T3 met = 1.   P2: met = 1; breached = 0.
    # P3: met = 1; pending = 0/1.                  P4: met = 1; pending = 0/1.
    assert _shares(figure) == {
        "P1": [0.5, 1.0],
        "P2": [1.0, 0.0],
        "P3": [1.0, 0.0],
        "P4": [1.0, 0.0],
    }
    ticks = [label.get_text() for label in figure.axes[0].get_xticklabels()]
    assert ticks == ["2026-11", "2026-12"]


def test_a_priority_without_a_time_target_has_no_line(result: pd.DataFrame) -> None:
    figure = compliance_over_time(result, period="month", target="resolution")
    # P1: T1 met, T2 breached = 1/2; T3 breached = 0.  P2: pending, pending = 0 and 0.
    # P3: T6 met = 1; T7 pending = 0.  P4 has no resolution target: no line.
    assert _shares(figure) == {"P1": [0.5, 0.0], "P2": [0.0, 0.0], "P3": [1.0, 0.0]}


def test_a_period_without_tickets_is_a_gap(result: pd.DataFrame) -> None:
    figure = compliance_over_time(result, period="week", target="response")
    # Fri 27 Nov is in ISO week 48; Mon 30 Nov to Thu 3 Dec in week 49.
    ticks = [label.get_text() for label in figure.axes[0].get_xticklabels()]
    assert ticks == ["2026-W48", "2026-W49"]
    tickets = pd.DataFrame({
        "opened_at": ["2026-10-05T09:00:00Z", "2026-12-01T09:00:00Z"],
        "priority": ["P1", "P1"],
        "responded_at": ["2026-10-05T10:00:00Z", "2026-12-01T12:00:00Z"],
    })  # fmt: skip
    gappy = compliance_over_time(evaluate_frame(tickets, now=NOW), target="response")
    shares = _shares(gappy)["P1"]
    assert shares[0] == 1.0  # October: 1 h, met
    assert shares[1] != shares[1]  # November: no tickets, NaN, a gap in the line
    assert shares[2] == 0.0  # December: 3 h, breached


def test_draws_into_given_axes(result: pd.DataFrame) -> None:
    figure = Figure()
    left, right = figure.subplots(1, 2)
    assert compliance_over_time(result, ax=right) is figure
    assert not left.get_lines()
    assert len(right.get_lines()) == 3


def test_a_polars_result_draws_the_same_lines(result: pd.DataFrame) -> None:
    polars_result = evaluate_frame(pl.from_pandas(TICKETS), now=NOW)
    assert _shares(compliance_over_time(polars_result, target="response")) == _shares(
        compliance_over_time(result, target="response")
    )


def test_an_empty_result_draws_empty_axes(result: pd.DataFrame) -> None:
    assert not compliance_over_time(result.iloc[:0]).axes[0].get_lines()
    assert not response_distribution(result.iloc[:0]).axes[0].get_lines()


def test_unknown_period_or_target_is_refused(result: pd.DataFrame) -> None:
    with pytest.raises(ReportError, match="period must be one of day, week"):
        compliance_over_time(result, period="fortnight")
    with pytest.raises(ReportError, match="target must be 'response' or 'resolution'"):
        compliance_over_time(result, target="reply")
    with pytest.raises(ReportError, match="target must be"):
        response_distribution(result, target="reply")
    with pytest.raises(ReportError, match="has a column named 'month'"):
        compliance_over_time(result.assign(month="all"))


# response_distribution


def test_target_lines_stand_at_each_tiers_allowance(result: pd.DataFrame) -> None:
    figure = response_distribution(result)
    targets = _lines(figure, "target")
    # Response: P1 and P2 2 business hours; P3 2 business days of 9 h = 18 h; P4 4 x 9 = 36 h.
    assert [line.get_label() for line in targets] == ["P1", "P2", "P3", "P4"]
    assert [_ys(line) for line in targets] == [[2.0, 2.0], [2.0, 2.0], [18.0, 18.0], [36.0, 36.0]]
    # Centred on each priority's slot: 0, 1, 2, 3.
    assert [_xs(line) for line in targets] == [
        [position - 0.4, position + 0.4] for position in range(4)
    ]
    ticks = [label.get_text() for label in figure.axes[0].get_xticklabels()]
    assert ticks == ["P1\n(3 completed)", "P2\n(1 completed)", "P3\n(1 completed)",
                     "P4\n(1 completed)"]  # fmt: skip


def test_resolution_without_a_target_draws_no_line(result: pd.DataFrame) -> None:
    figure = response_distribution(result, target="resolution")
    # P1 4 business hours, P2 12 business days = 108 h, P3 7 = 63 h; P4 none.
    assert _levels(figure, "target") == {"P1": 4.0, "P2": 108.0, "P3": 63.0}
    # P4's resolved ticket (29 h counted, no target) is still drawn.
    assert [line.get_label() for line in _lines(figure, "median")] == ["P1", "P3", "P4"]


def test_boxes_show_the_median_time_to_completion(result: pd.DataFrame) -> None:
    figure = response_distribution(result)
    # P1: 0:45, 1:30, 2:30 -> 1.5 h. P2: 1:30. P3: 18 h. P4: 28 h.
    assert _levels(figure, "median") == {"P1": 1.5, "P2": 1.5, "P3": 18.0, "P4": 28.0}
    points = [c for c in figure.axes[0].collections if c.get_gid() == "tickets"]
    assert [len(np.asarray(c.get_offsets())) for c in points] == [3, 1, 1, 1]


def test_targets_come_from_the_given_policy() -> None:
    policy = slacalc.load_policy({
        "name": "Mixed", "version": "1",
        "calendar": {"timezone": "UTC", "hours": {"mon-fri": "09:00-17:00"}},
        "tiers": [
            {"priority": 1, "key": "urgent", "name": "Urgent",
             "response": "24 hours", "resolution": "3 days"},
            {"priority": 2, "key": "normal", "name": "Normal",
             "response": "1 business day", "resolution": "none: later"},
            {"priority": 3, "key": "low", "name": "Low",
             "response": {"amount": 2, "unit": "business_days", "day_rule": "end_of_day"},
             "resolution": "none: later"},
        ],
    })  # fmt: skip
    tickets = pd.DataFrame({
        "opened_at": ["2026-12-01T09:00:00Z"] * 3,
        "priority": ["low", "urgent", "normal"],
        "responded_at": ["2026-12-01T10:00:00Z"] * 3,
    })  # fmt: skip
    figure = response_distribution(evaluate_frame(tickets, now=NOW, policy=policy), policy=policy)
    # Slots in the policy's tier order. 24 real hours; 1 business day of 8 h; the end of
    # the second business day depends on the opening: no line.
    assert _levels(figure, "target") == {"urgent": 24.0, "normal": 8.0}
    ticks = [label.get_text().split("\n")[0] for label in figure.axes[0].get_xticklabels()]
    assert ticks == ["urgent", "normal", "low"]


# matplotlib stays optional and pyplot stays out


def _run(script: str) -> str:
    completed = subprocess.run(  # noqa: S603 - runs a fixed script in this interpreter
        [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, check=True
    )
    return completed.stdout.strip()


def test_without_matplotlib_the_charts_raise_missing_dependency_error() -> None:
    script = """
        import sys
        sys.modules["matplotlib"] = None  # as if it were not installed
        import pandas as pd
        from slacalc.frame import evaluate_frame
        from slacalc.plot import compliance_over_time, response_distribution
        result = evaluate_frame(pd.DataFrame({"opened_at": ["2026-12-01T09:00:00Z"],
                                              "priority": ["P1"]}), now="2026-12-02T00:00:00Z")
        import slacalc
        for chart in (compliance_over_time, response_distribution):
            try:
                chart(result)
            except slacalc.MissingDependencyError as error:
                print(isinstance(error, ImportError), error)
    """
    line = (
        "True this needs the optional package 'matplotlib'; "
        "install it with pip install 'slacalc[plot]'"
    )
    assert _run(script) == f"{line}\n{line}"


def test_the_charts_never_import_pyplot() -> None:
    script = """
        import sys
        import pandas as pd
        from slacalc.frame import evaluate_frame
        from slacalc.plot import compliance_over_time, response_distribution
        result = evaluate_frame(pd.DataFrame({"opened_at": ["2026-12-01T09:00:00Z"],
                                              "priority": ["P1"]}), now="2026-12-02T00:00:00Z")
        compliance_over_time(result)
        response_distribution(result)
        print("matplotlib" in sys.modules, "matplotlib.pyplot" in sys.modules)
    """
    assert _run(script) == "True False"


def test_the_axis_says_real_hours_when_a_target_counts_real_time() -> None:
    data = slacalc.default_policy().to_dict()
    data["tiers"][0]["response"] = "4 hours"
    policy = slacalc.load_policy(data)
    tickets = pd.DataFrame({
        "opened_at": ["2026-11-30T09:00:00Z"] * 2,
        "priority": ["P1", "P3"],
        "responded_at": ["2026-11-30T10:00:00Z"] * 2,
    })  # fmt: skip
    result = evaluate_frame(tickets, now="2026-12-01T00:00:00Z", policy=policy)
    label = response_distribution(result, policy=policy).axes[0].get_ylabel()
    assert "real time for hours targets" in label
    plain = response_distribution(evaluate_frame(tickets, now="2026-12-01T00:00:00Z"))
    assert plain.axes[0].get_ylabel() == "time to response (business hours)"
