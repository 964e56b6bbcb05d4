"""Plots of slacalc results with matplotlib: one ticket's timeline.

``timeline`` draws a report's response and resolution as two lanes over time
(long quiet stretches shortened): the open time that counted, the closed
calendar (holidays by name), pauses, time between resolution cycles and time
thrown away by a restart, with markers for the due instants, the warning
thresholds, completions, reopenings, priority changes and ``now``.

matplotlib is the optional extra ``plot``: importing this module does not
need it, and ``timeline`` without it raises ``MissingDependencyError`` with
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

from typing import TYPE_CHECKING

from slacalc._dependencies import import_optional
from slacalc._public import publish

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from slacalc.policy import Policy
    from slacalc.sla import SlaReport

__all__ = ["timeline"]


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


publish(__name__, __all__, globals())
