"""A ticket's events as one possible history: sorted, checked, in instants.

Events at one instant are applied in a fixed order of their types —
``resumed``, ``reopened``, ``priority_changed``, ``responded``,
``resolved``, ``paused`` — except that an event not yet possible waits for
the others of that instant (so ``paused`` and ``resumed`` at one instant
are a pause of no length from a running state, and a resume-and-pause
from a paused one). The result depends on the events, never on their
order in the input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from slacalc._instants import from_instant, to_instant
from slacalc.errors import Problem, SlacalcError, TimelineError
from slacalc.sla._ticket import Event, EventType, Ticket

if TYPE_CHECKING:
    from datetime import tzinfo

    from slacalc.policy import Policy
    from slacalc.policy._policy import _Plan

__all__ = ["Step", "source_of", "steps_of"]

_RANK = {
    EventType.RESUMED: 0,
    EventType.REOPENED: 1,
    EventType.PRIORITY_CHANGED: 2,
    EventType.RESPONDED: 3,
    EventType.RESOLVED: 4,
    EventType.PAUSED: 5,
}


class Step(NamedTuple):
    """One event of a checked history: when, what, where it came from, and its new tier.

    Steps sort in the order of their fields: instant, rank of the type, number
    of the new tier, then ``order`` (distinct for every step), so the
    comparison never reaches the type.
    """

    at: int
    rank: int
    number: int
    order: int
    type: EventType
    position: int  # in the input's events; -1 and -2 for responded_at and resolved_at
    plan: _Plan | None = None
    event: Event | None = None


def _step(
    at: int,
    kind: EventType,
    position: int,
    *,
    event: Event | None = None,
    plan: _Plan | None = None,
) -> Step:
    number = -1 if plan is None else plan.tier.priority
    order = position if position >= 0 else 1_000_000 - position  # shortcuts after the events
    return Step(at, _RANK[kind], number, order, kind, position, plan, event)


@dataclass(slots=True)
class _State:
    paused: bool
    resolved: bool
    plan: _Plan

    def refusal(self, step: Step) -> str | None:
        """Why ``step`` is impossible now, or ``None`` when it is possible."""
        kind = step.type
        if kind is EventType.RESPONDED:
            return None
        if kind is EventType.PRIORITY_CHANGED:
            if step.plan is self.plan:
                return f"the ticket already has priority {self.plan.tier.key}"
            return None
        return _REFUSALS[kind](self)

    def apply(self, step: Step) -> None:
        kind = step.type
        if kind is EventType.RESOLVED:
            self.resolved, self.paused = True, False
        elif kind is EventType.REOPENED:
            self.resolved = False
        elif kind is EventType.PAUSED:
            self.paused = True
        elif kind is EventType.RESUMED:
            self.paused = False
        elif step.plan is not None:
            self.plan = step.plan


def _refuse_resolved(state: _State) -> str | None:
    if state.resolved:
        return "the ticket is already resolved; a second resolution needs a reopened event first"
    return None


def _refuse_reopened(state: _State) -> str | None:
    return None if state.resolved else "the ticket is not resolved, so it cannot be reopened"


def _refuse_paused(state: _State) -> str | None:
    if state.paused:
        return "the ticket is already paused; resume it before pausing it again"
    return "the ticket is resolved; reopen it before pausing it" if state.resolved else None


def _refuse_resumed(state: _State) -> str | None:
    return None if state.paused else "the ticket is not paused, so it cannot be resumed"


_REFUSALS = {
    EventType.RESOLVED: _refuse_resolved,
    EventType.REOPENED: _refuse_reopened,
    EventType.PAUSED: _refuse_paused,
    EventType.RESUMED: _refuse_resumed,
}


_SHORTCUTS = {-1: "responded_at", -2: "resolved_at"}


def source_of(step: Step) -> str:
    """Where the event came from: ``events[2]``, or the shortcut field that made it."""
    return _SHORTCUTS.get(step.position) or f"events[{step.position}]"


def _error(step: Step, zone: tzinfo, reason: str) -> TimelineError:
    moment = from_instant(step.at, zone).isoformat()
    source = source_of(step)
    message = f"{source} ({step.type.value} at {moment}): {reason}"
    event = step.event
    value = None if event is None else event.model_dump(mode="json", exclude_none=True)
    return TimelineError(message, (Problem(source, reason, value),))


def _unsorted_steps(ticket: Ticket, policy: Policy, zone: tzinfo) -> list[Step]:
    steps: list[Step] = []
    seen: set[tuple[EventType, int]] = set()
    for position, event in enumerate(ticket.events):
        kind, at = event.type, event.instant
        new = None
        if event.to is not None:
            try:
                new = policy._plan(event.to)  # noqa: SLF001
            except SlacalcError as error:
                raise _error(_step(at, kind, position, event=event), zone, str(error)) from None
        steps.append(_step(at, kind, position, event=event, plan=new))
        seen.add((kind, at))
    for position, kind, moment in (
        (-1, EventType.RESPONDED, ticket.responded_at),
        (-2, EventType.RESOLVED, ticket.resolved_at),
    ):
        if moment is not None:
            at = to_instant(moment, _SHORTCUTS[position])
            if (kind, at) not in seen:
                steps.append(_step(at, kind, position))
    return steps


def steps_of(ticket: Ticket, opened: int, plan: _Plan, policy: Policy) -> list[Step]:
    """The ticket's events as a checked history, in the order they apply.

    Raises:
        TimelineError: an event is impossible where it falls; the error
            names it by position (``events[2]``) or field (``resolved_at``).
    """
    if not ticket.events and ticket.responded_at is None and ticket.resolved_at is None:
        return []
    zone = plan.response.calendar.zone
    steps = _unsorted_steps(ticket, policy, zone)
    steps.sort()
    if steps[0].at < opened:
        opening = from_instant(opened, zone).isoformat()
        raise _error(steps[0], zone, f"it is earlier than the opening ({opening})")
    state = _State(paused=False, resolved=False, plan=plan)
    ordered: list[Step] = []
    count = len(steps)
    start = 0
    while start < count:
        at = steps[start].at
        end = start + 1
        while end < count and steps[end].at == at:
            end += 1
        if end == start + 1:  # one event at this instant, the usual case
            step = steps[start]
            reason = state.refusal(step)
            if reason is not None:
                raise _error(step, zone, reason)
            state.apply(step)
            ordered.append(step)
            start = end
            continue
        waiting = steps[start:end]
        while waiting:  # the first possible one in order; see the module's docstring
            index = next((i for i, step in enumerate(waiting) if state.refusal(step) is None), None)
            if index is None:
                raise _error(waiting[0], zone, state.refusal(waiting[0]) or "")
            step = waiting.pop(index)
            state.apply(step)
            ordered.append(step)
        start = end
    return ordered
