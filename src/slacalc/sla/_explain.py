"""What a status remembers of its evaluation: its next change, its segments, its account.

A ``Trace`` is the clock snapshot a status was made from, with the events
that shaped it. ``segments`` tiles the time from the opening to the due
instant (or to the evaluation point when there is no due) with what the
clock did: counted open time, closures with their reasons, pauses, time
while resolved, time discarded by a restart; ``explain`` tells the same in
English. Both are derived on demand, never on the hot path.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple

from slacalc._instants import (
    MICROS_PER_SECOND,
    from_instant,
    iso_duration,
    to_instant,
)
from slacalc.calendar._reasons import ClosureReasons
from slacalc.errors import InvalidTimestampError
from slacalc.policy._rules import timetable_of
from slacalc.sla._clock import Snapshot, Stretch, threshold_amount
from slacalc.sla._ticket import EventType

if TYPE_CHECKING:
    from collections.abc import Iterator

    from slacalc.sla._timeline import Step

__all__ = ["EN_DASH", "Trace", "rebuild_trace"]

# kind, start, end, counted time, reason, event type (for "event" pieces)
_Piece = tuple[str, int, int, int, str | None, str | None]

EN_DASH = "\N{EN DASH}"  # between the two ends of a range of times or days

_MARKED = {
    EventType.PRIORITY_CHANGED,
    EventType.REOPENED,
    EventType.RESPONDED,
    EventType.RESOLVED,
    EventType.PAUSED,
    EventType.RESUMED,
}


class Trace(NamedTuple):
    """A status's snapshot, the ticket's opening and events, and how to rebuild it."""

    snapshot: Snapshot
    opened: int
    steps: tuple[Step, ...]
    completed: int | None
    source: tuple[Any, ...]  # (ticket, policy, now instant, kind): rebuilds it after unpickling

    # -- next change -----------------------------------------------------------

    def changes(self) -> list[int]:
        """The instants after the snapshot at which the status changes on its own, in order."""
        snap = self.snapshot
        due, allowance = snap.due, snap.allowance
        if self.completed is not None or not snap.running or due is None or allowance is None:
            return []
        if snap.at > due:
            return []  # already breached: nothing more changes
        moments = {due + 1}
        if allowance > 0:
            rule = snap.rule
            for fraction in snap.plan.warnings:
                amount = threshold_amount(fraction, allowance)
                if amount > snap.used:
                    moments.add(rule.advance(snap.at, amount - snap.used))
        return sorted(moments)

    def next_change(self, now: datetime | str | None) -> datetime | None:
        """The first instant after ``now`` at which the status changes on its own."""
        snap = self.snapshot
        after = snap.at if now is None else to_instant(now, "now")
        if after < snap.at:
            raise InvalidTimestampError(
                f"now ({now}) is earlier than the instant the status was evaluated at "
                f"({from_instant(snap.at, snap.plan.response.calendar.zone).isoformat()}); "
                "evaluate the ticket again for an earlier instant"
            )
        for moment in self.changes():
            if moment > after:
                return from_instant(moment, snap.rule.calendar.zone)
        return None

    # -- segments ----------------------------------------------------------------

    def _span_end(self) -> int:
        snap = self.snapshot
        return snap.at if snap.due is None else snap.due

    def _stretches(self) -> list[Stretch]:
        """The snapshot's stretches, continued to the due instant and cut there."""
        snap = self.snapshot
        stretches = list(snap.stretches)
        end = self._span_end()
        if end > snap.at:  # projected: counted on from the evaluation point
            stretches.append(Stretch(snap.at, end, paused=False, plan=snap.plan))
        return [part._replace(end=min(part.end, end)) for part in stretches if part.start < end]

    def segments(self) -> list[dict[str, Any]]:
        """The segments of ``TargetStatus.segments``: the span tiled, its events in place."""
        zone = self.snapshot.rule.calendar.zone
        return [
            {
                "kind": kind,
                "start": from_instant(start, zone).isoformat(),
                "end": from_instant(stop, zone).isoformat(),
                "counted": iso_duration(timedelta(0, 0, counted)),
                "reason": reason,
                "event": event,
            }
            for kind, start, stop, counted, reason, event in self._pieces(for_account=False)
        ]

    def _pieces(self, *, for_account: bool) -> list[_Piece]:
        """The span's pieces in order, with its events.

        The segments are cut at the events inside them and hold the events
        of the span only; the account takes whole pieces (a closed day with
        an event in it is still a closed day) and the events after the span
        too (a priority change after the due instant).
        """
        snap = self.snapshot
        end = self._span_end()
        last = max(end, snap.at) if for_account else end
        markers: list[_Piece] = [
            ("event", step.at, step.at, 0, self._event_reason(step), step.type.value)
            for step in self.steps
            if step.type in _MARKED and self._marks(step) and self.opened <= step.at <= last
        ]
        cuts = [] if for_account else sorted({marker[1] for marker in markers})
        pieces: list[_Piece] = []
        cursor = self.opened
        for part in self._stretches():
            if part.start > cursor:
                pieces.extend(_cut_at(self._gap(cursor, part.start), cuts))
            for piece in self._stretch_pieces(part):
                pieces.extend(_cut_at(piece, cuts))
            cursor = part.end
        if end > cursor:
            pieces.extend(_cut_at(self._gap(cursor, end), cuts))
        ordered: list[_Piece] = []
        for piece in sorted(
            [*pieces, *markers], key=lambda piece: (piece[1], piece[0] != "event", piece[2])
        ):
            previous = ordered[-1] if ordered else None
            if (
                previous is not None
                and piece[0] == previous[0] == "counted"
                and previous[2] == piece[1]
            ):  # one open interval cut at an evaluation point: one segment
                ordered[-1] = ("counted", previous[1], piece[2], previous[3] + piece[3], None, None)
            else:
                ordered.append(piece)
        return ordered

    def _marks(self, step: Step) -> bool:
        kind = self.snapshot.kind
        if step.type is EventType.RESPONDED:
            return kind == "response"
        if step.type in {EventType.RESOLVED, EventType.REOPENED}:
            return kind == "resolution"
        if step.type in {EventType.PAUSED, EventType.RESUMED}:
            # A pause that stops this clock shows as a paused segment instead.
            return all(kind not in stretch.plan.pauses for stretch in self.snapshot.stretches)
        return True

    def _event_reason(self, step: Step) -> str:
        if step.plan is not None:
            target = getattr(step.plan.tier, self.snapshot.kind).spelling
            return f"priority changed to {step.plan.tier.key} ({target})"
        if step.type in {EventType.PAUSED, EventType.RESUMED}:
            return f"{step.type.value} (the {self.snapshot.kind} clock keeps running)"
        if step.type is EventType.REOPENED:
            return "reopened (a new resolution cycle)"
        return step.type.value

    def _gap(self, start: int, end: int) -> _Piece:
        """Time between stretches: before the clock's origin, or while resolved."""
        if end <= self.snapshot.origin:
            return ("discarded", start, end, 0, "before the clock started again", None)
        return ("resolved", start, end, 0, "resolved; not counted", None)

    def _stretch_pieces(self, stretch: Stretch) -> Iterator[_Piece]:
        kind = self.snapshot.kind
        if not stretch.counts(kind):
            yield ("paused", stretch.start, stretch.end, 0, "paused; not counted", None)
            return
        rule = stretch.plan.response if kind == "response" else stretch.plan.resolution
        if not rule.counts_business_time:
            yield ("counted", stretch.start, stretch.end, stretch.end - stretch.start, None, None)
            return
        calendar = rule.calendar
        table = timetable_of(calendar)
        cursor = stretch.start
        reasons = _reasons_for(calendar, stretch)
        for opening, closing in table.intervals(stretch.start, stretch.end):
            low, high = max(opening, stretch.start), min(closing, stretch.end)
            if low >= high:
                continue
            if low > cursor:
                yield from _closed(cursor, low, calendar.zone, reasons)
            yield ("counted", low, high, high - low, None, None)
            cursor = high
        if stretch.end > cursor:
            yield from _closed(cursor, stretch.end, calendar.zone, reasons)

    # -- explanation -------------------------------------------------------------

    def explain(self) -> str:
        """The account of ``TargetStatus.explain``."""
        snap = self.snapshot
        zone = snap.rule.calendar.zone
        tier = snap.plan.tier
        target = getattr(tier, snap.kind)
        account = _Account()
        account.say(
            f"{tier.key} {snap.kind}, target {target.spelling}."
            if snap.allowance is not None
            else f"{tier.key} {snap.kind}, no time target ({target.spelling})."
        )
        account.say(f"Opened {_moment(self.opened, zone)}.")
        due = snap.due
        for kind, low, high, counted, reason, _ in self._pieces(for_account=True):
            if due is not None and low > due:
                account.say(f"Due {_moment(due, zone)}.")
                due = None
            if kind == "event" and low == self.completed:
                continue  # the completion itself: told with the outcome below
            start, end = from_instant(low, zone), from_instant(high, zone)
            if kind == "counted":
                account.count(start, end, counted)
            elif kind == "closed":
                # A date closed as a whole (weekend, holiday) is named even when the span
                # covers only part of it: a ticket opened at 10:00 on Christmas Day.
                if reason != "outside hours":
                    account.close(start, end, reason or "closed")
            elif kind == "paused":
                covered = f"{_clock_text(snap.rule.count(low, high))} not counted"
                account.say(_other_sentence(kind, start, end, covered))
            else:
                account.say(_other_sentence(kind, start, end, reason))
        if due is not None:
            account.say(f"Due {_moment(due, zone)}.")
        for sentence in self._outcome(zone):
            account.say(sentence)
        return account.text()

    def _outcome(self, zone: Any) -> list[str]:
        snap = self.snapshot
        done = "Responded" if snap.kind == "response" else "Resolved"
        if self.completed is not None:
            state = "met" if snap.due is None or self.completed <= snap.due else "breached"
            if snap.due is None:
                return [f"{done} {_moment(self.completed, zone)}."]
            return [f"{done} {_moment(self.completed, zone)}: {state}."]
        if snap.due is not None and snap.at > snap.due:
            return [f"Not {done.lower()} by {_moment(snap.at, zone)}: breached."]
        if snap.open and snap.stopped:
            return [f"Paused at {_moment(snap.at, zone)}: due as if it resumed then."]
        return []


class _Account:
    """Sentences in order; counted time is told per local day, closed days in runs."""

    def __init__(self) -> None:
        self._sentences: list[str] = []
        self._closed: list[tuple[date, date, list[str]]] = []
        self._counted: tuple[date, int, list[str]] | None = None

    def _flush(self) -> None:
        if self._counted is not None:
            day, amount, ranges = self._counted
            self._sentences.append(
                f"Counted {_clock_text(amount)} on {_day(day)} ({', '.join(ranges)})."
            )
            self._counted = None
        if self._closed:
            groups = ", ".join(
                f"{_days(first, last)} ({'; '.join(names)})" for first, last, names in self._closed
            )
            self._sentences.append(f"Closed {groups}.")
            self._closed = []

    def say(self, sentence: str) -> None:
        """A sentence of its own, after what is pending."""
        self._flush()
        self._sentences.append(sentence)

    def count(self, start: datetime, end: datetime, counted: int) -> None:
        """Counted time from ``start`` to ``end`` (local), joined with the same day's."""
        day = start.date()
        text = f"{_hhmm(start)}{EN_DASH}{_hhmm(end)}"
        if self._counted is not None and self._counted[0] == day:
            _, amount, ranges = self._counted
            self._counted = (day, amount + counted, [*ranges, text])
            return
        self._flush()
        self._counted = (day, counted, [text])

    def close(self, start: datetime, end: datetime, reason: str) -> None:
        """Closed dates, run together with the dates before them of the same kind."""
        if self._counted is not None:
            self._flush()
        primary, *names = reason.split("; ")
        first, last = start.date(), (end - timedelta(microseconds=1)).date()
        closed = self._closed
        if closed and closed[-1][2][0] == primary and closed[-1][1] + timedelta(days=1) >= first:
            previous = closed[-1]
            closed[-1] = (
                previous[0],
                max(previous[1], last),
                list(dict.fromkeys([*previous[2], *names])),
            )
        else:
            closed.append((first, last, [primary, *names]))

    def text(self) -> str:
        """Every sentence, one space apart."""
        self._flush()
        return " ".join(self._sentences)


def rebuild_trace(source: tuple[Any, ...]) -> Trace:
    """The trace of an unpickled status, from the ticket, policy, instant and target kind."""
    from slacalc.sla._evaluate import trace_of  # noqa: PLC0415  # evaluation imports this module

    return trace_of(*source)


def _reasons_for(calendar: Any, stretch: Stretch) -> ClosureReasons:
    first = from_instant(stretch.start, calendar.zone).year
    last = from_instant(stretch.end, calendar.zone).year
    return ClosureReasons(calendar, range(first - 1, last + 2))


def _closed(start: int, end: int, zone: Any, reasons: ClosureReasons) -> Iterator[_Piece]:
    """A closure cut at local midnights, each piece with its reason, same reasons joined."""
    current: list[Any] | None = None
    cursor = start
    while cursor < end:
        local = from_instant(cursor, zone)
        midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), zone)
        piece_end = min(end, to_instant(midnight, "midnight"))
        if piece_end <= cursor:  # a zone whose midnight is skipped: step an hour on
            piece_end = min(end, cursor + 3_600 * MICROS_PER_SECOND)
        reason = reasons.detail(local.date())
        if current is not None and current[4] == reason:
            current[2] = piece_end
        else:
            if current is not None:
                yield tuple(current)
            current = ["closed", cursor, piece_end, 0, reason, None]
        cursor = piece_end
    if current is not None:
        yield tuple(current)


def _cut_at(piece: _Piece, cuts: list[int]) -> Iterator[_Piece]:
    """``piece`` cut at the event instants strictly inside it (counted time goes with each part)."""
    kind, start, end, counted, reason, event = piece
    inside = [cut for cut in cuts if start < cut < end]
    if not inside:
        yield piece
        return
    for low, high in pairwise([start, *inside, end]):
        yield (kind, low, high, high - low if counted else 0, reason, event)


def _other_sentence(kind: str, start: datetime, end: datetime, reason: str | None) -> str:
    if kind == "paused":
        return f"Paused {_short(start)} {EN_DASH} {_short(end)} ({reason})."
    if kind == "resolved":
        return f"Not counted while resolved: {_short(start)} {EN_DASH} {_short(end)}."
    if kind == "discarded":
        return (
            f"Not counted {_short(start)} {EN_DASH} {_short(end)} (before the clock started again)."
        )
    main, _, detail = (reason or "").partition(" (")
    detail = f" ({detail}" if detail else ""
    return f"{main[:1].upper()}{main[1:]} at {_short(start)}{detail}."


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _days(first: date, last: date) -> str:
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%a} {first.day} {EN_DASH} {_day(last)}"
    return f"{_day(first)} {EN_DASH} {_day(last)}"


def _hhmm(moment: datetime) -> str:
    text = f"{moment:%H:%M}"
    if moment.second or moment.microsecond:
        text += f":{moment:%S}"
    if moment.microsecond:
        text += f".{moment.microsecond:06}"
    return text


def _short(moment: datetime) -> str:
    return f"{_day(moment.date())} {_hhmm(moment)}"


def _moment(instant: int, zone: Any) -> str:
    moment = from_instant(instant, zone)
    return f"{_day(moment.date())} {moment.year} {_hhmm(moment)} {moment.tzname()}"


def _clock_text(micros: int) -> str:
    seconds, fraction = divmod(micros, MICROS_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    text = f"{hours}:{minute:02}"
    if second or fraction:
        text += f":{second:02}"
    if fraction:
        text += f".{fraction:06}"
    return text
