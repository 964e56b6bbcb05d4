"""Ticket tables evaluated in one call: pandas, Polars and Dask DataFrames, and Spark's schema.

Needs the ``pandas`` or ``polars`` extra (``dask`` for ``evaluate_dask``,
``spark`` for ``spark_schema``); ``import slacalc`` never imports this package.

Example:
    >>> import pandas as pd
    >>> from slacalc.frame import evaluate_frame
    >>> tickets = pd.DataFrame({"opened_at": ["2026-11-27T17:00:00Z"], "priority": [2]})
    >>> evaluate_frame(tickets, now="2026-11-30T09:30:00Z")["response_state"].tolist()
    ['pending']
"""

from slacalc._public import publish
from slacalc.frame._dask import evaluate_dask
from slacalc.frame._evaluate import evaluate_frame
from slacalc.frame._spark import spark_schema

__all__ = ["evaluate_dask", "evaluate_frame", "spark_schema"]

publish(__name__, __all__, globals())
