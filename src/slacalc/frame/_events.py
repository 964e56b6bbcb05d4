"""An events table joined to a ticket table by ticket id, and those tickets' reports.

A ticket with events is evaluated by the scalar ``evaluate`` (the clock's
rules are the same ones, not a second implementation); tickets without
events stay on the arrays. An event whose ticket id no row has is refused:
ids of different types (``17`` and ``"17"``) would otherwise silently join
nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from slacalc._instants import from_instant, is_missing
from slacalc.errors import InvalidTicketError, Problem, SlacalcError
from slacalc.frame._columns import instants_of, row_label, values_of
from slacalc.sla import Event, Ticket, evaluate

if TYPE_CHECKING:
    from slacalc.frame._columns import Column
    from slacalc.frame._problems import Problems
    from slacalc.policy import Policy
    from slacalc.sla import SlaReport

__all__ = ["EVENT_COLUMNS", "join_events", "reports_of"]

EVENT_COLUMNS = ("type", "at", "to")


def _key(value: Any) -> Any:
    """A join key: the value and its type, so ``17``, ``"17"``, ``17.5`` and ``True`` never meet."""
    return (type(value), value)


def join_events(  # noqa: PLR0917  # private; one call per frame
    frame: Any, events: Any, id_name: str, assume_tz: str | None, problems: Problems, np: Any
) -> dict[int, list[Event]]:
    """Each row's events, in the order of the events table (rows with bad events get a problem).

    Raises:
        InvalidTicketError: a column is missing, or an event names an id no row has.
    """
    names = list(events.columns)
    needed = [id_name, "type", "at"]
    if any(name not in names for name in needed):
        raise InvalidTicketError(
            f"an events table needs the columns {needed} (and 'to' for priority changes); "
            f"it has {names}"
        )
    if id_name not in list(frame.columns):
        raise InvalidTicketError(
            f"events are joined to the tickets by their {id_name!r} column, which the frame "
            "lacks; pass id= the name of the tickets' id column"
        )
    rows_of = _rows_by_id(frame, id_name)
    at = instants_of(events, "at", assume_tz, np)
    moments = at.micros.tolist()
    tos = values_of(events, "to") if "to" in names else [None] * len(events)
    joined: dict[int, list[Event]] = {}
    orphans: list[tuple[Any, Any]] = []
    for position, (ticket, kind, to) in enumerate(
        zip(values_of(events, id_name), values_of(events, "type"), tos, strict=True)
    ):
        rows = [] if is_missing(ticket) else rows_of.get(_key(ticket), [])
        label = row_label(events, position)
        if not rows:
            orphans.append((label, ticket))
            continue
        message = _event_problem(at, position, label)
        if len(rows) > 1:
            message = f"id {ticket!r} is on several rows; events join by unique ids"
        if message is None:
            try:
                event = Event(
                    type=kind, at=_utc(moments[position]), to=None if is_missing(to) else to
                )
            except SlacalcError as error:
                message = f"events row {label}: {error}"
            else:
                joined.setdefault(rows[0], []).append(event)
                continue
        problems.add_each(dict.fromkeys(rows, message))
    if orphans:
        raise _orphans(orphans, id_name)
    return joined


def _utc(micros: int) -> datetime:
    return from_instant(micros, UTC)


def _event_problem(at: Column, position: int, label: Any) -> str | None:
    if position in at.errors:
        return f"events row {label}: {at.errors[position]}"
    if at.missing[position]:
        return f"events row {label}: at is missing; every event needs its instant"
    return None


def _rows_by_id(frame: Any, id_name: str) -> dict[Any, list[int]]:
    rows_of: dict[Any, list[int]] = {}
    for row, value in enumerate(values_of(frame, id_name)):
        if not is_missing(value):
            rows_of.setdefault(_key(value), []).append(row)
    return rows_of


def _orphans(orphans: list[tuple[Any, Any]], id_name: str) -> InvalidTicketError:
    shown = ", ".join(f"{label} ({ticket!r})" for label, ticket in orphans[:5])
    return InvalidTicketError(
        f"{len(orphans)} event(s) name a ticket id that no row of the frame has: events rows "
        f"{shown}{' …' if len(orphans) > 5 else ''}; filter the events to the frame's "
        "tickets, and give both id columns one type (17 and '17' differ)",
        tuple(
            Problem(f"events[{label}].{id_name}", "no such ticket", ticket)
            for label, ticket in orphans
        ),
    )


def reports_of(
    joined: dict[int, list[Event]],
    opened: Column,
    priorities: list[Any],
    completions: tuple[Column, Column],
    context: tuple[Policy, datetime, Problems],
) -> dict[int, SlaReport]:
    """The scalar report of every good row with events (rows that fail get a problem)."""
    policy, now, problems = context
    responded, resolved = completions
    bad = problems.bad
    reports: dict[int, SlaReport] = {}
    for row, events in joined.items():
        if bad[row]:
            continue
        try:
            ticket = Ticket(
                opened_at=_utc(int(opened.micros[row])),
                priority=priorities[row],
                responded_at=None if responded.missing[row] else _utc(int(responded.micros[row])),
                resolved_at=None if resolved.missing[row] else _utc(int(resolved.micros[row])),
                events=tuple(events),
            )
            reports[row] = evaluate(ticket, now=now, policy=policy)
        except SlacalcError as error:
            problems.add_each(
                {row: f"{error} (events[i]: the ticket's i-th row in the events table)"},
                type(error),
            )
    return reports
