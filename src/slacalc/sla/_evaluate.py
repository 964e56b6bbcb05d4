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

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from slacalc._instants import from_instant, is_missing, to_instant
from slacalc.errors import (
    InvalidTimestampError,
    PolicyTypeError,
    SlacalcError,
)
from slacalc.policy import Channel, Policy, Target, default_policy
from slacalc.sla._status import SlaReport, TargetState, TargetStatus
from slacalc.sla._ticket import Ticket

if TYPE_CHECKING:
    from slacalc.policy._rules import DueRule

__all__ = [
    "channel_response_due",
    "evaluate",
    "resolution_due",
    "resolution_status",
    "response_due",
    "response_status",
]


def _policy(policy: Policy | None) -> Policy:
    if policy is None:
        return default_policy()
    if not isinstance(policy, Policy):
        raise PolicyTypeError(
            "policy must be a slacalc Policy, e.g. slacalc.load_policy('policy.toml'), or None "
            f"for the built-in one; got {type(policy).__name__} {policy!r}"
        )
    return policy


def channel_response_due(
    received_at: datetime | str, channel: str | Channel, *, policy: Policy | None = None
) -> datetime | None:
    """Return when the normal reply to a message received on ``channel`` is due.

    Args:
        received_at: when the message arrived (aware datetime or ISO 8601
            string with an offset).
        channel: a channel key of the policy (any case), or a ``Channel``.
        policy: the policy; ``None`` is ``slacalc.default_policy()``. Its
            calendar counts the time unless the channel has its own.

    Raises:
        UnknownChannelError: the policy has no channel with that key.
        InvalidTimestampError: ``received_at`` is naive, unparsable or missing.

    Example:
        >>> import slacalc
        >>> slacalc.channel_response_due("2026-11-27T17:00:00Z", "email_support").isoformat()
        '2026-12-01T17:00:00+00:00'
        >>> slacalc.channel_response_due("2026-11-27T17:00:00Z", "elliebot") is None
        True
    """
    chosen = _policy(policy)
    if not isinstance(channel, Channel):
        channel = chosen.channel(channel)
    rule = chosen._channel_rule_for(channel)  # noqa: SLF001
    return _due(rule, received_at, "received_at")


def _due(rule: DueRule, opened_at: datetime | str, name: str) -> datetime | None:
    """``rule.due(opened_at)``, with a bad timestamp's error naming the caller's argument."""
    try:
        return rule.due(opened_at)
    except InvalidTimestampError as error:
        failure = error
    try:
        to_instant(opened_at, name)
    except SlacalcError as named:
        raise named from None
    raise failure


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
    return _due(_policy(policy)._plan(priority).response, opened_at, "opened_at")  # noqa: SLF001


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
    return _due(_policy(policy)._plan(priority).resolution, opened_at, "opened_at")  # noqa: SLF001


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
    ticket: Ticket | Mapping[str, Any],
    *,
    now: datetime | str | None = None,
    policy: Policy | None = None,
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
    ticket = Ticket.coerce(ticket)
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
    if completed_at is not None and not is_missing(completed_at):
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
