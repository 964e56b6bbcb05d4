"""Where a ticket's targets stand: ``TargetState``, ``TargetStatus`` and ``SlaReport``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Self, TypeVar

from pydantic import (
    Field,
    JsonValue,
    ModelWrapValidatorHandler,
    PrivateAttr,
    computed_field,
    model_validator,
)

from slacalc._instants import MICROS_PER_SECOND, from_instant, to_microseconds
from slacalc._models import Found, FrozenModel, hashable
from slacalc._render import html_table
from slacalc.errors import InvalidTicketError, Problem, SlacalcError, TicketTypeError
from slacalc.sla._explain import Trace, rebuild_trace
from slacalc.sla._ticket import OptionalTimestamp, Timestamp

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["Cycle", "SlaReport", "TargetState", "TargetStatus", "built"]


_Record = TypeVar("_Record", bound="_RecordModel")


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

    # A record is its fields: what evaluation remembers to explain it is not compared.
    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *map(hashable, self.__dict__.values())))


def built(
    cls: type[_Record], fields: dict[str, Any], private: dict[str, Any] | None = None
) -> _Record:
    """A record of already valid ``fields``, made without validation (the evaluation's hot path).

    What ``model_construct`` does for complete fields, without its per-field
    work: the evaluation builds every field itself.
    """
    record = cls.__new__(cls)
    setattr_ = object.__setattr__
    setattr_(record, "__dict__", fields)
    setattr_(record, "__pydantic_fields_set__", set(fields))
    setattr_(record, "__pydantic_extra__", None)
    setattr_(record, "__pydantic_private__", private)
    return record


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
        elapsed: time counted against the target from its clock's start to
            completion (or to ``now``), pauses that stop it left out:
            business time for business units, real time for ``hours`` and
            ``days``.
        remaining: the target's time minus ``elapsed``; negative when more
            than the target has passed. ``None`` without a time target.
        fraction_used: ``elapsed`` divided by the target's time.
        overdue_by: real time from ``due`` to completion (or ``now``); zero
            when not past due.
        paused: whether a pause stops this target's clock at ``now``.
        at_risk: whether the target is pending and ``fraction_used`` has
            reached the policy's lowest warning threshold.
        warning_level: the highest warning threshold ``fraction_used`` has
            reached, or ``None``.

    Example:
        >>> import slacalc
        >>> status = slacalc.response_status(
        ...     "2026-11-27T17:00:00Z", "P1",
        ...     responded_at="2026-11-30T10:15:00Z", now="2026-12-01T00:00:00Z")
        >>> status
        TargetStatus(state='breached', target='2 business hours', due=2026-11-30T10:00:00+00:00, completed_at=2026-11-30T10:15:00+00:00, elapsed=2:15:00, remaining=-0:15:00, overdue_by=0:15:00)
        >>> status.breached, status.warning_level
        (True, 0.75)
    """  # noqa: E501

    state: TargetState
    target: str
    due: OptionalTimestamp
    completed_at: OptionalTimestamp
    elapsed: timedelta
    remaining: timedelta | None
    fraction_used: float | None
    overdue_by: timedelta | None
    paused: bool = False
    at_risk: bool = False
    warning_level: float | None = None
    _trace: Any = PrivateAttr(default=None)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def breached(self) -> bool:
        """Whether the state is ``breached``."""
        return self.state is TargetState.BREACHED

    def _explained(self) -> Trace:
        trace = self.__pydantic_private__["_trace"] if self.__pydantic_private__ else None
        if trace is None:
            raise InvalidTicketError(
                "this status was read back from data, which does not keep the calendar and the "
                "events that explain it; evaluate the ticket again with slacalc.evaluate"
            )
        if not isinstance(trace, Trace):  # unpickled: rebuilt from the ticket on first use
            trace = rebuild_trace(trace)
            object.__setattr__(self, "__pydantic_private__", {"_trace": trace})
        return trace

    @property
    def changes_at(self) -> tuple[datetime, ...]:
        """The instants after ``now`` at which this status changes on its own, in order.

        Each warning threshold not yet reached, then the breach (the first
        microsecond after ``due``); empty when the target is completed,
        paused, breached or has no time. Derived on demand, not a field.

        Example:
            >>> import slacalc
            >>> status = slacalc.response_status("2026-11-30T09:00:00Z", "P1",
            ...                                  now="2026-11-30T09:00:00Z")
            >>> [moment.isoformat() for moment in status.changes_at]
            ['2026-11-30T10:30:00+00:00', '2026-11-30T11:00:00.000001+00:00']
        """
        trace = self._explained()
        zone = trace.snapshot.rule.calendar.zone
        return tuple(from_instant(moment, zone) for moment in trace.changes())

    def next_change(self, now: datetime | str | None = None) -> datetime | None:
        """Return the instant after ``now`` at which this status changes on its own, or ``None``.

        A change is a warning threshold reached or the breach (the first
        microsecond after ``due``), assuming nothing else happens to the
        ticket. ``None`` when the target is completed, paused, breached or
        has no time. ``now`` defaults to the instant the status was
        evaluated at, and must not be earlier.

        Example:
            >>> import slacalc
            >>> status = slacalc.response_status("2026-11-27T17:00:00Z", "P1",
            ...                                  now="2026-11-27T17:30:00Z")
            >>> status.next_change().isoformat()  # 75 % of 2 business hours: 1:30 counted
            '2026-11-30T09:30:00+00:00'
        """
        return self._explained().next_change(now)

    def segments(self) -> list[dict[str, Any]]:
        """Return how the due time came about, as JSON-ready segments in order.

        Each segment is ``{"kind", "start", "end", "counted", "reason", "event"}``:
        ``counted`` open time, ``closed`` time (``reason``: ``outside hours``,
        ``weekend`` or a holiday's name), ``paused``, ``resolved`` (between
        cycles) and ``discarded`` (before a restart) spans, and zero-length
        ``event`` entries (``event``: the event's type, ``None`` for spans)
        up to ``now`` or the completion. Instants are ISO 8601 strings, ``counted`` an ISO
        8601 duration; the counted durations add up to the time counted to
        the last segment's end (the target's time when it ends at ``due``).

        Example:
            >>> import slacalc
            >>> status = slacalc.response_status("2026-12-24T17:00:00Z", "P1",
            ...                                  now="2026-12-24T17:00:00Z")
            >>> [(s["kind"], s["reason"]) for s in status.segments()][:3]
            [('counted', None), ('closed', 'outside hours'), ('closed', 'Christmas Day')]
        """
        return self._explained().segments()

    def explain(self) -> str:
        """Return a short account in plain English of how the due time came about.

        Example:
            >>> import slacalc
            >>> status = slacalc.response_status("2026-12-24T17:00:00Z", "P1",
            ...                                  now="2026-12-24T17:00:00Z")
            >>> print(status.explain())
            P1 response, target 2 business hours. Opened Thu 24 Dec 2026 17:00 GMT. Counted 1:00 on Thu 24 Dec (17:00–18:00). Closed Fri 25 Dec (Christmas Day), Sat 26 – Sun 27 Dec (weekend; Boxing Day), Mon 28 Dec (Boxing Day (observed)). Counted 1:00 on Tue 29 Dec (09:00–10:00). Due Tue 29 Dec 2026 10:00 GMT.
        """  # noqa: E501, RUF002
        return self._explained().explain()

    def __getstate__(self) -> dict[Any, Any]:
        state: dict[Any, Any] = super().__getstate__()
        private = state.get("__pydantic_private__")
        if private and isinstance(private.get("_trace"), Trace):
            state["__pydantic_private__"] = {"_trace": private["_trace"].source}
        return state

    def __repr__(self) -> str:
        flags = "".join(f", {name}=True" for name in ("paused", "at_risk") if getattr(self, name))
        return (
            f"TargetStatus(state={self.state.value!r}, target={self.target!r}, "
            f"due={_moment_text(self.due)}, completed_at={_moment_text(self.completed_at)}, "
            f"elapsed={_duration_text(self.elapsed)}, remaining={_duration_text(self.remaining)}, "
            f"overdue_by={_duration_text(self.overdue_by)}{flags})"
        )

    def _row(self, label: str) -> list[object]:
        return [
            label,
            self.target,
            _moment_text(self.due) if self.due else "",
            self.state.value + (" (paused)" if self.paused else ""),
            _moment_text(self.completed_at) if self.completed_at else "",
            _duration_text(self.elapsed),
            "" if self.remaining is None else _duration_text(self.remaining),
            "" if self.overdue_by is None else _duration_text(self.overdue_by),
        ]

    def _repr_html_(self) -> str:
        return html_table(f"{self.target}: {self.state.value}", _HEADER, [self._row("Target")])


_HEADER = ["", "Target", "Due", "State", "Completed", "Elapsed", "Remaining", "Overdue by"]


class Cycle(_RecordModel):
    """One resolution cycle: from the opening or a reopening to the next resolution.

    Attributes:
        number: 1 for the cycle that starts at the opening, then 2, 3, ...
        start: the opening or the reopening.
        end: the resolution that ended it, or ``None`` while it is open.
        due: its due instant (``None`` without a time target).
        state: its state at its end, or at ``now`` while it is open.

    Example:
        >>> import slacalc
        >>> ticket = slacalc.Ticket(opened_at="2026-12-01T09:00:00Z", priority="P1", events=[
        ...     {"type": "resolved", "at": "2026-12-01T10:00:00Z"},
        ...     {"type": "reopened", "at": "2026-12-01T15:00:00Z"}])
        >>> [c.state.value for c in slacalc.evaluate(ticket, now="2026-12-01T16:00:00Z").cycles]
        ['met', 'pending']
    """

    number: int
    start: Timestamp
    end: OptionalTimestamp
    due: OptionalTimestamp
    state: TargetState

    @computed_field  # type: ignore[prop-decorator]
    @property
    def breached(self) -> bool:
        """Whether the cycle's state is ``breached``."""
        return self.state is TargetState.BREACHED

    def __repr__(self) -> str:
        return (
            f"Cycle(number={self.number}, start={self.start.isoformat()}, "
            f"end={_moment_text(self.end)}, due={_moment_text(self.due)}, "
            f"state={self.state.value!r})"
        )


class SlaReport(_RecordModel):
    """The response and resolution status of one ticket at one ``now``.

    Attributes:
        priority: the key of the tier in effect at ``now``.
        opened_at: when the ticket was opened.
        now: the instant of the report.
        response: the response target's status.
        resolution: the status of the latest resolution cycle.
        id: the ticket's ``id``; ``metadata``: its metadata, untouched.
        paused: whether the ticket is paused at ``now``.
        cycles: every resolution cycle up to ``now``, in order.
        breached_cycles: how many cycles before the latest one breached.

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
    id: str | None = None
    metadata: dict[str, JsonValue] = Field(default_factory=dict)
    paused: bool = False
    cycles: tuple[Cycle, ...] = ()
    breached_cycles: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def breached(self) -> bool:
        """Whether the response or the resolution is breached."""
        return self.response.breached or self.resolution.breached

    def next_change(self, now: datetime | str | None = None) -> datetime | None:
        """Return the next instant after ``now`` at which either target's status changes.

        ``now`` defaults to the report's ``now``. ``None`` when neither
        target will change on its own (see ``TargetStatus.next_change``):
        a service can schedule one wake-up per ticket instead of polling.

        Example:
            >>> import slacalc
            >>> report = slacalc.evaluate(
            ...     {"opened_at": "2026-11-30T09:00:00Z", "priority": "P1"},
            ...     now="2026-11-30T09:00:00Z")
            >>> report.next_change().isoformat()  # the response reaches 75 % of 2 hours
            '2026-11-30T10:30:00+00:00'
        """
        found = [
            moment
            for moment in (self.response.next_change(now), self.resolution.next_change(now))
            if moment is not None
        ]
        return min(found, default=None)

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
