"""Every hypothesis strategy of the test suite, and the spec -> calendar bridge.

Calendars are drawn as plain `reference.CalendarSpec` values (so the
reference can answer for them) together with a `Spelling` that says how to
write them for `slacalc.BusinessCalendar`. Instants are drawn where bugs
live: on interval edges, on daylight-saving transitions, and one microsecond
either side.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from hypothesis import strategies as st

import slacalc
from reference import (
    DAY,
    MINUTE,
    MODES,
    SECOND,
    TARGET_KINDS,
    TARGET_MINUTES,
    CalendarSpec,
    LocalInterval,
    Mode,
    RecurringSpec,
    ReferenceTimelineError,
    TicketState,
    application_order,
    applied,
    from_us,
    naive_us,
    named_tier,
    timeline_events,
    to_us,
)

ZONES = (
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Apia",
    "GMT",
    "UTC",
)
FIRST_DAY = date(2010, 1, 1)
LAST_DAY = date(2030, 12, 31)
WEEK = 7 * 86_400
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NO_RAISE: tuple[Mode, ...] = ("compatible", "earlier", "later")
CLOSE_BY = (0, 0, 0, -1, 1, -2, 2)  # days from the interesting date, mostly none
QUARTER_HOURS = tuple(range(0, 86_400, 900))

# RRULE templates; the reference expands them with dateutil (that is their
# definition). Rules without DTSTART start on 1900-01-01, as documented.
RULES = (
    "FREQ=MONTHLY;BYDAY=1MO",
    "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "DTSTART:20000101T000000\nRRULE:FREQ=WEEKLY;BYDAY=SA,SU",
    "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",  # the EU's spring-forward Sunday
    "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",  # the US's fall-back Sunday
    "FREQ=YEARLY;BYMONTH=4;BYDAY=1SU",  # Lord Howe's and Apia's autumn Sunday
    "DTSTART:20100106T000000\nRRULE:FREQ=WEEKLY;BYDAY=WE;INTERVAL=2",
    "DTSTART:20200101T000000\nRRULE:FREQ=WEEKLY;BYDAY=WE;INTERVAL=2",
    "DTSTART:20111228T000000\nRRULE:FREQ=DAILY;INTERVAL=3",
    "DTSTART:20150301T000000\nRRULE:FREQ=DAILY;INTERVAL=2;COUNT=400",
)


@functools.cache
def expand_rule(rule: str) -> frozenset[date]:
    """The local dates a rule matches (within the years the tests use)."""
    recurrence = rrulestr(rule, dtstart=datetime(1900, 1, 1))
    found = recurrence.between(datetime(2008, 1, 1), datetime(2033, 1, 1), inc=True)
    return frozenset(moment.date() for moment in found)


@functools.cache
def transitions(zone: str) -> tuple[tuple[int, datetime, datetime], ...]:
    """Offset changes of `zone` in 2009-2031: (instant, wall before, wall after)."""
    found = []
    start = naive_us(datetime(2009, 1, 1))
    previous = from_us(start, zone).utcoffset()
    for step in range(1, 23 * 366):
        here = start + step * DAY
        offset = from_us(here, zone).utcoffset()
        if offset == previous:
            continue
        low, high = here - DAY, here  # offset changes in (low, high]
        while high - low > SECOND:
            middle = low + (high - low) // 2 // SECOND * SECOND
            if from_us(middle, zone).utcoffset() == previous:
                low = middle
            else:
                high = middle
        assert previous is not None
        assert offset is not None
        moment = from_us(high, "UTC").replace(tzinfo=None)
        found.append((high, moment + previous, moment + offset))
        previous = offset
    return tuple(found)


def transition_seconds(zone: str) -> tuple[int, ...]:
    """Wall-clock seconds of day at which the zone's clocks change, and nearby."""
    seconds: set[int] = set()
    for _, before, after in transitions(zone):
        for wall in (before, after):
            base = wall.hour * 3600 + wall.minute * 60 + wall.second
            seconds.update((base + delta) % 86_400 for delta in (-1800, -1, 0, 1, 1800))
    return tuple(sorted(seconds))


def seconds_of_day(zone: str) -> st.SearchStrategy[int]:
    """A second of the day, biased towards quarter hours and clock changes."""
    options = [st.sampled_from(QUARTER_HOURS), st.integers(0, 86_399)]
    if transition_seconds(zone):
        options += [st.sampled_from(transition_seconds(zone))] * 2
    return st.one_of(*options)


def anchor_dates(zone: str) -> st.SearchStrategy[date]:
    """A local date to centre a scenario on: often next to a clock change."""
    options = [st.dates(FIRST_DAY, LAST_DAY)]
    changes = [
        after.date()
        for _, _, after in transitions(zone)
        if FIRST_DAY.year <= after.year <= LAST_DAY.year
    ]
    if changes:  # three times in four next to a clock change
        near_change = st.tuples(st.sampled_from(changes), st.sampled_from(CLOSE_BY)).map(
            lambda pair: pair[0] + timedelta(days=pair[1])
        )
        options += [near_change] * 3
    if zone == "Pacific/Apia":
        options.append(st.dates(date(2011, 12, 26), date(2012, 1, 3)))
    return st.one_of(*options)


def timeline_points(zone: str, days: int, likely_day: int = 0) -> st.SearchStrategy[int]:
    """Seconds after the first day's midnight, on one of `days` days (often `likely_day`)."""
    day = st.integers(0, days - 1) | st.just(likely_day)
    return st.builds(lambda day, second: day * 86_400 + second, day, seconds_of_day(zone))


def _end_of(close: int) -> int:
    """The seconds-of-day spelling of a close `close` seconds after the day's midnight."""
    if close < 86_400:
        return close
    return close - 86_400 if close > 86_400 else 86_400


@st.composite
def weekly_templates(
    draw: st.DrawFn, zone: str, weekday: int = 0
) -> dict[int, tuple[LocalInterval, ...]]:
    """Weekly hours that never overlap themselves, across midnight or the week's end.

    Cut points on the weekly timeline (Monday 00:00 = 0) are drawn sorted and
    paired up, so intervals are disjoint by construction; an interval longer
    than a day is cut at midnights, and one may be split in two touching parts.
    """
    count = draw(st.integers(1, 6))
    points = draw(
        st.lists(
            timeline_points(zone, 7, weekday),
            min_size=2 * count,
            max_size=2 * count,
            unique=True,
        ).map(sorted)
    )
    if draw(st.booleans()):  # one interval wraps from Sunday into Monday
        pairs = [(points[i], points[i + 1]) for i in range(1, 2 * count - 1, 2)]
        pairs.append((points[-1], points[0] + WEEK))
    else:
        pairs = [(points[i], points[i + 1]) for i in range(0, 2 * count, 2)]
    pieces = []
    for start, end in pairs:
        cut = start
        while end - cut > 86_400:  # cut at the midnights inside
            midnight = (cut // 86_400 + 1) * 86_400
            pieces.append((cut, midnight))
            cut = midnight
        pieces.append((cut, end))
    if draw(st.booleans()):  # two touching intervals on one day
        index = draw(st.integers(0, len(pieces) - 1))
        start, end = pieces[index]
        day_end = min(end, (start // 86_400 + 1) * 86_400)
        if day_end - start > 1:
            middle = draw(st.integers(start + 1, day_end - 1))
            pieces[index : index + 1] = [(start, middle), (middle, end)]
    weekly: dict[int, list[LocalInterval]] = {}
    for start, end in pieces:
        opens = start % 86_400
        close = _end_of(opens + end - start)
        if close == 86_400 and draw(st.booleans()):
            close = 0  # "09:00-00:00" closes at the next midnight too
        weekly.setdefault(start % WEEK // 86_400, []).append((opens, close))
    return {day: tuple(sorted(hours)) for day, hours in sorted(weekly.items())}


@st.composite
def day_hours(draw: st.DrawFn, zone: str) -> tuple[LocalInterval, ...]:
    """One date's hours: up to three disjoint intervals, maybe overnight; () is closed."""
    count = draw(st.integers(0, 3))
    points = draw(
        st.lists(
            timeline_points(zone, 2),
            min_size=2 * count,
            max_size=2 * count,
            unique=True,
        ).map(sorted)
    )
    hours = []
    for start, end in zip(points[::2], points[1::2], strict=True):
        if start >= 86_400:
            continue
        close = _end_of(min(end, start + 86_400))
        if close == 86_400 and draw(st.booleans()):
            close = 0
        hours.append((start, close))
    return tuple(hours)


@dataclass(frozen=True)
class Spelling:
    """How a spec is written for the constructor (all spellings mean the same)."""

    weekday_names: bool
    closed_days: str | None  # spell days without hours as this, or omit them
    hours_as_list: bool
    short_times: bool
    iso_dates: bool
    holidays_kind: str


@st.composite
def spellings(draw: st.DrawFn) -> Spelling:
    return Spelling(
        weekday_names=draw(st.booleans()),
        closed_days=draw(st.sampled_from([None, "closed", ""])),
        hours_as_list=draw(st.booleans()),
        short_times=draw(st.booleans()),
        iso_dates=draw(st.booleans()),
        holidays_kind=draw(st.sampled_from(["HolidayDates", "list", "object"])),
    )


@dataclass(frozen=True)
class Scenario:
    """A calendar spec, how to spell it, and the local date tests centre on."""

    spec: CalendarSpec
    spelling: Spelling
    anchor: date

    def calendar(self) -> slacalc.BusinessCalendar:
        return to_business_calendar(self.spec, self.spelling)


@st.composite
def scenarios(
    draw: st.DrawFn, zones: tuple[str, ...] = ZONES, modes: tuple[Mode, ...] = MODES
) -> Scenario:
    """A random calendar around a random (often clock-changing) local date."""
    zone = draw(st.sampled_from(zones))
    anchor = draw(anchor_dates(zone))
    nearby = (st.integers(-20, 20) | st.sampled_from(CLOSE_BY)).map(
        lambda days: anchor + timedelta(days=days)
    )
    holidays = draw(st.frozensets(nearby, max_size=6))
    special = draw(st.dictionaries(nearby, day_hours(zone), max_size=4))
    recurring = tuple(
        RecurringSpec(rule, expand_rule(rule), hours)
        for rule, hours in draw(
            # Most calendars have no recurring rule: expanding one costs time.
            st.just([]) | st.lists(st.tuples(st.sampled_from(RULES), day_hours(zone)), max_size=2)
        )
    )
    spec = CalendarSpec(
        zone=zone,
        weekly=draw(weekly_templates(zone, anchor.weekday())),
        holidays=holidays,
        special=special,
        recurring=recurring,
        disambiguate=draw(st.sampled_from(modes)),
    )
    return Scenario(spec, draw(spellings()), anchor)


# -- instants ---------------------------------------------------------------


def edge_seconds(spec: CalendarSpec) -> tuple[int, ...]:
    """Every wall-clock second of day at which the spec opens or closes."""
    days = [*spec.weekly.values(), *spec.special.values(), *(r.intervals for r in spec.recurring)]
    return tuple(sorted({edge % 86_400 for hours in days for pair in hours for edge in pair}))


NUDGES = st.one_of(
    st.sampled_from([-1, 0, 1]),
    st.integers(-SECOND, SECOND),
    st.integers(-2 * 3600 * SECOND, 2 * 3600 * SECOND),
)


@st.composite
def instants(draw: st.DrawFn, scenario: Scenario) -> int:
    """An instant (microseconds) near the anchor: on an edge, a clock change, or anywhere."""
    spec, anchor = scenario.spec, scenario.anchor
    zone = spec.zone
    near = [us for us, _, after in transitions(zone) if abs((after.date() - anchor).days) <= 4]
    kinds = ["edge", "anywhere"] + (["transition"] if near else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "transition":
        base = draw(st.sampled_from(near))
    elif kind == "edge":
        day = anchor + timedelta(days=draw(st.sampled_from(CLOSE_BY) | st.integers(-3, 3)))
        second = draw(st.sampled_from(edge_seconds(spec)) | seconds_of_day(zone))
        wall = datetime.combine(day, time()) + timedelta(seconds=second)
        base = to_us(wall.replace(tzinfo=ZoneInfo(zone), fold=draw(st.integers(0, 1))))
    else:
        midnight = naive_us(datetime.combine(anchor, time()))
        base = midnight + draw(st.integers(-3 * DAY, 4 * DAY))
    return base + draw(NUDGES)


FIXED_ZONES = (
    UTC,
    timezone(timedelta(hours=5, minutes=30)),
    timezone(-timedelta(hours=3)),
    timezone(timedelta(hours=14)),
)


@st.composite
def spelled_instants(draw: st.DrawFn, us: int, zone: str) -> datetime | str:
    """The same instant as an aware datetime in some zone, or an ISO 8601 string."""
    kind = draw(st.sampled_from(["calendar zone", "fixed", "iso"]))
    if kind == "calendar zone":
        return from_us(us, zone)
    moment = from_us(us, "UTC").astimezone(draw(st.sampled_from(FIXED_ZONES)))
    if kind == "fixed":
        return moment
    text = moment.isoformat()
    return text.replace("+00:00", "Z") if draw(st.booleans()) else text


def spelled_dates(day: date) -> st.SearchStrategy[date | str]:
    return st.sampled_from([day, day.isoformat()])


@st.composite
def intersections(draw: st.DrawFn) -> tuple[Scenario, Scenario]:
    """Two calendars (any zones, no "raise") around one anchor date."""
    left = draw(scenarios(modes=NO_RAISE))
    right = draw(scenarios(modes=NO_RAISE))
    return left, replace(right, anchor=left.anchor)


# -- durations and numpy's business days ------------------------------------

DURATIONS = st.one_of(
    st.integers(0, 3600 * SECOND),
    st.integers(0, 5 * DAY),
    st.sampled_from([0, 1, SECOND, 3600 * SECOND]),
)


@st.composite
def numpy_calendars(draw: st.DrawFn) -> tuple[str, date, list[date]]:
    """A weekmask (at least one day), a date, and holidays around it."""
    mask = draw(st.lists(st.booleans(), min_size=7, max_size=7).filter(any))
    base = draw(st.dates(date(2010, 1, 1), date(2030, 12, 31)))
    holidays = draw(
        st.lists(st.integers(-30, 30).map(lambda d: base + timedelta(days=d)), max_size=12)
    )
    return "".join("1" if bit else "0" for bit in mask), base, holidays


# -- the built-in SLA policy ------------------------------------------------

# Opening instants on whole minutes (UTC = GMT) from 2026-01-01 to late November 2027.
MINUTES_2026_2027 = st.integers(0, (365 + 320) * 24 * 60).map(
    lambda offset: datetime(2026, 1, 1, tzinfo=UTC) + offset * MINUTE
)
# (priority, "response" or "resolution"): the rows of the seed's table.
SLA_TARGETS = st.sampled_from(sorted(TARGET_MINUTES))
# Offsets in minutes after opening, or "due": exactly the due instant (the edge case).
SLA_OFFSETS = st.integers(0, 4 * 24 * 60) | st.just("due")


# -- spec -> slacalc.BusinessCalendar -----------------------------------------


def _clock(seconds: int, *, short: bool) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if short and secs == 0:
        return f"{hours:02d}:{minutes:02d}"
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def spell_hours(hours: tuple[LocalInterval, ...], spelling: Spelling) -> str | list[str]:
    """One day's hours as the constructor reads them."""
    if not hours:
        return "closed" if spelling.closed_days is None else spelling.closed_days
    ranges = [
        f"{_clock(start, short=spelling.short_times)}-{_clock(end, short=spelling.short_times)}"
        for start, end in hours
    ]
    return ranges if spelling.hours_as_list else ", ".join(ranges)


class _DatesContainer:
    """A custom holiday source: anything that answers `date in source`."""

    def __init__(self, dates: frozenset[date]) -> None:
        self._dates = dates

    def __contains__(self, item: object) -> bool:
        return item in self._dates


def to_business_calendar(spec: CalendarSpec, spelling: Spelling) -> slacalc.BusinessCalendar:
    """The slacalc calendar that `spec` describes."""
    weekly: dict[Any, Any] = {}
    for day in range(7):
        key: str | int = WEEKDAY_NAMES[day] if spelling.weekday_names else day
        if day in spec.weekly:
            weekly[key] = spell_hours(spec.weekly[day], spelling)
        elif spelling.closed_days is not None:
            weekly[key] = spelling.closed_days
    holidays: Any
    ordered = sorted(spec.holidays)
    if spelling.holidays_kind == "HolidayDates":
        holidays = slacalc.HolidayDates(ordered)
    elif spelling.holidays_kind == "list":
        holidays = [day.isoformat() for day in ordered]
    else:
        holidays = _DatesContainer(spec.holidays)
    special = {
        (day.isoformat() if spelling.iso_dates else day): spell_hours(hours, spelling)
        for day, hours in spec.special.items()
    }
    recurring = [
        slacalc.RecurringHours(rule.rule, spell_hours(rule.intervals, spelling))
        for rule in spec.recurring
    ]
    return slacalc.BusinessCalendar(
        hours=weekly,
        timezone=spec.zone,
        holidays=holidays,
        special_hours=special,
        recurring=recurring,
        disambiguate=spec.disambiguate,
    )


# -- instant equality: results around daylight-saving folds ------------------

FOLD_ZONES = (
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",  # a 30-minute shift
    "America/Santiago",  # clocks change at midnight: the fold is 23:00-24:00
    "Europe/Dublin",  # "negative" daylight saving: IST in summer, GMT in winter
)
# Round-the-clock calendars, and ordinary ones with edges inside the folds.
ROUND_THE_CLOCK_HOURS: tuple[dict[str | int, str], ...] = (
    {"daily": "00:00-24:00"},
    {"mon-sat": "00:00-24:00"},
)
ORDINARY_HOURS: tuple[dict[str | int, str], ...] = (
    {"mon-fri": "09:00-17:00"},
    {"daily": "00:30-01:45, 23:15-24:00"},
    {"mon-sat": "01:00-02:00, 08:00-18:00", "sun": "00:15-03:00"},
)
FOLD_HOURS = ROUND_THE_CLOCK_HOURS + ORDINARY_HOURS


@functools.cache
def fold_calendar(zone: str, hours: int, mode: Mode) -> slacalc.BusinessCalendar:
    """The calendar of `FOLD_HOURS[hours]` in `zone` (built once: tables are cached inside)."""
    return slacalc.BusinessCalendar(FOLD_HOURS[hours], timezone=zone, disambiguate=mode)


@functools.cache
def fold_policy(zone: str, hours: int, mode: Mode) -> slacalc.Policy:
    """A policy on `fold_calendar(...)` with a target of every kind of due rule."""
    calendar = fold_calendar(zone, hours, mode)
    return slacalc.load_policy({
        "name": f"{zone} fold policy",
        "version": "1",
        "calendar": calendar.to_dict(),
        "business_day_length": "PT8H",
        "tiers": [
            {
                "priority": 1, "key": "P1", "name": "Business time",
                "response": "2 business hours",
                "resolution": {"amount": 1, "unit": "business_days", "day_rule": "end_of_day"},
            },
            {
                "priority": 2, "key": "P2", "name": "Real time",
                "response": "3 hours", "resolution": "1 days",
            },
            {
                "priority": 3, "key": "P3", "name": "Business days",
                "response": "1 business days", "resolution": "none: next release",
            },
        ],
    })  # fmt: skip


@dataclass(frozen=True)
class FoldCase:
    """A calendar of `FOLD_HOURS` in a fold zone and an instant near one of its clock changes."""

    zone: str
    hours: int
    mode: Mode
    us: int

    @property
    def calendar(self) -> slacalc.BusinessCalendar:
        return fold_calendar(self.zone, self.hours, self.mode)

    @property
    def policy(self) -> slacalc.Policy:
        return fold_policy(self.zone, self.hours, self.mode)

    @property
    def never_closes(self) -> bool:
        """Open every minute of every day: no next close, no previous opening."""
        return FOLD_HOURS[self.hours] == {"daily": "00:00-24:00"}


# Where from a clock change: mostly within two hours (the folds and gaps), on
# the change itself and a microsecond either side, or up to two days away.
FOLD_NUDGES = st.one_of(
    st.integers(-2 * 3600 * SECOND, 2 * 3600 * SECOND),
    st.sampled_from([0, -1, 1, -1800 * SECOND, 1800 * SECOND, -3600 * SECOND, 3600 * SECOND]),
    st.integers(-2 * DAY, 2 * DAY),
)


@st.composite
def fold_cases(draw: st.DrawFn) -> FoldCase:
    """A fold zone, calendar and mode, and an instant near one of the zone's clock changes."""
    zone = draw(st.sampled_from(FOLD_ZONES))
    hours = draw(st.integers(0, len(FOLD_HOURS) - 1))
    mode = draw(st.sampled_from(NO_RAISE))
    change = draw(st.sampled_from(transitions(zone)))[0]
    return FoldCase(zone, hours, mode, change + draw(FOLD_NUDGES))


@st.composite
def fold_spellings(draw: st.DrawFn, us: int, zone: str) -> datetime | str:
    """The instant `us` as the user may write it: UTC, the zone (either fold), or text."""
    local = from_us(us, zone)
    spellings: list[datetime | str] = [
        from_us(us),
        local,
        local.astimezone(timezone(local.utcoffset() or timedelta(0))),
        local.isoformat(),
    ]
    spelled: st.SearchStrategy[datetime | str] = st.sampled_from(spellings)
    return draw(spelled)


# -- recurrence rules (tests/test_calendar_inputs.py) ----------------------------------

RULE_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@st.composite
def rule_texts(draw: st.DrawFn) -> str:  # noqa: C901 - one branch per rule part
    """RFC 5545 rules of whole dates, with the parts RFC 5545 allows per frequency."""
    frequency = draw(st.sampled_from(("YEARLY", "MONTHLY", "WEEKLY", "DAILY")))
    parts = [f"FREQ={frequency}"]

    def listed(values: st.SearchStrategy[Any]) -> str:
        return ",".join(map(str, draw(st.lists(values, min_size=1, max_size=3))))

    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 6))}")
    if draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(RULE_WEEKDAY_CODES))}")
    if draw(st.booleans()):
        parts.append("BYMONTH=" + listed(st.integers(1, 12)))
    if frequency == "YEARLY" and draw(st.booleans()):
        parts.append("BYWEEKNO=" + listed(st.integers(1, 53) | st.integers(-53, -1)))
    if frequency == "YEARLY" and draw(st.booleans()):
        parts.append("BYYEARDAY=" + listed(st.sampled_from((1, -1, 60, 366, -366, 200))))
    if frequency != "WEEKLY" and draw(st.booleans()):
        parts.append("BYMONTHDAY=" + listed(st.sampled_from((1, -1, 15, 29, 30, 31, -31))))
    numbered = frequency in {"MONTHLY", "YEARLY"} and not any("BYWEEKNO" in p for p in parts)
    if numbered and draw(st.booleans()):
        days = st.tuples(
            st.sampled_from((1, 2, -1, -2, 5, 20)), st.sampled_from(RULE_WEEKDAY_CODES)
        )
        parts.append("BYDAY=" + listed(days.map(lambda pair: f"{pair[0]}{pair[1]}")))
    elif draw(st.booleans()):
        parts.append("BYDAY=" + listed(st.sampled_from(RULE_WEEKDAY_CODES)))
    if draw(st.booleans()):
        parts.append("BYSETPOS=" + listed(st.sampled_from((1, 2, -1, -2, 3))))
    ending = draw(st.sampled_from(("", "COUNT", "UNTIL")))
    if ending == "COUNT":
        parts.append(f"COUNT={draw(st.integers(1, 300))}")
    elif ending == "UNTIL":
        parts.append(f"UNTIL={draw(st.integers(2009, 2032))}0615")
    body = ";".join(draw(st.permutations(parts)))
    start = draw(st.none() | st.dates(date(2005, 1, 1), date(2030, 12, 31)))
    return body if start is None else f"DTSTART:{start:%Y%m%d}T093000\nRRULE:{body}"


# -- never-open checks (tests/test_calendar_limits.py) ----------------------------------

NARROW_ZONES = (
    "GMT",
    "America/New_York",
    "Asia/Tokyo",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "Pacific/Honolulu",
    "America/St_Johns",
)


@st.composite
def narrow_calendars(draw: st.DrawFn) -> slacalc.BusinessCalendar:
    """One weekday open a short while, in a zone with odd offsets."""
    weekday = draw(st.sampled_from(("mon", "tue", "wed", "thu", "fri", "sat", "sun")))
    start = draw(st.integers(0, 95)) * 15
    length = draw(st.integers(1, 24)) * 15
    end = (start + length) % (24 * 60)
    hours = f"{start // 60:02}:{start % 60:02}-{end // 60:02}:{end % 60:02}"
    zone = draw(st.sampled_from(NARROW_ZONES))
    return slacalc.BusinessCalendar({weekday: hours}, timezone=zone)


# -- instant equality durations ---------------------------------------------------------

EQUALITY_DURATIONS = st.one_of(
    st.just(timedelta(0)),
    st.integers(1, 3 * 86_400 * SECOND).map(lambda us: timedelta(microseconds=us)),
    st.sampled_from([timedelta(microseconds=1), timedelta(minutes=30), timedelta(hours=1)]),
)


# -- ticket timelines (tests/test_lifecycle_differential.py) ----------------------------------

# Calendars a lifecycle policy, or one of its targets, counts on: offices in zones with
# daylight saving, a lunch break, a night shift across midnight, edges in the clock changes'
# gaps and folds, and round the clock. Each weekday that opens has the same length, so a
# target on its own calendar has a business day.
TIMELINE_CALENDARS: dict[str, tuple[str, dict[str | int, str], tuple[str, ...]]] = {
    "london office": (
        "Europe/London", {"mon-fri": "09:00-17:30"}, ("2026-04-03", "2026-04-06", "2026-10-26"),
    ),
    "new york with lunch": (
        "America/New_York",
        {"mon-fri": "08:00-12:00, 13:00-17:00"},
        ("2026-03-09", "2026-11-02", "2026-11-26"),
    ),
    "london round the clock": ("Europe/London", {"daily": "00:00-24:00"}, ()),
    "new york nights": ("America/New_York", {"sun-thu": "22:00-06:00"}, ("2026-03-09",)),
    "new york at the clock change": (
        "America/New_York", {"daily": "01:00-03:00, 09:00-15:00"}, (),
    ),
    "gmt office": ("GMT", {"mon-fri": "09:00-18:00"}, ("2026-12-25", "2026-12-28")),
}  # fmt: skip
TIMELINE_TARGETS = (
    "2 business hours",
    "5 business hours",
    "30 business minutes",
    "1 business day",
    "2 business days",
    "1 business day by end of day",
    "3 hours",
    "20 hours",
    "1 day",
    "none: next release",
)
# (number, key, name, alias) of the tiers a lifecycle policy may have.
TIMELINE_TIERS = (
    (1, "P1", "Urgent", "now"),
    (2, "P2", "Normal", "soon"),
    (3, "P3", "Low", "later"),
)
TARGET_SUBSETS: tuple[tuple[str, ...], ...] = ((), ("response",), ("resolution",), TARGET_KINDS)
WARNING_THRESHOLDS = st.sampled_from([0.25, 0.5, 0.75, 0.9, 1.0, 1 / 3]) | st.floats(
    0, 1, exclude_min=True
)
PRIORITY_CHANGES = ("keep", "restart", "retroactive")
REOPENS = ("continue", "new_cycle")
# Days the scenarios centre on: the 2026 clock changes of London and New York (Sundays)
# and the weekdays around them, Christmas, or any day of the year.
TIMELINE_ANCHORS = st.sampled_from([
    date(2026, 3, 6), date(2026, 3, 8), date(2026, 3, 27), date(2026, 3, 29),
    date(2026, 10, 23), date(2026, 10, 25), date(2026, 10, 30), date(2026, 11, 1),
    date(2026, 12, 24),
]) | st.dates(date(2026, 1, 5), date(2026, 12, 20))  # fmt: skip


@dataclass(frozen=True)
class TierSetup:
    """One tier of a lifecycle policy: its targets, their own calendars, its pause rule."""

    response: str
    resolution: str
    response_calendar: str | None = None
    resolution_calendar: str | None = None
    pauses: tuple[str, ...] | None = None


@dataclass(frozen=True)
class TimelineSetup:
    """A small policy as plain data (readable in hypothesis' reports); `.policy` builds it."""

    calendar: str
    tiers: tuple[TierSetup, ...]
    pauses: tuple[str, ...] = ("resolution",)
    priority_change: str = "keep"
    reopen: str = "continue"
    warnings: tuple[float, ...] = (0.75,)

    @property
    def policy(self) -> slacalc.Policy:
        return timeline_policy(self)

    def calendars(self) -> tuple[str, ...]:
        """The names of every calendar the policy counts on."""
        own = {
            name
            for tier in self.tiers
            for name in (tier.response_calendar, tier.resolution_calendar)
            if name is not None
        }
        return (self.calendar, *sorted(own - {self.calendar}))


@functools.cache
def timeline_calendar(name: str) -> slacalc.BusinessCalendar:
    zone, hours, holidays = TIMELINE_CALENDARS[name]
    return slacalc.BusinessCalendar(hours, timezone=zone, holidays=list(holidays))


def _target_data(spelling: str, calendar: str | None) -> str | dict[str, Any]:
    target = slacalc.Target(spelling)
    if calendar is None or target.reason is not None:
        return spelling
    return {
        "amount": target.amount,
        "unit": target.unit,
        "day_rule": target.day_rule,
        "calendar": timeline_calendar(calendar).to_dict(),
    }


@functools.cache
def timeline_policy(setup: TimelineSetup) -> slacalc.Policy:
    """The policy `setup` describes (built once per setup)."""
    tiers = []
    for tier, (number, key, name, alias) in zip(setup.tiers, TIMELINE_TIERS, strict=False):
        data: dict[str, Any] = {
            "priority": number,
            "key": key,
            "name": name,
            "aliases": [alias],
            "response": _target_data(tier.response, tier.response_calendar),
            "resolution": _target_data(tier.resolution, tier.resolution_calendar),
        }
        if tier.pauses is not None:
            data["pauses"] = list(tier.pauses)
        tiers.append(data)
    return slacalc.load_policy({
        "name": "lifecycle test policy",
        "version": "1",
        "calendar": timeline_calendar(setup.calendar).to_dict(),
        "business_day_length": "PT8H",
        "clock": {
            "pauses": list(setup.pauses),
            "priority_change": setup.priority_change,
            "reopen": setup.reopen,
            "warnings": list(setup.warnings),
        },
        "tiers": tiers,
    })  # fmt: skip


@st.composite
def tier_setups(draw: st.DrawFn) -> TierSetup:
    own_calendar = st.none() | st.none() | st.sampled_from(sorted(TIMELINE_CALENDARS))
    return TierSetup(
        response=draw(st.sampled_from(TIMELINE_TARGETS)),
        resolution=draw(st.sampled_from(TIMELINE_TARGETS)),
        response_calendar=draw(own_calendar),
        resolution_calendar=draw(own_calendar),
        pauses=draw(st.none() | st.none() | st.sampled_from(TARGET_SUBSETS)),
    )


@st.composite
def timeline_setups(
    draw: st.DrawFn, priority_change: str | None = None, reopen: str | None = None
) -> TimelineSetup:
    """A policy of two or three tiers with random clock rules (or the ones given)."""
    return TimelineSetup(
        calendar=draw(st.sampled_from(sorted(TIMELINE_CALENDARS))),
        tiers=tuple(draw(st.lists(tier_setups(), min_size=2, max_size=3))),
        pauses=draw(st.sampled_from(TARGET_SUBSETS)),
        priority_change=priority_change or draw(st.sampled_from(PRIORITY_CHANGES)),
        reopen=reopen or draw(st.sampled_from(REOPENS)),
        warnings=tuple(draw(st.lists(WARNING_THRESHOLDS, max_size=3))),
    )


def iso(us: int) -> str:
    """An instant as ISO 8601 text in UTC ("...Z")."""
    return from_us(us).isoformat().replace("+00:00", "Z")


# (type, at as ISO 8601 text, the tier of a priority change or None)
EventSpec = tuple[str, str, int | str | None]


@dataclass(frozen=True)
class TimelineCase:
    """A ticket with events on a policy, and the instant to evaluate it at."""

    setup: TimelineSetup
    opened_at: str
    priority: int | str
    events: tuple[EventSpec, ...] = ()
    responded_at: str | None = None
    resolved_at: str | None = None
    now: str = ""

    @property
    def policy(self) -> slacalc.Policy:
        return self.setup.policy

    def fields(self) -> dict[str, Any]:
        """The keyword arguments of `slacalc.Ticket`."""
        events: list[dict[str, Any]] = [
            {"type": kind, "at": at} | ({} if to is None else {"to": to})
            for kind, at, to in self.events
        ]
        fields: dict[str, Any] = {
            "opened_at": self.opened_at,
            "priority": self.priority,
            "events": events,
        }
        if self.responded_at is not None:
            fields["responded_at"] = self.responded_at
        if self.resolved_at is not None:
            fields["resolved_at"] = self.resolved_at
        return fields

    def seen_at(self, now: int) -> TimelineCase:
        """The case at `now`, knowing only the events up to `now` (none after it)."""

        def happened(at: str | None) -> bool:
            return at is not None and to_us(datetime.fromisoformat(at)) <= now

        return replace(
            self,
            events=tuple(event for event in self.events if happened(event[1])),
            responded_at=self.responded_at if happened(self.responded_at) else None,
            resolved_at=self.resolved_at if happened(self.resolved_at) else None,
            now=iso(now),
        )


@functools.cache
def timeline_edges(setup: TimelineSetup, anchor: date) -> tuple[int, ...]:
    """Every opening and closing of the setup's calendars from the day before `anchor` on."""
    start = naive_us(datetime.combine(anchor, time())) - DAY
    edges: set[int] = set()
    for name in setup.calendars():
        for opens, closes in timeline_calendar(name).open_intervals(
            from_us(start), from_us(start + 7 * DAY)
        ):
            edges.update((to_us(opens), to_us(closes)))
    return tuple(sorted(edges)) or (start + DAY,)


TIMELINE_NUDGES = st.sampled_from([0, 0, 0, 0, -1, 1, 60 * SECOND])
TIMELINE_STEPS = st.one_of(
    st.just(0),  # the same instant as the last event
    st.integers(1, 180).map(lambda minutes: minutes * 60 * SECOND),
    st.integers(1, 2 * DAY),
)


@st.composite
def later_instants(draw: st.DrawFn, after: int, edges: tuple[int, ...]) -> int:
    """An instant at or after `after`: the same one, an edge (give or take), or a step on."""
    later_edges = [edge for edge in edges if edge >= after]
    on_an_edge = draw(st.booleans())
    if later_edges and on_an_edge:
        return max(after, draw(st.sampled_from(later_edges[:6])) + draw(TIMELINE_NUDGES))
    return after + draw(TIMELINE_STEPS)


def tier_spellings(number: int) -> st.SearchStrategy[int | str]:
    """A tier as a ticket may name it: its number, key, name or alias, in any case."""
    _, key, name, alias = TIMELINE_TIERS[number - 1]
    return st.sampled_from([number, key, key.lower(), name, name.upper(), alias, str(number)])


# Which events the generator picks in each state (repeats weigh them).
RUNNING_EVENTS = ("paused", "paused", "resolved", "priority_changed", "responded")
PAUSED_EVENTS = ("resumed", "resumed", "resolved", "priority_changed", "responded")
RESOLVED_EVENTS = ("reopened", "reopened", "priority_changed", "responded")
TIMELINE_EVENT_TYPES = (
    "paused", "resumed", "responded", "resolved", "reopened", "priority_changed",
)  # fmt: skip
NO_TIERS: tuple[int | str, ...] = ("P9", 9, "nobody")
# Ways to spoil a timeline: most spoiled timelines are impossible, some stay possible.
SPOILERS = (
    "before opening",
    "extra event",
    "change to the tier in effect",
    "change to no tier",
    "resolved_at elsewhere",
)


def _spoiled(
    draw: st.DrawFn,
    events: list[EventSpec],
    history: list[tuple[int, int]],
    opened: int,
    edges: tuple[int, ...],
) -> tuple[list[EventSpec], str | None]:
    """`events` with one thing spoiled, and maybe a resolved_at shortcut."""
    spoiler = draw(st.sampled_from(SPOILERS))
    instants = [opened] + [at for at, _ in history]
    if spoiler == "before opening" and events:
        index = draw(st.integers(0, len(events) - 1))
        before = opened - draw(st.sampled_from([1, SECOND, 3600 * SECOND]))
        kind, _, to = events[index]
        events[index] = (kind, iso(before), to)
    elif spoiler == "change to the tier in effect" and history:
        at, tier = draw(st.sampled_from(history))
        events.append(("priority_changed", iso(at), draw(tier_spellings(tier))))
    elif spoiler == "change to no tier":
        at = draw(st.sampled_from(instants))
        events.append(("priority_changed", iso(at), draw(st.sampled_from(NO_TIERS))))
    elif spoiler == "resolved_at elsewhere":
        return events, iso(draw(later_instants(draw(st.sampled_from(instants)), edges)))
    else:
        kind = draw(st.sampled_from(TIMELINE_EVENT_TYPES))
        at = draw(later_instants(draw(st.sampled_from(instants)), edges))
        to = draw(tier_spellings(draw(st.integers(1, 2)))) if kind == "priority_changed" else None
        events.insert(draw(st.integers(0, len(events))), (kind, iso(at), to))
    return events, None


def _state_after(
    setup: TimelineSetup, opened: int, priority: int | str, events: list[EventSpec]
) -> TicketState | None:
    """The ticket's state after `events` by the reference's rules; None if impossible."""
    policy = setup.policy
    tier = policy.tier(priority)
    fields = TimelineCase(setup, iso(opened), priority, tuple(events)).fields()
    try:
        order = application_order(policy, timeline_events(fields), opened, tier)
    except ReferenceTimelineError:
        return None
    state = TicketState(tier)
    for event in order:
        state = applied(policy, event, state)
    return state


def _shortcut(draw: st.DrawFn, events: list[EventSpec], kind: str) -> str | None:
    """Maybe spell the first event of `kind` as its shortcut: instead of it, or as well."""
    found = [index for index, event in enumerate(events) if event[0] == kind]
    if not found:
        return None
    choice = draw(st.sampled_from(["keep", "keep", "move", "both"]))
    if choice == "keep":
        return None
    first = min(found, key=lambda index: to_us(datetime.fromisoformat(events[index][1])))
    at = events[first][1]
    alone = [event for event in events if event[:2] == (kind, at)] == [events[first]]
    if choice == "move" and alone:  # else the shortcut would stand for the other one
        del events[first]
    return at


@st.composite
def timeline_cases(
    draw: st.DrawFn,
    setups: st.SearchStrategy[TimelineSetup] | None = None,
    spoil_percent: int = 15,
    max_events: int = 8,
) -> TimelineCase:
    """A ticket whose events follow the rules, spoiled `spoil_percent` times in a hundred.

    Events land on calendar edges (give or take a microsecond), on one another's instants
    and a few minutes to two days apart; `now` is often an event's instant or an edge.
    """
    setup = draw(setups if setups is not None else timeline_setups())
    tier_count = len(setup.tiers)
    edges = timeline_edges(setup, draw(TIMELINE_ANCHORS))
    opened = draw(st.sampled_from(edges[:8])) + draw(TIMELINE_NUDGES)
    if draw(st.booleans()):
        opened -= draw(st.integers(0, 12 * 3600)) * SECOND
    tier = draw(st.integers(1, tier_count))
    priority = draw(tier_spellings(tier))
    at = opened
    events: list[EventSpec] = []
    history: list[tuple[int, int]] = []  # (instant, tier in effect after the event)
    state: TicketState | None = TicketState(setup.policy.tier(tier))
    for _ in range(draw(st.integers(0, max_events))):
        assert state is not None
        at = draw(later_instants(at, edges))
        choices = (
            RESOLVED_EVENTS if state.resolved else PAUSED_EVENTS if state.paused else RUNNING_EVENTS
        )
        kind = draw(st.sampled_from(choices))
        to: int | str | None = None
        if kind == "priority_changed":
            current = state.tier.priority
            to = draw(tier_spellings(draw(st.sampled_from(sorted({1, 2, 3} - {current})))))
            if named_tier(setup.policy, to) is None:  # a two-tier policy has no P3
                to = draw(tier_spellings(3 - current if current < 3 else 1))
        # Events at one instant happen in the rules' order, not in the order drawn: when
        # that order makes the new event impossible, it happens a microsecond later.
        for delay in (0, 1):
            event = (kind, iso(at + delay), to)
            state = _state_after(setup, opened, priority, [*events, event])
            if state is not None:
                at += delay
                break
        events.append(event)
        history.append((at, state.tier.priority if state else 0))
    resolved_at = None
    if draw(st.integers(0, 99)) < spoil_percent:
        events, resolved_at = _spoiled(draw, events, history, opened, edges)
    responded_at = _shortcut(draw, events, "responded")
    if resolved_at is None:
        resolved_at = _shortcut(draw, events, "resolved")
    if draw(st.booleans()):
        events = list(draw(st.permutations(events)))
    instants = [opened, *(at for at, _ in history)]
    now = draw(
        st.sampled_from(instants)
        | st.sampled_from(edges)
        | later_instants(instants[-1], edges)
        | st.integers(0, 4 * DAY).map(lambda offset: opened + offset)
    )
    return TimelineCase(
        setup=setup,
        opened_at=iso(opened),
        priority=priority,
        events=tuple(events),
        responded_at=responded_at,
        resolved_at=resolved_at,
        now=iso(max(now, opened)),
    )
