"""The timeline plot: what it draws, and that matplotlib stays optional."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

import slacalc
from slacalc import SlaReport
from slacalc.plot import timeline

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A P3 ticket over Christmas: responded, paused, made P2, resolved, reopened.
LIFECYCLE = slacalc.Ticket(
    id="T-7",
    opened_at="2026-12-24T17:00:00Z",
    priority="P3",
    events=[
        {"type": "responded", "at": "2026-12-29T10:00:00Z"},
        {"type": "paused", "at": "2026-12-29T11:00:00Z"},
        {"type": "resumed", "at": "2026-12-30T10:00:00Z"},
        {"type": "priority_changed", "at": "2026-12-30T12:00:00Z", "to": "P2"},
        {"type": "resolved", "at": "2026-12-31T15:00:00Z"},
        {"type": "reopened", "at": "2027-01-04T10:00:00Z"},
    ],
)
LIFECYCLE_NOW = "2027-01-05T12:00:00Z"
# The explanation's example: a P1 opened on Christmas Eve at 17:00.
CHRISTMAS_EVE = slacalc.Ticket(opened_at="2026-12-24T17:00:00Z", priority="P1")


@pytest.fixture(scope="module")
def report() -> SlaReport:
    return slacalc.evaluate(LIFECYCLE, now=LIFECYCLE_NOW)


def _lines(figure: Figure, gid: str) -> list[Line2D]:
    return [line for line in figure.axes[0].get_lines() if line.get_gid() == gid]


def _texts(figure: Figure, gid: str) -> list[Text]:
    return [text for text in figure.axes[0].texts if text.get_gid() == gid]


def _instants(lines: list[Line2D]) -> list[datetime]:
    return [datetime.fromisoformat(str(line.get_label())) for line in lines]


def _span(artist: Line2D | Collection) -> tuple[float, float]:
    """The left and right end of what ``artist`` draws, in data coordinates."""
    paths = [artist.get_path()] if isinstance(artist, Line2D) else artist.get_paths()
    extents = [path.get_extents() for path in paths]
    return min(box.x0 for box in extents), max(box.x1 for box in extents)


def _left(line: Line2D) -> float:
    return _span(line)[0]


def test_renders_a_png_of_a_sensible_size(report: SlaReport) -> None:
    png = io.BytesIO()
    timeline(report).savefig(png, format="png", dpi=100)
    data = png.getvalue()
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    assert (800, 250) <= (width, height) <= (2000, 800)
    assert 10_000 < len(data) < 1_000_000


def test_has_a_response_lane_and_a_resolution_lane(report: SlaReport) -> None:
    labels = [label.get_text() for label in timeline(report).axes[0].get_yticklabels()]
    assert [label.splitlines()[0] for label in labels] == ["Response", "Resolution"]
    assert labels[0].splitlines()[1:] == [str(report.response.target), report.response.state.value]


def test_one_due_marker_per_due_instant_of_each_lane(report: SlaReport) -> None:
    resolution_dues = {cycle.due for cycle in report.cycles if cycle.due is not None}
    assert len(report.cycles) == 2
    assert len(_lines(timeline(report), "due")) == 1 + len(resolution_dues)


def test_due_markers_stand_at_the_due_instants(report: SlaReport) -> None:
    dues = _instants(_lines(timeline(report), "due"))
    assert dues == [report.response.due, *(cycle.due for cycle in report.cycles)]


def test_later_instants_stand_further_right(report: SlaReport) -> None:
    figure = timeline(report)
    markers = [line for line in figure.axes[0].get_lines() if line.get_gid() != "time axis"]
    by_instant = sorted(markers, key=lambda line: datetime.fromisoformat(str(line.get_label())))
    positions = [_left(line) for line in by_instant]
    assert positions == sorted(positions)


def test_completions_and_reopenings_are_marked(report: SlaReport) -> None:
    figure = timeline(report)
    completions = [report.response.completed_at, report.cycles[0].end]
    assert _instants(_lines(figure, "completed")) == completions
    assert _instants(_lines(figure, "reopened")) == [report.cycles[1].start]


def test_priority_change_is_marked_and_named(report: SlaReport) -> None:
    figure = timeline(report)
    assert _lines(figure, "event")
    assert any("P2" in text.get_text() for text in _texts(figure, "event label"))


def test_legend_names_each_kind_drawn(report: SlaReport) -> None:
    legend = timeline(report).axes[0].get_legend()
    assert legend is not None
    labels = [text.get_text() for text in legend.get_texts()]
    for label in ("counted", "paused", "resolved (between cycles)", "due"):
        assert label in labels
    for label in ("completed", "reopened", "priority change", "now"):
        assert label in labels
    assert "closed" in labels
    assert "discarded" not in labels  # the built-in policy continues the clock on reopening


def test_now_is_one_line_across_both_lanes(report: SlaReport) -> None:
    (now,) = _lines(timeline(report), "now")
    assert _instants([now]) == [report.now]
    assert now.get_path().get_extents().y0 == 0  # axes coordinates: bottom to top
    assert now.get_path().get_extents().y1 == 1


def test_closed_span_names_the_holiday_when_it_fits() -> None:
    figure = timeline(slacalc.evaluate(CHRISTMAS_EVE, now="2026-12-29T09:30:00Z"))
    names = {text.get_text().replace("\n", " ") for text in _texts(figure, "holiday")}
    assert "Christmas Day" in names
    assert not names & {"outside hours", "weekend", "closed"}


def test_warning_markers_stand_where_the_counted_time_reaches_each_threshold() -> None:
    # Pending with every threshold ahead: next_change steps through them, then the breach.
    report = slacalc.evaluate(CHRISTMAS_EVE, now="2026-12-24T17:30:00Z")
    ahead = []
    for status in (report.response, report.resolution):
        moment = status.next_change()
        while moment is not None and status.due is not None and moment <= status.due:
            ahead.append(moment)
            moment = status.next_change(moment)
    assert len(ahead) == 2  # 75 % of each target
    figure = timeline(report)
    assert _instants(_lines(figure, "warning")) == ahead
    assert [text.get_text() for text in _texts(figure, "warning label")] == ["75%", "75%"]


def test_warning_thresholds_are_the_given_policys() -> None:
    data = slacalc.default_policy().to_dict()
    policy = slacalc.load_policy({**data, "clock": {"warnings": [0.5, 0.75]}})
    report = slacalc.evaluate(CHRISTMAS_EVE, now="2026-12-24T17:30:00Z", policy=policy)
    labels = [text.get_text() for text in _texts(timeline(report, policy=policy), "warning label")]
    assert sorted(labels) == ["50%", "50%", "75%", "75%"]


def test_long_closed_stretches_are_shortened() -> None:
    # Thu 18:00 to Tue 09:00 is closed (111 hours) against 6 counted hours; on the page it
    # is still the longest stretch, but no longer nearly all of it.
    figure = timeline(slacalc.evaluate(CHRISTMAS_EVE, now="2026-12-29T09:30:00Z"))
    widths: dict[str, float] = {"closed": 0.0, "counted": 0.0}
    for collection in figure.axes[0].collections:
        if collection.get_gid() in widths:
            for path in collection.get_paths():
                box = path.get_extents()
                widths[str(collection.get_gid())] += box.x1 - box.x0
    assert widths["counted"] < widths["closed"] < 4 * widths["counted"]
    low, high = figure.axes[0].get_xlim()
    axis = _lines(figure, "time axis")
    assert len(axis) == 2  # the time line breaks once, over the holidays
    assert (_span(axis[0])[0], _span(axis[-1])[1]) == (low, high)
    assert "breaks" in figure.axes[0].get_xlabel()


def test_time_after_both_completions_is_shortened() -> None:
    # Resolved in half an hour: the segments run on to the due 12 business days later.
    report = slacalc.evaluate(
        slacalc.Ticket(opened_at="2026-12-01T10:00:00Z", priority="P2",
                       responded_at="2026-12-01T10:05:00Z", resolved_at="2026-12-01T10:30:00Z"),
        now="2026-12-01T11:00:00Z",
    )  # fmt: skip
    figure = timeline(report)
    (due,) = (line for line in _lines(figure, "due") if "12-17" in str(line.get_label()))
    (now,) = _lines(figure, "now")
    low, high = figure.axes[0].get_xlim()
    assert _left(now) - low > (high - low) / 10  # the hour of work is not a sliver at the left
    assert _left(due) < high


def test_default_title_names_the_ticket_priority_and_now(report: SlaReport) -> None:
    title = timeline(report).axes[0].get_title(loc="left")
    assert title == "T-7 · P2, at Tue 05 Jan 2027 12:00 UTC"


def test_empty_title_leaves_it_out(report: SlaReport) -> None:
    assert timeline(report, title="").axes[0].get_title(loc="left") == ""


def test_draws_into_the_given_axes(report: SlaReport) -> None:
    figure = Figure()
    left, right = figure.subplots(1, 2)
    assert timeline(report, ax=right, title="mine") is figure
    assert right.get_title(loc="left") == "mine"
    assert not left.get_lines()


def test_renders_from_several_threads_at_once(report: SlaReport) -> None:
    def render(_: int) -> bytes:
        png = io.BytesIO()
        timeline(report).savefig(png, format="png")
        return png.getvalue()

    with ThreadPoolExecutor(max_workers=4) as pool:
        images = list(pool.map(render, range(8)))
    assert len(set(images)) == 1


def _run(script: str) -> str:
    completed = subprocess.run(  # noqa: S603 - runs a fixed script in this interpreter
        [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, check=True
    )
    return completed.stdout.strip()


def test_importing_slacalc_never_imports_slacalc_plot() -> None:
    script = """
        import sys
        import slacalc
        print("slacalc.plot" in sys.modules, "matplotlib" in sys.modules)
    """
    assert _run(script) == "False False"


def test_importing_slacalc_plot_imports_matplotlib_only_when_timeline_is_called() -> None:
    script = """
        import sys
        import slacalc
        from slacalc.plot import timeline
        before = "matplotlib" in sys.modules
        ticket = slacalc.Ticket(opened_at="2026-12-24T17:00:00Z", priority="P1")
        timeline(slacalc.evaluate(ticket, now="2026-12-29T09:30:00Z"))
        print(before, "matplotlib" in sys.modules, "matplotlib.pyplot" in sys.modules)
    """
    assert _run(script) == "False True False"  # and never pyplot's global state


def test_without_matplotlib_timeline_raises_missing_dependency_error() -> None:
    script = """
        import sys
        sys.modules["matplotlib"] = None  # as if it were not installed
        import slacalc
        from slacalc.plot import timeline
        ticket = slacalc.Ticket(opened_at="2026-12-24T17:00:00Z", priority="P1")
        try:
            timeline(slacalc.evaluate(ticket, now="2026-12-29T09:30:00Z"))
        except slacalc.MissingDependencyError as error:
            print(isinstance(error, ImportError), error)
    """
    assert _run(script) == (
        "True this needs the optional package 'matplotlib'; "
        "install it with pip install 'slacalc[plot]'"
    )


def test_projection_after_now_is_lighter() -> None:
    figure = timeline(slacalc.evaluate(CHRISTMAS_EVE, now="2026-12-24T17:30:00Z"))
    alphas = {
        collection.get_alpha()
        for collection in figure.axes[0].collections
        if collection.get_gid() == "counted"
    }
    assert len(alphas) == 2  # before now, and the lighter projection after it


def test_a_late_response_shows_its_overdue_time() -> None:
    report = slacalc.evaluate(
        slacalc.Ticket(
            opened_at="2026-12-24T17:00:00Z", priority="P2", responded_at="2026-12-29T12:00:00Z"
        ),
        now="2026-12-30T09:00:00Z",
    )
    assert report.response.overdue_by == timedelta(hours=2)  # due at 10:00
    assert not report.resolution.breached
    overdue = [c for c in timeline(report).axes[0].collections if c.get_gid() == "overdue"]
    assert len(overdue) == 1
