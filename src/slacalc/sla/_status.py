"""Where a ticket's targets stand: ``TargetState``, ``TargetStatus`` and ``SlaReport``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Self

from pydantic import ModelWrapValidatorHandler, computed_field, model_validator

from slacalc._instants import MICROS_PER_SECOND, to_microseconds
from slacalc._models import Found, FrozenModel
from slacalc._render import html_table
from slacalc.errors import InvalidTicketError, Problem, SlacalcError, TicketTypeError
from slacalc.sla._ticket import OptionalTimestamp, Timestamp

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["SlaReport", "TargetState", "TargetStatus"]


class _RecordModel(FrozenModel):
    """Statuses and reports: read back from JSON, errors as ``InvalidTicketError``.

    Their dumps carry the derived ``breached``; reading one back accepts it
    when it agrees with the states, so ``model_validate_json(dump)`` is the
    record again.
    """

    if TYPE_CHECKING:

        @property
        def breached(self) -> bool:
            """Whether a target is breached (each record defines it)."""

    @model_validator(mode="wrap")
    @classmethod
    def _accept_derived_breached(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        if not isinstance(data, Mapping) or "breached" not in data:
            return handler(data)
        claimed = data["breached"]
        record = handler({name: value for name, value in data.items() if name != "breached"})
        if claimed is not record.breached:
            message = (
                f"is derived from the states, which make it {record.breached}, not {claimed!r}; "
                "leave the field out or correct the states"
            )
            raise InvalidTicketError(message, (Problem("breached", message, claimed),))
        return record

    @classmethod
    def _error_for(cls, found: tuple[Found, ...]) -> type[SlacalcError]:
        if found and found[0].cause is not None and issubclass(found[0].cause, SlacalcError):
            return found[0].cause  # a bad timestamp: InvalidTimestampError, OutOfRangeError
        return TicketTypeError if found and found[0].wrong_type else InvalidTicketError


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
    seconds, fraction = divmod(abs(micros), MICROS_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return f"{sign}{hour}:{minute:02}:{second:02}" + (f".{fraction:06}" if fraction else "")


def _moment_text(moment: datetime | None) -> str:
    return "None" if moment is None else moment.isoformat()


class TargetStatus(_RecordModel):
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

    state: TargetState
    target: str
    due: OptionalTimestamp
    completed_at: OptionalTimestamp
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


class SlaReport(_RecordModel):
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

    priority: str
    opened_at: Timestamp
    now: Timestamp
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
