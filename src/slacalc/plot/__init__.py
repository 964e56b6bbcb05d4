"""Plots of slacalc results with matplotlib: one ticket's timeline, and charts of ticket tables.

``timeline`` draws a report's response and resolution as two lanes over time
(long quiet stretches shortened): the open time that counted, the closed
calendar (holidays by name), pauses, time between resolution cycles and time
thrown away by a restart, with markers for the due instants, the warning
thresholds, completions, reopenings, priority changes and ``now``.

``compliance_over_time`` and ``response_distribution`` chart what
``slacalc.frame.evaluate_frame`` returned: the share of targets met per
priority over time, and the time to completion per priority against the
tier's target.

matplotlib is the optional extra ``plot``: importing this module does not
need it, and each function without it raises ``MissingDependencyError`` with
the install hint (``pip install 'slacalc[plot]'``). The drawing uses
matplotlib's object-oriented API only (no ``pyplot`` state), so it works
headless and from several threads at once.

Example:
    >>> import slacalc
    >>> from slacalc.plot import timeline
    >>> ticket = slacalc.Ticket(opened_at="2026-12-24T17:00:00Z", priority="P1")
    >>> figure = timeline(slacalc.evaluate(ticket, now="2026-12-29T09:30:00Z"))
    >>> [line.get_label() for line in figure.axes[0].get_lines() if line.get_gid() == "due"]
    ['2026-12-29T10:00:00+00:00', '2026-12-29T12:00:00+00:00']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slacalc._dependencies import import_optional
from slacalc._public import publish

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from slacalc.policy import Policy
    from slacalc.sla import SlaReport

__all__ = ["compliance_over_time", "response_distribution", "timeline"]


def timeline(
    report: SlaReport,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    policy: Policy | None = None,
) -> Figure:
    """Draw one ticket's timeline: its response and resolution, lane by lane.

    Each lane tiles the target's ``segments()`` from opening to the due
    instant: counted open time, closed calendar (hatched grey, holidays
    named where the name fits), pauses, time between resolution cycles
    ("resolved") and time before a restart or a new cycle ("discarded").
    Past a due instant a breached target shows its overdue time. Vertical
    markers show the due instants (one per resolution cycle), the instants
    at which the counted time reaches each warning threshold of the policy,
    completions, reopenings, priority changes and ``now``. What lies after a
    target's completion, or after ``now``, is drawn lighter: the segments
    run on to the due instant, which is then a projection. Times are UTC.

    Every artist drawn carries a ``gid`` naming what it shows (``"counted"``,
    ``"closed"``, ``"paused"``, ``"resolved"``, ``"discarded"``, ``"overdue"``,
    ``"due"``, ``"warning"``, ``"completed"``, ``"reopened"``, ``"event"``
    (a priority change), ``"now"``, ``"time axis"``; texts: ``"holiday"``,
    ``"due label"``, ``"warning label"``, ``"event label"``), so a caller can
    find and restyle them; a marker's label is its instant in ISO 8601.

    The x axis is real time with long quiet stretches shortened and the time
    line broken there: time in which every lane is closed or already done
    and no marker stands. Positions are the plot's own, not matplotlib dates.

    Args:
        report: the result of ``slacalc.evaluate``.
        ax: the axes to draw into; ``None`` makes a new figure.
        title: the axes' title; ``None`` names the ticket, its priority and
            ``now``, and ``""`` leaves it out.
        policy: the policy ``report`` was evaluated with, for its warning
            thresholds; ``None`` is the built-in policy.

    Returns:
        The figure drawn into (the one holding ``ax`` when given).

    Raises:
        MissingDependencyError: matplotlib is not installed
            (``pip install 'slacalc[plot]'``).
        InvalidTicketError: ``report`` was read back from data, which does
            not keep the segments; evaluate the ticket again.

    Example:
        >>> import io
        >>> import slacalc
        >>> ticket = slacalc.Ticket(
        ...     opened_at="2026-12-24T17:00:00Z", priority="P1",
        ...     events=[{"type": "paused", "at": "2026-12-29T09:30:00Z"},
        ...             {"type": "resumed", "at": "2026-12-29T11:00:00Z"}])
        >>> report = slacalc.evaluate(ticket, now="2026-12-29T12:00:00Z")
        >>> figure = timeline(report)
        >>> sum(line.get_gid() == "due" for line in figure.axes[0].get_lines())
        2
        >>> png = io.BytesIO()
        >>> figure.savefig(png, format="png")
        >>> png.getvalue()[1:4]
        b'PNG'
    """
    import_optional("matplotlib", extra="plot")
    from slacalc.plot._timeline import draw_timeline  # noqa: PLC0415 - matplotlib once asked for

    return draw_timeline(report, ax=ax, title=title, policy=policy)


def compliance_over_time(
    result: Any, *, period: str = "month", target: str = "resolution", ax: Axes | None = None
) -> Figure:
    """Draw the share of targets met per priority and period of opening: one line per priority.

    The shares are ``slacalc.report.compliance(result, by=["priority",
    period])``'s ``<target>_met_share``: met over the targets with a time
    target (met + breached + pending), per period of the opening instant in
    the policy's zone. The x axis holds every period from the first opening
    to the last, so a period without tickets is a gap in the lines, not a
    step skipped. A priority without a time target for ``target`` (the
    built-in P4's resolution) has no line. Each line's ``gid`` is
    ``"met share"`` and its label the priority.

    Args:
        result: what ``slacalc.frame.evaluate_frame`` returned, pandas or Polars.
        period: ``"day"``, ``"week"``, ``"month"``, ``"quarter"`` or ``"year"``.
        target: ``"resolution"`` or ``"response"``.
        ax: the axes to draw into; ``None`` makes a new figure.

    Returns:
        The figure drawn into (the one holding ``ax`` when given).

    Raises:
        MissingDependencyError: matplotlib is not installed
            (``pip install 'slacalc[plot]'``).
        ReportError: an unknown ``period`` or ``target``, or a result
            without the columns compliance reads.

    Example:
        >>> import pandas as pd
        >>> from slacalc.frame import evaluate_frame
        >>> tickets = pd.DataFrame({
        ...     "opened_at": ["2026-10-05T09:00:00Z", "2026-12-01T09:00:00Z"],
        ...     "priority": ["P1", "P1"],
        ...     "resolved_at": ["2026-10-05T12:00:00Z", "2026-12-01T15:00:00Z"]})
        >>> figure = compliance_over_time(evaluate_frame(tickets, now="2026-12-02T00:00:00Z"))
        >>> [(line.get_label(), line.get_ydata().tolist()) for line in figure.axes[0].get_lines()]
        [('P1', [1.0, nan, 0.0])]
    """
    import_optional("matplotlib", extra="plot")
    from slacalc.plot._charts import draw_compliance_over_time  # noqa: PLC0415 - matplotlib once asked for

    return draw_compliance_over_time(result, period=period, target=target, ax=ax)


def response_distribution(
    result: Any,
    *,
    policy: Policy | None = None,
    target: str = "response",
    ax: Axes | None = None,
) -> Figure:
    """Draw the time to completion per priority, as boxes and points, against each tier's target.

    For each priority of ``result`` (the policy's tiers in order, then any
    other), the ``<target>_elapsed`` of the completed targets (a
    ``_completed_at``, no ``error``) in hours: a box (quartiles, whiskers at
    1.5 times the spread between them) and, up to 300 tickets, one point
    each (``gid="tickets"``). The box's lines carry ``gid`` ``"median"``,
    ``"box"``, ``"whisker"`` and ``"cap"`` and the priority as their label;
    a dashed line (``gid="target"``, labelled with the priority) marks
    the tier's fixed allowance: its business time (``"2 business hours"``;
    business days times the business day) or real time (``"24 hours"``,
    counted in real time by the evaluation too). Targets without a fixed
    allowance (no time target, end of business day, calendar days) have no
    line.

    Args:
        result: what ``slacalc.frame.evaluate_frame`` returned, pandas or Polars.
        policy: the policy ``result`` was evaluated with, for the targets;
            ``None`` is the built-in policy.
        target: ``"response"`` or ``"resolution"``.
        ax: the axes to draw into; ``None`` makes a new figure.

    Returns:
        The figure drawn into (the one holding ``ax`` when given).

    Raises:
        MissingDependencyError: matplotlib is not installed
            (``pip install 'slacalc[plot]'``).
        ReportError: an unknown ``target``, or a result without the columns
            it reads.

    Example:
        >>> import pandas as pd
        >>> from slacalc.frame import evaluate_frame
        >>> tickets = pd.DataFrame({
        ...     "opened_at": ["2026-12-01T09:00:00Z", "2026-12-01T09:00:00Z"],
        ...     "priority": ["P1", "P3"],
        ...     "responded_at": ["2026-12-01T10:00:00Z", "2026-12-02T09:00:00Z"]})
        >>> figure = response_distribution(evaluate_frame(tickets, now="2026-12-03T00:00:00Z"))
        >>> [(line.get_label(), float(line.get_ydata()[0]))
        ...  for line in figure.axes[0].get_lines() if line.get_gid() == "target"]
        [('P1', 2.0), ('P3', 18.0)]
    """
    import_optional("matplotlib", extra="plot")
    from slacalc.plot._charts import draw_response_distribution  # noqa: PLC0415 - matplotlib once asked for

    return draw_response_distribution(result, policy=policy, target=target, ax=ax)


publish(__name__, __all__, globals())
