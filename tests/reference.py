"""A brute-force reference for the calendar semantics of docs/design.md.

Nothing here comes from slacalc: a calendar is a plain `CalendarSpec`, every
instant is an integer number of microseconds since 1970-01-01T00:00:00Z, and
every question is answered by listing each local date's intervals over a
window of dates around the inputs and looping over them. The window grows
until the answer cannot be changed by dates outside it. No caching, no
bisection: slow and obviously right is the point.

Then an oracle for the SLA due times and states of the built-in policy:
its calendar and targets written out by hand, every due time found by
stepping minute by minute.

Last, an evaluator of ticket timelines (pauses, priority changes, reopenings):
the rules restated as one walk over the events. It counts time on slacalc's
own calendars through their public `open_intervals` (which the calendar
differential tests check against the reference above) and measures each
tier's allowance up to the plain due time of `slacalc.response_due` /
`slacalc.resolution_due` (checked by the SLA tests); nothing else of slacalc.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from zoneinfo import ZoneInfo

import slacalc

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")

SECOND = 1_000_000
DAY = 86_400 * SECOND
EPOCH = datetime(1970, 1, 1)  # naive: the arithmetic below is on naive UTC
# How an edge in a gap or a fold is read (design.md's table).
Mode = Literal["compatible", "earlier", "later", "raise"]
MODES: tuple[Mode, ...] = ("compatible", "earlier", "later", "raise")

# (start, end) in seconds after local midnight; end <= start crosses midnight,
# (0, 0) and (0, 86_400) are the whole day.
LocalInterval = tuple[int, int]
# (start, end) in microseconds since the epoch, start < end.
Span = tuple[int, int]


class AmbiguousEdgeError(Exception):
    """With disambiguate="raise": an edge falls in a gap or a fold."""


class NoAnswerError(Exception):
    """The reference found no answer within its largest window."""


@dataclass(frozen=True)
class RecurringSpec:
    """A recurring rule: its RRULE text and the local dates it matches."""

    rule: str
    dates: frozenset[date] = field(repr=False)
    intervals: tuple[LocalInterval, ...]


@dataclass(frozen=True)
class CalendarSpec:
    """A calendar as plain data."""

    zone: str
    weekly: dict[int, tuple[LocalInterval, ...]]
    holidays: frozenset[date] = frozenset()
    special: dict[date, tuple[LocalInterval, ...]] = field(default_factory=dict)
    recurring: tuple[RecurringSpec, ...] = ()
    disambiguate: Mode = "compatible"


# -- instants ---------------------------------------------------------------


def to_us(moment: datetime) -> int:
    """Microseconds since the epoch of an aware datetime (fold respected)."""
    delta = moment.astimezone(UTC).replace(tzinfo=None) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * SECOND + delta.microseconds


def from_us(us: int, zone: str = "UTC") -> datetime:
    """The instant `us` as an aware datetime in `zone`."""
    utc = (EPOCH + timedelta(microseconds=us)).replace(tzinfo=UTC)
    return utc.astimezone(ZoneInfo(zone))


def naive_us(wall: datetime) -> int:
    """A naive datetime read as if it were UTC, in microseconds."""
    delta = wall - EPOCH
    return (delta.days * 86_400 + delta.seconds) * SECOND + delta.microseconds


def local_to_us(wall: datetime, zone: str, mode: Mode) -> int:
    """Resolve a local wall-clock time to an instant, as design.md's table says."""
    tz = ZoneInfo(zone)
    first = to_us(wall.replace(tzinfo=tz, fold=0))
    second = to_us(wall.replace(tzinfo=tz, fold=1))
    if first == second:
        return first
    if mode == "raise":
        raise AmbiguousEdgeError(f"{wall} in {zone}")
    # fold=0 reads a wall time with the offset in force before the transition.
    # In a gap that offset is the smaller one, so the fold=0 reading is the
    # later instant ("shifted forward by the gap's length").
    in_gap = first > second
    if in_gap:
        return second if mode == "earlier" else first
    return second if mode == "later" else first


# -- one local date ---------------------------------------------------------


def local_intervals(spec: CalendarSpec, day: date) -> tuple[LocalInterval, ...]:
    """The date's intervals after precedence: special > holiday > recurring > weekly."""
    if day in spec.special:
        return spec.special[day]
    if day in spec.holidays:
        return ()
    for rule in spec.recurring:
        if day in rule.dates:
            return rule.intervals
    return spec.weekly.get(day.weekday(), ())


def owned_spans(spec: CalendarSpec, day: date) -> list[Span]:
    """The date's own intervals as instants: empty ones dropped, the rest merged."""
    midnight = datetime.combine(day, time())
    # Touching intervals of one date are one interval of wall-clock time
    # ("09:00-12:00, 12:00-13:00" is "09:00-13:00"): merge, then convert.
    wall = merge(
        [(start, end if end > start else end + 86_400) for start, end in local_intervals(spec, day)]
    )
    spans = []
    for start, close in wall:
        opens = local_to_us(midnight + timedelta(seconds=start), spec.zone, spec.disambiguate)
        closes = local_to_us(midnight + timedelta(seconds=close), spec.zone, spec.disambiguate)
        if opens < closes:
            spans.append((opens, closes))
    return merge(spans)


def merge(spans: list[Span]) -> list[Span]:
    """Union of spans, sorted, touching ones joined."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def intersect(left: list[Span], right: list[Span]) -> list[Span]:
    """Pairwise intersection of two span lists (each sorted and disjoint)."""
    out = []
    for a_start, a_end in left:
        for b_start, b_end in right:
            start, end = max(a_start, b_start), min(a_end, b_end)
            if start < end:
                out.append((start, end))
    return merge(out)


# -- windows of dates ------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """The open spans of the dates `first..last`, exact within `[low, high)`.

    A date's intervals start on that local date and last at most a day, may be
    moved by up to a day by a gap (Apia skipped a whole day) and read with an
    offset within [-12h, +14h]: they lie within [midnight - 2 days, midnight +
    4 days] of the date's midnight read as UTC. So dates outside the window
    cannot touch `[low, high)`.
    """

    low: int
    high: int
    spans: tuple[Span, ...]


def utc_date(us: int) -> date:
    """The UTC date of an instant."""
    return (EPOCH + timedelta(microseconds=us)).date()


def window(calendar: Calendarish, first: date, last: date) -> Window:
    """Open spans of dates first..last, clipped to where they are exact."""
    low = naive_us(datetime.combine(first, time())) + 3 * DAY
    high = naive_us(datetime.combine(last, time())) - DAY
    spans = []
    day = first
    while day <= last:
        spans.extend(calendar.owned(day))
        day += timedelta(days=1)
    clipped = [(max(s, low), min(e, high)) for s, e in merge(spans)]
    return Window(low, high, tuple((s, e) for s, e in clipped if s < e))


class Calendarish:
    """Anything that lists a local date's own spans: a spec or an intersection."""

    def owned(self, day: date) -> list[Span]:
        raise NotImplementedError


class Reference(Calendarish):
    """The reference answers for one `CalendarSpec`."""

    def __init__(self, spec: CalendarSpec) -> None:
        self.spec = spec

    def owned(self, day: date) -> list[Span]:
        return owned_spans(self.spec, day)

    # Each search tries growing windows around the inputs; `attempt` returns
    # None when the answer could still depend on dates outside the window.
    def _search(
        self,
        lo_us: int,
        hi_us: int,
        attempt: Callable[[Window], T | None],
        *,
        back: int,
        ahead: int,
    ) -> T:
        for scale in (1, 4, 16, 64):
            first = utc_date(lo_us) - timedelta(days=4 + back * scale)
            last = utc_date(hi_us) + timedelta(days=3 + ahead * scale)
            answer = attempt(window(self, first, last))
            if answer is not None:
                return answer
        raise NoAnswerError

    def is_open(self, t: int) -> bool:
        def attempt(w: Window) -> bool:
            return any(s <= t < e for s, e in w.spans)

        return self._search(t, t, attempt, back=0, ahead=0)

    def next_open(self, t: int) -> int:
        def attempt(w: Window) -> int | None:
            for s, e in w.spans:
                if s <= t < e:
                    return t
                if s > t:
                    return s
            return None

        return self._search(t, t, attempt, back=0, ahead=14)

    def next_close(self, t: int) -> int:
        def attempt(w: Window) -> int | None:
            for _, e in w.spans:
                if e > t:
                    return e if e < w.high else None
            return None

        return self._search(t, t, attempt, back=0, ahead=14)

    def previous_open(self, t: int) -> int:
        def attempt(w: Window) -> int | None:
            for s, _ in reversed(w.spans):
                if s <= t:
                    return s if s > w.low else None
            return None

        return self._search(t, t, attempt, back=14, ahead=0)

    def previous_close(self, t: int) -> int:
        def attempt(w: Window) -> int | None:
            for _, e in reversed(w.spans):
                if e <= t:
                    return e
            return None

        return self._search(t, t, attempt, back=14, ahead=0)

    def open_intervals(self, start: int, end: int) -> list[Span]:
        spans = self._search(start, end, lambda w: w.spans, back=0, ahead=0)
        if end <= start:
            return []
        return [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]

    def elapsed(self, start: int, end: int) -> int:
        return sum(e - s for s, e in self.open_intervals(start, end))

    def add(self, start: int, duration: int) -> int:
        def attempt(w: Window) -> int | None:
            remaining = duration
            if remaining == 0:
                return start
            for s, e in w.spans:
                if e <= start:
                    continue
                s = max(s, start)  # noqa: PLW2901
                if e - s >= remaining:
                    result = s + remaining
                    return result if result < w.high else None
                remaining -= e - s
            return None

        return self._search(start, start, attempt, back=0, ahead=60)

    def subtract(self, end: int, duration: int) -> int:
        def attempt(w: Window) -> int | None:
            remaining = duration
            if remaining == 0:
                return end
            for s, e in reversed(w.spans):
                if s >= end:
                    continue
                e = min(e, end)  # noqa: PLW2901
                if e - s >= remaining:
                    result = e - remaining
                    return result if result > w.low else None
                remaining -= e - s
            return None

        return self._search(end, end, attempt, back=60, ahead=0)

    def hours_on(self, day: date) -> list[Span]:
        return self.owned(day)

    def is_business_day(self, day: date) -> bool:
        return bool(self.owned(day))

    def add_business_days(self, day: date, n: int) -> date:
        steps = 0

        def step(day: date, direction: int) -> date:
            nonlocal steps
            steps += 1
            if steps > 4000:
                raise NoAnswerError
            return day + timedelta(days=direction)

        while not self.is_business_day(day):
            day = step(day, 1)
        direction = 1 if n >= 0 else -1
        for _ in range(abs(n)):
            day = step(day, direction)
            while not self.is_business_day(day):
                day = step(day, direction)
        return day

    def business_days_between(self, a: date, b: date) -> int:
        # numpy.busday_count: [a, b) forwards; backwards it counts (b, a].
        if a <= b:
            return sum(self.is_business_day(a + timedelta(days=i)) for i in range((b - a).days))
        return -sum(self.is_business_day(b + timedelta(days=i)) for i in range(1, (a - b).days + 1))


def has_bad_edge(spec: CalendarSpec, first: date, last: date) -> bool:
    """Whether some edge of the dates first..last is in a gap or a fold."""
    strict = CalendarSpec(**{**spec.__dict__, "disambiguate": "raise"})
    day = first
    while day <= last:
        try:
            owned_spans(strict, day)
        except AmbiguousEdgeError:
            return True
        day += timedelta(days=1)
    return False


class IntersectionReference(Reference):
    """`a & b`: a's own spans of each of a's local dates, cut by b's open time."""

    def __init__(self, left: CalendarSpec, right: CalendarSpec) -> None:
        super().__init__(left)
        self.right = Reference(right)

    def owned(self, day: date) -> list[Span]:
        mine = owned_spans(self.spec, day)
        if not mine:
            return []
        lo, hi = mine[0][0], mine[-1][1]
        theirs = self.right.open_intervals(lo, hi)
        return intersect(mine, theirs)


# -- the built-in SLA policy, minute by minute --------------------------------

MINUTE = timedelta(minutes=1)

# England & Wales bank holidays on weekdays, 2026-2027, written out by hand (from gov.uk).
BANK_HOLIDAYS = frozenset(
    {
        date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4),
        date(2026, 5, 25), date(2026, 8, 31), date(2026, 12, 25), date(2026, 12, 28),
        date(2027, 1, 1), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 3),
        date(2027, 5, 31), date(2027, 8, 30), date(2027, 12, 27), date(2027, 12, 28),
    }
)  # fmt: skip

# The seed's table in minutes of business time (one business day = 9 hours).
TARGET_MINUTES: dict[tuple[int, str], int | None] = {
    (1, "response"): 2 * 60,
    (1, "resolution"): 4 * 60,
    (2, "response"): 2 * 60,
    (2, "resolution"): 12 * 9 * 60,
    (3, "response"): 2 * 9 * 60,
    (3, "resolution"): 7 * 9 * 60,
    (4, "response"): 4 * 9 * 60,
    (4, "resolution"): None,
}


def is_open_minute(start: datetime) -> bool:
    """Whether the minute starting at `start` (UTC = GMT) is business time."""
    return start.weekday() < 5 and start.date() not in BANK_HOLIDAYS and 9 <= start.hour < 18


def brute_due(opened: datetime, minutes: int) -> datetime:
    """Step minute by minute from `opened` until `minutes` open minutes have passed."""
    moment, counted = opened, 0
    while counted < minutes:
        counted += is_open_minute(moment)
        moment += MINUTE
    return moment


def brute_elapsed(opened: datetime, end: datetime) -> timedelta:
    """Count the open minutes in [opened, end)."""
    moment, counted = opened, 0
    while moment < end:
        counted += is_open_minute(moment)
        moment += MINUTE
    return counted * MINUTE


def expected_state(due: datetime | None, completed: datetime | None, now: datetime) -> str:
    """The state rules of docs/design.md, restated."""
    if due is None:
        return "no_target"
    if completed is not None and completed <= now:
        return "met" if completed <= due else "breached"
    return "pending" if now <= due else "breached"


# -- recurrence rules ----------------------------------------------------------------------


def dateutil_rule_dates(text: str, years: range) -> frozenset[date]:
    """The definition of a rule's dates: dateutil's expansion, from 1900 without a DTSTART."""
    from dateutil.rrule import rrulestr  # noqa: PLC0415 - only this oracle needs it

    rule = rrulestr(text, dtstart=datetime(1900, 1, 1), forceset=True)
    found = rule.between(datetime(years[0], 1, 1), datetime(years[-1] + 1, 1, 1), inc=True)
    return frozenset(moment.date() for moment in found if moment.year <= years[-1])


# -- ticket timelines ----------------------------------------------------------------------
#
# A ticket's events drive two clocks, the response's and the resolution's. The walk below
# applies the events in the order of the rules and records, per clock, the stretches of time
# during which its cycle was open (with whether the ticket was paused and the tier in effect);
# every question about a clock is then answered by walking those stretches, and the
# calendar's open intervals within them, from the start. Instants and durations are
# microseconds, as above.

TARGET_KINDS = ("response", "resolution")
# Among events at one instant, the first possible one in this order happens first.
EVENT_RANK = ("resumed", "reopened", "priority_changed", "responded", "resolved", "paused")
SEARCH_STEP = 7 * DAY  # how far ahead each look at the calendar reaches
SEARCH_STEPS = 530  # about ten years of weeks: no test target is anywhere near that long


class ReferenceTimelineError(Exception):
    """An impossible timeline; `path` names the event the rules reject."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class TimelineEvent:
    """One event: its type, instant, where the input has it, and a priority change's tier."""

    kind: str
    at: int
    path: str  # "events[2]", "responded_at" or "resolved_at"
    position: int  # the input position; the shortcuts come after the events
    to: int | str | None = None


@dataclass(frozen=True)
class TicketState:
    """What decides which events are possible: paused, resolved, the tier in effect."""

    tier: slacalc.Tier
    paused: bool = False
    resolved: bool = False


@dataclass(frozen=True)
class Stretch:
    """`[start, end)` during which a target's cycle was open, in one ticket state."""

    start: int
    end: int
    paused: bool
    tier: slacalc.Tier


@dataclass(frozen=True)
class Clock:
    """A target's clock: its origin, the tier in effect, and the stretches since the origin."""

    kind: str  # "response" or "resolution"
    origin: int
    tier: slacalc.Tier
    stretches: tuple[Stretch, ...] = ()


def instant_us(value: datetime | str) -> int:
    """An aware datetime or an ISO 8601 text with an offset, in microseconds."""
    return to_us(datetime.fromisoformat(value) if isinstance(value, str) else value)


# -- what a tier's target counts


def target_of(tier: slacalc.Tier, kind: str) -> slacalc.Target:
    return tier.response if kind == "response" else tier.resolution


def counts_business_time(target: slacalc.Target) -> bool:
    """Business units (and no time target) count open time; hours and days count real time."""
    return target.unit is None or target.unit.startswith("business_")


def pauses_of(policy: slacalc.Policy, tier: slacalc.Tier) -> tuple[str, ...]:
    """The targets a pause stops under `tier`: its own rule, else the policy's."""
    return tuple(policy.clock.pauses if tier.pauses is None else tier.pauses)


def counted_pieces(
    policy: slacalc.Policy, tier: slacalc.Tier, kind: str, start: int, end: int
) -> list[Span]:
    """The parts of `[start, end)` that count for the target: open time, or all of it."""
    if end <= start:
        return []
    target = target_of(tier, kind)
    if not counts_business_time(target):
        return [(start, end)]
    calendar = target.calendar or policy.calendar
    intervals = calendar.open_intervals(from_us(start), from_us(end))
    return [(to_us(opens), to_us(closes)) for opens, closes in intervals]


def measure(policy: slacalc.Policy, tier: slacalc.Tier, kind: str, start: int, end: int) -> int:
    return sum(closes - opens for opens, closes in counted_pieces(policy, tier, kind, start, end))


def advance(policy: slacalc.Policy, tier: slacalc.Tier, kind: str, start: int, amount: int) -> int:
    """The earliest instant at which `amount` has counted since `start`, walking forward."""
    if amount == 0:
        return start
    remaining, low = amount, start
    for _ in range(SEARCH_STEPS):
        for opens, closes in counted_pieces(policy, tier, kind, low, low + SEARCH_STEP):
            if closes - opens >= remaining:
                return opens + remaining
            remaining -= closes - opens
        low += SEARCH_STEP
    raise NoAnswerError


def allowance(policy: slacalc.Policy, tier: slacalc.Tier, kind: str, origin: int) -> int | None:
    """The target's time, measured from `origin` to its plain (no-event) due time."""
    plain_due = slacalc.response_due if kind == "response" else slacalc.resolution_due
    due = plain_due(from_us(origin), tier.priority, policy=policy)
    return None if due is None else measure(policy, tier, kind, origin, to_us(due))


# -- clocks


def counts(policy: slacalc.Policy, stretch: Stretch, kind: str) -> bool:
    """A stretch counts unless the ticket was paused and its tier's pause rule names the target."""
    return not (stretch.paused and kind in pauses_of(policy, stretch.tier))


def counted(policy: slacalc.Policy, clock: Clock) -> int:
    return sum(
        measure(policy, stretch.tier, clock.kind, stretch.start, stretch.end)
        for stretch in clock.stretches
        if counts(policy, stretch, clock.kind)
    )


def crossing(policy: slacalc.Policy, clock: Clock, target: int) -> int | None:
    """The earliest instant in the clock's history at which `target` had counted, if any."""
    total = 0
    for stretch in clock.stretches:
        if not counts(policy, stretch, clock.kind):
            continue
        for opens, closes in counted_pieces(
            policy, stretch.tier, clock.kind, stretch.start, stretch.end
        ):
            if total + closes - opens >= target:
                return opens + target - total
            total += closes - opens
    return None


def stop_point(policy: slacalc.Policy, clock: Clock, end: int) -> int:
    """Where a clock stopped at `end` stopped: the start of the unbroken stopped run before it."""
    point = end
    for stretch in reversed(clock.stretches):
        if stretch.end != point or counts(policy, stretch, clock.kind):
            break
        point = stretch.start
    return max(point, clock.origin)


def stopped(policy: slacalc.Policy, state: TicketState, kind: str) -> bool:
    """Whether the ticket's pause stops this target's clock (under the tier in effect)."""
    return state.paused and kind in pauses_of(policy, state.tier)


def least_reaching(fraction: float, target: int) -> int:
    """The least counted time `u` with `u / target >= fraction` (the float comparison)."""
    amount = math.ceil(fraction * target)
    while amount > 0 and (amount - 1) / target >= fraction:
        amount -= 1
    while amount / target < fraction:
        amount += 1
    return amount


def target_status(
    policy: slacalc.Policy, clock: Clock, end: int, *, completed: bool, is_stopped: bool
) -> dict[str, Any]:
    """The status of a clock at `end`: now, or the completion at `end` when `completed`."""
    kind, tier = clock.kind, clock.tier
    used = counted(policy, clock)
    status: dict[str, Any] = {
        "completed_at": end if completed else None,
        "elapsed": used,
        "paused": is_stopped and not completed,
    }
    allowed = allowance(policy, tier, kind, clock.origin)
    if allowed is None:
        return status | {
            "state": "no_target",
            "due": None,
            "remaining": None,
            "fraction_used": None,
            "overdue_by": None,
            "at_risk": False,
            "warning_level": None,
            "changes_at": (),
        }
    reached = crossing(policy, clock, allowed)
    if is_stopped and not (reached is not None and reached < stop_point(policy, clock, end)):
        due = advance(policy, tier, kind, end, allowed - used)  # as if it resumed at `end`
        late = False
    else:
        due = reached if reached is not None else advance(policy, tier, kind, end, allowed - used)
        late = end > due
    state = "breached" if late else ("met" if completed else "pending")
    fraction = used / allowed if allowed else 0.0
    thresholds = sorted(policy.clock.warnings)
    changes_at: set[int] = set()
    if state == "pending" and not is_stopped:
        changes_at.add(due + 1)
        for threshold in thresholds:
            if fraction < threshold:
                more = least_reaching(threshold, allowed) - used
                changes_at.add(advance(policy, tier, kind, end, more))
    return status | {
        "state": state,
        "due": due,
        "remaining": allowed - used,
        "fraction_used": fraction,
        "overdue_by": max(0, end - due),
        "at_risk": state == "pending" and bool(thresholds) and fraction >= thresholds[0],
        "warning_level": max((f for f in thresholds if fraction >= f), default=None),
        "changes_at": tuple(sorted(changes_at)),
    }


# -- the timeline


def named_tier(policy: slacalc.Policy, label: int | str | None) -> slacalc.Tier | None:
    if label is None:
        return None
    try:
        return policy.tier(label)
    except slacalc.UnknownPriorityError:
        return None


def timeline_events(fields: dict[str, Any]) -> list[TimelineEvent]:
    """The ticket's events, and the shortcuts' events unless one like it is already there."""
    given = [
        TimelineEvent(event["type"], instant_us(event["at"]), f"events[{i}]", i, event.get("to"))
        for i, event in enumerate(fields.get("events") or ())
    ]
    found = list(given)
    for offset, (name, kind) in enumerate(
        (("responded_at", "responded"), ("resolved_at", "resolved"))
    ):
        if fields.get(name) is None:
            continue
        at = instant_us(fields[name])
        if not any(event.kind == kind and event.at == at for event in given):
            found.append(TimelineEvent(kind, at, name, len(given) + offset))
    return found


def possible(policy: slacalc.Policy, event: TimelineEvent, state: TicketState) -> bool:
    if event.kind == "responded":
        return True
    if event.kind == "resolved":
        return not state.resolved
    if event.kind == "reopened":
        return state.resolved
    if event.kind == "paused":
        return not state.paused and not state.resolved
    if event.kind == "resumed":
        return state.paused
    tier = named_tier(policy, event.to)
    return tier is not None and tier.priority != state.tier.priority


def applied(policy: slacalc.Policy, event: TimelineEvent, state: TicketState) -> TicketState:
    if event.kind == "resolved":
        return replace(state, resolved=True, paused=False)
    if event.kind == "reopened":
        return replace(state, resolved=False)
    if event.kind in {"paused", "resumed"}:
        return replace(state, paused=event.kind == "paused")
    if event.kind == "priority_changed":
        return replace(state, tier=policy.tier(event.to))  # type: ignore[arg-type]
    return state


def application_order(
    policy: slacalc.Policy, events: list[TimelineEvent], opened: int, tier: slacalc.Tier
) -> list[TimelineEvent]:
    """The events in the order they happen; raises at the first impossible one."""

    def rank(event: TimelineEvent) -> tuple[int, float, int]:
        to = named_tier(policy, event.to) if event.kind == "priority_changed" else None
        number = math.inf if to is None else to.priority
        return EVENT_RANK.index(event.kind), number, event.position

    state = TicketState(tier)
    order = []
    for at in sorted({event.at for event in events}):
        waiting = sorted((event for event in events if event.at == at), key=rank)
        while waiting:
            chosen = next((e for e in waiting if at >= opened and possible(policy, e, state)), None)
            if chosen is None:
                problem = "is before the opening" if at < opened else "is not possible here"
                raise ReferenceTimelineError(waiting[0].path, f"{waiting[0].kind} {problem}")
            waiting.remove(chosen)
            state = applied(policy, chosen, state)
            order.append(chosen)
    return order


def grown(clock: Clock, start: int, end: int, state: TicketState) -> Clock:
    """The clock with the stretch `[start, end)` run in `state` added (none if empty)."""
    if end <= start:
        return clock
    stretch = Stretch(start, end, state.paused, state.tier)
    return replace(clock, stretches=(*clock.stretches, stretch))


def changed(policy: slacalc.Policy, clock: Clock, tier: slacalc.Tier, at: int) -> Clock:
    """The clock after a priority change to `tier` at `at`, by the policy's rule."""
    rule = policy.clock.priority_change
    if rule == "restart":
        return Clock(clock.kind, at, tier)
    if rule == "retroactive":
        stretches = tuple(replace(stretch, tier=tier) for stretch in clock.stretches)
        return replace(clock, tier=tier, stretches=stretches)
    return replace(clock, tier=tier)


@dataclass(frozen=True)
class ReferenceCycle:
    """A resolution cycle: its number, start, end (once resolved) and status."""

    number: int
    start: int
    end: int | None = None
    status: dict[str, Any] | None = None


@dataclass(frozen=True)
class Walk:
    """Where the walk over the events stands after the events up to `last`."""

    state: TicketState
    response: Clock
    resolution: Clock
    cycles: tuple[ReferenceCycle, ...]
    last: int
    responded: dict[str, Any] | None = None  # the response's status once it is completed


def walked_to(walk: Walk, at: int) -> Walk:
    """The walk with the time from its last event to `at` run on the open clocks."""
    response, resolution = walk.response, walk.resolution
    if walk.responded is None:
        response = grown(response, walk.last, at, walk.state)
    if not walk.state.resolved:
        resolution = grown(resolution, walk.last, at, walk.state)
    return replace(walk, response=response, resolution=resolution, last=at)


def completion_status(policy: slacalc.Policy, walk: Walk, clock: Clock, at: int) -> dict[str, Any]:
    """The status of a target completed at `at` (stopped if the ticket was paused until then)."""
    paused = stopped(policy, walk.state, clock.kind)
    return target_status(policy, clock, at, completed=True, is_stopped=paused)


def happened(policy: slacalc.Policy, walk: Walk, event: TimelineEvent) -> Walk:
    """The walk after `event` (the time up to it already run)."""
    at, state = event.at, walk.state
    if event.kind == "responded" and walk.responded is None:
        walk = replace(walk, responded=completion_status(policy, walk, walk.response, at))
    elif event.kind == "resolved":
        ended = replace(
            walk.cycles[-1], end=at, status=completion_status(policy, walk, walk.resolution, at)
        )
        walk = replace(walk, cycles=(*walk.cycles[:-1], ended))
    elif event.kind == "reopened":
        walk = replace(walk, cycles=(*walk.cycles, ReferenceCycle(len(walk.cycles) + 1, at)))
        if policy.clock.reopen == "new_cycle":
            walk = replace(walk, resolution=Clock("resolution", at, state.tier))
    elif event.kind == "priority_changed":
        tier = policy.tier(event.to)  # type: ignore[arg-type]
        if walk.responded is None:  # a completed response keeps its result
            walk = replace(walk, response=changed(policy, walk.response, tier, at))
        # The resolution's clock changes whether its cycle is open or between cycles.
        walk = replace(walk, resolution=changed(policy, walk.resolution, tier, at))
    return replace(walk, state=applied(policy, event, state))


def reference_evaluate(
    ticket_fields: dict[str, Any], now: datetime | str, policy: slacalc.Policy
) -> dict[str, Any]:
    """A ticket's report at `now`, or `ReferenceTimelineError` for an impossible timeline.

    `ticket_fields` are the keyword arguments of `slacalc.Ticket`. The report has
    `priority`, `paused`, `response` and `resolution` (each a dict of the status fields,
    instants and durations in microseconds, plus `changes_at`), `cycles` as
    (number, start, end, due, state) tuples, `breached_cycles` and `next_change`.
    """
    opened = instant_us(ticket_fields["opened_at"])
    moment = instant_us(now)
    if moment < opened:
        msg = "now is before the opening"
        raise ValueError(msg)
    tier = policy.tier(ticket_fields["priority"])
    order = application_order(policy, timeline_events(ticket_fields), opened, tier)
    walk = Walk(
        state=TicketState(tier),
        response=Clock("response", opened, tier),
        resolution=Clock("resolution", opened, tier),
        cycles=(ReferenceCycle(1, opened),),
        last=opened,
    )
    for event in order:
        if event.at <= moment:  # evaluation at `now` sees the events up to it
            walk = happened(policy, walked_to(walk, event.at), event)
    walk = walked_to(walk, moment)
    response = walk.responded or target_status(
        policy,
        walk.response,
        moment,
        completed=False,
        is_stopped=stopped(policy, walk.state, "response"),
    )
    cycles = walk.cycles
    if not walk.state.resolved:
        latest = target_status(
            policy,
            walk.resolution,
            moment,
            completed=False,
            is_stopped=stopped(policy, walk.state, "resolution"),
        )
        cycles = (*cycles[:-1], replace(cycles[-1], status=latest))
    statuses = [cycle.status or {} for cycle in cycles]
    return {
        "priority": walk.state.tier.key,
        "paused": walk.state.paused,
        "response": response,
        "resolution": statuses[-1],
        "cycles": [
            (cycle.number, cycle.start, cycle.end, status["due"], status["state"])
            for cycle, status in zip(cycles, statuses, strict=True)
        ],
        "breached_cycles": sum(status["state"] == "breached" for status in statuses[:-1]),
        "next_change": min([*response["changes_at"], *statuses[-1]["changes_at"]], default=None),
    }


# -- ISO 8601 durations, as segments() writes them ----------------------------------

_DURATION = re.compile(
    r"P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?"
    r"(?:(?P<seconds>\d+)(?:\.(?P<fraction>\d{1,6}))?S)?)?"
)


def duration_us(text: str) -> int:
    """An ISO 8601 duration of days, hours, minutes and seconds, in microseconds."""
    found = _DURATION.fullmatch(text)
    assert found is not None, text
    assert text not in {"P", "PT"}, text
    days, hours, minutes, seconds = (
        int(found[name] or 0) for name in ("days", "hours", "minutes", "seconds")
    )
    fraction = int((found["fraction"] or "").ljust(6, "0"))
    return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1_000_000 + fraction
