"""A ticket's timeline in matplotlib: one lane per target, tiled by its segments.

This module imports matplotlib; ``slacalc.plot.timeline`` imports it only
once matplotlib is known to be there.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Final

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.typing import LineStyleType

from slacalc._instants import parse_iso_duration
from slacalc.policy import Policy, default_policy
from slacalc.schemas import parse_instant
from slacalc.sla import SlaReport, TargetState, TargetStatus

__all__ = ["draw_timeline"]

_HOUR: Final = timedelta(hours=1)
_MICROSECOND: Final = timedelta(microseconds=1)
_LANE_HEIGHT: Final = 0.5
_LATER_ALPHA: Final = 0.4  # after completion or now: what the clock would do, not what it did
_NAMED_ONLY_BY_KIND: Final = frozenset({"outside hours", "weekend", "closed"})
# A quiet stretch longer than this share of the rest of the page is shortened to it,
# growing with the logarithm of its length so that longer stretches still look longer.
_QUIET_SHARE: Final = 0.15
_TICK_STEPS: Final = tuple(
    timedelta(minutes=minutes) for minutes in (1440, 720, 360, 180, 60, 30, 15)
)
_TICK_SPACING_POINTS: Final = 50.0


@dataclass(frozen=True, slots=True)
class _Look:
    """How one kind of span or marker is drawn, and its legend entry."""

    label: str
    color: str
    hatch: str | None = None
    edge: str | None = None
    alpha: float = 1.0
    style: LineStyleType = "-"


# Spans, in legend order; kinds the evaluation may add later are drawn as _OTHER.
_SPANS: Final = {
    "counted": _Look("counted", "#3b75af"),
    "closed": _Look("closed", "#ececec", hatch="///", edge="#a0a0a0"),
    "paused": _Look("paused", "#f0b05a", hatch="..", edge="#b8751a"),
    "resolved": _Look("resolved (between cycles)", "#9fd39a", edge="#4c9a45"),
    "discarded": _Look("discarded", "#ffffff", hatch="xx", edge="#9a9a9a"),
    "overdue": _Look("overdue", "#d62728", alpha=0.3),
}
_OTHER: Final = _Look("other", "#bdbdbd")
# Markers, in legend order.
_MARKERS: Final = {
    "due": _Look("due", "#d62728", style="--"),
    "warning": _Look("warning threshold", "#e67e00", style=":"),
    "completed": _Look("completed", "#1b7a2f"),
    "reopened": _Look("reopened", "#8c564b", style="-."),
    "event": _Look("priority change", "#222222", style="none"),
    "now": _Look("now", "#7b2d8e"),
}


@dataclass(frozen=True, slots=True)
class _Span:
    """One entry of ``TargetStatus.segments()``, read back into Python values."""

    kind: str
    start: datetime
    end: datetime
    counted: timedelta
    reason: str | None


@dataclass(slots=True)
class _Lane:
    """What one target's lane shows."""

    name: str
    status: TargetStatus
    now: datetime
    y: float
    spans: list[_Span]
    dues: dict[datetime, str | None] = field(default_factory=dict)  # instant: label
    completions: list[datetime] = field(default_factory=list)
    reopenings: list[datetime] = field(default_factory=list)
    overdue: list[tuple[datetime, datetime]] = field(default_factory=list)
    warnings: list[tuple[float, datetime]] = field(default_factory=list)
    changes: list[tuple[datetime, str]] = field(default_factory=list)  # priority changes

    @property
    def end_point(self) -> datetime:
        """The instant the target's result is read at: its completion, else now."""
        return self.status.completed_at or self.now

    @property
    def bottom(self) -> float:
        return self.y - _LANE_HEIGHT / 2

    @property
    def top(self) -> float:
        return self.y + _LANE_HEIGHT / 2

    def marked(self) -> list[datetime]:
        """Every instant a marker stands at."""
        return [
            *self.dues,
            *self.completions,
            *self.reopenings,
            *(instant for _, instant in self.warnings),
            *(instant for instant, _ in self.changes),
        ]


@dataclass(frozen=True, slots=True)
class _Page:
    """Where instants go across the plot: hours since ``origin``, long quiet stretches shortened.

    ``shortened`` holds ``(start, end, hours on the page)``, sorted and disjoint;
    time inside one is squeezed evenly, time elsewhere keeps its length.
    """

    origin: datetime
    shortened: tuple[tuple[datetime, datetime, float], ...]

    def x(self, instant: datetime) -> float:
        hours = (instant - self.origin) / _HOUR
        for start, end, page_hours in self.shortened:
            if instant <= start:
                break
            inside = (min(instant, end) - start) / _HOUR
            hours -= inside * (1 - page_hours / ((end - start) / _HOUR))
        return hours


def draw_timeline(
    report: SlaReport, *, ax: Axes | None, title: str | None, policy: Policy | None
) -> Figure:
    """Draw ``report`` into ``ax`` (a new figure when ``None``); see ``slacalc.plot.timeline``."""
    if ax is None:
        figure = Figure(figsize=(11, 3.8), layout="constrained")
        ax = figure.add_subplot()
    else:
        figure = ax.figure.figure
    thresholds = sorted((default_policy() if policy is None else policy).clock.warnings)
    lanes = [_response_lane(report, thresholds, y=1.0), _resolution_lane(report, thresholds, y=0.0)]
    page = _page_for(lanes, report)
    first, last = _extent(report, lanes)
    margin = max((page.x(last) - page.x(first)) * 0.03, 0.25)  # at least a quarter hour
    ax.set_xlim(page.x(first) - margin, page.x(last) + margin)
    ax.set_ylim(-0.7, 1.8)
    shown: set[str] = set()
    for lane in lanes:
        _draw_spans(ax, page, lane, shown)
        _draw_markers(ax, page, lane, shown)
    ax.axvline(
        page.x(report.now),
        color=_MARKERS["now"].color,
        linewidth=1.6,
        gid="now",
        label=report.now.isoformat(),
    )
    shown.add("now")
    _draw_time_axis(ax, page, first, last)
    _dress(ax, report, lanes, title)
    _legend(ax, shown)
    return figure


# Reading the report


def _read_segments(status: TargetStatus) -> list[_Span]:
    return [
        _Span(
            kind=str(entry["kind"]),
            start=parse_instant(entry["start"], "segment start"),
            end=parse_instant(entry["end"], "segment end"),
            counted=parse_iso_duration(str(entry.get("counted") or "PT0S")),
            reason=None if entry.get("reason") is None else str(entry["reason"]),
        )
        for entry in status.segments()
    ]


def _lane(name: str, status: TargetStatus, report: SlaReport, y: float) -> _Lane:
    lane = _Lane(name, status, report.now, y, _read_segments(status))
    lane.changes = [
        (span.start, span.reason)
        for span in lane.spans
        if span.kind == "event" and span.reason and span.reason.startswith("priority changed")
    ]
    return lane


def _overdue(due: datetime | None, state: str, end: datetime) -> list[tuple[datetime, datetime]]:
    if state == TargetState.BREACHED and due is not None and end > due:
        return [(due, end)]
    return []


def _response_lane(report: SlaReport, thresholds: Sequence[float], *, y: float) -> _Lane:
    status = report.response
    lane = _lane("Response", status, report, y)
    if status.due is not None:
        lane.dues[status.due] = None
    if status.completed_at is not None:
        lane.completions.append(status.completed_at)
    lane.overdue = _overdue(status.due, status.state, lane.end_point)
    lane.warnings = _warnings(lane, thresholds)
    return lane


def _resolution_lane(report: SlaReport, thresholds: Sequence[float], *, y: float) -> _Lane:
    status = report.resolution
    lane = _lane("Resolution", status, report, y)
    for cycle in report.cycles:
        if cycle.due is not None:
            label = f"cycle {cycle.number}" if len(report.cycles) > 1 else None
            lane.dues.setdefault(cycle.due, label)
        if cycle.end is not None:
            lane.completions.append(cycle.end)
        if cycle.number > 1:
            lane.reopenings.append(cycle.start)
        lane.overdue += _overdue(cycle.due, cycle.state, cycle.end or report.now)
    lane.warnings = _warnings(lane, thresholds)
    return lane


def _warnings(lane: _Lane, thresholds: Sequence[float]) -> list[tuple[float, datetime]]:
    """The instants at which the counted time reaches each threshold of the target's time.

    The target's time is ``elapsed + remaining``; each instant is the earliest
    at which ``counted / time >= threshold``, as the evaluation compares. One
    on the due instant (a threshold of 1) or after the completion is left out.
    """
    status = lane.status
    if status.remaining is None:
        return []
    allowance = (status.elapsed + status.remaining) // _MICROSECOND
    if allowance <= 0:
        return []
    counted = [span for span in lane.spans if span.kind == "counted" and span.counted > timedelta()]
    found = []
    for fraction in thresholds:
        needed = _least_reaching(fraction, allowance)
        used = 0
        for span in counted:
            length = span.counted // _MICROSECOND
            if used + length >= needed:
                real = (span.end - span.start) // _MICROSECOND
                offset = -(-(needed - used) * real // length)  # a span may count slower than real
                found.append((fraction, span.start + offset * _MICROSECOND))
                break
            used += length
    completed = status.completed_at
    return [
        (fraction, instant)
        for fraction, instant in found
        if instant not in lane.dues and (completed is None or instant <= completed)
    ]


def _least_reaching(fraction: float, allowance: int) -> int:
    """The fewest microseconds ``u`` with ``u / allowance >= fraction``."""
    least = max(math.ceil(fraction * allowance), 0)
    while least > 0 and (least - 1) / allowance >= fraction:
        least -= 1
    while least / allowance < fraction:
        least += 1
    return least


# The page: which quiet stretches to shorten


def _merged(intervals: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(interval for interval in intervals if interval[1] > interval[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _without(
    pieces: list[tuple[datetime, datetime]], hole: tuple[datetime, datetime]
) -> list[tuple[datetime, datetime]]:
    kept = []
    for start, end in pieces:
        kept += [(start, min(end, hole[0])), (max(start, hole[1]), end)]
    return [(start, end) for start, end in kept if end > start]


def _quiet(
    lanes: Sequence[_Lane], now: datetime, last: datetime
) -> list[tuple[datetime, datetime]]:
    """Time in which every lane is closed or done, and no marker stands.

    After a completion the segments go on to the due instant, telling only
    what the clock would have done: that time is quiet too.
    """
    idle: list[tuple[datetime, datetime]] = []
    busy: list[tuple[datetime, datetime]] = []
    for lane in lanes:
        done = lane.status.completed_at
        idle += [(span.start, span.end) for span in lane.spans if span.kind == "closed"]
        idle += [] if done is None else [(done, last)]
        busy += [
            (span.start, span.end if done is None else min(span.end, done))
            for span in lane.spans
            if span.kind not in {"closed", "event"}
        ]
        busy += lane.overdue
    busy = _merged(busy)
    cuts = sorted({now, *(instant for lane in lanes for instant in lane.marked())})
    quiet: list[tuple[datetime, datetime]] = []
    for stretch in _merged(idle):
        pieces = [stretch]
        for hole in busy:
            pieces = _without(pieces, hole)
        for start, end in pieces:
            quiet += itertools.pairwise([start, *(cut for cut in cuts if start < cut < end), end])
    return quiet


def _page_for(lanes: Sequence[_Lane], report: SlaReport) -> _Page:
    first, last = _extent(report, lanes)
    quiet = _quiet(lanes, report.now, last)
    rest = ((last - first) - sum((end - start for start, end in quiet), timedelta())) / _HOUR
    cap = max(rest, 4.0) * _QUIET_SHARE  # never shorten a stretch under 36 minutes
    shortened = tuple(
        (start, end, cap * (1 + math.log((end - start) / _HOUR / cap)))
        for start, end in quiet
        if (end - start) / _HOUR > cap
    )
    return _Page(report.opened_at, shortened)


def _extent(report: SlaReport, lanes: Sequence[_Lane]) -> tuple[datetime, datetime]:
    instants = [report.opened_at, report.now]
    for lane in lanes:
        instants += [span.end for span in lane.spans] + lane.marked()
        instants += [end for _, end in lane.overdue]
    return min(instants), max(instants)


# Drawing


def _draw_spans(ax: Axes, page: _Page, lane: _Lane, shown: set[str]) -> None:
    ranges: dict[tuple[str, bool], list[tuple[float, float]]] = {}
    pieces = [(span.kind, span.start, span.end) for span in lane.spans if span.end > span.start]
    pieces += [("overdue", start, end) for start, end in lane.overdue]
    for kind, start, end in pieces:
        # The segments tile up to the due instant, also past a completion: split there.
        for piece_start, piece_end, later in _split(start, end, lane.end_point):
            left = page.x(piece_start)
            ranges.setdefault((kind, later), []).append((left, page.x(piece_end) - left))
    for (kind, later), xranges in ranges.items():
        look = _SPANS.get(kind, _OTHER)
        ax.broken_barh(
            xranges,
            (lane.bottom, _LANE_HEIGHT),
            facecolor=look.color,
            edgecolor=look.edge or look.color,
            hatch=look.hatch,
            linewidth=0.6,
            alpha=look.alpha * (_LATER_ALPHA if later else 1.0),
            gid=kind,
            zorder=1 if kind == "overdue" else 2,
        )
        shown.add(kind if kind in _SPANS else "other")
    _name_holidays(ax, page, lane)


def _split(
    start: datetime, end: datetime, moment: datetime
) -> list[tuple[datetime, datetime, bool]]:
    if end <= moment:
        return [(start, end, False)]
    if start >= moment:
        return [(start, end, True)]
    return [(start, moment, False), (moment, end, True)]


def _points_per_unit(ax: Axes) -> float:
    low, high = ax.get_xlim()
    return ax.bbox.width * 72 / ax.figure.figure.dpi / (high - low)


def _name_holidays(ax: Axes, page: _Page, lane: _Lane) -> None:
    """Write a holiday's name inside its closed span when the name fits there."""
    points_per_unit = _points_per_unit(ax)
    for span in lane.spans:
        # A reason may join several ("weekend; Boxing Day"): name only the holidays.
        parts = (span.reason or "").split("; ") if span.kind == "closed" else []
        name = "; ".join(part for part in parts if part and part not in _NAMED_ONLY_BY_KIND)
        left, right = page.x(span.start), page.x(span.end)
        text = _fitted(name, (right - left) * points_per_unit) if name else None
        if text is None:
            continue
        ax.text(
            (left + right) / 2,
            lane.y,
            text,
            ha="center",
            va="center",
            fontsize=7,
            color="#333333",
            clip_on=True,
            gid="holiday",
            zorder=3,
        )


def _fitted(name: str, width_points: float) -> str | None:
    """``name`` on one line or two that fit ``width_points`` at 7 points, or ``None``."""
    words = name.split(" ")
    for text in [name] + [
        " ".join(words[:cut]) + "\n" + " ".join(words[cut:]) for cut in range(1, len(words))
    ]:
        if max(len(line) for line in text.splitlines()) * 7 * 0.6 <= width_points * 0.9:
            return text  # about 0.6 em a character
    return None


def _draw_markers(ax: Axes, page: _Page, lane: _Lane, shown: set[str]) -> None:
    marks = [("due", instant) for instant in lane.dues]
    marks += [("completed", instant) for instant in lane.completions]
    marks += [("reopened", instant) for instant in lane.reopenings]
    marks += [("warning", instant) for _, instant in lane.warnings]
    for kind, instant in marks:
        look = _MARKERS[kind]
        x = page.x(instant)
        ax.plot(
            [x, x],
            [lane.bottom - 0.06, lane.top + 0.06],
            color=look.color,
            linestyle=look.style,
            linewidth=1.8,
            alpha=_LATER_ALPHA + 0.3 if instant > lane.now else 1.0,
            gid=kind,
            label=instant.isoformat(),
            zorder=4,
        )
        shown.add(kind)
    for instant, _ in lane.changes:
        ax.plot(
            [page.x(instant)],
            [lane.top + 0.04],
            marker="v",
            color=_MARKERS["event"].color,
            gid="event",
            label=instant.isoformat(),
            zorder=5,
        )
        shown.add("event")
    labels = [
        (page.x(instant), f"{fraction:.0%}", "warning") for fraction, instant in lane.warnings
    ]
    labels += [(page.x(instant), text, "due") for instant, text in lane.dues.items() if text]
    labels += [(page.x(instant), reason, "event") for instant, reason in lane.changes]
    _place_labels(ax, lane, sorted(labels))


def _place_labels(ax: Axes, lane: _Lane, labels: Sequence[tuple[float, str, str]]) -> None:
    """Write the markers' labels above the lane, each on the lowest row where it fits."""
    points_per_unit = _points_per_unit(ax)
    rows: list[float] = []  # the right end of the last label on each row
    for x, text, kind in labels:
        width = len(text) * 7 * 0.6 / points_per_unit  # about 0.6 em a character at 7 points
        left = x if kind == "event" else x - width / 2  # events read on from their marker
        row = next((index for index, right in enumerate(rows) if right < left), len(rows))
        row = min(row, 2)  # three rows at most: past that, let them overlap
        rows[row : row + 1] = [left + width * 1.1]
        ax.text(
            x,
            lane.top + 0.07 + 0.11 * row,
            text,
            ha="left" if kind == "event" else "center",
            va="bottom",
            fontsize=7,
            color=_MARKERS[kind].color,
            gid=f"{kind} label",
        )


def _draw_time_axis(ax: Axes, page: _Page, first: datetime, last: datetime) -> None:
    """Ticks at whole days and hours as room allows, and a time line broken where shortened."""
    gap = _TICK_SPACING_POINTS / _points_per_unit(ax)
    chosen: list[tuple[float, datetime]] = []
    for step in _TICK_STEPS:
        if (last - first) / step > 2000:
            break  # far too many to fit
        moment = datetime(first.year, first.month, first.day, tzinfo=UTC)
        while moment <= last:
            x = page.x(moment)
            if moment >= first and all(abs(x - other) >= gap for other, _ in chosen):
                chosen.append((x, moment))
            moment += step
    chosen.sort()
    labels = []
    for index, (_, moment) in enumerate(chosen):
        day = f"{moment:%a %d %b}"
        new_day = index == 0 or chosen[index - 1][1].date() != moment.date()
        if moment.time() == datetime.min.time():
            labels.append(day)
        else:
            labels.append(f"{moment:%H:%M}\n{day}" if new_day else f"{moment:%H:%M}")
    ax.set_xticks([x for x, _ in chosen], labels)
    if page.shortened:
        ax.set_xlabel(
            "UTC; the time line breaks where long quiet stretches are shortened",
            fontsize=7,
            loc="right",
            color="#555555",
        )
    else:
        ax.set_xlabel("UTC", fontsize=7, loc="right", color="#555555")
    ax.spines["bottom"].set_visible(False)
    low, high = ax.get_xlim()
    edges = [low, *(page.x(moment) for start, end, _ in page.shortened for moment in (start, end))]
    edges.append(high)
    for left, right in zip(edges[::2], edges[1::2], strict=True):
        ax.plot(
            [left, right],
            [0, 0],
            color="#333333",
            linewidth=0.8,
            clip_on=False,
            transform=ax.get_xaxis_transform(),
            gid="time axis",
        )


def _dress(ax: Axes, report: SlaReport, lanes: Sequence[_Lane], title: str | None) -> None:
    ax.set_yticks(
        [lane.y for lane in lanes],
        [f"{lane.name}\n{lane.status.target}\n{lane.status.state.value}" for lane in lanes],
    )
    ax.tick_params(axis="y", length=0, labelsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    if title is None:
        named = "" if report.id is None else f"{report.id} · "
        title = f"{named}{report.priority}, at {report.now:%a %d %b %Y %H:%M} UTC"
    if title:
        ax.set_title(title, fontsize=10, loc="left")


def _legend(ax: Axes, shown: set[str]) -> None:
    handles: list[Patch | Line2D] = [
        Patch(
            facecolor=look.color,
            edgecolor=look.edge or look.color,
            hatch=look.hatch,
            alpha=look.alpha,
            label=look.label,
        )
        for kind, look in [*_SPANS.items(), ("other", _OTHER)]
        if kind in shown
    ]
    handles += [
        Line2D(
            [],
            [],
            color=look.color,
            linestyle=look.style,
            linewidth=1.8,
            marker="v" if kind == "event" else "None",
            label=look.label,
        )
        for kind, look in _MARKERS.items()
        if kind in shown
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        ncols=math.ceil(len(handles) / math.ceil(len(handles) / 8)),  # rows of at most 8
        fontsize=8,
        frameon=False,
    )
