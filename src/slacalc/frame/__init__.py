"""Ticket tables evaluated in one call: pandas and Polars DataFrames.

Needs the ``pandas`` or ``polars`` extra; ``import slacalc`` never imports this package.

Needs the ``pandas`` or ``polars`` extra; ``import slacalc`` never imports this package.

Example:
    >>> import pandas as pd
    >>> from slacalc.frame import evaluate_frame
    >>> tickets = pd.DataFrame({"opened_at": ["2026-11-27T17:00:00Z"], "priority": [2]})
    >>> evaluate_frame(tickets, now="2026-11-30T09:30:00Z")["response_state"].tolist()
    ['pending']
"""

from slacalc._public import publish
from slacalc.frame._evaluate import evaluate_frame

__all__ = ["evaluate_frame"]

publish(__name__, __all__, globals())
