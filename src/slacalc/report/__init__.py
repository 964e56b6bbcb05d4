"""Compliance reports of ticket tables: per group how many targets were met, and how fast.

``compliance`` summarises what ``slacalc.frame.evaluate_frame`` returned, per
priority, per period of opening or per any column: the counts and shares of
met, breached, pending and no target, and the median and 90th percentile
time to response and to resolution. ``compare`` evaluates the same tickets
under two policies and shows both tables side by side, with the tickets
whose state changes. Both need the ``pandas`` extra (a Polars result is read
without pyarrow); ``import slacalc`` never imports this package.

Example:
    >>> import pandas as pd
    >>> from slacalc.frame import evaluate_frame
    >>> from slacalc.report import compliance
    >>> tickets = pd.DataFrame({"opened_at": ["2026-11-27T17:00:00Z", "2026-11-30T09:00:00Z"],
    ...                         "priority": ["P1", "P1"],
    ...                         "responded_at": ["2026-11-30T09:30:00Z", "2026-11-30T12:00:00Z"]})
    >>> report = compliance(evaluate_frame(tickets, now="2026-12-01T12:00:00Z"))
    >>> report.frame[["priority", "response_met", "response_breached", "response_median"]]
      priority  response_met  response_breached response_median
    0       P1             1                  1 0 days 02:15:00
"""

from slacalc._public import publish
from slacalc.report._compare import Comparison, compare
from slacalc.report._compliance import Compliance, compliance
from slacalc.report._periods import PERIODS

__all__ = [
    "PERIODS",
    "Comparison",
    "Compliance",
    "compare",
    "compliance",
]

publish(__name__, __all__, globals())
