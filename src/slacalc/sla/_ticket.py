"""Tickets as far as their SLA is concerned."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from slacalc._instants import is_missing, to_instant
from slacalc._models import Found, FrozenModel
from slacalc.errors import (
    InvalidTicketError,
    PriorityTypeError,
    SlacalcError,
    TicketTypeError,
)

__all__ = ["OptionalTimestamp", "Priority", "Ticket", "Timestamp"]


def _timestamp(value: Any, info: Any) -> Any:
    """Accept what the calendar accepts (aware datetimes, ISO 8601 with an offset)."""
    name = getattr(info, "field_name", None) or "timestamp"
    to_instant(value, name)  # raises on naive, offset-less, impossible or missing values
    if isinstance(value, str):
        return datetime.fromisoformat(value.strip())
    if type(value) is not datetime:  # pandas' Timestamp and other subclasses: a plain datetime
        return datetime(
            value.year, value.month, value.day, value.hour, value.minute, value.second,
            value.microsecond, value.tzinfo, fold=value.fold,
        )  # fmt: skip
    return value


def _optional_timestamp(value: Any, info: Any) -> Any:
    """A completion time: ``None``, ``pd.NaT`` and ``pd.NA`` all mean "not yet"."""
    return None if is_missing(value) else _timestamp(value, info)


def _priority(value: Any) -> int | str:
    """A tier's number (an integer of any kind) or a text; never a bool or a float."""
    if isinstance(value, str):
        return value
    if not isinstance(value, bool) and hasattr(value, "__index__"):
        return int(value.__index__())
    raise PydanticCustomError(
        "priority_type",
        "a priority is a tier's number or its key, name or an alias, not {kind}",
        {"kind": type(value).__name__},
    )


Timestamp = Annotated[datetime, BeforeValidator(_timestamp)]
OptionalTimestamp = Annotated[datetime | None, BeforeValidator(_optional_timestamp)]
Priority = Annotated[
    int | str,
    PlainValidator(_priority),
    WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string"}]}),
]


class Ticket(FrozenModel):
    """A ticket as far as its SLA is concerned: when it opened, its priority, and the two events.

    Example:
        >>> Ticket(opened_at="2026-11-27T17:00:00Z", priority="P1").opened_at
        datetime.datetime(2026, 11, 27, 17, 0, tzinfo=datetime.timezone.utc)
        >>> Ticket(opened_at="2026-11-27 17:00", priority=1)
        Traceback (most recent call last):
        ...
        slacalc.errors.InvalidTimestampError: invalid Ticket: 1 problem
          opened_at: opened_at must carry a UTC offset, ...
    """

    opened_at: Timestamp
    priority: Priority
    responded_at: OptionalTimestamp = None
    resolved_at: OptionalTimestamp = None

    @classmethod
    def _error_for(cls, found: tuple[Found, ...]) -> type[SlacalcError]:
        if not found:
            return InvalidTicketError
        first = found[0]
        if first.cause is not None and issubclass(first.cause, SlacalcError):
            return first.cause  # a bad timestamp: InvalidTimestampError, OutOfRangeError
        if first.problem.path == "priority" and first.wrong_type:
            return PriorityTypeError
        return TicketTypeError if first.wrong_type else InvalidTicketError
