"""``spark_schema``: the Spark schema of ``evaluate_frame``'s result, for ``mapInPandas``.

The schema is read off ``evaluate_frame``'s result for an empty frame, so it
has the same columns in the same order as every batch's result; each pandas
dtype kind has one Spark type. Spark stores timestamps as UTC instants, so
the due and completion times lose the calendar's zone (not the instant).
"""

from __future__ import annotations

from typing import Any

from slacalc._dependencies import import_optional
from slacalc.errors import TicketTypeError
from slacalc.frame._evaluate import evaluate_frame

__all__ = ["spark_schema"]

# pandas dtype kind -> pyspark.sql.types class name. Datetimes become Spark
# timestamps (UTC instants), durations day-time intervals (microseconds, as
# Spark keeps them), nullable booleans and Int64 their Spark counterparts;
# states (categorical), priorities and errors are strings.
_SPARK_TYPES = {
    "M": "TimestampType",
    "m": "DayTimeIntervalType",
    "f": "DoubleType",
    "b": "BooleanType",
    "i": "LongType",
    "O": "StringType",
}


def spark_schema(tickets: Any, *, id: str = "id") -> Any:  # noqa: A002 - evaluate_frame's keyword
    """The ``StructType`` of ``evaluate_frame``'s result for Spark tickets of schema ``tickets``.

    Pass it to ``DataFrame.mapInPandas`` with a function that yields
    ``evaluate_frame`` of each batch. The ``id`` column, when the tickets
    have one, keeps its Spark type; every other column's type is fixed.

    Args:
        tickets: the tickets' schema (``spark_frame.schema``), a ``StructType``.
        id: the ticket id column, copied to the result when ``tickets`` has it.

    Returns:
        A ``pyspark.sql.types.StructType``.

    Raises:
        TicketTypeError: ``tickets`` is not a ``StructType``.
        MissingDependencyError: PySpark is not installed (the ``spark`` extra).

    Example:
        >>> from pyspark.sql.types import LongType, StringType, StructField, StructType
        >>> tickets = StructType([StructField("id", LongType()),
        ...                       StructField("opened_at", StringType()),
        ...                       StructField("priority", StringType())])
        >>> schema = spark_schema(tickets)
        >>> schema.names[:4]
        ['id', 'priority', 'opened_at', 'response_due']
        >>> schema["id"].dataType, schema["response_due"].dataType
        (LongType(), TimestampType())
    """
    types = import_optional("pyspark.sql.types", extra="spark")
    pd = import_optional("pandas", extra="pandas")
    if not isinstance(tickets, types.StructType):
        raise TicketTypeError(
            f"spark_schema needs the tickets' Spark schema, a StructType; got "
            f"{type(tickets).__module__}.{type(tickets).__qualname__}. Pass "
            "spark_frame.schema"
        )
    empty = pd.DataFrame(
        {name: pd.Series([], dtype=object) for name in ("opened_at", "priority", id)}
    )
    if id not in tickets.names:
        empty = empty.drop(columns=id)
    result = evaluate_frame(empty, id=id, now="2000-01-01T00:00:00Z")
    return types.StructType(
        [
            types.StructField(
                str(name),
                tickets[id].dataType if name == id else getattr(types, _SPARK_TYPES[dtype.kind])(),
                nullable=True,
            )
            for name, dtype in result.dtypes.items()
        ]
    )
