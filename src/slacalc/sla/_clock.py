"""The SLA clock of one target: stretches of counted time, and what they add up to.

A clock has an origin (the opening, or the instant of a restart or a new
cycle), the tier in effect, and the stretches since the origin during which
its target's cycle was open, each with the tier it ran under and whether the
ticket was paused. A stretch counts unless the ticket was paused and that
tier's pause rule names the target. Everything is in microsecond instants.

The due instant is the earliest one at which the counted time reaches the
allowance (the current tier's target, counted from the origin): inside a
past stretch when the history already reaches it, otherwise counted on from
the evaluation point with the current tier, as if a pause ended there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from slacalc.policy._clock_rules import PriorityChange, TargetKind

if TYPE_CHECKING:
    from slacalc.policy._policy import _Plan
    from slacalc.policy._rules import DueRule

__all__ = ["Clock", "Snapshot", "Stretch", "rule_of", "threshold_amount"]


def rule_of(plan: _Plan, kind: TargetKind) -> DueRule:
    """The due rule of ``kind`` in a tier."""
    return plan.response if kind == "response" else plan.resolution


class Stretch(NamedTuple):
    """``[start, end)`` while the target's cycle was open, under one tier, paused or not."""

    start: int
    end: int
    paused: bool
    plan: _Plan

    def counts(self, kind: TargetKind) -> bool:
        """Whether this stretch's time counts against ``kind``'s target."""
        return not (self.paused and kind in self.plan.pauses)


def _same_measure(left: DueRule, right: DueRule) -> bool:
    """Whether two rules count time alike (business time on one calendar, or real time)."""
    if left is right:
        return True
    if left.counts_business_time != right.counts_business_time:
        return False
    return not left.counts_business_time or left.calendar is right.calendar


def _extend(runs: list[list[Any]], part: Stretch, kind: TargetKind) -> None:
    """Add a stretch to the runs of counted time: joined to the last run when it continues it.

    A run is ``[start, end, rule]``: touching stretches that count alike
    (business time on one calendar, or real time) are measured as one, so
    the events that cut a clock without changing how it counts (a pause that
    does not stop it, a change to a tier with the same calendar) cost nothing.
    """
    plan = part.plan
    if part.paused and kind in plan.pauses:
        return
    rule = plan.response if kind == "response" else plan.resolution
    if runs:
        last = runs[-1]
        if part.start == last[1] and (rule is last[2] or _same_measure(rule, last[2])):
            last[1] = part.end
            return
    runs.append([part.start, part.end, rule])


class Snapshot(NamedTuple):
    """A clock read at one instant ``at``: what it has counted and when it is due.

    ``due`` is ``None`` without a time target. ``stopped`` is true when a
    pause stops this clock at ``at``; ``running`` when it counts on from
    ``at``. ``allowance`` and ``used`` are in microseconds.
    """

    kind: TargetKind
    at: int
    origin: int
    plan: _Plan
    stretches: tuple[Stretch, ...]
    used: int
    allowance: int | None
    due: int | None
    open: bool
    stopped: bool

    @property
    def running(self) -> bool:
        """Whether the clock counts on after ``at`` (open and not stopped by a pause)."""
        return self.open and not self.stopped

    @property
    def rule(self) -> DueRule:
        """The current tier's rule for this target."""
        return rule_of(self.plan, self.kind)


def threshold_amount(fraction: float, allowance: int) -> int:
    """The least whole number of microseconds ``n`` with ``n / allowance >= fraction``."""
    amount = min(allowance, max(0, int(fraction * allowance)))
    while amount > 0 and (amount - 1) / allowance >= fraction:
        amount -= 1
    while amount / allowance < fraction:
        amount += 1
    return amount


class Clock:
    """The running clock of one target while a ticket's events are applied in order."""

    __slots__ = (
        "_measured",
        "_runs",
        "exact_pauses",
        "kind",
        "origin",
        "paused",
        "plan",
        "since",
        "stretches",
    )

    def __init__(
        self, kind: TargetKind, origin: int, plan: _Plan, *, exact_pauses: bool = True
    ) -> None:
        self.kind: TargetKind = kind
        # Whether every pause must cut a stretch. Only a retroactive priority
        # change re-reads the pauses under another tier's rule; otherwise a
        # pause that does not stop this clock changes nothing it will count.
        self.exact_pauses = exact_pauses
        self.origin = origin
        self.plan = plan
        self.stretches: list[Stretch] = []
        self.since: int | None = origin  # start of the open stretch; None: the cycle is closed
        self.paused = False
        # The stretches' counted time as runs (see ``_extend``), and the runs already
        # measured by an earlier read: (start, end, rule id) -> counted time.
        self._runs: list[list[Any]] = []
        self._measured: dict[tuple[int, int, int], int] = {}

    def _cut(self, at: int) -> None:
        since = self.since
        if since is not None:
            if at > since:
                part = Stretch(since, at, self.paused, self.plan)
                self.stretches.append(part)
                _extend(self._runs, part, self.kind)
            self.since = at

    def pause(self, at: int) -> None:
        """The ticket waits from ``at``."""
        if self.exact_pauses or self.kind in self.plan.pauses:
            self._cut(at)
        self.paused = True

    def resume(self, at: int) -> None:
        """The wait ends at ``at``."""
        if self.exact_pauses or self.kind in self.plan.pauses:
            self._cut(at)
        self.paused = False

    def close(self, at: int) -> None:
        """The cycle ends at ``at`` (the target is completed)."""
        self._cut(at)
        self.since = None
        self.paused = False

    def reopen(self, at: int, *, new_cycle: bool) -> None:
        """A new cycle starts at ``at``, continuing the counted time or afresh."""
        if new_cycle:
            self.origin = at
            self.stretches = []
            self._runs = []
        self.since = at
        self.paused = False

    def change(self, at: int, plan: _Plan, mode: PriorityChange) -> None:
        """The ticket moves to ``plan``'s tier at ``at``."""
        self._cut(at)
        if mode == "restart":
            self.origin = at
            self.stretches = []
            self._runs = []
        elif mode == "retroactive":
            self.stretches = [old._replace(plan=plan) for old in self.stretches]
            self._runs = []
            for part in self.stretches:
                _extend(self._runs, part, self.kind)
        self.plan = plan

    def read(self, at: int) -> Snapshot:
        """The clock at ``at`` (no earlier than the last event applied)."""
        kind, plan = self.kind, self.plan
        stretches = self.stretches
        runs = self._runs
        since = self.since
        if since is not None and at > since:
            part = Stretch(since, at, self.paused, plan)
            stretches = [*stretches, part]
            runs = [run.copy() for run in runs[-1:]]  # the last run may grow: copy it
            _extend(runs, part, kind)
            runs = [*self._runs[:-1], *runs]
        rule = rule_of(plan, kind)
        allowance = rule.allowance(self.origin)
        used = 0
        crossing: int | None = None
        measured = self._measured
        for start, end, run_rule in runs:
            key = (start, end, id(run_rule))
            counted = measured.get(key)
            if counted is None:
                counted = measured[key] = run_rule.count(start, end)
            if crossing is None and allowance is not None and used + counted >= allowance:
                crossing = run_rule.advance(start, allowance - used)
            used += counted
        is_open = since is not None
        stopped = is_open and self.paused and kind in plan.pauses
        due = crossing
        if allowance is not None:
            if crossing is None:
                due = rule.advance(at, allowance - used)
            elif stopped and crossing >= _stopped_since(stretches, kind, at):
                due = at  # reached exactly when the pause began: due the moment it ends
        return Snapshot(
            kind, at, self.origin, plan, tuple(stretches), used, allowance, due, is_open, stopped
        )


def _stopped_since(stretches: list[Stretch], kind: TargetKind, at: int) -> int:
    """When the clock last stopped counting: the start of the trailing uncounted stretches."""
    since = at
    for stretch in reversed(stretches):
        if stretch.counts(kind):
            break
        since = stretch.start
    return since
