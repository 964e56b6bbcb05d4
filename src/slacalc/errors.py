"""The exceptions slacalc raises: one base class, specific subclasses.

Every subclass also derives from the built-in exception a caller would
expect (``ValueError`` for bad values, ``LookupError`` for unknown keys,
``TypeError`` as well for a value of the wrong type), so ``except ValueError``
keeps working for code that knows nothing of slacalc.

Errors raised while validating a record (a policy, a ticket, a report) carry
``problems``: one ``Problem`` per thing that is wrong, each naming the field
path the user wrote, what is wrong with it and the input found there. A
command line or an HTTP service can return them as JSON with
``[problem.to_dict() for problem in error.problems]``.

Example:
    >>> import slacalc
    >>> try:
    ...     slacalc.Ticket(opened_at="2026-11-27T17:00:00Z", priority="P1", ticket_id="A-1")
    ... except slacalc.InvalidTicketError as error:
    ...     [problem.to_dict() for problem in error.problems]
    [{'path': 'ticket_id', 'message': 'unknown field; the fields are opened_at, priority, responded_at, resolved_at, id, metadata, events', 'input': 'A-1'}]
"""  # noqa: E501

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from slacalc._frozen import sealed

__all__ = [
    "CalendarError",
    "FrozenInstanceError",
    "InvalidDurationError",
    "InvalidTicketError",
    "InvalidTimestampError",
    "MissingDependencyError",
    "OutOfRangeError",
    "PolicyError",
    "PolicyTypeError",
    "PriorityTypeError",
    "Problem",
    "ReportError",
    "ReportTypeError",
    "SlacalcError",
    "TicketTypeError",
    "TimelineError",
    "TimestampTypeError",
    "UnknownChannelError",
    "UnknownGroupKeyError",
    "UnknownPriorityError",
]

# Mutating any slacalc value raises this one class, as frozen dataclasses do.
FrozenInstanceError = dataclasses.FrozenInstanceError
"""Raised by every attempt to change a slacalc value (``dataclasses.FrozenInstanceError``)."""


@sealed
@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where, what, and the value found there.

    Attributes:
        path: the field as the user wrote it (``tiers[1].response``,
            ``opened_at``); empty for the input as a whole.
        message: what is wrong and how to fix it.
        input: the offending value (``None`` when the field is missing).

    Example:
        >>> Problem("tiers[0].priority", "must be a whole number", "one").to_dict()
        {'path': 'tiers[0].priority', 'message': 'must be a whole number', 'input': 'one'}
    """

    path: str
    message: str
    input: Any = None

    def to_dict(self) -> dict[str, Any]:
        """Return the problem as JSON-compatible data (the input as text if need be)."""
        return {"path": self.path, "message": self.message, "input": _jsonable(self.input)}

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


_DEEPEST_SHOWN = 20
_LONGEST_TEXT = 200


def _jsonable(value: Any, depth: int = 0) -> Any:  # noqa: PLR0911 - one return per kind
    """The input as JSON-compatible data, bounded in depth and size (it may be hostile)."""
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        # A number of thousands of digits cannot even be written out (int_max_str_digits).
        return value if value.bit_length() <= 64 else f"<an integer of {value.bit_length()} bits>"
    if isinstance(value, str):
        return value if len(value) <= _LONGEST_TEXT else value[: _LONGEST_TEXT - 3] + "..."
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if depth >= _DEEPEST_SHOWN and isinstance(value, list | tuple | dict):
        return "..."
    if isinstance(value, list | tuple):
        return [_jsonable(item, depth + 1) for item in value[:_LONGEST_TEXT]]
    if isinstance(value, dict):
        items = list(value.items())[:_LONGEST_TEXT]
        return {str(key)[:_LONGEST_TEXT]: _jsonable(item, depth + 1) for key, item in items}
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        text = f"<{type(value).__name__}>"
    return text if len(text) <= _LONGEST_TEXT else text[: _LONGEST_TEXT - 3] + "..."


class SlacalcError(Exception):
    """Base class of every error slacalc raises on purpose.

    Args:
        message: what was wrong and how to fix it.
        problems: for validation errors, one ``Problem`` per thing wrong.

    Example:
        >>> import slacalc
        >>> try:
        ...     slacalc.BusinessCalendar(timezone="Mars/Olympus_Mons")
        ... except slacalc.SlacalcError as error:
        ...     print(type(error).__name__)
        CalendarError
    """

    problems: tuple[Problem, ...]

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.problems))


class InvalidTimestampError(SlacalcError, ValueError):
    """A timestamp was naive, unparsable, impossible, missing or out of order.

    Example:
        >>> from datetime import datetime
        >>> import slacalc
        >>> slacalc.BusinessCalendar().is_open(datetime(2026, 11, 27, 10))
        Traceback (most recent call last):
        ...
        slacalc.errors.InvalidTimestampError: t must be timezone-aware, ...
    """


class TimestampTypeError(InvalidTimestampError, TypeError):
    """A timestamp was of a type that cannot be one (a number, a list).

    Example:
        >>> import slacalc
        >>> slacalc.BusinessCalendar().is_open(1764262800)
        Traceback (most recent call last):
        ...
        slacalc.errors.TimestampTypeError: t must be a timezone-aware datetime or ...
    """


class InvalidDurationError(SlacalcError, ValueError):
    """A duration was negative or not a ``timedelta``.

    Example:
        >>> from datetime import datetime, timedelta, timezone
        >>> import slacalc
        >>> start = datetime(2026, 11, 27, 10, tzinfo=timezone.utc)
        >>> slacalc.BusinessCalendar().add(start, timedelta(hours=-1))
        Traceback (most recent call last):
        ...
        slacalc.errors.InvalidDurationError: duration must not be negative, ...
    """


class CalendarError(SlacalcError, ValueError):
    """A calendar could not be built, or cannot answer (it is never open).

    Example:
        >>> import slacalc
        >>> slacalc.BusinessCalendar({"mon": "09:00-12:00, 11:00-13:00"})
        Traceback (most recent call last):
        ...
        slacalc.errors.CalendarError: hours for Monday overlap: ...
    """


class OutOfRangeError(SlacalcError, ValueError):
    """A result or its holiday data lies outside the supported years.

    Example:
        >>> from datetime import datetime, timezone
        >>> import slacalc
        >>> slacalc.BusinessCalendar().is_open(datetime(1850, 1, 1, tzinfo=timezone.utc))
        Traceback (most recent call last):
        ...
        slacalc.errors.OutOfRangeError: 1850-01-01 00:00:00+00:00 is outside ...
    """


class PolicyError(SlacalcError, ValueError):
    """Policy data was malformed; ``problems`` names each field and value.

    Example:
        >>> import slacalc
        >>> slacalc.load_policy({"name": "x"})
        Traceback (most recent call last):
        ...
        slacalc.errors.PolicyError: invalid Policy: 3 problems
          version: required field is missing
          ...
    """


class PolicyTypeError(PolicyError, TypeError):
    """Policy data had a value of the wrong type (a number where a text belongs).

    Example:
        >>> import slacalc
        >>> slacalc.Target(5)
        Traceback (most recent call last):
        ...
        slacalc.errors.PolicyTypeError: a Target is written as text such as ...
    """


class InvalidTicketError(SlacalcError, ValueError):
    """A ticket (or a report read back) was malformed: unknown or missing fields.

    Example:
        >>> import slacalc
        >>> slacalc.Ticket(opened_at="2026-11-27T17:00:00Z", priority="P1", responded_on="x")
        Traceback (most recent call last):
        ...
        slacalc.errors.InvalidTicketError: invalid Ticket: 1 problem
          responded_on: unknown field; the fields are opened_at, priority, ...
    """


class TicketTypeError(InvalidTicketError, TypeError):
    """A ticket field had a value of the wrong type.

    Example:
        >>> import slacalc
        >>> slacalc.Ticket.model_validate(["2026-11-27T17:00:00Z", "P1"])
        Traceback (most recent call last):
        ...
        slacalc.errors.TicketTypeError: invalid Ticket: 1 problem
          (record): Input should be a valid dictionary or instance of Ticket
    """


class TimelineError(InvalidTimestampError):
    """A ticket's events describe an impossible history; ``problems`` names the event.

    The event is named by its position in the input (``events[2]``) or by
    the shortcut field that made it (``resolved_at``), with its type. A
    completion before the opening is one too, so it is also an
    ``InvalidTimestampError`` (a timestamp out of order).

    Example:
        >>> import slacalc
        >>> ticket = slacalc.Ticket(opened_at="2026-11-27T09:00:00Z", priority="P2",
        ...                         events=[{"type": "resumed", "at": "2026-11-27T10:00:00Z"}])
        >>> slacalc.evaluate(ticket, now="2026-11-27T12:00:00Z")
        Traceback (most recent call last):
        ...
        slacalc.errors.TimelineError: events[0] (resumed at 2026-11-27T10:00:00+00:00): ...
    """


class UnknownPriorityError(SlacalcError, LookupError):
    """A priority matched no tier of the policy; the message lists the valid ones.

    Example:
        >>> import slacalc
        >>> slacalc.response_due("2026-11-27T17:00:00Z", "P9")
        Traceback (most recent call last):
        ...
        slacalc.errors.UnknownPriorityError: priority 'P9' matches no tier of ...; use a tier's ...
    """


class PriorityTypeError(UnknownPriorityError, TypeError):
    """A priority was neither a whole number nor a text (a float, a list, ``None``).

    Example:
        >>> import slacalc
        >>> slacalc.response_due("2026-11-27T17:00:00Z", 1.5)
        Traceback (most recent call last):
        ...
        slacalc.errors.PriorityTypeError: a priority is a tier's number or its key, ...
    """


class UnknownChannelError(SlacalcError, LookupError):
    """A contact channel key matched no channel of the policy; the message lists them.

    Example:
        >>> import slacalc
        >>> slacalc.default_policy().channel("fax")
        Traceback (most recent call last):
        ...
        slacalc.errors.UnknownChannelError: policy ... has no channel 'fax'; channels: ...
    """


class MissingDependencyError(SlacalcError, ImportError):
    """An optional feature was used without its extra installed; the message says which.

    Example:
        >>> from slacalc._dependencies import import_optional
        >>> import_optional("a_module_that_is_not_installed", extra="server")
        Traceback (most recent call last):
        ...
        slacalc.errors.MissingDependencyError: this needs the optional package ...
    """


class ReportError(SlacalcError, ValueError):
    """A result frame or an argument of a report was unusable; the message says how to fix it.

    Example:
        >>> import pandas as pd
        >>> from slacalc.report import compliance
        >>> compliance(pd.DataFrame({"opened_at": []}))
        Traceback (most recent call last):
        ...
        slacalc.errors.ReportError: the result lacks the columns error, response_state, ...
    """


class ReportTypeError(ReportError, TypeError):
    """A report was given something other than a pandas or Polars DataFrame.

    Example:
        >>> from slacalc.report import compliance
        >>> compliance([{"priority": "P1"}])
        Traceback (most recent call last):
        ...
        slacalc.errors.ReportTypeError: a result must be the pandas or Polars DataFrame ...
    """


class UnknownGroupKeyError(ReportError, LookupError):
    """A ``by`` key is neither a column of the result nor a period; the message lists both.

    Example:
        >>> import pandas as pd
        >>> from slacalc.frame import evaluate_frame
        >>> from slacalc.report import compliance
        >>> tickets = pd.DataFrame({"opened_at": ["2026-11-27T17:00:00Z"], "priority": ["P1"]})
        >>> compliance(evaluate_frame(tickets, now="2026-11-30T09:00:00Z"), by=["team"])
        Traceback (most recent call last):
        ...
        slacalc.errors.UnknownGroupKeyError: cannot group by 'team': it is neither a column ...
    """
