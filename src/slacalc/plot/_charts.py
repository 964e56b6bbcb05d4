"""Charts of ticket tables in matplotlib: compliance over time, and times against targets.

This module imports matplotlib; ``slacalc.plot`` imports it only once
matplotlib is known to be there. Both charts read what
``slacalc.frame.evaluate_frame`` returned; the compliance chart asks
``slacalc.report.compliance`` for its numbers rather than grouping again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from slacalc._dependencies import import_optional
from slacalc.errors import ReportError
from slacalc.policy import Policy, default_policy
from slacalc.policy._rules import BusinessTime, RealTime
from slacalc.report import PERIODS, compliance
from slacalc.report._input import TARGETS, as_pandas, check_columns
from slacalc.report._periods import period_of_label, period_range

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["draw_compliance_over_time", "draw_response_distribution", "target_allowance"]

_HOUR: Final = timedelta(hours=1)
_MOST_TICKS: Final = 12  # period labels shown on the x axis; the others are thinned out
_MOST_POINTS: Final = 300  # per priority; more are summarised by the box alone
_TARGET_COLOR: Final = "#d62728"
_BOX_HALF_WIDTH: Final = 0.3
_TARGET_HALF_WIDTH: Final = 0.4
_BOX_PARTS: Final = {"boxes": "box", "medians": "median", "whiskers": "whisker", "caps": "cap"}


def _checked_target(target: str) -> str:
    if target not in TARGETS:
        raise ReportError(f"target must be 'response' or 'resolution'; got {target!r}")
    return target


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is None:
        figure = Figure(figsize=size, layout="constrained")
        return figure, figure.add_subplot()
    return ax.figure.figure, ax  # the figure, even when ax sits in a subfigure


def draw_compliance_over_time(result: Any, *, period: str, target: str, ax: Axes | None) -> Figure:
    """Draw the met share per priority per period; see ``slacalc.plot.compliance_over_time``."""
    target = _checked_target(target)
    if period not in PERIODS:
        raise ReportError(f"period must be one of {', '.join(PERIODS)}; got {period!r}")
    if period in list(getattr(result, "columns", ())):  # pandas and Polars alike
        raise ReportError(
            f"the result has a column named {period!r}, which would stand for the {period} of "
            "opening; drop or rename it to chart compliance over time"
        )
    report = compliance(result, by=["priority", period])
    table = report.frame
    figure, ax = _new_axes(ax, (9, 4.5))
    known = table[period].dropna()
    labels = (
        period_range(
            period,
            period_of_label(period, str(known.min())),
            period_of_label(period, str(known.max())),
        )
        if len(known)
        else []
    )
    position = {label: index for index, label in enumerate(labels)}
    np = import_optional("numpy", extra="numpy")
    for priority in table["priority"].dropna().unique():
        rows = table[(table["priority"] == priority) & table[period].notna()]
        if not rows[f"{target}_with_target"].any():
            continue  # no time target for this priority: nothing to share
        shares = np.full(len(labels), np.nan)
        for label, share in zip(rows[period], rows[f"{target}_met_share"], strict=True):
            shares[position[label]] = share
        ax.plot(range(len(labels)), shares, marker="o", label=str(priority), gid="met share")
    step = max(1, -(-len(labels) // _MOST_TICKS))  # ceiling division
    ax.set_xticks(range(0, len(labels), step), labels[::step])
    if len(labels) > _MOST_TICKS // 2:
        ax.tick_params(axis="x", labelrotation=45)
    ax.set_xlim(-0.5, max(len(labels) - 0.5, 0.5))
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.grid(axis="y", alpha=0.3)
    zone = f" ({report.zone})" if report.zone else ""
    ax.set_title(f"{target.capitalize()} met per priority, by {period} of opening{zone}")
    ax.set_xlabel(f"{period} of opening")
    ax.set_ylabel("met of the targets with a time target")
    if ax.get_lines():
        ax.legend(title="priority", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return figure


def target_allowance(policy: Policy, priority: str, target: str) -> timedelta | None:
    """A tier's fixed allowance for ``target``, or ``None`` when it has none.

    Business-time targets (``2 business hours``, ``2 business days`` when
    days are elapsed) and real-time ones (``24 hours``) allow the same time
    from any opening; end-of-day, calendar-day and no targets do not.

    Example:
        >>> from slacalc.policy import default_policy
        >>> target_allowance(default_policy(), "P3", "response")  # 2 business days of 9 hours
        datetime.timedelta(seconds=64800)
        >>> print(target_allowance(default_policy(), "P4", "resolution"))
        None
    """
    plan = policy._plan(priority)  # noqa: SLF001 - the compiled rule is the one answer
    rule = plan.response if target == "response" else plan.resolution
    if isinstance(rule, BusinessTime | RealTime):
        return rule.duration
    return None


def draw_response_distribution(
    result: Any, *, policy: Policy | None, target: str, ax: Axes | None
) -> Figure:
    """Draw times to completion per priority; see ``slacalc.plot.response_distribution``."""
    np = import_optional("numpy", extra="numpy")
    pd = import_optional("pandas", extra="pandas")
    target = _checked_target(target)
    chosen = default_policy() if policy is None else policy
    table = as_pandas(result)
    check_columns(table, ("priority",))
    good = pd.isna(table["error"]).to_numpy(dtype=bool)
    completed = good & table[f"{target}_completed_at"].notna().to_numpy(dtype=bool)
    priorities = table["priority"].to_numpy(dtype=object, na_value=None)
    hours = table[f"{target}_elapsed"].to_numpy(dtype="timedelta64[us]") / np.timedelta64(1, "h")
    present = {str(value) for value in priorities[good] if value is not None}
    tier_keys = [tier.key for tier in chosen.tiers]
    shown = [key for key in tier_keys if key in present] + sorted(present - set(tier_keys))
    figure, ax = _new_axes(ax, (9, 4.5))
    tick_labels = []
    for position, key in enumerate(shown):
        values = hours[completed & (priorities == key)]
        tick_labels.append(f"{key}\n({len(values)} completed)")
        if len(values):
            artists = ax.boxplot(
                [values],
                positions=[position],
                widths=2 * _BOX_HALF_WIDTH,
                showfliers=False,
                manage_ticks=False,
                medianprops={"color": "#1b7a2f", "linewidth": 1.6},
            )
            for kind, drawn in artists.items():
                for artist in drawn:
                    artist.set_gid(_BOX_PARTS.get(kind, kind))
                    artist.set_label(key)
        if 0 < len(values) <= _MOST_POINTS:
            # Spread evenly across the box, in a fixed order, so the picture is reproducible.
            spread = (np.arange(len(values)) * 0.618034) % 1.0
            ax.scatter(
                position + (spread - 0.5) * 2 * _BOX_HALF_WIDTH * 0.8,
                values,
                s=10,
                alpha=0.5,
                color="#3b75af",
                gid="tickets",
                zorder=1,
            )
        allowance = target_allowance(chosen, key, target) if key in tier_keys else None
        if allowance is not None:
            level = allowance / _HOUR
            ax.plot(
                [position - _TARGET_HALF_WIDTH, position + _TARGET_HALF_WIDTH],
                [level, level],
                color=_TARGET_COLOR,
                linestyle="--",
                linewidth=1.6,
                gid="target",
                label=key,
                zorder=3,
            )
            ax.annotate(
                getattr(chosen.tier(key), target).spelling,
                (position - _TARGET_HALF_WIDTH, level),
                xytext=(0, 2),
                textcoords="offset points",
                horizontalalignment="left",
                verticalalignment="bottom",
                fontsize="x-small",
                color=_TARGET_COLOR,
                gid="target label",
                zorder=4,
                bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1},
            )
    ax.set_xticks(range(len(shown)), tick_labels)
    ax.set_xlim(-0.6, max(len(shown) - 0.4, 0.4))
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(f"Time to {target} per priority, against each tier's target (dashed)")
    real = any(
        isinstance(getattr(chosen._plan(key), target), RealTime)  # noqa: SLF001
        for key in shown
        if key in tier_keys
    )
    unit = "hours: real time for hours targets, else business" if real else "business hours"
    ax.set_ylabel(f"time to {target} ({unit})")
    return figure
