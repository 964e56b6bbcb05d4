"""Benchmark slacalc's calendar engine against a bare-bisect floor and two other libraries.

One run times ``add`` of 2 h, 36 h and 900 h of business time and ``elapsed`` over
random spans of 0-60 days, for one calendar: Monday to Friday 09:00-18:00 GMT, closed
on the bank holidays of England and Wales. It compares:

* ``slacalc``: ``BusinessCalendar.add`` / ``BusinessCalendar.elapsed``;
* ``bare bisect``: the simplest pure-Python implementation of this one calendar
  (flat per-day tables and :mod:`bisect`), the practical floor for pure Python;
* ``businesstimedelta``: ``start + BusinessTimeDelta(rules, hours=h)`` and
  ``rules.difference(a, b)``;
* ``pandas``: ``pd.Timestamp(t) + CustomBusinessHour(n=h, ...)`` (pandas has no
  business-time difference, so its ``elapsed`` cell is "n/a").

Before timing, every result is checked against slacalc's (see ``check_agreement``);
any disagreement that is not a documented convention is printed and the script exits
with status 1.

Run it with ``make bench`` or ``.venv/bin/python benchmarks/bench_calendar.py --help``.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import businesstimedelta  # type: ignore[import-untyped]
import holidays
import pandas as pd  # type: ignore[import-untyped]
from machine import machine_info

from slacalc import BusinessCalendar, CountryHolidays, SlaReport, Ticket, evaluate, response_due

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Sequence

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
HOUR_US = 3_600_000_000
DAY_US = 24 * HOUR_US
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

# The random instants lie in [SAMPLE_START, SAMPLE_END); the bare-bisect table covers
# TABLE_FIRST_YEAR..TABLE_LAST_YEAR, which leaves room for 900 h (about five months)
# and 60-day spans after the last instant.
SAMPLE_START = datetime(2020, 1, 1, tzinfo=UTC)
SAMPLE_END = datetime(2031, 1, 1, tzinfo=UTC)
TABLE_FIRST_YEAR = 2019
TABLE_LAST_YEAR = 2032
MAX_SPAN = timedelta(days=60)
ADD_HOURS = (2, 36, 900)
OPEN_HOURS = (clock_time(9), clock_time(18))
WEEKMASK = "Mon Tue Wed Thu Fri"

SLACALC = "slacalc"
BARE = "bare bisect"
BTD = "businesstimedelta"
PANDAS = "pandas CBH"
LIBRARIES = (SLACALC, BARE, BTD, PANDAS)
# Libraries that return the next opening where slacalc returns a closing time.
ROLLS_AT_CLOSE = frozenset({PANDAS})

# Targets (see docs/performance.md). They are reported, never enforced by the exit status:
# timings depend on the machine, agreement does not.
TARGET_VS_BARE = 3.0
TARGET_FLATNESS = 1.2
TARGET_BTD_SPEEDUP = 20.0
MAX_SHOWN_DISAGREEMENTS = 10
# Each timed pass runs the cells in turns, this many chunks of inputs each (time_rows).
TIMING_CHUNKS = 20


def to_us(instant: datetime) -> int:
    """Return an aware datetime as integer microseconds since the Unix epoch."""
    delta = instant - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(micros: int) -> datetime:
    """Return integer microseconds since the Unix epoch as an aware UTC datetime."""
    return EPOCH + timedelta(0, 0, micros)  # positional arguments: the fastest constructor


def england_holidays() -> frozenset[date]:
    """Return the bank holidays of England and Wales for the bare-bisect table years."""
    years = range(TABLE_FIRST_YEAR, TABLE_LAST_YEAR + 1)
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=years))


class BareBisectCalendar:
    """Mon-Fri 09:00-18:00 UTC+0 minus holidays, as flat tables searched with bisect.

    One open interval per business day of 2019-2032, as integer microseconds since the
    epoch, with the open time accumulated before each interval starts and after it ends.
    It takes and returns aware datetimes, converting in and out as slacalc must.
    """

    def __init__(self, holiday_dates: Collection[date]) -> None:
        """Build the tables for every business day of the table years."""
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.open_before_start: list[int] = []
        self.open_before_end: list[int] = []
        open_hours = [h.hour * HOUR_US for h in OPEN_HOURS]
        total = 0
        day = date(TABLE_FIRST_YEAR, 1, 1)
        while day.year <= TABLE_LAST_YEAR:
            if day.weekday() < 5 and day not in holiday_dates:
                midnight = (day.toordinal() - EPOCH_ORDINAL) * DAY_US
                self.starts.append(midnight + open_hours[0])
                self.ends.append(midnight + open_hours[1])
                self.open_before_start.append(total)
                total += open_hours[1] - open_hours[0]
                self.open_before_end.append(total)
            day += timedelta(days=1)

    def _open_before(self, micros: int) -> int:
        """Return the open time (µs) from the start of the table to ``micros``."""
        i = bisect_right(self.starts, micros) - 1
        if i < 0:
            return 0
        return self.open_before_start[i] + min(micros, self.ends[i]) - self.starts[i]

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Return the open time in ``[start, end)``."""
        micros = self._open_before(to_us(end)) - self._open_before(to_us(start))
        return timedelta(0, 0, max(micros, 0))

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """Return the earliest instant at which ``duration`` of open time has passed."""
        micros = (duration.days * 86_400 + duration.seconds) * 1_000_000 + duration.microseconds
        if micros == 0:
            return start
        target = self._open_before(to_us(start)) + micros
        # The first interval whose end reaches the target holds the answer.
        i = bisect_left(self.open_before_end, target)
        return from_us(self.starts[i] + target - self.open_before_start[i])

    def roll_close(self, instant: datetime) -> datetime:
        """Return the next opening if ``instant`` is exactly a closing time, else itself."""
        micros = to_us(instant)
        i = bisect_left(self.ends, micros)
        if i < len(self.ends) and self.ends[i] == micros:
            return from_us(self.starts[i + 1])
        return instant


def businesstimedelta_rules() -> Any:
    """Return businesstimedelta rules for the benchmark calendar."""
    workday = businesstimedelta.WorkDayRule(
        start_time=OPEN_HOURS[0], end_time=OPEN_HOURS[1], working_days=[0, 1, 2, 3, 4]
    )
    # HolidayRule scans day by day, up to five years ahead, for the next holiday, so it
    # gets a holidays object that fills further years on demand (same package and data
    # as slacalc's CountryHolidays) rather than a fixed set of dates.
    bank_holidays = businesstimedelta.HolidayRule(holidays.country_holidays("GB", subdiv="ENG"))
    return businesstimedelta.Rules([workday, bank_holidays])


def businesstimedelta_add(rules: Any, hours: int) -> Callable[[datetime, timedelta], datetime]:
    """Return ``add(start, duration)`` by businesstimedelta for a fixed ``hours``."""
    delta = businesstimedelta.BusinessTimeDelta(rules, hours=hours)

    def add(start: datetime, _duration: timedelta) -> datetime:
        result: datetime = start + delta
        return result

    return add


def businesstimedelta_elapsed(rules: Any) -> Callable[[datetime, datetime], timedelta]:
    """Return ``elapsed(start, end)`` by businesstimedelta."""

    def elapsed(start: datetime, end: datetime) -> timedelta:
        result: timedelta = rules.difference(start, end).timedelta
        return result

    return elapsed


def pandas_add(
    holiday_dates: Collection[date], hours: int
) -> Callable[[datetime, timedelta], datetime]:
    """Return ``add(start, duration)`` by pandas' CustomBusinessHour for a fixed ``hours``."""
    offset = pd.offsets.CustomBusinessHour(
        n=hours,
        start=OPEN_HOURS[0].strftime("%H:%M"),
        end=OPEN_HOURS[1].strftime("%H:%M"),
        holidays=sorted(holiday_dates),
        weekmask=WEEKMASK,
    )

    def add(start: datetime, _duration: timedelta) -> datetime:
        result: datetime = pd.Timestamp(start) + offset
        return result

    return add


# --- the sample -------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """The random inputs of one run.

    ``elapsed`` runs from ``instants[i]`` to ``span_ends[i]``; both carry microseconds.
    The competitors get the first instants and spans truncated to whole seconds, because
    businesstimedelta's ``difference`` drops microseconds.
    """

    instants: list[datetime]
    span_ends: list[datetime]

    def whole_seconds(self, n: int) -> tuple[list[datetime], list[datetime]]:
        """Return the first ``n`` instants and span ends, truncated to whole seconds."""
        return (
            [t.replace(microsecond=0) for t in self.instants[:n]],
            [t.replace(microsecond=0) for t in self.span_ends[:n]],
        )


def draw_sample(n: int, seed: int) -> Sample:
    """Draw ``n`` uniform random instants in 2020-2030 and spans of 0-60 days."""
    rng = random.Random(seed)
    low, high = to_us(SAMPLE_START), to_us(SAMPLE_END)
    max_span = MAX_SPAN // ONE_US
    instants = [from_us(rng.randrange(low, high)) for _ in range(n)]
    span_ends = [t + timedelta(microseconds=rng.randint(0, max_span)) for t in instants]
    return Sample(instants, span_ends)


# --- rows and timing --------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One library's implementation of a row: ``function(first, second)`` per input pair.

    Every library of a row takes the same kind of arguments (an instant and a duration,
    or two instants), so slacalc can be called on a competitor's inputs to compare.
    """

    function: Callable[[Any, Any], Any]
    inputs: Sequence[tuple[Any, Any]]


@dataclass(frozen=True)
class Row:
    """One operation: a row of the results table, with each library's call.

    Libraries missing from ``calls`` show "n/a".
    """

    label: str
    calls: dict[str, Call]


@dataclass(frozen=True)
class Ratio:
    """``numerator / denominator`` of two timings, each named by (row label, library).

    The target is met when the ratio is at most ``target`` (at least, if ``at_least``);
    a ratio without a target is only reported.
    """

    label: str
    numerator: tuple[str, str]
    denominator: tuple[str, str]
    target: float | None = None
    at_least: bool = False


def add_label(hours: int) -> str:
    """Return the row label of ``add`` of ``hours`` business hours."""
    return f"add {hours} h"


ELAPSED = "elapsed 0-60 d"
RESPONSE_DUE = "response_due P1"
TARGET_RESPONSE_DUE = 6.0
EVALUATE = "evaluate, no events"
EVALUATE_EVENTS = "evaluate, 10 events"
NEXT_CHANGE = "next_change"
TARGET_EVALUATE = 8.0
TARGET_EVALUATE_EVENTS = 20.0
TARGET_NEXT_CHANGE = 10.0
# Ten events that leave a P1 response due 2 business hours after opening (P2's
# response is 2 business hours too; pauses stop only the resolution), so the
# bare bisect's add of 2 h is still the reference answer: (type, minutes, to).
TEN_EVENTS = (
    ("paused", 10, None), ("resumed", 25, None), ("priority_changed", 30, 2),
    ("paused", 40, None), ("resumed", 50, None), ("priority_changed", 55, 1),
    ("resolved", 70, None), ("reopened", 80, None), ("paused", 90, None), ("resumed", 95, None),
)  # fmt: skip


AFTER_TEN_EVENTS = timedelta(minutes=100)  # evaluated once every event has happened


def ten_event_ticket(opened_at: datetime) -> Ticket:
    """A P1 ticket with ``TEN_EVENTS``, minutes after ``opened_at``."""
    events = [
        {"type": kind, "at": opened_at + timedelta(minutes=minutes)}
        | ({} if to is None else {"to": to})
        for kind, minutes, to in TEN_EVENTS
    ]
    return Ticket(opened_at=opened_at, priority="P1", events=events)


ADD_LABELS = tuple(add_label(hours) for hours in ADD_HOURS)


@dataclass(frozen=True)
class Setup:
    """Everything the rows are built from."""

    sample: Sample
    btd_n: int
    pandas_n: int
    calendar: BusinessCalendar
    bare: BareBisectCalendar
    holiday_dates: frozenset[date]


def build_rows(setup: Setup) -> list[Row]:
    """Return the operations to time, each with every library that implements it.

    To add an operation (for example ``response_due``), append a ``Row`` here and its
    ``Ratio`` targets in ``build_ratios``; nothing else changes.
    """
    sample = setup.sample
    rules = businesstimedelta_rules()
    btd_starts, btd_ends = sample.whole_seconds(setup.btd_n)
    pandas_starts, _ = sample.whole_seconds(setup.pandas_n)
    rows: list[Row] = []
    for hours in ADD_HOURS:
        duration = timedelta(hours=hours)
        calls = {
            SLACALC: Call(setup.calendar.add, [(t, duration) for t in sample.instants]),
            BARE: Call(setup.bare.add, [(t, duration) for t in sample.instants]),
            BTD: Call(businesstimedelta_add(rules, hours), [(t, duration) for t in btd_starts]),
            PANDAS: Call(
                pandas_add(setup.holiday_dates, hours), [(t, duration) for t in pandas_starts]
            ),
        }
        rows.append(Row(add_label(hours), calls))
    spans = list(zip(sample.instants, sample.span_ends, strict=True))
    btd_spans = list(zip(btd_starts, btd_ends, strict=True))
    calls = {
        SLACALC: Call(setup.calendar.elapsed, spans),
        BARE: Call(setup.bare.elapsed, spans),
        BTD: Call(businesstimedelta_elapsed(rules), btd_spans),
    }
    rows.append(Row(ELAPSED, calls))

    # The SLA layer on top: a P1 response is 2 business hours on this very calendar,
    # so the bare bisect's add of 2 h is both its reference answer and its floor.
    # Both take (opened_at, 2 h), so the agreement check can feed them the same inputs;
    # the wrapper's extra call is charged to slacalc, which keeps the ratio conservative.
    def p1_response_due(opened_at: datetime, _target: timedelta) -> datetime | None:
        return response_due(opened_at, "P1")

    inputs = [(t, timedelta(hours=2)) for t in sample.instants]
    calls = {SLACALC: Call(p1_response_due, inputs), BARE: Call(setup.bare.add, inputs)}
    rows.append(Row(RESPONSE_DUE, calls))
    rows.extend(build_clock_rows(sample))
    return rows


def build_clock_rows(sample: Sample) -> list[Row]:
    """Return the SLA clock's rows: whole evaluations and ``next_change``.

    Tickets are built beforehand (validating a ticket is not evaluating it).
    The plain ones are evaluated at their opening, the busy ones once all ten
    events have happened; either way the response is due at the bare bisect's
    add of 2 h. ``next_change`` of a plain report is the instant 75 % of the 2
    hours is used: the bare bisect's add of 1 h 30 min. Each slacalc call looks
    its ticket or report up by instant; that lookup is charged to slacalc.
    """
    plain = {t: Ticket(opened_at=t, priority="P1") for t in sample.instants}
    busy = {t: ten_event_ticket(t) for t in sample.instants}
    reports: dict[datetime, SlaReport] = {t: evaluate(plain[t], now=t) for t in sample.instants}

    def evaluate_plain(opened_at: datetime, _target: timedelta) -> datetime | None:
        return evaluate(plain[opened_at], now=opened_at).response.due

    def evaluate_busy(opened_at: datetime, _target: timedelta) -> datetime | None:
        return evaluate(busy[opened_at], now=opened_at + AFTER_TEN_EVENTS).response.due

    def next_change(opened_at: datetime, _target: timedelta) -> datetime | None:
        return reports[opened_at].next_change()

    two_hours = [(t, timedelta(hours=2)) for t in sample.instants]
    warning = [(t, timedelta(hours=1, minutes=30)) for t in sample.instants]
    bare = BareBisectCalendar(england_holidays())
    return [
        Row(EVALUATE, {SLACALC: Call(evaluate_plain, two_hours), BARE: Call(bare.add, two_hours)}),
        Row(
            EVALUATE_EVENTS,
            {SLACALC: Call(evaluate_busy, two_hours), BARE: Call(bare.add, two_hours)},
        ),
        Row(NEXT_CHANGE, {SLACALC: Call(next_change, warning), BARE: Call(bare.add, warning)}),
    ]


def build_edge_rows(setup: Setup) -> list[Row]:
    """Return untimed rows that check slacalc against the bare bisect at the edges.

    Random instants almost never fall on an edge, so these use instants at midnight,
    09:00 and 18:00 (and 1 µs either side) on the days around every new year of the
    sample (a slacalc table covers one UTC year), durations that end exactly on a
    close, and ``elapsed`` between random pairs of those instants.
    """
    one_us = timedelta(microseconds=1)
    edges: list[datetime] = []
    for year in range(SAMPLE_START.year, SAMPLE_END.year + 1):
        for offset in range(-12, 12):
            day = datetime(year, 1, 1, tzinfo=UTC) + timedelta(days=offset)
            for hour in (0, OPEN_HOURS[0].hour, OPEN_HOURS[1].hour):
                instant = day + timedelta(hours=hour)
                edges += [instant - one_us, instant, instant + one_us]
    durations = [timedelta(0), one_us, timedelta(hours=9) - one_us, timedelta(hours=9)]
    durations += [timedelta(hours=hours) for hours in ADD_HOURS]
    add_inputs = [(t, d) for t in edges for d in durations]
    rng = random.Random(len(edges))
    span_inputs = [(rng.choice(edges), rng.choice(edges)) for _ in range(len(add_inputs))]
    calendar, bare = setup.calendar, setup.bare
    return [
        Row(
            "edges add", {SLACALC: Call(calendar.add, add_inputs), BARE: Call(bare.add, add_inputs)}
        ),
        Row(
            "edges elapsed",
            {SLACALC: Call(calendar.elapsed, span_inputs), BARE: Call(bare.elapsed, span_inputs)},
        ),
    ]


def build_ratios() -> list[Ratio]:
    """Return the ratios reported under the table, with their targets."""
    ratios = [
        Ratio(f"slacalc / bare bisect, {label}", (label, SLACALC), (label, BARE), TARGET_VS_BARE)
        for label in (*ADD_LABELS, ELAPSED)
    ]
    ratios += [
        Ratio(
            f"businesstimedelta / slacalc, {label}",
            (label, BTD),
            (label, SLACALC),
            TARGET_BTD_SPEEDUP,
            at_least=True,
        )
        for label in (*ADD_LABELS, ELAPSED)
    ]
    ratios += [
        Ratio(f"pandas / slacalc, {label}", (label, PANDAS), (label, SLACALC))
        for label in ADD_LABELS
    ]
    ratios.append(
        Ratio(
            "response_due / bare bisect add 2 h",
            (RESPONSE_DUE, SLACALC),
            (RESPONSE_DUE, BARE),
            TARGET_RESPONSE_DUE,
        )
    )
    ratios += [
        Ratio(f"{label} / bare bisect add", (label, SLACALC), (label, BARE), target)
        for label, target in (
            (EVALUATE, TARGET_EVALUATE),
            (EVALUATE_EVENTS, TARGET_EVALUATE_EVENTS),
            (NEXT_CHANGE, TARGET_NEXT_CHANGE),
        )
    ]
    return ratios


def time_chunk(function: Callable[[Any, Any], Any], inputs: Sequence[tuple[Any, Any]]) -> int:
    """Return the nanoseconds taken to call ``function`` on each pair of ``inputs``."""
    begin = time.perf_counter_ns()
    for first, second in inputs:
        function(first, second)
    return time.perf_counter_ns() - begin


def split(inputs: Sequence[tuple[Any, Any]], parts: int) -> list[Sequence[tuple[Any, Any]]]:
    """Return ``inputs`` cut into ``parts`` consecutive chunks of nearly equal length."""
    size = len(inputs)
    return [inputs[size * k // parts : size * (k + 1) // parts] for k in range(parts)]


def time_rows(rows: Sequence[Row], repeat: int) -> dict[str, dict[str, float]]:
    """Return, per row and library, the median over ``repeat`` passes of µs per call.

    A pass calls every cell (row and library) on all its inputs. Within a pass the
    cells take turns, one chunk of their inputs at a time, so that a change of machine
    load (this is often a shared machine) falls on every cell alike instead of on a few.
    """
    cells = [(row.label, library, call) for row in rows for library, call in row.calls.items()]
    chunked = [split(call.inputs, TIMING_CHUNKS) for _, _, call in cells]
    passes: list[list[float]] = [[] for _ in cells]
    gc_was_enabled = gc.isenabled()
    gc.disable()  # as timeit does: a collection during one pass would skew that pass
    try:
        for _ in range(repeat):
            elapsed_ns = [0] * len(cells)
            for chunk in range(TIMING_CHUNKS):
                for index, (_, _, call) in enumerate(cells):
                    elapsed_ns[index] += time_chunk(call.function, chunked[index][chunk])
            for index, (_, _, call) in enumerate(cells):
                passes[index].append(elapsed_ns[index] / 1000 / len(call.inputs))
    finally:
        if gc_was_enabled:
            gc.enable()
    timings: dict[str, dict[str, float]] = {row.label: {} for row in rows}
    for (label, library, _), times in zip(cells, passes, strict=True):
        timings[label][library] = statistics.median(times)
    return timings


def time_first_add(repeat: int) -> float:
    """Return the median time (µs) to build a calendar and make its first ``add``.

    This is the one-off cost of the lazy build: reading a year's holidays and building
    that year's interval table.
    """
    start = datetime(2026, 3, 2, 10, tzinfo=UTC)
    timings: list[float] = []
    for _ in range(repeat):
        begin = time.perf_counter_ns()
        make_calendar().add(start, timedelta(hours=2))
        timings.append((time.perf_counter_ns() - begin) / 1000)
    return statistics.median(timings)


def make_calendar() -> BusinessCalendar:
    """Return the benchmark calendar in slacalc."""
    return BusinessCalendar(
        {"mon-fri": "09:00-18:00"},
        timezone="GMT",
        holidays=CountryHolidays("GB", subdiv="ENG"),
    )


# --- agreement --------------------------------------------------------------------------


@dataclass
class Agreement:
    """Per "row: library": results compared, rolled at a close, and disagreements."""

    compared: dict[str, int] = field(default_factory=dict)
    rolled_at_close: dict[str, int] = field(default_factory=dict)
    disagreements: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether every compared result agreed."""
        return not any(self.disagreements.values())

    def as_dict(self) -> dict[str, Any]:
        """Return the counts as a JSON-compatible dict."""
        return {
            "ok": self.ok,
            "compared": self.compared,
            "rolled_at_close": self.rolled_at_close,
            "disagreements": self.disagreements,
        }


def check_agreement(rows: Sequence[Row], bare: BareBisectCalendar) -> Agreement:
    """Compare every library's results with slacalc's on the same inputs.

    Results must be equal (aware datetimes compare as instants; durations to the
    microsecond), with one documented convention: where slacalc returns a closing time
    (18:00, as docs/design.md specifies), a library returning the next opening
    (09:00 of the next business day) agrees, for the libraries in ``ROLLS_AT_CLOSE``
    (pandas); those cases are counted under ``rolled_at_close``. The bare bisect must
    match exactly.
    """
    agreement = Agreement()
    for row in rows:
        if SLACALC not in row.calls:
            continue
        reference = row.calls[SLACALC].function
        for library, call in row.calls.items():
            if library == SLACALC:
                continue
            key = f"{row.label}: {library}"
            compared = rolled = wrong = 0
            for first, second in call.inputs:
                expected = reference(first, second)
                got = call.function(first, second)
                compared += 1
                if got == expected:
                    continue
                if library in ROLLS_AT_CLOSE and _rolled(bare, expected, got):
                    rolled += 1
                    continue
                wrong += 1
                if wrong <= MAX_SHOWN_DISAGREEMENTS:
                    print(
                        f"DISAGREEMENT {key}: inputs ({_show(first)}, {_show(second)}): "
                        f"slacalc {_show(expected)}, {library} {_show(got)}"
                    )
            agreement.compared[key] = compared
            agreement.rolled_at_close[key] = rolled
            agreement.disagreements[key] = wrong
    return agreement


def _rolled(bare: BareBisectCalendar, expected: object, got: object) -> bool:
    """Whether ``expected`` is a closing time and ``got`` the next opening."""
    return isinstance(expected, datetime) and got == bare.roll_close(expected) != expected


def _show(value: object) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


# --- report -----------------------------------------------------------------------------


def compute_ratios(
    ratios: Sequence[Ratio], timings: dict[str, dict[str, float]]
) -> list[dict[str, Any]]:
    """Return each ratio's value and whether it meets its target (None: no target)."""
    results: list[dict[str, Any]] = []
    for ratio in ratios:
        numerator = timings.get(ratio.numerator[0], {}).get(ratio.numerator[1])
        denominator = timings.get(ratio.denominator[0], {}).get(ratio.denominator[1])
        if numerator is None or denominator is None:
            continue
        value = numerator / denominator
        met = None
        if ratio.target is not None:
            met = value >= ratio.target if ratio.at_least else value <= ratio.target
        results.append(
            {
                "label": ratio.label,
                "value": value,
                "target": ratio.target,
                "at_least": ratio.at_least,
                "met": met,
            }
        )
    return results


def flatness(timings: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    """Return max/min of ``add`` over the durations, for slacalc and the bare bisect.

    The bare bisect's ``add`` costs the same for every duration by construction, so its
    flatness shows how much of slacalc's is timing noise.
    """
    results: list[dict[str, Any]] = []
    for library, target in ((SLACALC, TARGET_FLATNESS), (BARE, None)):
        adds = [timings[label][library] for label in ADD_LABELS]
        value = max(adds) / min(adds)
        results.append(
            {
                "label": f"{library} add flatness, max/min over 2/36/900 h",
                "value": value,
                "target": target,
                "at_least": False,
                "met": None if target is None else value <= target,
            }
        )
    return results


def print_table(rows: Sequence[Row], timings: dict[str, dict[str, float]], repeat: int) -> None:
    """Print operation x library -> µs per call, with the calls per pass."""
    width = 20
    print(f"\nµs per call, median of {repeat} pass(es); [calls per pass]")
    print(f"{'operation':<16}" + "".join(f"{library:>{width}}" for library in LIBRARIES))
    for row in rows:
        cells = []
        for library in LIBRARIES:
            call = row.calls.get(library)
            if call is None:
                cells.append(f"{'n/a':>{width}}")
            else:
                cell = f"{timings[row.label][library]:.2f} [{len(call.inputs)}]"
                cells.append(f"{cell:>{width}}")
        print(f"{row.label:<16}" + "".join(cells))


def print_ratios(ratio_results: Sequence[dict[str, Any]]) -> None:
    """Print each ratio with its target and verdict."""
    print("\nratios")
    for result in ratio_results:
        label, value, target = result["label"], result["value"], result["target"]
        if target is None:
            print(f"  {label:<52} {value:8.2f}x")
        else:
            sign = ">=" if result["at_least"] else "<="
            verdict = "met" if result["met"] else "MISSED"
            print(f"  {label:<52} {value:8.2f}x  (target {sign} {target:g}x: {verdict})")


def print_agreement(agreement: Agreement) -> None:
    """Print the agreement counts and the overall verdict."""
    print("\nagreement with slacalc (compared / rolled at close / disagreements)")
    for key, compared in agreement.compared.items():
        rolled, wrong = agreement.rolled_at_close[key], agreement.disagreements[key]
        print(f"  {key:<40} {compared:6d} {rolled:6d} {wrong:6d}")
    total = sum(agreement.disagreements.values())
    print("agreement: OK" if agreement.ok else f"agreement: FAILED ({total} disagreements)")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=10_000, help="random instants (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (default 3)")
    parser.add_argument(
        "--btd-n", type=int, default=200, help="businesstimedelta subsample (default 200)"
    )
    parser.add_argument(
        "--pandas-n", type=int, default=1000, help="pandas subsample (default 1000)"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args(argv)
    for name in ("n", "repeat", "btd_n", "pandas_n"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return 0, or 1 if any library disagrees with slacalc."""
    args = parse_args(argv)
    btd_n, pandas_n = min(args.btd_n, args.n), min(args.pandas_n, args.n)
    machine = machine_info(("slacalc", "holidays", "pandas", "businesstimedelta"))
    for key, value in machine.items():
        print(f"{key:<10} {value}")
    print(
        f"calendar   Mon-Fri 09:00-18:00 GMT, England & Wales bank holidays\n"
        f"sample     n={args.n} instants in 2020-2030 (with microseconds), seed={args.seed}; "
        f"elapsed spans 0-60 days\n"
        f"subsamples businesstimedelta: first {btd_n}, pandas: first {pandas_n} instants, "
        f"truncated to whole seconds (businesstimedelta's difference drops microseconds)"
    )

    holiday_dates = england_holidays()
    setup = Setup(
        sample=draw_sample(args.n, args.seed),
        btd_n=btd_n,
        pandas_n=pandas_n,
        calendar=make_calendar(),
        bare=BareBisectCalendar(holiday_dates),
        holiday_dates=holiday_dates,
    )
    rows = build_rows(setup)
    # The agreement check runs first, so it also warms slacalc's lazily built tables.
    agreement = check_agreement([*rows, *build_edge_rows(setup)], setup.bare)

    timings = time_rows(rows, args.repeat)
    first_add = time_first_add(args.repeat)
    ratio_results = compute_ratios(build_ratios(), timings) + flatness(timings)

    print_table(rows, timings, args.repeat)
    print(f"\nfirst add on a new slacalc calendar (builds its tables): {first_add:.0f} µs")
    print_ratios(ratio_results)
    print_agreement(agreement)

    if args.json is not None:
        results = {
            "machine": machine,
            "settings": {
                "n": args.n,
                "seed": args.seed,
                "repeat": args.repeat,
                "btd_n": btd_n,
                "pandas_n": pandas_n,
            },
            "us_per_call": timings,
            "calls_per_pass": {
                row.label: {lib: len(call.inputs) for lib, call in row.calls.items()}
                for row in rows
            },
            "first_add_us": first_add,
            "ratios": ratio_results,
            "agreement": agreement.as_dict(),
        }
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if agreement.ok else 1


if __name__ == "__main__":
    sys.exit(main())
