"""What a definition can reach, decided from its rules alone, without compiling a year.

Three facts, each *sound* (never claimed unless certain):

- ``can_open`` is False only when the definition is certainly never open.
  Each plain calendar becomes, per weekday, a superset of the local hours a
  date of that weekday might own (weekly hours, the hours of recurring rules
  that might match it, special hours on dates of that weekday; holidays only
  close, so they are ignored). A recurring rule removes a weekday's weekly
  hours only when it certainly matches every date of that weekday. Those
  hours are laid on the UTC week, widened by the whole range of offsets the
  zone ever uses, and the parts of an intersection are intersected there.
- ``always_open`` is True only when every date is open 00:00-24:00 with
  nothing that could close it, so the calendar never closes.
- ``low``/``high`` bound the instants of all open time: a calendar opened
  only by special hours lies between its first and last such date.
"""

from __future__ import annotations

import functools
import re
import struct
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timezone
from importlib import resources
from pathlib import Path
from typing import Final

from slacalc._instants import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_INSTANT,
    MICROS_PER_DAY,
    MICROS_PER_SECOND,
    MIN_INSTANT,
    Interval,
    to_microseconds,
)
from slacalc.calendar._definition import Definition, Intersection, Schedule, load_zone
from slacalc.calendar._serialize import definition_repr
from slacalc.errors import CalendarError

__all__ = ["Reach", "clip_intervals", "never_open_error", "reach_of", "zone_offset_range"]

_WEEK: Final = 7 * MICROS_PER_DAY
_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()
_FIRST_DAY_TEXT: Final = "19000101"  # the DTSTART of a rule that gives none
_WEEKDAY_CODES: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ALL_WEEKDAYS: Final = frozenset(range(7))
_FULL_DAY: Final = ((0, MICROS_PER_DAY),)
# A POSIX TZ string, as in a TZif footer: std name, offset, then optionally a dst name
# and offset and the transition rules (which do not matter here).
_TZ_NAME: Final = r"(?:[A-Za-z]{3,}|<[+\-0-9A-Za-z]+>)"
_TZ_OFFSET: Final = r"([+-]?)(\d{1,3})(?::(\d{1,2})(?::(\d{1,2}))?)?"


@dataclass(frozen=True, slots=True)
class Reach:
    """Sound facts about a definition's open time (see the module docstring)."""

    can_open: bool
    always_open: bool
    low: int
    high: int


# -- zone offsets ----------------------------------------------------------------


@functools.lru_cache(maxsize=512)
def zone_offset_range(name: str) -> tuple[int, int] | None:
    """The least and greatest UTC offset (microseconds) a zone ever uses, if known.

    Read from the zone's TZif data (every ``utoff`` of its local time types,
    plus the standard and daylight offsets of its footer rule), found where
    ``zoneinfo`` looks: ``zoneinfo.TZPATH``, then the ``tzdata`` package.

    Example:
        >>> zone_offset_range("GMT")
        (0, 0)
        >>> low, high = zone_offset_range("America/New_York")
        >>> low // 3_600_000_000, high // 3_600_000_000
        (-5, -4)
    """
    zone = load_zone(name)
    if isinstance(zone, timezone):
        micros = to_microseconds(zone.utcoffset(None))
        return micros, micros
    offsets = _tzif_offsets(_tzif_data(name))
    if not offsets:
        return None
    return min(offsets) * MICROS_PER_SECOND, max(offsets) * MICROS_PER_SECOND


def _tzif_data(name: str) -> bytes:
    for root in zoneinfo.TZPATH:
        path = Path(root, name)
        if path.is_file():
            return path.read_bytes()
    try:
        return resources.files("tzdata.zoneinfo").joinpath(*name.split("/")).read_bytes()
    except (ImportError, OSError, ValueError):
        return b""


def _tzif_offsets(data: bytes) -> set[int] | None:
    """Every UTC offset (seconds) in TZif data, or ``None`` if it cannot be read."""
    try:
        if data[:4] != b"TZif":
            return None
        time_size, start = 4, 0
        counts = struct.unpack_from(">6l", data, 20)
        if data[4] != 0:  # version 2+: skip the 32-bit block, read the 64-bit one
            start = 44 + _block_size(counts, 4)
            time_size = 8
            counts = struct.unpack_from(">6l", data, start + 20)
        _, _, _, time_count, type_count, _ = counts
        types = start + 44 + time_count * (time_size + 1)
        offsets = {struct.unpack_from(">l", data, types + 6 * i)[0] for i in range(type_count)}
        if time_size == 8:
            footer = data[start + 44 + _block_size(counts, 8) :].strip(b"\n").decode("ascii")
            footer_offsets = _footer_offsets(footer)
            if footer_offsets is None:
                return None
            offsets |= footer_offsets
    except (struct.error, IndexError, UnicodeDecodeError):
        return None
    return offsets


def _block_size(counts: tuple[int, ...], time_size: int) -> int:
    utc_count, std_count, leap_count, time_count, type_count, char_count = counts
    return (
        time_count * (time_size + 1)
        + type_count * 6
        + char_count
        + leap_count * (time_size + 4)
        + std_count
        + utc_count
    )


def _footer_offsets(footer: str) -> set[int] | None:
    if not footer:
        return set()
    found = re.match(rf"{_TZ_NAME}{_TZ_OFFSET}(?:({_TZ_NAME})(?:{_TZ_OFFSET})?)?(?:,|$)", footer)
    if found is None:
        return None
    groups = found.groups()
    standard = _posix_offset(groups[0:4])
    if groups[4] is None:
        return {standard}
    daylight = standard + 3600 if groups[6] is None else _posix_offset(groups[5:9])
    return {standard, daylight}


def _posix_offset(parts: Sequence[str | None]) -> int:
    sign, hours, minutes, seconds = parts
    value = int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    return value if sign == "-" else -value  # POSIX offsets count west of Greenwich


# -- recurring rules -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _RuleFacts:
    possible: frozenset[int]  # weekdays the rule might match
    certain: frozenset[int]  # weekdays whose every date 1900-2200 it certainly matches


def _rule_facts(text: str) -> _RuleFacts:
    """What a rule's weekdays can be, read from its RFC 5545 text.

    Read from the text rather than from a parsed rule, so the facts follow
    the RFC whatever the parser. Anything unexpected widens ``possible`` or
    narrows ``certain``: a mistake here can only make the check less sharp.
    """
    rules: list[dict[str, str]] = []
    start = _FIRST_DAY_TEXT
    possible: set[int] = set()
    excluded = False
    for line in (line.strip() for line in text.upper().splitlines()):
        if not line:
            continue
        head, colon, value = line.partition(":")
        name = head.split(";")[0] if colon else "RRULE"
        value = value if colon else line
        if name == "RRULE":
            rules.append(dict(part.partition("=")[::2] for part in value.split(";") if part))
        elif name == "DTSTART":
            start = value[:8]
        elif name == "RDATE":
            possible |= _ALL_WEEKDAYS  # added dates can fall on any weekday
        else:
            excluded = True  # EXDATE, EXRULE or unknown: it may skip any date
    certain: set[int] = set()
    for rule in rules:
        days = [item[-2:] for item in rule.get("BYDAY", "").split(",") if item]
        named = {_WEEKDAY_CODES.index(day) for day in days if day in _WEEKDAY_CODES}
        possible |= named if days and len(named) == len(set(days)) else _ALL_WEEKDAYS
        if not excluded and start <= _FIRST_DAY_TEXT and _matches_every_period(rule):
            if rule.get("BYDAY") is not None:
                certain |= named
            elif rule["FREQ"] == "DAILY":
                certain |= _ALL_WEEKDAYS
            else:  # WEEKLY without BYDAY repeats the weekday of DTSTART
                certain |= {_weekday_of(start)}
    return _RuleFacts(frozenset(possible), frozenset(certain & possible))


def _matches_every_period(rule: dict[str, str]) -> bool:
    """DAILY or WEEKLY, every period, unbounded, with at most a plain BYDAY list."""
    days = rule.get("BYDAY")
    return (
        rule.get("FREQ") in {"DAILY", "WEEKLY"}
        and rule.get("INTERVAL", "1").lstrip("+0") == "1"
        and set(rule) <= {"FREQ", "INTERVAL", "WKST", "BYDAY"}
        and (days is None or all(item in _WEEKDAY_CODES for item in days.split(",")))
    )


def _weekday_of(text: str) -> int:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])).weekday()
    except ValueError:
        return -1  # not a weekday: nothing is certain


# -- the week circle ---------------------------------------------------------------


def _weekday_hours(schedule: Schedule) -> list[list[Interval]]:
    """Per weekday, a superset of the local intervals one of its dates might own."""
    facts = [(_rule_facts(text), hours) for text, hours in schedule.recurring]
    week: list[list[Interval]] = []
    for weekday in range(7):
        hours: list[Interval] = []
        for rule, rule_hours in facts:
            if weekday in rule.possible:
                hours.extend(rule_hours)
            if weekday in rule.certain:  # this rule decides every such date
                break
        else:
            hours.extend(schedule.week[weekday])
        week.append(hours)
    for day, special in schedule.special:
        week[day.weekday()].extend(special)
    return week


def _normalise(arcs: Iterable[Interval]) -> list[Interval]:
    """Arcs of the week circle as sorted, merged intervals of ``[0, week)``."""
    pieces: list[Interval] = []
    for start, end in arcs:
        if end - start >= _WEEK:
            return [(0, _WEEK)]
        if start >= end:
            continue
        low = start % _WEEK
        high = low + (end - start)
        pieces.extend([(low, _WEEK), (0, high - _WEEK)] if high > _WEEK else [(low, high)])
    merged: list[Interval] = []
    for start, end in sorted(pieces):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def clip_intervals(left: list[Interval], right: list[Interval]) -> list[Interval]:
    """The intersection of two sorted lists of disjoint intervals."""
    result: list[Interval] = []
    i = j = 0
    while i < len(left) and j < len(right):
        start, end = max(left[i][0], right[j][0]), min(left[i][1], right[j][1])
        if start < end:
            result.append((start, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return result


def _utc_week(schedule: Schedule, offsets: tuple[int, int] | None) -> list[Interval]:
    """Where on the UTC week (Monday 00:00Z = 0) the schedule might be open."""
    week = _weekday_hours(schedule)
    if offsets is None:
        return [(0, _WEEK)] if any(week) else []
    least, greatest = offsets
    # A wall-clock edge becomes "wall - offset" for one of the zone's offsets.
    return _normalise(
        (weekday * MICROS_PER_DAY + start - greatest, weekday * MICROS_PER_DAY + end - least)
        for weekday, hours in enumerate(week)
        for start, end in hours
    )


# -- reach -----------------------------------------------------------------------------


def _span(schedule: Schedule, offsets: tuple[int, int] | None) -> Interval:
    """Instants outside which the schedule is certainly closed, within the supported range."""
    if any(schedule.week) or any(hours for _, hours in schedule.recurring):
        return MIN_INSTANT, MAX_INSTANT
    opened = [day.toordinal() for day, hours in schedule.special if hours]
    if not opened:
        return MIN_INSTANT, MIN_INSTANT
    least, greatest = offsets if offsets is not None else (-MICROS_PER_DAY, MICROS_PER_DAY)
    # A date's intervals start in it and last at most a day: [wall, wall + 2 days).
    low = (min(opened) - _EPOCH_ORDINAL) * MICROS_PER_DAY - greatest
    high = (max(opened) - _EPOCH_ORDINAL + 2) * MICROS_PER_DAY - least
    return max(low, MIN_INSTANT), min(high, MAX_INSTANT)


def _always_open(schedule: Schedule) -> bool:
    """Every date owns exactly its whole local day, and nothing can close one."""
    return (
        schedule.disambiguate != "raise"
        and schedule.holidays is None
        and all(hours == _FULL_DAY for hours in schedule.week)
        and all(hours == _FULL_DAY for _, hours in schedule.special)
        and all(hours == _FULL_DAY for _, hours in schedule.recurring)
    )


def reach_of(definition: Definition) -> Reach:
    """Sound facts about a plain calendar's or an intersection's open time.

    Example:
        >>> from slacalc.calendar._definition import build_schedule, intersect
        >>> def office(zone: str) -> Schedule:
        ...     return build_schedule(
        ...         {"mon-fri": "09:00-17:00"}, timezone=zone, holidays=None,
        ...         special_hours=None, recurring=(), disambiguate="compatible",
        ...     )
        >>> reach_of(office("Europe/London")).can_open
        True
        >>> reach_of(intersect(office("America/New_York"), office("Asia/Tokyo"))).can_open
        False
    """
    parts = definition.parts if isinstance(definition, Intersection) else (definition,)
    circle = [(0, _WEEK)]
    low, high = MIN_INSTANT, MAX_INSTANT
    for part in parts:
        offsets = zone_offset_range(part.timezone)
        circle = clip_intervals(circle, _utc_week(part, offsets))
        part_low, part_high = _span(part, offsets)
        low, high = max(low, part_low), min(high, part_high)
    return Reach(
        can_open=bool(circle) and low < high,
        always_open=all(_always_open(part) for part in parts),
        low=low,
        high=high,
    )


def never_open_error(definition: Definition) -> CalendarError:
    """The error for a query that needs open time of a never-open definition.

    It names the part that is never open, or every part when only their
    combination is, and says how to fix it.

    Example:
        >>> from slacalc.calendar._definition import build_schedule
        >>> closed = build_schedule(
        ...     {}, timezone="GMT", holidays=None, special_hours=None, recurring=(),
        ...     disambiguate="compatible",
        ... )
        >>> str(never_open_error(closed)).endswith("give it opening hours")
        True
    """
    fix = "so there is no open time to find"
    if isinstance(definition, Schedule) and not definition.can_open:
        # Nothing in it has hours: the rules need no naming (docs/calendar.md shows this one).
        return CalendarError(
            "this calendar is never open (no weekly hours, special hours or rule with hours), "
            f"{fix}; give it opening hours"
        )
    if not isinstance(definition, Intersection):
        return CalendarError(
            f"this calendar is never open: {definition_repr(definition)} has no weekly "
            "hours, special hours or recurring rule with hours that its recurring closures "
            f"leave open within the supported years {FIRST_YEAR}-{LAST_YEAR}, {fix}; "
            "give it opening hours"
        )
    closed = [part for part in definition.parts if not reach_of(part).can_open]
    if closed:
        names = " and ".join(definition_repr(part) for part in closed)
        return CalendarError(
            f"this calendar is never open: its part {names} is never open, {fix}; "
            "give that part opening hours"
        )
    names = " & ".join(definition_repr(part) for part in definition.parts)
    return CalendarError(
        f"this calendar is never open: the parts of {names} are never open at the same "
        "time (their hours do not overlap on any weekday in UTC, whatever the date and "
        f"daylight saving), {fix}; make the parts' hours overlap or check their zones"
    )
