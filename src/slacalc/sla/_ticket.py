"""Tickets as far as their SLA is concerned."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    JsonValue,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from slacalc._instants import is_missing, to_instant
from slacalc._models import Found, FrozenModel, hashable
from slacalc.errors import (
    InvalidTicketError,
    PriorityTypeError,
    Problem,
    SlacalcError,
    TicketTypeError,
)

__all__ = ["Event", "EventType", "OptionalTimestamp", "Priority", "Ticket", "Timestamp"]


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


def _ticket_error(found: tuple[Found, ...]) -> type[SlacalcError]:
    if not found:
        return InvalidTicketError
    first = found[0]
    # A priority of the wrong type, the ticket's or an event's new one ("events[0].to").
    if first.wrong_type and first.problem.path.rpartition(".")[2] in {"priority", "to"}:
        return PriorityTypeError
    if first.cause is not None and issubclass(first.cause, SlacalcError):
        return first.cause  # a bad timestamp: InvalidTimestampError, OutOfRangeError
    return TicketTypeError if first.wrong_type else InvalidTicketError


def _event_error(found: tuple[Found, ...]) -> type[SlacalcError]:
    """``_ticket_error`` without ``PriorityTypeError``, which is no ``ValueError``.

    An event is validated inside its ticket, where only a ``ValueError``
    becomes one of the ticket's problems; the ticket then names the class.
    """
    error = _ticket_error(found)
    return TicketTypeError if error is PriorityTypeError else error


ErrorClass = type[SlacalcError]  # a name of its own: ``Event.type`` shadows ``type`` in its body


class EventType(StrEnum):
    """What can happen to a ticket after it opened.

    Example:
        >>> EventType("paused") is EventType.PAUSED
        True
    """

    RESPONDED = "responded"
    """A response to the customer; the first one completes the response target."""
    RESOLVED = "resolved"
    """The ticket was resolved; completes the current resolution cycle (and ends a pause)."""
    REOPENED = "reopened"
    """A resolved ticket was opened again; a new resolution cycle starts."""
    PAUSED = "paused"
    """Waiting on the customer or a third party: the clocks the policy names stop."""
    RESUMED = "resumed"
    """The wait is over: stopped clocks run again."""
    PRIORITY_CHANGED = "priority_changed"
    """The ticket moved to another tier (``to``)."""


class Event(FrozenModel):
    """One thing that happened to a ticket, at an instant.

    ``to`` is the new priority of a ``priority_changed`` event, and only of one.

    Example:
        >>> Event(type="priority_changed", at="2026-11-27T12:00:00Z", to="P1").to
        'P1'
        >>> Event(type="paused", at="2026-11-27T12:00:00Z", to="P1")
        Traceback (most recent call last):
        ...
        slacalc.errors.InvalidTicketError: invalid Event: 1 problem
          to: only a priority_changed event has a 'to' priority; leave it out (got 'P1')
    """

    type: EventType
    at: Timestamp
    to: Priority | None = None
    # ``at`` as an instant, kept by validation for the evaluation's hot path; a
    # slot, not a field (copies and unpickled events compute it again on use).
    __slots__ = ("_instant",)
    if TYPE_CHECKING:
        _instant: int

    @property
    def instant(self) -> int:
        """``at`` in microseconds since the epoch (UTC)."""
        try:
            return self._instant
        except AttributeError:  # a copy or an unpickled event: validation did not run
            instant = to_instant(self.at, "at")
            object.__setattr__(self, "_instant", instant)
            return instant

    @model_validator(mode="after")
    def _to_only_for_priority_changes(self) -> Event:
        object.__setattr__(self, "_instant", to_instant(self.at, "at"))
        if self.type is EventType.PRIORITY_CHANGED and self.to is None:
            raise _field_problem("to", "a priority_changed event needs 'to': the new priority")
        if self.type is not EventType.PRIORITY_CHANGED and self.to is not None:
            raise _field_problem(
                "to", "only a priority_changed event has a 'to' priority; leave it out", self.to
            )
        return self

    @classmethod
    def _error_for(cls, found: tuple[Found, ...]) -> ErrorClass:
        return _event_error(found)

    def __repr__(self) -> str:
        to = "" if self.to is None else f", to={self.to!r}"
        return f"Event(type={self.type.value!r}, at={self.at.isoformat()}{to})"


def _field_problem(path: str, message: str, value: object = None) -> InvalidTicketError:
    return InvalidTicketError(message, (Problem(path, message, value),))


class Ticket(FrozenModel):
    """A ticket as far as its SLA is concerned: when it opened, its priority, and what happened.

    ``events`` may come in any order; ``evaluate`` sorts them by instant and
    checks that they describe a possible history (``TimelineError``
    otherwise). ``responded_at`` and ``resolved_at`` are shortcuts for the
    first ``responded`` and ``resolved`` event. ``id`` and ``metadata``
    (any JSON values) are carried into the report untouched.

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
    id: str | None = None
    metadata: dict[str, JsonValue] = Field(default_factory=dict)
    events: tuple[Event, ...] = ()

    @classmethod
    def _error_for(cls, found: tuple[Found, ...]) -> type[SlacalcError]:
        return _ticket_error(found)

    def __hash__(self) -> int:  # metadata holds JSON values: dicts and lists hash as tuples
        return hash((type(self), *map(hashable, self.__dict__.values())))
