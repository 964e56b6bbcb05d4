"""A brute-force reference for the calendar semantics of docs/design.md.

Nothing here comes from slacalc: a calendar is a plain `CalendarSpec`, every
instant is an integer number of microseconds since 1970-01-01T00:00:00Z, and
every question is answered by listing each local date's intervals over a
window of dates around the inputs and looping over them. The window grows
until the answer cannot be changed by dates outside it. No caching, no
bisection: slow and obviously right is the point.

At the end, an oracle for the SLA due times and states of the built-in policy:
its calendar and targets written out by hand, every due time found by
stepping minute by minute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal, TypeVar
from zoneinfo import ZoneInfo

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
