"""The JSON records of tickets and results, and their JSON Schemas.

One contract for every way in and out that is not Python: the command line
(CSV, JSON Lines, JSON), the HTTP service, and anyone who stores results.

- A **ticket record** is a ticket's fields (``opened_at``, ``priority``,
  ``responded_at``, ``resolved_at``) and an optional ``id`` that is echoed
  in the result. Unknown fields are refused, so a misspelt ``resolved_on``
  never silently drops a completion.
- A **result record** gives, for the response and the resolution, the
  state (``met``, ``breached``, ``pending`` or ``no_target``), the due
  instant and every duration twice: in seconds (a number) and in ISO 8601
  (``PT2H``, ``-PT15M``). Instants are ISO 8601 with their offset.
- An **error record** stands in for a result when a record is bad:
  ``{"line": n, "id": ..., "error": {"type": ..., "message": ..., "problems": [...]}}``
  with the same ``Problem`` records as ``SlacalcError.problems``.

Example:
    >>> from slacalc.schemas import evaluate_record
    >>> result = evaluate_record(
    ...     {"id": "T-1", "opened_at": "2026-11-27T17:00:00Z", "priority": "P1"},
    ...     now="2026-11-30T09:30:00Z",
    ... )
    >>> result["id"], result["response"]["state"], result["response"]["due"]
    ('T-1', 'pending', '2026-11-30T10:00:00+00:00')
    >>> result["response"]["remaining_seconds"], result["response"]["remaining"]
    (1800.0, 'PT30M')
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Final

from slacalc._instants import (
    MICROS_PER_SECOND,
    from_instant,
    iso_duration,
    to_instant,
    to_microseconds,
)
from slacalc._models import Found, FrozenModel
from slacalc._public import publish
from slacalc.calendar._definition import load_zone
from slacalc.errors import InvalidTicketError, Problem, SlacalcError, TicketTypeError
from slacalc.policy import Policy, default_policy
from slacalc.sla import TargetState, TargetStatus, Ticket, evaluate, resolution_due, response_due

__all__ = [
    "DueRecord",
    "ResultRecord",
    "TargetRecord",
    "TicketRecord",
    "due_record",
    "due_schema",
    "error_record",
    "evaluate_record",
    "iso_duration",
    "parse_instant",
    "parse_zone",
    "result_schema",
    "ticket_schema",
]

publish(__name__, ["iso_duration"], globals())  # written in the base layer, shown here

_SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"


class TicketRecord(Ticket):
    """A ticket as a JSON record: the ``Ticket`` fields and an optional ``id``.

    Example:
        >>> TicketRecord.model_validate(
        ...     {"id": 7, "opened_at": "2026-11-27T17:00:00Z", "priority": 2}).id
        7
    """

    id: str | int | None = None  # type: ignore[assignment]  # records also echo numbers

    def ticket(self) -> Ticket:
        """The ticket, its ``id`` as text."""
        fields = dict(self.__dict__)
        if isinstance(self.id, int):
            fields["id"] = str(self.id)
        return Ticket.model_construct(**fields)


class _Record(FrozenModel):
    """Result, target and due records: frozen, read back with slacalc's errors."""

    @classmethod
    def _error_for(cls, found: tuple[Found, ...]) -> type[SlacalcError]:
        return TicketTypeError if found and found[0].wrong_type else InvalidTicketError


class TargetRecord(_Record):
    """One target of a result: its state, due instant and durations.

    Durations are given in seconds (``*_seconds``) and in ISO 8601.

    Example:
        >>> sorted(TargetRecord.model_fields)[:4]
        ['breached', 'completed_at', 'due', 'elapsed']
    """

    state: TargetState
    target: str
    due: str | None
    completed_at: str | None
    elapsed_seconds: float
    elapsed: str
    remaining_seconds: float | None
    remaining: str | None
    fraction_used: float | None
    overdue_by_seconds: float | None
    overdue_by: str | None
    breached: bool


class ResultRecord(_Record):
    """The result of one ticket record at one ``now``.

    Example:
        >>> sorted(ResultRecord.model_fields)
        ['breached', 'id', 'now', 'opened_at', 'priority', 'resolution', 'response']
    """

    id: str | int | None = None
    priority: str
    opened_at: str
    now: str
    breached: bool
    response: TargetRecord
    resolution: TargetRecord


class DueRecord(_Record):
    """When the response and the resolution of a ticket are due.

    Example:
        >>> sorted(DueRecord.model_fields)
        ['id', 'opened_at', 'priority', 'resolution_due', 'response_due']
    """

    id: str | int | None = None
    priority: str
    opened_at: str
    response_due: str | None
    resolution_due: str | None


def _seconds(delta: timedelta | None) -> float | None:
    return None if delta is None else to_microseconds(delta) / MICROS_PER_SECOND


def _instant(moment: datetime | None, zone: tzinfo | None) -> str | None:
    if moment is None:
        return None
    return (moment if zone is None else moment.astimezone(zone)).isoformat()


def _target(status: TargetStatus, zone: tzinfo | None) -> TargetRecord:
    return TargetRecord(
        state=status.state,
        target=status.target,
        due=_instant(status.due, zone),
        completed_at=_instant(status.completed_at, zone),
        elapsed_seconds=to_microseconds(status.elapsed) / MICROS_PER_SECOND,
        elapsed=iso_duration(status.elapsed),
        remaining_seconds=_seconds(status.remaining),
        remaining=None if status.remaining is None else iso_duration(status.remaining),
        fraction_used=status.fraction_used,
        overdue_by_seconds=_seconds(status.overdue_by),
        overdue_by=None if status.overdue_by is None else iso_duration(status.overdue_by),
        breached=status.breached,
    )


def parse_instant(value: datetime | str, name: str) -> datetime:
    """Read an instant as the library does, for an adapter's argument ``name`` (in UTC).

    Raises:
        InvalidTimestampError: naive, unparsable or missing; the message names ``name``.

    Example:
        >>> parse_instant("2026-11-27T18:00+01:00", "--now").isoformat()
        '2026-11-27T17:00:00+00:00'
    """
    return from_instant(to_instant(value, name), UTC)


def parse_zone(name: str) -> tzinfo:
    """The zone to show instants in: an IANA name, ``GMT`` or ``UTC``.

    Raises:
        CalendarError: not such a name.

    Example:
        >>> parse_zone("Europe/London")
        zoneinfo.ZoneInfo(key='Europe/London')
    """
    return load_zone(name)


def _zone(zone: str | tzinfo | None) -> tzinfo | None:
    return parse_zone(zone) if isinstance(zone, str) else zone


def evaluate_record(
    record: TicketRecord | Mapping[str, Any],
    *,
    now: datetime | str | None = None,
    policy: Policy | None = None,
    zone: str | tzinfo | None = None,
) -> dict[str, Any]:
    """Evaluate one ticket record and return its result record as JSON-compatible data.

    Args:
        record: a ``TicketRecord`` or a mapping of its fields.
        now: the instant to evaluate at; defaults to the current time.
        policy: the policy; ``None`` is ``slacalc.default_policy()``.
        zone: show instants in this zone (a name or a tzinfo) instead of the
            calendar's.

    Raises:
        SlacalcError: the record is bad (``InvalidTicketError``,
            ``InvalidTimestampError``, ``UnknownPriorityError``, ...), with
            ``problems``.

    Example:
        >>> evaluate_record({"opened_at": "2026-11-27T17:00:00Z", "priority": 4},
        ...                 now="2026-12-01T00:00:00Z")["resolution"]["state"]
        'no_target'
    """
    ticket = TicketRecord.coerce(record)
    shown = _zone(zone)
    report = evaluate(ticket.ticket(), now=datetime.now(UTC) if now is None else now, policy=policy)
    result = ResultRecord(
        id=ticket.id,
        priority=report.priority,
        opened_at=_instant(report.opened_at, shown) or "",
        now=_instant(report.now, shown) or "",
        breached=report.breached,
        response=_target(report.response, shown),
        resolution=_target(report.resolution, shown),
    )
    return result.model_dump(mode="json")


def due_record(
    opened_at: datetime | str,
    priority: int | str,
    *,
    policy: Policy | None = None,
    zone: str | tzinfo | None = None,
    record_id: str | int | None = None,
) -> dict[str, Any]:
    """Return when a ticket's response and resolution are due, as a due record.

    Example:
        >>> due_record("2026-11-27T17:00:00Z", 2)["resolution_due"]
        '2026-12-15T17:00:00+00:00'
    """
    chosen = default_policy() if policy is None else policy
    shown = _zone(zone)
    tier = chosen.tier(priority)
    opened = from_instant(to_instant(opened_at, "opened_at"), chosen.calendar.zone)
    return DueRecord(
        id=record_id,
        priority=tier.key,
        opened_at=_instant(opened, shown) or "",
        response_due=_instant(response_due(opened_at, priority, policy=chosen), shown),
        resolution_due=_instant(resolution_due(opened_at, priority, policy=chosen), shown),
    ).model_dump(mode="json")


def error_record(
    error: SlacalcError, *, line: int | None = None, record_id: str | int | None = None
) -> dict[str, Any]:
    """Return the record that stands in for a result when a record is bad.

    Example:
        >>> from slacalc import InvalidTicketError
        >>> error_record(InvalidTicketError("bad", ()), line=3)
        {'line': 3, 'error': {'type': 'InvalidTicketError', 'message': 'bad', 'problems': [{'path': '', 'message': 'bad', 'input': None}]}}
    """  # noqa: E501
    problems = error.problems or (Problem("", str(error)),)
    record: dict[str, Any] = {}
    if line is not None:
        record["line"] = line
    if record_id is not None:
        record["id"] = record_id
    record["error"] = {
        "type": type(error).__name__,
        "message": str(error),
        "problems": [problem.to_dict() for problem in problems],
    }
    return record


_ERROR_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "line": {"type": "integer", "minimum": 1},
        "id": {"type": ["string", "integer"]},
        "error": {
            "type": "object",
            "required": ["type", "message", "problems"],
            "properties": {
                "type": {"type": "string"},
                "message": {"type": "string"},
                "problems": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["path", "message", "input"],
                        "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
                    },
                },
            },
        },
    },
    "additionalProperties": False,
}


def _described(schema: dict[str, Any], description: str) -> dict[str, Any]:
    """Replace the docstrings pydantic copies into a schema with short descriptions."""
    for definition in schema.get("$defs", {}).values():
        if "Example:" in definition.get("description", ""):
            definition["description"] = definition["description"].split("\n\n")[0]
    return {"$schema": _SCHEMA_DIALECT, **schema, "description": description}


def ticket_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of ticket records.

    Example:
        >>> sorted(ticket_schema()["required"])
        ['opened_at', 'priority']
    """
    schema = TicketRecord.model_json_schema(mode="validation")
    return _described(
        schema,
        "A ticket: when it opened, its priority (a tier's number, key, name or alias), its "
        "first response and resolution if any, and an optional id echoed in the result. "
        "Instants are ISO 8601 with an offset.",
    )


def result_schema() -> dict[str, Any]:
    """Return the JSON Schema of what an evaluation writes: a result or an error record.

    Example:
        >>> [branch.get("title") for branch in result_schema()["oneOf"]]
        ['ResultRecord', 'ErrorRecord']
    """
    result = ResultRecord.model_json_schema(mode="serialization")
    result["description"] = "The states, due instants and durations of a ticket's two targets."
    definitions = result.pop("$defs", {})
    schema = {
        "title": "Result",
        "oneOf": [result, {"title": "ErrorRecord", **_ERROR_SCHEMA}],
        "$defs": definitions,
    }
    return _described(schema, "A result record, or an error record for a bad ticket record.")


def due_schema() -> dict[str, Any]:
    """Return the JSON Schema of due records.

    Example:
        >>> due_schema()["title"]
        'DueRecord'
    """
    return _described(
        DueRecord.model_json_schema(mode="serialization"),
        "When a ticket's response and resolution are due (null: no time target).",
    )
