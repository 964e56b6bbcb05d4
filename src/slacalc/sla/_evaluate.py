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

from slacalc._instants import is_missing, to_instant
from slacalc.errors import (
    InvalidTimestampError,
    PolicyTypeError,
    SlacalcError,
    UnknownPriorityError,
)
from slacalc.policy import Channel, Policy, default_policy
from slacalc.policy._rules import timetable_of
from slacalc.sla._clock import Clock, Snapshot
from slacalc.sla._explain import Trace
from slacalc.sla._status import Cycle, SlaReport, TargetState, TargetStatus, built
from slacalc.sla._ticket import EventType, Ticket
from slacalc.sla._timeline import Step, steps_of

if TYPE_CHECKING:
    from collections.abc import Callable

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
        InvalidTimestampError: ``now`` is earlier than ``opened_at``, or a
            timestamp is naive or unparsable.
        TimelineError: ``responded_at`` is earlier than ``opened_at``.
        UnknownPriorityError: ``priority`` matches no tier.

    Example:
        >>> import slacalc
        >>> slacalc.response_status(
        ...     "2026-11-27T17:00:00Z", "P1",
        ...     responded_at="2026-11-30T09:10:00Z", now="2026-12-01T00:00:00Z").state
        <TargetState.MET: 'met'>
    """
    ticket = _shortcut_ticket(opened_at, priority, responded_at, None)
    return _Evaluation(ticket, now, _policy(policy)).response()


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
    ticket = _shortcut_ticket(opened_at, priority, None, resolved_at)
    return _Evaluation(ticket, now, _policy(policy)).resolution()


def evaluate(
    ticket: Ticket | Mapping[str, Any],
    *,
    now: datetime | str | None = None,
    policy: Policy | None = None,
) -> SlaReport:
    """Return the response and resolution status of ``ticket`` at ``now``.

    The ticket's events are sorted by instant and applied by the policy's
    clock rules (``Policy.clock``): pauses, priority changes, reopening.
    Events after ``now`` have not happened yet.

    Raises:
        InvalidTimestampError: ``now`` is earlier than the opening.
        TimelineError: the events describe an impossible history.
        UnknownPriorityError: the ticket's priority matches no tier.

    Example:
        >>> import slacalc
        >>> ticket = slacalc.Ticket(opened_at="2026-11-27T17:00:00Z", priority=1,
        ...                         responded_at="2026-11-30T09:05:00Z")
        >>> report = slacalc.evaluate(ticket, now="2026-11-30T12:30:00Z")
        >>> report.response.state.value, report.resolution.state.value
        ('met', 'breached')
    """
    return _Evaluation(Ticket.coerce(ticket), now, _policy(policy)).report()


def trace_of(ticket: Ticket, policy: Policy, now: int, kind: str) -> Trace:
    """The trace of one target of ``ticket`` at ``now`` (for an unpickled status)."""
    evaluation = _Evaluation(ticket, now, policy)
    status = evaluation.response() if kind == "response" else evaluation.resolution()
    trace = status.__pydantic_private__["_trace"] if status.__pydantic_private__ else None
    assert isinstance(trace, Trace)
    return trace


def _shortcut_ticket(
    opened_at: datetime | str,
    priority: int | str,
    responded_at: datetime | str | None,
    resolved_at: datetime | str | None,
) -> Ticket:
    fields: dict[str, Any] = {"opened_at": opened_at, "priority": priority}
    if responded_at is not None and not is_missing(responded_at):
        fields["responded_at"] = responded_at
    if resolved_at is not None and not is_missing(resolved_at):
        fields["resolved_at"] = resolved_at
    try:
        return Ticket(**fields)
    except UnknownPriorityError:
        raise
    except SlacalcError as error:  # name the argument, not a ticket field
        if error.problems and error.problems[0].path == "priority":
            raise
        raise type(error)(
            error.problems[0].message if error.problems else str(error), error.problems
        ) from None


def _new_status(snap: Snapshot, completed: int | None, spelling: str, trace: Trace) -> TargetStatus:
    """The ``TargetStatus`` of a snapshot (``completed``: the completion, if it happened)."""
    convert = timetable_of(snap.rule.calendar).to_datetime
    end, used = snap.at, snap.used
    allowance, due = snap.allowance, snap.due
    paused = completed is None and snap.open and snap.stopped
    completed_at = None if completed is None else convert(completed)
    fields: dict[str, Any]
    if allowance is None or due is None:
        fields = {
            "state": TargetState.NO_TARGET,
            "target": spelling,
            "due": None,
            "completed_at": completed_at,
            "elapsed": timedelta(0, 0, used),
            "remaining": None,
            "fraction_used": None,
            "overdue_by": None,
            "paused": paused,
            "at_risk": False,
            "warning_level": None,
        }
    else:
        fraction = used / allowance if allowance else 0.0
        if completed is not None:
            state = _ended_state(snap, completed)
        else:
            state = TargetState.PENDING if end <= due else TargetState.BREACHED
        level = None
        for threshold in snap.plan.warnings:
            if fraction >= threshold:
                level = threshold
        fields = {
            "state": state,
            "target": spelling,
            "due": convert(due),
            "completed_at": completed_at,
            "elapsed": timedelta(0, 0, used),
            "remaining": timedelta(0, 0, allowance - used),
            "fraction_used": fraction,
            "overdue_by": timedelta(0, 0, end - due) if end > due else _ZERO,
            "paused": paused,
            "at_risk": level is not None and state is TargetState.PENDING,
            "warning_level": level,
        }
    return built(TargetStatus, fields, {"_trace": trace})


_ZERO = timedelta(0)


class _Evaluation:
    """One ticket's events applied to its two clocks, up to ``now``."""

    __slots__ = (
        "_cycle_start",
        "_cycles",
        "_done",
        "_policy",
        "_response",
        "_steps",
        "now",
        "opened",
        "paused",
        "plan",
        "resolution_clock",
        "response_clock",
        "ticket",
    )

    def __init__(self, ticket: Ticket, now: datetime | str | int | None, policy: Policy) -> None:
        self.ticket = ticket
        self._policy = policy
        plan = policy._plan(ticket.priority)  # noqa: SLF001
        opened = to_instant(ticket.opened_at, "opened_at")
        if isinstance(now, int):
            current = now
        else:
            current = to_instant(datetime.now(UTC) if now is None else now, "now")
        if current < opened:
            raise InvalidTimestampError(
                f"now ({now}) is earlier than opened_at ({ticket.opened_at}); "
                "a ticket cannot be evaluated before it was opened"
            )
        self.opened, self.now, self.plan = opened, current, plan
        steps = steps_of(ticket, opened, plan, policy)
        self._steps = tuple(step for step in steps if step.at <= current)
        exact = policy.clock.priority_change == "retroactive"
        self.response_clock = Clock("response", opened, plan, exact_pauses=exact)
        self.resolution_clock = Clock("resolution", opened, plan, exact_pauses=exact)
        self._response: tuple[Snapshot, int] | None = None
        self._cycles: list[tuple[int, Snapshot, int | None]] = []  # start, snapshot, end
        self.paused = False
        self._run()

    def _run(self) -> None:
        react = _REACTIONS
        self._cycle_start = self.opened
        for step in self._steps:
            react[step.type](self, step)
        if self.resolution_clock.since is not None:
            self._cycles.append((self._cycle_start, self.resolution_clock.read(self.now), None))

    def _responded(self, step: Step) -> None:
        if self._response is None:  # only the first response counts
            self._response = (self.response_clock.read(step.at), step.at)
            self.response_clock.close(step.at)

    def _resolved(self, step: Step) -> None:
        at = step.at
        self._cycles.append((self._cycle_start, self.resolution_clock.read(at), at))
        self.resolution_clock.close(at)
        if self.paused:  # a resolution ends the wait
            self.response_clock.resume(at)
            self.paused = False

    def _reopened(self, step: Step) -> None:
        new_cycle = self._policy.clock.reopen == "new_cycle"
        self.resolution_clock.reopen(step.at, new_cycle=new_cycle)
        self._cycle_start = step.at

    def _paused(self, step: Step) -> None:
        self.response_clock.pause(step.at)
        self.resolution_clock.pause(step.at)
        self.paused = True

    def _resumed(self, step: Step) -> None:
        self.response_clock.resume(step.at)
        self.resolution_clock.resume(step.at)
        self.paused = False

    def _priority_changed(self, step: Step) -> None:
        assert step.plan is not None  # the timeline gives every priority change its tier
        mode = self._policy.clock.priority_change
        self.plan = step.plan
        if self._response is None:  # a completed response keeps its result
            self.response_clock.change(step.at, step.plan, mode)
        self.resolution_clock.change(step.at, step.plan, mode)

    def _trace(self, snap: Snapshot, completed: int | None) -> Trace:
        source = (self.ticket, self._policy, self.now, snap.kind)
        return Trace(snap, self.opened, self._steps, completed, source)

    def response(self) -> TargetStatus:
        """The response target's status."""
        if self._response is not None:
            snap, completed = self._response
        else:
            snap, completed = self.response_clock.read(self.now), None
        trace = self._trace(snap, completed)
        return _new_status(snap, completed, snap.plan.response_spelling, trace)

    def _cycle_status(self, snap: Snapshot, end: int | None) -> TargetStatus:
        trace = self._trace(snap, end)
        return _new_status(snap, end, snap.plan.resolution_spelling, trace)

    def resolution(self) -> TargetStatus:
        """The status of the latest resolution cycle."""
        _, snap, end = self._cycles[-1]
        return self._cycle_status(snap, end)

    def report(self) -> SlaReport:
        """The whole report."""
        convert = timetable_of(self.plan.response.calendar).to_datetime
        opened_at = convert(self.opened)
        *earlier, (last_start, last_snap, last_end) = self._cycles
        latest = self._cycle_status(last_snap, last_end)
        cycles = []
        breached = 0
        for number, (start, snap, end) in enumerate(earlier, start=1):
            assert end is not None  # only the latest cycle can still be open
            state = _ended_state(snap, end)
            breached += state is TargetState.BREACHED
            due = None if snap.due is None or snap.allowance is None else convert(snap.due)
            cycles.append(self._cycle(number, (opened_at, start, end), due, state, convert))
        last = (opened_at, last_start, last_end)
        cycles.append(self._cycle(len(self._cycles), last, latest.due, latest.state, convert))
        ticket = self.ticket
        fields = {
            "priority": self.plan.tier.key,
            "opened_at": opened_at,
            "now": convert(self.now),
            "response": self.response(),
            "resolution": latest,
            "id": ticket.id,
            "metadata": ticket.metadata,
            "paused": self.paused,
            "cycles": tuple(cycles),
            "breached_cycles": breached,
        }
        return built(SlaReport, fields)

    def _cycle(
        self,
        number: int,
        span: tuple[datetime, int, int | None],
        due: datetime | None,
        state: TargetState,
        convert: Callable[[int], datetime],
    ) -> Cycle:
        opened_at, start, end = span
        fields = {
            "number": number,
            "start": opened_at if start == self.opened else convert(start),
            "end": None if end is None else convert(end),
            "due": due,
            "state": state,
        }
        return built(Cycle, fields)


_REACTIONS = {
    EventType.RESPONDED: _Evaluation._responded,  # noqa: SLF001
    EventType.RESOLVED: _Evaluation._resolved,  # noqa: SLF001
    EventType.REOPENED: _Evaluation._reopened,  # noqa: SLF001
    EventType.PAUSED: _Evaluation._paused,  # noqa: SLF001
    EventType.RESUMED: _Evaluation._resumed,  # noqa: SLF001
    EventType.PRIORITY_CHANGED: _Evaluation._priority_changed,  # noqa: SLF001
}


def _ended_state(snap: Snapshot, end: int) -> TargetState:
    """The state of a target completed at ``end``, as ``_new_status`` decides it."""
    if snap.allowance is None or snap.due is None:
        return TargetState.NO_TARGET
    return TargetState.MET if end <= snap.due else TargetState.BREACHED
