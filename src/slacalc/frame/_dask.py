"""``evaluate_dask``: ``evaluate_frame`` partition by partition on a Dask DataFrame.

Each partition is a pandas frame evaluated by ``evaluate_frame``; nothing is
computed differently. Three things are decided once, on the client: the
instant ``now`` (so every partition answers for the same moment), the output
``meta`` (``evaluate_frame`` of the input's empty ``meta``, so the output has
one definition) and the policy, which travels as one task of the graph that
every partition depends on: each worker receives it once and its partitions
share its calendar's compiled year tables.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from slacalc._dependencies import import_optional
from slacalc.errors import TicketTypeError
from slacalc.frame._evaluate import evaluate_frame
from slacalc.policy import Policy, default_policy
from slacalc.schemas import parse_instant

__all__ = ["evaluate_dask"]


def evaluate_dask(  # the column names are keywords with defaults, as for evaluate_frame
    frame: Any,
    *,
    opened: str = "opened_at",
    priority: str = "priority",
    responded: str = "responded_at",
    resolved: str = "resolved_at",
    id: str = "id",  # noqa: A002 - the same keyword as evaluate_frame's
    now: datetime | str | None = None,
    policy: Policy | None = None,
    errors: Literal["coerce", "raise"] = "coerce",
    assume_tz: str | None = None,
) -> Any:
    """Evaluate a Dask DataFrame of tickets lazily: ``evaluate_frame`` on each partition.

    The result is a Dask DataFrame with the columns, dtypes, index and
    divisions ``evaluate_frame`` gives for the same rows in pandas; computing
    it equals ``evaluate_frame(frame.compute(), ...)`` row for row. Tickets
    with events are not supported here (``evaluate_frame``'s ``events``).

    Args:
        frame: a Dask DataFrame of tickets, one per row.
        opened: the opening column (datetimes or ISO 8601 texts).
        priority: the priority column (numbers, digit texts, keys, names, aliases).
        responded: the first response column; missing values or no column: not yet.
        resolved: the resolution column, likewise.
        id: the ticket id column, copied to the result when the input has it.
        now: the instant to evaluate at; defaults to the current time, read
            once here, so every partition uses the same instant.
        policy: the policy; ``None`` is ``slacalc.default_policy()``.
        errors: ``"coerce"`` gives bad rows an ``error`` message and empty
            results; ``"raise"`` makes ``compute()`` raise a bad row's error.
        assume_tz: the zone of naive datetime columns (never assumed).

    Returns:
        A lazy Dask DataFrame of results.

    Raises:
        TicketTypeError: ``frame`` is not a Dask DataFrame.
        InvalidTimestampError: ``now`` is not an instant; a naive column
            without ``assume_tz`` (both found here, before any computing).
        MissingDependencyError: Dask is not installed (the ``dask`` extra).

    Example:
        >>> import dask.dataframe as dd
        >>> import pandas as pd
        >>> tickets = pd.DataFrame({"opened_at": ["2026-11-27T17:00:00Z"] * 4,
        ...                         "priority": ["P1", "P2", "P3", "P9"]})
        >>> result = evaluate_dask(dd.from_pandas(tickets, npartitions=2),
        ...                        now="2026-11-30T09:30:00Z")
        >>> result["response_state"].dtype
        CategoricalDtype(categories=['met', 'breached', 'pending', 'no_target'], ordered=False, categories_dtype=str)
        >>> result["response_state"].compute().tolist()
        ['pending', 'pending', 'pending', nan]
    """  # noqa: E501
    dask = import_optional("dask", extra="dask")
    dd = import_optional("dask.dataframe", extra="dask")
    if not isinstance(frame, dd.DataFrame):
        raise TicketTypeError(
            f"evaluate_dask needs a Dask DataFrame of tickets; got {type(frame).__module__}."
            f"{type(frame).__qualname__}. Use slacalc.frame.evaluate_frame for a pandas or "
            "Polars DataFrame, or dask.dataframe.from_pandas(frame, npartitions=...) first"
        )
    keywords: dict[str, Any] = {
        "opened": opened,
        "priority": priority,
        "responded": responded,
        "resolved": resolved,
        "id": id,
        "now": datetime.now(UTC) if now is None else parse_instant(now, "now"),
        "errors": errors,
        "assume_tz": assume_tz,
    }
    chosen = default_policy() if policy is None else policy
    meta = evaluate_frame(dd.utils.make_meta(frame), policy=chosen, **keywords)
    # One task holds the policy: a literal argument would be pickled into every
    # partition's task and unpickled (validated, its calendar compiled) once each.
    shared = dask.delayed(chosen, pure=True)
    return frame.map_partitions(_evaluate_partition, shared, meta=meta, **keywords)


def _evaluate_partition(partition: Any, policy: Policy, **keywords: Any) -> Any:
    return evaluate_frame(partition, policy=policy, **keywords)
