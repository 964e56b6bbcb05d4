"""One target's result columns for a whole table: on arrays per rule, else row by row.

Business-time targets use the calendar's array methods, real-time targets
plain arithmetic; other rule kinds, and rows an array call cannot answer
(a due past 2200, holiday data that ends), take the scalar rule row by row,
whose refusals become those rows' problems. Tickets with events are filled
from their scalar statuses.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from slacalc._instants import MAX_INSTANT, from_instant, to_instant
from slacalc.errors import OutOfRangeError, SlacalcError
from slacalc.policy._rules import BusinessTime, NoTarget, RealTime
from slacalc.sla import TargetState

if TYPE_CHECKING:
    from slacalc.frame._columns import Column
    from slacalc.frame._output import Output
    from slacalc.policy._rules import DueRule
    from slacalc.sla import TargetStatus

__all__ = ["STATES", "TargetColumns"]

STATES = tuple(state.value for state in TargetState)  # the codes of the state columns
_MET = STATES.index(TargetState.MET)
_BREACHED = STATES.index(TargetState.BREACHED)
_PENDING = STATES.index(TargetState.PENDING)
_NO_TARGET = STATES.index(TargetState.NO_TARGET)
_ONE = timedelta(microseconds=1)
_ROW_BY_ROW = 64  # rows below which a failing group is computed row by row


class TargetColumns:
    """One target's result arrays: filled on arrays per rule, then from scalar reports."""

    __slots__ = (
        "completed",
        "completed_at",
        "due",
        "elapsed",
        "failures",
        "fraction",
        "np",
        "overdue",
        "remaining",
        "state",
        "timed",
    )

    def __init__(self, count: int, np: Any) -> None:
        self.np = np
        self.due = np.zeros(count, dtype=np.int64)
        self.timed = np.zeros(count, dtype=bool)
        self.completed_at = np.zeros(count, dtype=np.int64)
        self.completed = np.zeros(count, dtype=bool)
        self.elapsed = np.zeros(count, dtype=np.int64)
        self.remaining = np.zeros(count, dtype=np.int64)
        self.overdue = np.zeros(count, dtype=np.int64)
        self.fraction = np.full(count, np.nan)
        self.state = np.full(count, -1, dtype=np.int8)
        self.failures: dict[int, SlacalcError] = {}  # rows the scalar rule refused, and why

    def vector(  # noqa: PLR0917  # private; one call per target
        self,
        target: str,
        opened: Column,
        done: Column,
        tiers: tuple[Any, list[Any]],
        skip: Any,
        current: int,
    ) -> None:
        """Every row not in ``skip``: its rule's due time and counted time, on arrays."""
        np = self.np
        codes, plans = tiers
        completed = ~done.missing & (done.micros <= current) & ~skip
        end = np.where(completed, done.micros, current)
        allowance = np.zeros(len(codes), dtype=np.int64)
        groups: dict[int, tuple[DueRule, list[int]]] = {}
        for code, plan in enumerate(plans):
            if plan is not None:
                rule = plan.response if target == "response" else plan.resolution
                groups.setdefault(id(rule), (rule, []))[1].append(code)
        for rule, group in groups.values():
            member = codes == group[0] if len(group) == 1 else np.isin(codes, group)
            rows = np.flatnonzero(member & ~skip)
            if len(rows):
                self._fill(rule, rows, opened.micros, end, allowance)
        timed = self.timed
        state = np.where(completed, np.int8(_MET), np.int8(_PENDING))
        state[end > self.due] = _BREACHED
        state[~timed] = _NO_TARGET
        state[skip] = -1
        self.state = state
        self.completed_at = done.micros.copy()  # shown only where completed
        self.completed = completed
        self.remaining = allowance - self.elapsed
        with np.errstate(divide="ignore", invalid="ignore"):
            fraction = np.where(allowance > 0, self.elapsed / np.maximum(allowance, 1), 0.0)
        self.fraction = np.where(timed, fraction, np.nan)
        self.overdue = np.maximum(end - self.due, 0)

    def _fill(self, rule: DueRule, rows: Any, opened: Any, end: Any, allowance: Any) -> None:
        """Fill ``rows`` for one rule: on arrays, or row by row where arrays cannot answer.

        A row the scalar rule refuses (a due time past 2200, holidays with no data
        for its year) is found by halving the rows that failed, so the others keep
        the array path, and gets the scalar error as its problem.
        """
        try:
            self._fill_arrays(rule, rows, opened, end, allowance)
        except SlacalcError:
            if len(rows) <= _ROW_BY_ROW:
                self._fill_rows(rule, rows, opened, end, allowance)
            else:
                half = len(rows) // 2
                self._fill(rule, rows[:half], opened, end, allowance)
                self._fill(rule, rows[half:], opened, end, allowance)

    def _fill_arrays(  # private
        self, rule: DueRule, rows: Any, opened: Any, end: Any, allowance: Any
    ) -> None:
        np = self.np
        starts, ends = opened[rows], end[rows]
        calendar = rule.calendar
        if isinstance(rule, BusinessTime):
            due = calendar.add_many(starts, rule.micros)
            elapsed = calendar.elapsed_many(starts, ends)
        elif isinstance(rule, RealTime):
            due = starts + rule.micros
            if (due >= MAX_INSTANT).any():
                raise OutOfRangeError("a real-time due instant after 2200")  # found row by row
            elapsed = np.maximum(ends - starts, 0)
        elif isinstance(rule, NoTarget):
            self.elapsed[rows] = calendar.elapsed_many(starts, ends)
            return
        else:  # calendar days, end of business day: the scalar rule, row by row
            self._fill_rows(rule, rows, opened, end, allowance)
            return
        self.due[rows] = due
        self.timed[rows] = True
        allowance[rows] = rule.micros
        self.elapsed[rows] = elapsed

    def _fill_rows(  # private
        self, rule: DueRule, rows: Any, opened: Any, end: Any, allowance: Any
    ) -> None:
        zone = rule.calendar.zone
        for row, start, stop in zip(
            rows.tolist(), opened[rows].tolist(), end[rows].tolist(), strict=True
        ):
            try:
                moment = rule.due(from_instant(start, zone))
                if moment is None:  # no time target
                    self.elapsed[row] = rule.count(start, stop)
                    continue
                due = to_instant(moment, "due")
                allowance[row] = rule.count(start, due)
                self.elapsed[row] = rule.count(start, stop)
            except SlacalcError as error:
                self.failures[row] = error
                continue
            self.due[row] = due
            self.timed[row] = True

    def scalar(self, row: int, status: TargetStatus) -> None:
        """One row from a scalar status (a ticket with events)."""
        self.timed[row] = status.due is not None
        self.due[row] = 0 if status.due is None else to_instant(status.due, "due")
        self.completed[row] = status.completed_at is not None
        self.completed_at[row] = (
            0 if status.completed_at is None else to_instant(status.completed_at, "completed_at")
        )
        self.elapsed[row] = status.elapsed // _ONE
        self.remaining[row] = 0 if status.remaining is None else status.remaining // _ONE
        self.overdue[row] = 0 if status.overdue_by is None else status.overdue_by // _ONE
        fraction = status.fraction_used
        self.fraction[row] = self.np.nan if fraction is None else fraction
        self.state[row] = STATES.index(status.state)

    def output(self, target: str, output: Output, bad: Any) -> None:
        """Add this target's columns; bad rows empty."""
        empty = ~self.timed | bad
        self.state[bad] = -1
        output.add(f"{target}_due", self.due, "instant", empty)
        output.add(f"{target}_state", self.state, "category", STATES)
        output.add(f"{target}_completed_at", self.completed_at, "instant", ~self.completed | bad)
        output.add(f"{target}_elapsed", self.elapsed, "duration", bad)
        output.add(f"{target}_remaining", self.remaining, "duration", empty)
        output.add(f"{target}_fraction_used", self.fraction, "float", empty)
        output.add(f"{target}_overdue_by", self.overdue, "duration", empty)
        output.add(f"{target}_breached", self.state == _BREACHED, "boolean", bad)
