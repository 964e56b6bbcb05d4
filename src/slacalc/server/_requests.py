"""What the service does with a request, without HTTP: parse, validate, evaluate.

Every function here takes bytes and query pairs and returns JSON-compatible
data, or raises a ``SlacalcError`` whose ``problems`` the service sends back.
A list is all or nothing: one bad record refuses the whole request.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any, Final

from slacalc._models import Found, FrozenModel
from slacalc.errors import (
    InvalidTicketError,
    PriorityTypeError,
    Problem,
    SlacalcError,
    TicketTypeError,
)
from slacalc.policy import Policy
from slacalc.schemas import due_record, evaluate_record, parse_instant, parse_zone
from slacalc.server._errors import (
    InvalidRequestError,
    TooManyTicketsError,
    UnprocessableRecordError,
)
from slacalc.sla._ticket import Priority, Timestamp

__all__ = ["DueRequest", "Service", "parse_json"]

# Errors a record could still provoke inside slacalc without a SlacalcError
# (a slacalc bug); the service answers 422 for them rather than 500.
_UNDESCRIBED: Final = (ValueError, TypeError, ArithmeticError, RecursionError, LookupError)
_MESSAGES_SHOWN: Final = 3


class DueRequest(FrozenModel):
    """The body of ``POST /v1/due``: when a ticket opened, its priority, an optional ``id``.

    Example:
        >>> DueRequest.model_validate({"opened_at": "2026-11-27T17:00:00Z", "priority": "P1"}).id
        >>> DueRequest.model_validate({"opened_at": "2026-11-27T17:00:00Z", "priority": 1.5})
        Traceback (most recent call last):
        ...
        slacalc.errors.PriorityTypeError: invalid DueRequest: 1 problem
          priority: a priority is a tier's number or its key, name or an alias, not float (got 1.5)
    """

    opened_at: Timestamp
    priority: Priority
    id: str | int | None = None

    @classmethod
    def _error_for(cls, found: tuple[Found, ...]) -> type[SlacalcError]:
        if not found:
            return InvalidTicketError
        first = found[0]
        if first.cause is not None and issubclass(first.cause, SlacalcError):
            return first.cause
        if first.problem.path == "priority" and first.wrong_type:
            return PriorityTypeError
        return TicketTypeError if first.wrong_type else InvalidTicketError


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"the number {text[:40]} is too large for a double")
    return number


def parse_json(body: bytes) -> Any:
    """Parse a request body as strict JSON (no ``NaN``, no ``Infinity``, no ``1e999``).

    Raises:
        InvalidRequestError: the body is empty or not JSON; the message says where.

    Example:
        >>> parse_json(b'{"priority": 1}')
        {'priority': 1}
        >>> parse_json(b"[NaN]")
        Traceback (most recent call last):
        ...
        slacalc.server._errors.InvalidRequestError: the body is not valid JSON: NaN is not ...
    """
    if not body.strip():
        raise InvalidRequestError(
            "the body is empty; send a JSON object or a list of them",
            (Problem("", "the body is empty; send a JSON object or a list of them"),),
        )
    try:
        return json.loads(body, parse_constant=_refuse_constant, parse_float=_finite)
    except RecursionError:
        reason = "it is nested too deeply"
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError, a number too long
        reason = str(error)[:200]
    message = f"the body is not valid JSON: {reason}"
    raise InvalidRequestError(message, (Problem("", message),))


def _records(data: Any, limit: int, what: str) -> tuple[list[Any], bool]:
    """The records of a body and whether it was a list, or a refusal."""
    if isinstance(data, dict):
        return [data], False
    if isinstance(data, list):
        if len(data) > limit:
            message = f"the list holds {len(data)} {what}s; send at most {limit} per request"
            raise TooManyTicketsError(message, (Problem("", message, len(data)),))
        return data, True
    message = f"the body must be a {what} (a JSON object) or a list of them, not {_kind(data)}"
    raise InvalidRequestError(message, (Problem("", message, data),))


def _kind(data: Any) -> str:
    return {str: "a string", bool: "a boolean", type(None): "null"}.get(type(data), "a number")


def _prefixed(index: int, path: str) -> str:
    if not path:
        return f"[{index}]"
    return f"[{index}]{path}" if path.startswith("[") else f"[{index}].{path}"


def _answer(
    records: list[Any], is_list: bool, compute: Callable[[Any], dict[str, Any]]
) -> dict[str, Any] | list[dict[str, Any]]:
    """Compute every record, or refuse them all with each bad record's problems."""
    results: list[dict[str, Any]] = []
    refused: list[tuple[int, SlacalcError]] = []
    for index, record in enumerate(records):
        try:
            results.append(compute(record))
        except SlacalcError as error:
            refused.append((index, error))
        except _UNDESCRIBED as error:
            message = f"the record could not be evaluated ({type(error).__name__})"
            refused.append((index, UnprocessableRecordError(message, (Problem("", message),))))
    if not refused:
        return results if is_list else results[0]
    if not is_list:
        raise refused[0][1]
    raise _batch_error(refused, len(records))


def _batch_error(refused: Sequence[tuple[int, SlacalcError]], total: int) -> SlacalcError:
    """One error for a refused list: the first error's class, every problem under its index."""
    problems = tuple(
        Problem(_prefixed(index, problem.path), problem.message, problem.input)
        for index, error in refused
        for problem in (error.problems or (Problem("", str(error)),))
    )
    shown = "; ".join(str(problem) for problem in problems[:_MESSAGES_SHOWN])
    more = len(problems) - _MESSAGES_SHOWN
    message = f"{len(refused)} of {total} records refused, so none was answered: {shown}" + (
        f"; and {more} more problems" if more > 0 else ""
    )
    first = type(refused[0][1])
    try:
        return first(message, problems)
    except TypeError:  # a subclass with another constructor
        return InvalidRequestError(message, problems)


def _query(pairs: Iterable[tuple[str, str]], allowed: tuple[str, ...]) -> dict[str, str]:
    """The query parameters, each given at most once, none unknown."""
    found: dict[str, str] = {}
    for name, value in pairs:
        if name not in allowed:
            known = ", ".join(allowed)
            message = f"unknown query parameter {name[:40]!r}; this endpoint takes {known}"
            raise InvalidRequestError(message, (Problem(name[:200], message, value),))
        if name in found:
            message = f"give the query parameter {name} once"
            raise InvalidRequestError(message, (Problem(name, message, value),))
        found[name] = value
    return found


def _now(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        return parse_instant(text, "now")
    except SlacalcError as error:
        message = f"the query parameter {error}"
        raise InvalidRequestError(message, (Problem("now", str(error), text),)) from None


def _zone(text: str | None) -> tzinfo | None:
    if text is None:
        return None
    try:
        return parse_zone(text)
    except SlacalcError as error:
        message = f"the query parameter tz: {error}"
        raise InvalidRequestError(message, (Problem("tz", str(error), text),)) from None


@dataclass(frozen=True, slots=True)
class Service:
    """The service's answers as data: one policy and the limit on records per request.

    Example:
        >>> import slacalc
        >>> service = Service(slacalc.default_policy(), max_tickets=10)
        >>> body = b'{"id": "T-1", "opened_at": "2026-11-27T17:00:00Z", "priority": "P1"}'
        >>> service.evaluate(body, [("now", "2026-11-30T09:30:00Z")])["response"]["state"]
        'pending'
        >>> service.due(b'[{"opened_at": "2026-11-27T17:00:00Z", "priority": 2}]', [])[0][
        ...     "resolution_due"]
        '2026-12-15T17:00:00+00:00'
    """

    policy: Policy
    max_tickets: int

    def evaluate(
        self, body: bytes, query: Iterable[tuple[str, str]]
    ) -> dict[str, Any] | list[dict[str, Any]]:
        """Answer ``POST /v1/evaluate``: the result record of each ticket record.

        Raises:
            SlacalcError: the body, a record or the query is bad (nothing is answered).
        """
        parameters = _query(query, ("now", "tz"))
        now, zone = _now(parameters.get("now")), _zone(parameters.get("tz"))
        records, is_list = _records(parse_json(body), self.max_tickets, "ticket record")
        policy = self.policy
        return _answer(
            records,
            is_list,
            lambda record: evaluate_record(record, now=now, policy=policy, zone=zone),
        )

    def due(
        self, body: bytes, query: Iterable[tuple[str, str]]
    ) -> dict[str, Any] | list[dict[str, Any]]:
        """Answer ``POST /v1/due``: when each ticket's response and resolution are due.

        Raises:
            SlacalcError: the body, a record or the query is bad (nothing is answered).
        """
        zone = _zone(_query(query, ("tz",)).get("tz"))
        records, is_list = _records(parse_json(body), self.max_tickets, "due request")
        policy = self.policy

        def compute(record: Any) -> dict[str, Any]:
            request = DueRequest.model_validate(record)
            return due_record(
                request.opened_at, request.priority, policy=policy, zone=zone, record_id=request.id
            )

        return _answer(records, is_list, compute)
