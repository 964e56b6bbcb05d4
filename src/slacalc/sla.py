"""SLA evaluation: due times and states of a ticket's response and resolution targets.

This is what users call slacalc for: "when is the response to this P2
ticket due, and has it breached?" Every function takes ``policy=None``
meaning ``slacalc.default_policy()``, and a ``now`` rather than reading the
clock deep inside.

Example:
    >>> import slacalc
    >>> slacalc.response_due("2026-11-27T17:00:00Z", "P1").isoformat()
    '2026-11-30T10:00:00+00:00'
    >>> status = slacalc.response_status(
    ...     "2026-11-27T17:00:00Z", "P1", now="2026-11-30T09:30:00Z")
    >>> status.state, status.remaining
    (<TargetState.PENDING: 'pending'>, datetime.timedelta(seconds=1800))
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    computed_field,
)

from slacalc._errors import InvalidTimestampError, UnknownPriorityError
from slacalc._instants import US_PER_SECOND, from_instant, to_instant, to_microseconds
from slacalc._policy_io import describe_validation_error
from slacalc._render import html_table
from slacalc.policy import Policy, Target, default_policy

if TYPE_CHECKING:
    from slacalc._due import DueRule

__all__ = [
    "SlaReport",
    "TargetState",
    "TargetStatus",
    "Ticket",
    "evaluate",
    "resolution_due",
    "resolution_status",
    "response_due",
    "response_status",
]


class TargetState(StrEnum):
    """Where a target stands at ``now``: exactly these four values.

    Example:
        >>> TargetState("met") is TargetState.MET
        True
    """

    MET = "met"
    """Completed at or before the due instant."""
    BREACHED = "breached"
    """Completed after the due instant, or not completed and now past it."""
    PENDING = "pending"
    """Not completed (as of ``now``), and ``now`` is at or before the due instant."""
    NO_TARGET = "no_target"
    """The target has no time (``"none: future software release"``)."""


def _duration_text(delta: timedelta | None) -> str:
    """Return ``delta`` as ``[-]H:MM:SS[.ffffff]`` with hours past 24 (``-0:30:00``)."""
    if delta is None:
        return "None"
    micros = to_microseconds(delta)
    sign = "-" if micros < 0 else ""
    seconds, fraction = divmod(abs(micros), US_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return f"{sign}{hour}:{minute:02}:{second:02}" + (f".{fraction:06}" if fraction else "")


def _moment_text(moment: datetime | None) -> str:
    return "None" if moment is None else moment.isoformat()


class TargetStatus(BaseModel):
    """The state of one target (response or resolution) of one ticket at ``now``.

    Attributes:
        state: ``met``, ``breached``, ``pending`` or ``no_target``.
        target: the target's compact spelling (``"2 business hours"``).
        due: the due instant, or ``None`` when there is no time target.
        completed_at: the response or resolution, if it happened by ``now``.
        elapsed: time counted against the target from opening to completion
            (or to ``now``): business time for business units, real time
            for ``hours`` and ``days``.
        remaining: the target's time minus ``elapsed``; negative when more
            than the target has passed. ``None`` without a time target.
        fraction_used: ``elapsed`` divided by the target's time.
        overdue_by: real time from ``due`` to completion (or ``now``); zero
            when not past due.

    Example:
        >>> import slacalc
        >>> status = slacalc.response_status(
        ...     "2026-11-27T17:00:00Z", "P1",
        ...     responded_at="2026-11-30T10:15:00Z", now="2026-12-01T00:00:00Z")
        >>> status
        TargetStatus(state='breached', target='2 business hours', due=2026-11-30T10:00:00+00:00, completed_at=2026-11-30T10:15:00+00:00, elapsed=2:15:00, remaining=-0:15:00, overdue_by=0:15:00)
        >>> status.breached
        True
    """  # noqa: E501

    model_config = ConfigDict(frozen=True)

    state: TargetState
    target: str
    due: datetime | None
    completed_at: datetime | None
    elapsed: timedelta
    remaining: timedelta | None
    fraction_used: float | None
    overdue_by: timedelta | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def breached(self) -> bool:
        """Whether the state is ``breached``."""
        return self.state is TargetState.BREACHED

    def __repr__(self) -> str:
        return (
            f"TargetStatus(state={self.state.value!r}, target={self.target!r}, "
            f"due={_moment_text(self.due)}, completed_at={_moment_text(self.completed_at)}, "
            f"elapsed={_duration_text(self.elapsed)}, remaining={_duration_text(self.remaining)}, "
            f"overdue_by={_duration_text(self.overdue_by)})"
        )

    def _row(self, label: str) -> list[object]:
        return [
            label,
            self.target,
            _moment_text(self.due) if self.due else "",
            self.state.value,
            _moment_text(self.completed_at) if self.completed_at else "",
            _duration_text(self.elapsed),
            "" if self.remaining is None else _duration_text(self.remaining),
            "" if self.overdue_by is None else _duration_text(self.overdue_by),
        ]

    def _repr_html_(self) -> str:
        return html_table(f"{self.target}: {self.state.value}", _HEADER, [self._row("Target")])


_HEADER = ["", "Target", "Due", "State", "Completed", "Elapsed", "Remaining", "Overdue by"]


class SlaReport(BaseModel):
    """The response and resolution status of one ticket at one ``now``.

    Example:
        >>> import slacalc
        >>> ticket = slacalc.Ticket(opened_at="2026-12-24T16:00:00Z", priority="P2")
        >>> report = slacalc.evaluate(ticket, now="2026-12-29T09:00:00Z")
        >>> report.response.state, report.resolution.state
        (<TargetState.BREACHED: 'breached'>, <TargetState.PENDING: 'pending'>)
        >>> report.model_dump(mode="json")["response"]["due"]
        '2026-12-24T18:00:00Z'
    """

    model_config = ConfigDict(frozen=True)

    priority: str
    opened_at: datetime
    now: datetime
    response: TargetStatus
    resolution: TargetStatus

    @computed_field  # type: ignore[prop-decorator]
    @property
    def breached(self) -> bool:
        """Whether the response or the resolution is breached."""
        return self.response.breached or self.resolution.breached

    def __repr__(self) -> str:
        return (
            f"SlaReport(priority={self.priority!r}, opened_at={self.opened_at.isoformat()}, "
            f"now={self.now.isoformat()}, response={self.response!r}, "
            f"resolution={self.resolution!r})"
        )

    def _repr_html_(self) -> str:
        caption = f"{self.priority} opened {self.opened_at.isoformat()}, at {self.now.isoformat()}"
        rows = [self.response._row("Response"), self.resolution._row("Resolution")]  # noqa: SLF001
        return html_table(caption, _HEADER, rows)


def _timestamp(value: Any, info: Any) -> Any:
    """Accept what the calendar accepts (aware datetimes, ISO 8601 with an offset)."""
    name = getattr(info, "field_name", None) or "timestamp"
    to_instant(value, name)  # raises on naive, offset-less or impossible values
    return datetime.fromisoformat(value.strip()) if isinstance(value, str) else value


Timestamp = Annotated[datetime, BeforeValidator(_timestamp)]
_TIMESTAMP_FIELDS = frozenset({"opened_at", "responded_at", "resolved_at"})


class Ticket(BaseModel):
    """A ticket as far as its SLA is concerned: when it opened, its priority, and the two events.

    Example:
        >>> Ticket(opened_at="2026-11-27T17:00:00Z", priority="P1").opened_at
        datetime.datetime(2026, 11, 27, 17, 0, tzinfo=datetime.timezone.utc)
        >>> Ticket(opened_at="2026-11-27 17:00", priority=1)
        Traceback (most recent call last):
        ...
        slacalc._errors.InvalidTimestampError: invalid Ticket: 1 problem
          opened_at: opened_at must carry a UTC offset, ...
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    opened_at: Timestamp
    priority: Annotated[int, Field(strict=True)] | str
    responded_at: Timestamp | None = None
    resolved_at: Timestamp | None = None

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            first = error.errors()[0]["loc"]
            kind = InvalidTimestampError if first and first[0] != "priority" else None
            message = describe_validation_error(error, "Ticket")
            if kind is None:
                raise UnknownPriorityError(message) from None
            raise InvalidTimestampError(message) from None


def _policy(policy: Policy | None) -> Policy:
    return default_policy() if policy is None else policy


def response_due(
    opened_at: datetime | str, priority: int | str, *, policy: Policy | None = None
) -> datetime | None:
    """Return when the response to a ticket is due, in the calendar's zone.

    For business units the due instant is the earliest one at which the
    business time elapsed since ``opened_at`` equals the target. ``None``
    when the tier has no time target for a response.

    Args:
        opened_at: when the ticket was opened (aware datetime or ISO 8601
            string with an offset).
        priority: the tier's number (an ``int``) or its key, name or an alias
            (any case): ``2``, ``"P2"``, ``"major issue"``, ``"major"``.
        policy: the policy; ``None`` is ``slacalc.default_policy()``.

    Raises:
        UnknownPriorityError: ``priority`` matches no tier.
        InvalidTimestampError: ``opened_at`` is naive or unparsable.

    Example:
        >>> import slacalc
        >>> slacalc.response_due("2026-11-27T17:00:00Z", "critical").isoformat()
        '2026-11-30T10:00:00+00:00'
    """
    return _policy(policy)._plan(priority).response.due(opened_at)  # noqa: SLF001


def resolution_due(
    opened_at: datetime | str, priority: int | str, *, policy: Policy | None = None
) -> datetime | None:
    """Return when the resolution of a ticket is due, or ``None`` (no time target).

    Arguments and errors as for ``response_due``.

    Example:
        >>> import slacalc
        >>> slacalc.resolution_due("2026-11-27T17:00:00Z", "P2").isoformat()
        '2026-12-15T17:00:00+00:00'
        >>> slacalc.resolution_due("2026-11-27T17:00:00Z", "P4") is None
        True
    """
    return _policy(policy)._plan(priority).resolution.due(opened_at)  # noqa: SLF001


def response_status(
    opened_at: datetime | str,
    priority: int | str,
    *,
    responded_at: datetime | str | None = None,
    now: datetime | str | None = None,
    policy: Policy | None = None,
) -> TargetStatus:
    """Return the state of a ticket's response target at ``now``.

    Args:
        opened_at: when the ticket was opened.
        priority: as for ``response_due``.
        responded_at: the first response, if any. A response after ``now``
            counts as not yet made.
        now: the instant to evaluate at; defaults to the current time.
        policy: the policy; ``None`` is ``slacalc.default_policy()``.

    Raises:
        InvalidTimestampError: ``responded_at`` or ``now`` is earlier than
            ``opened_at``, or a timestamp is naive or unparsable.
        UnknownPriorityError: ``priority`` matches no tier.

    Example:
        >>> import slacalc
        >>> slacalc.response_status(
        ...     "2026-11-27T17:00:00Z", "P1",
        ...     responded_at="2026-11-30T09:10:00Z", now="2026-12-01T00:00:00Z").state
        <TargetState.MET: 'met'>
    """
    plan = _policy(policy)._plan(priority)  # noqa: SLF001
    moment = datetime.now(UTC) if now is None else now
    return _status(
        plan.response, plan.tier.response, opened_at, responded_at, moment, "responded_at"
    )


def resolution_status(
    opened_at: datetime | str,
    priority: int | str,
    *,
    resolved_at: datetime | str | None = None,
    now: datetime | str | None = None,
    policy: Policy | None = None,
) -> TargetStatus:
    """Return the state of a ticket's resolution target at ``now``.

    Arguments and errors as for ``response_status``, with ``resolved_at``.

    Example:
        >>> import slacalc
        >>> slacalc.resolution_status(
        ...     "2026-11-27T17:00:00Z", "P4", now="2026-12-01T00:00:00Z").state
        <TargetState.NO_TARGET: 'no_target'>
    """
    plan = _policy(policy)._plan(priority)  # noqa: SLF001
    moment = datetime.now(UTC) if now is None else now
    return _status(
        plan.resolution, plan.tier.resolution, opened_at, resolved_at, moment, "resolved_at"
    )


def evaluate(
    ticket: Ticket, *, now: datetime | str | None = None, policy: Policy | None = None
) -> SlaReport:
    """Return the response and resolution status of ``ticket`` at ``now``.

    Raises:
        InvalidTimestampError: a completion or ``now`` is earlier than the opening.
        UnknownPriorityError: the ticket's priority matches no tier.

    Example:
        >>> import slacalc
        >>> ticket = slacalc.Ticket(opened_at="2026-11-27T17:00:00Z", priority=1,
        ...                         responded_at="2026-11-30T09:05:00Z")
        >>> report = slacalc.evaluate(ticket, now="2026-11-30T12:30:00Z")
        >>> report.response.state.value, report.resolution.state.value
        ('met', 'breached')
    """
    plan = _policy(policy)._plan(ticket.priority)  # noqa: SLF001
    moment = datetime.now(UTC) if now is None else now
    opened_at = ticket.opened_at
    response = _status(
        plan.response, plan.tier.response, opened_at, ticket.responded_at, moment, "responded_at"
    )
    resolution = _status(
        plan.resolution, plan.tier.resolution, opened_at, ticket.resolved_at, moment, "resolved_at"
    )
    zone = plan.response.calendar.zone
    return SlaReport.model_construct(
        priority=plan.tier.key,
        opened_at=from_instant(to_instant(ticket.opened_at, "opened_at"), zone),
        now=from_instant(to_instant(moment, "now"), zone),
        response=response,
        resolution=resolution,
    )


def _status(  # noqa: PLR0917  # private; every call site passes the same six things
    rule: DueRule,
    target: Target,
    opened_at: datetime | str,
    completed_at: datetime | str | None,
    now: datetime | str,
    completed_name: str,
) -> TargetStatus:
    """Apply the state rules of ``docs/design.md`` to one target."""
    opened = to_instant(opened_at, "opened_at")
    current = to_instant(now, "now")
    if current < opened:
        raise InvalidTimestampError(
            f"now ({now}) is earlier than opened_at ({opened_at}); "
            "a ticket cannot be evaluated before it was opened"
        )
    done: int | None = None
    if completed_at is not None:
        done = to_instant(completed_at, completed_name)
        if done < opened:
            raise InvalidTimestampError(
                f"{completed_name} ({completed_at}) is earlier than opened_at ({opened_at}); "
                "a ticket cannot be answered or resolved before it was opened"
            )
        if done > current:
            done = None  # completed after now: as of now, not yet completed
    zone = rule.calendar.zone
    opened_local = from_instant(opened, zone)
    end = current if done is None else done
    end_local = from_instant(end, zone)
    elapsed = rule.measure(opened_local, end_local)
    completed_local = None if done is None else end_local
    due = rule.due(opened_local)
    if due is None:
        return TargetStatus.model_construct(
            state=TargetState.NO_TARGET,
            target=target.spelling,
            due=None,
            completed_at=completed_local,
            elapsed=elapsed,
            remaining=None,
            fraction_used=None,
            overdue_by=None,
        )
    deadline = to_instant(due, "due")
    if done is not None:
        state = TargetState.MET if done <= deadline else TargetState.BREACHED
    else:
        state = TargetState.PENDING if current <= deadline else TargetState.BREACHED
    allowed = rule.measure(opened_local, due)
    return TargetStatus.model_construct(
        state=state,
        target=target.spelling,
        due=due,
        completed_at=completed_local,
        elapsed=elapsed,
        remaining=allowed - elapsed,
        fraction_used=elapsed / allowed if allowed else 0.0,
        overdue_by=timedelta(microseconds=max(0, end - deadline)),
    )
