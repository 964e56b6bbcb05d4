"""Benchmark ``evaluate_frame`` on a million synthetic tickets against its floor and naive loops.

One run builds a synthetic ticket table on the built-in policy (openings over a
year, priorities P1-P4, responses and resolutions, 20 % unresolved, 1 % bad
rows) and times, in interleaved passes:

1. ``slacalc.frame.evaluate_frame`` on a pandas DataFrame, end to end;
2. the same on a Polars DataFrame;
3. the bare kernel: only ``BusinessCalendar.add_many`` and ``elapsed_many`` for
   the same instants and both targets, the floor a frame evaluation cannot go below;
4. the loops a new user would write (``response_due`` in a list comprehension,
   ``evaluate`` per row, ``DataFrame.apply``, pandas' ``CustomBusinessHour``),
   timed on a sample and extrapolated to the whole table;
5. a target of whole business days: numpy ``busday_offset`` and Polars
   ``add_business_days`` on dates against ``add_many`` on instants.

Peak extra memory of (1) and (2) is measured in a fresh process. Before timing,
the results are checked: the frame against scalar ``slacalc.evaluate`` on a
random sample, Polars against pandas, the kernel, ``CustomBusinessHour``, numpy
and Polars against the frame or slacalc; any disagreement makes the script exit 1.

Run it with ``.venv/bin/python benchmarks/bench_frame.py --help``.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import holidays
import numpy as np
import pandas as pd
import polars as pl
from machine import machine_info

import slacalc
from slacalc.frame import evaluate_frame

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import numpy.typing as npt

    Micros = npt.NDArray[np.int64]

# --- the synthetic tickets ----------------------------------------------------------

# Openings spread over the 52 weeks before NOW (a Monday noon, GMT = UTC here).
NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)
SPAN_START = datetime(2025, 1, 6, tzinfo=UTC)
HOUR_US = 3_600_000_000
NAT = np.iinfo(np.int64).min  # NaT in datetime64 / timedelta64
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# A help desk's mix: most tickets minor or cosmetic, few critical.
PRIORITY_SHARES = {"P1": 0.03, "P2": 0.12, "P3": 0.50, "P4": 0.35}
UNKNOWN_PRIORITY = "P9"
# Most tickets arrive in business hours; the rest at any time of any day.
IN_HOURS_SHARE = 0.7
# First responses 0-3 business days after opening (9-hour days), most within hours.
RESPONSE_MEAN_HOURS = 6
RESPONSE_MAX_HOURS = 27
# Resolutions after the response: 3 business days on average, at most 30.
RESOLUTION_MEAN_HOURS = 27
RESOLUTION_MAX_HOURS = 270
UNRESOLVED_SHARE = 0.20
UNRESPONDED_SHARE_OF_UNRESOLVED = 0.25
# Bad rows: half with an unknown priority, half answered an hour before opening.
BAD_SHARE = 0.01

# --- targets (reported; only agreement changes the exit status) -------------------------

TARGET_ROWS = 1_000_000
TARGET_SECONDS = 0.5
TARGET_VS_KERNEL = 5.0
GOAL_EXTRA_MIB = 400.0
MAX_SHOWN_DISAGREEMENTS = 10

PANDAS = "pandas"
POLARS = "Polars"
FRAME_PANDAS = "(1) evaluate_frame, pandas"
FRAME_POLARS = "(2) evaluate_frame, Polars"
KERNEL = "(3) bare kernel: add_many + elapsed_many"
LOOP_DUE = "[response_due(...) for ...], due only"
LOOP_EVALUATE = "[evaluate(Ticket(...)) for ...]"
LOOP_EVALUATE_NO_GC = "the same, garbage collector off"
LOOP_APPLY = "DataFrame.apply(evaluate(Ticket(...)))"
LOOP_CBH = "DatetimeIndex + CustomBusinessHour, due only"
LOOPS = (LOOP_DUE, LOOP_EVALUATE, LOOP_EVALUATE_NO_GC, LOOP_APPLY, LOOP_CBH)
# The loops take seconds per pass: they run in the first passes only.
LOOP_PASSES = 3
DAYS_NUMPY = "numpy busday_offset (dates)"
DAYS_POLARS = "Polars add_business_days (dates)"
DAYS_SLACALC = "slacalc add_many (instants)"
# The day-based target of (5): the built-in policy's P3 resolution, 7 business days.
DAYS_TIER = "P3"
WEEKMASK = (True, True, True, True, True, False, False)
OPENS_AT = timedelta(hours=9)  # the built-in calendar's opening time, GMT = UTC

TARGETS = ("response", "resolution")
# The columns evaluate_frame returns for each target, and the others it returns.
TARGET_COLUMNS = (
    "due",
    "state",
    "completed_at",
    "elapsed",
    "remaining",
    "fraction_used",
    "overdue_by",
    "breached",
)


def to_us(instant: datetime) -> int:
    """Return an aware datetime as integer microseconds since the Unix epoch."""
    return (instant - EPOCH) // timedelta(microseconds=1)


def from_us(micros: int) -> datetime:
    """Return integer microseconds since the Unix epoch as an aware UTC datetime."""
    return EPOCH + timedelta(microseconds=micros)


@dataclass(frozen=True)
class Tickets:
    """The synthetic table as arrays: µs since the epoch (``NAT`` for missing), keys."""

    ids: Micros
    opened: Micros
    priorities: npt.NDArray[np.object_]
    responded: Micros
    resolved: Micros
    bad: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.ids)


def synthesize(rows: int, seed: int, calendar: slacalc.BusinessCalendar) -> Tickets:
    """Return ``rows`` synthetic tickets of the built-in policy (see the constants)."""
    rng = np.random.default_rng(seed)
    start, end = to_us(SPAN_START), to_us(NOW)
    # In hours: uniform over the open time of the span (a random amount of business
    # time after its start); otherwise uniform over all time.
    open_total = calendar.elapsed(SPAN_START, NOW) // timedelta(microseconds=1)
    in_hours = calendar.add_many(
        np.full(rows, start, dtype=np.int64), rng.integers(1, open_total, rows, dtype=np.int64)
    )
    anywhere = rng.integers(start, end, rows, dtype=np.int64)
    opened = np.where(rng.random(rows) < IN_HOURS_SHARE, in_hours, anywhere)

    def business_hours(mean: int, most: int) -> Micros:
        hours = np.minimum(rng.exponential(mean, rows), most)
        return (hours * HOUR_US).astype(np.int64)

    responded = calendar.add_many(opened, business_hours(RESPONSE_MEAN_HOURS, RESPONSE_MAX_HOURS))
    resolved = calendar.add_many(
        responded, business_hours(RESOLUTION_MEAN_HOURS, RESOLUTION_MAX_HOURS)
    )
    unresolved = rng.random(rows) < UNRESOLVED_SHARE
    resolved[unresolved] = NAT
    responded[unresolved & (rng.random(rows) < UNRESPONDED_SHARE_OF_UNRESOLVED)] = NAT

    keys = np.array(list(PRIORITY_SHARES), dtype=object)
    priorities = keys[rng.choice(len(keys), rows, p=list(PRIORITY_SHARES.values()))]
    bad_rows = rng.choice(rows, round(rows * BAD_SHARE), replace=False)
    unknown, early = bad_rows[: len(bad_rows) // 2], bad_rows[len(bad_rows) // 2 :]
    priorities[unknown] = UNKNOWN_PRIORITY
    responded[early] = opened[early] - HOUR_US
    bad = np.zeros(rows, dtype=bool)
    bad[bad_rows] = True
    ids = np.arange(1, rows + 1, dtype=np.int64)
    return Tickets(ids, opened, priorities, responded, resolved, bad)


def pandas_frame(tickets: Tickets) -> pd.DataFrame:
    """The tickets as a pandas DataFrame: aware UTC datetime columns (µs), text priorities."""

    def instants(micros: Micros) -> pd.Series[Any]:
        return pd.Series(micros.view("datetime64[us]")).dt.tz_localize("UTC")

    return pd.DataFrame(
        {
            "id": tickets.ids,
            "opened_at": instants(tickets.opened),
            "priority": pd.Series(tickets.priorities, dtype="str"),
            "responded_at": instants(tickets.responded),
            "resolved_at": instants(tickets.resolved),
        }
    )


def polars_frame(tickets: Tickets) -> pl.DataFrame:
    """The tickets as a Polars DataFrame of the same columns."""

    def instants(name: str, micros: Micros) -> pl.Series:
        return pl.Series(name, micros.view("datetime64[us]")).dt.replace_time_zone("UTC")

    return pl.DataFrame(
        [
            pl.Series("id", tickets.ids),
            instants("opened_at", tickets.opened),
            pl.Series("priority", tickets.priorities.tolist(), dtype=pl.String),
            instants("responded_at", tickets.responded),
            instants("resolved_at", tickets.resolved),
        ]
    )


# --- the bare kernel ----------------------------------------------------------------


def target_micros(policy: slacalc.Policy, key: str, target: str) -> int | None:
    """The business time (µs) of a tier's target, ``None`` without a time target."""
    goal = getattr(policy.tier(key), target)
    if goal.amount is None:
        return None
    hours = {"business_hours": timedelta(hours=1), "business_days": policy.day_length}
    if goal.unit not in hours:
        raise SystemExit(f"the benchmark knows business hours and days, not {goal.unit!r}")
    return int(goal.amount * hours[goal.unit] // timedelta(microseconds=1))


@dataclass(frozen=True)
class KernelInputs:
    """Per target, the rows with a time target and every good row, gathered beforehand.

    ``add_many(starts, durations)`` gives the due instants of the rows with a time
    target, ``elapsed_many(opened, ends)`` the counted time of every good row (to
    the completion if it happened by ``now``, else to ``now``).
    """

    timed: dict[str, npt.NDArray[np.intp]]
    starts: dict[str, Micros]
    durations: dict[str, Micros]
    good: npt.NDArray[np.intp]
    opened: Micros
    ends: dict[str, Micros]


def kernel_inputs(tickets: Tickets, policy: slacalc.Policy) -> KernelInputs:
    """Gather the kernel's inputs (not timed: a frame's own reading is charged to it)."""
    good = np.flatnonzero(~tickets.bad)
    now = to_us(NOW)
    timed, starts, durations, ends = {}, {}, {}, {}
    for target in TARGETS:
        micros = np.full(len(tickets), NAT, dtype=np.int64)
        for key in PRIORITY_SHARES:
            amount = target_micros(policy, key, target)
            if amount is not None:
                micros[tickets.priorities == key] = amount
        rows = np.flatnonzero(~tickets.bad & (micros != NAT))
        timed[target], starts[target], durations[target] = rows, tickets.opened[rows], micros[rows]
        done = tickets.responded if target == "response" else tickets.resolved
        completed = (done != NAT) & (done <= now)
        ends[target] = np.where(completed, done, now)[good]
    return KernelInputs(timed, starts, durations, good, tickets.opened[good], ends)


def run_kernel(calendar: slacalc.BusinessCalendar, inputs: KernelInputs) -> dict[str, Micros]:
    """Due instants and counted time of both targets: two add_many, two elapsed_many."""
    results: dict[str, Micros] = {}
    for target in TARGETS:
        results[f"{target}_due"] = calendar.add_many(
            inputs.starts[target], inputs.durations[target]
        )
        results[f"{target}_elapsed"] = calendar.elapsed_many(inputs.opened, inputs.ends[target])
    return results


# --- the loops a new user would write ---------------------------------------------------


def response_due_or_none(opened_at: datetime, priority: str) -> datetime | None:
    """``response_due``, ``None`` for a ticket slacalc refuses."""
    try:
        return slacalc.response_due(opened_at, priority)
    except slacalc.SlacalcError:
        return None


def evaluate_row(
    opened_at: datetime, priority: str, responded_at: Any, resolved_at: Any
) -> slacalc.SlaReport | None:
    """One row as a ``Ticket``, evaluated at ``NOW``; ``None`` for a ticket slacalc refuses."""
    try:
        ticket = slacalc.Ticket(
            opened_at=opened_at,
            priority=priority,
            responded_at=None if pd.isna(responded_at) else responded_at,
            resolved_at=None if pd.isna(resolved_at) else resolved_at,
        )
        return slacalc.evaluate(ticket, now=NOW)
    except slacalc.SlacalcError:
        return None


def loop_response_due(frame: pd.DataFrame) -> list[datetime | None]:
    """Due times alone, a list comprehension over the columns."""
    return [
        response_due_or_none(t, p)
        for t, p in zip(frame["opened_at"], frame["priority"], strict=True)
    ]


def loop_evaluate(frame: pd.DataFrame) -> list[slacalc.SlaReport | None]:
    """Whole statuses, a ``Ticket`` and an ``evaluate`` per row."""
    columns = (frame[name] for name in ("opened_at", "priority", "responded_at", "resolved_at"))
    return [evaluate_row(*values) for values in zip(*columns, strict=True)]


def without_gc(loop: Callable[[pd.DataFrame], object], frame: pd.DataFrame) -> object:
    """``loop(frame)`` with the garbage collector off: what walking the kept reports costs."""
    gc.disable()
    try:
        return loop(frame)
    finally:
        gc.enable()


def apply_evaluate(frame: pd.DataFrame) -> pd.Series[Any]:
    """Whole statuses through ``DataFrame.apply``, row by row."""

    def row_report(row: pd.Series[Any]) -> slacalc.SlaReport | None:
        return evaluate_row(
            row["opened_at"], row["priority"], row["responded_at"], row["resolved_at"]
        )

    return frame.apply(row_report, axis=1)


def business_hour_offsets(
    policy: slacalc.Policy, holiday_dates: Sequence[date]
) -> dict[str, pd.offsets.CustomBusinessHour]:
    """pandas' ``CustomBusinessHour`` for each tier's response target (whole hours)."""
    offsets = {}
    for key in PRIORITY_SHARES:
        micros = target_micros(policy, key, "response")
        assert micros is not None
        assert micros % HOUR_US == 0  # CustomBusinessHour counts whole hours
        offsets[key] = pd.offsets.CustomBusinessHour(
            n=micros // HOUR_US,
            start="09:00",
            end="18:00",
            weekmask="Mon Tue Wed Thu Fri",  # type: ignore[call-arg]  # missing from pandas-stubs
            holidays=list(holiday_dates),
        )
    return offsets


def custom_business_hour_due(
    frame: pd.DataFrame, offsets: dict[str, pd.offsets.CustomBusinessHour]
) -> Micros:
    """Response due times with pandas: ``DatetimeIndex + CustomBusinessHour`` per priority.

    pandas applies such an offset one element at a time and says so with a
    ``PerformanceWarning``, silenced here.
    """
    due = np.full(len(frame), NAT, dtype=np.int64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pd.errors.PerformanceWarning)
        for key, offset in offsets.items():
            rows = np.flatnonzero((frame["priority"] == key).to_numpy())
            moved = pd.DatetimeIndex(frame["opened_at"].iloc[rows]) + offset
            due[rows] = moved.as_unit("us").asi8
    return due


# --- the day-based target ---------------------------------------------------------------


@dataclass(frozen=True)
class DayInputs:
    """Openings as dates (numpy, Polars) and as instants (slacalc), and the calendars."""

    days: int
    dates: npt.NDArray[np.datetime64]
    polars_dates: pl.Series
    instants: Micros
    duration: int
    busdaycalendar: np.busdaycalendar
    holiday_dates: list[date]


def day_inputs(tickets: Tickets, policy: slacalc.Policy, holiday_dates: list[date]) -> DayInputs:
    """The day-based row's inputs; numpy and Polars get dates (GMT: the UTC date)."""
    goal = policy.tier(DAYS_TIER).resolution
    assert goal.unit == "business_days"
    assert goal.amount is not None
    duration = target_micros(policy, DAYS_TIER, "resolution")
    assert duration is not None
    dates = tickets.opened.view("datetime64[us]").astype("datetime64[D]")
    return DayInputs(
        days=int(goal.amount),
        dates=dates,
        polars_dates=pl.Series("opened", dates),
        instants=tickets.opened,
        duration=duration,
        busdaycalendar=np.busdaycalendar(weekmask=list(WEEKMASK), holidays=holiday_dates),
        holiday_dates=holiday_dates,
    )


def numpy_days(inputs: DayInputs) -> npt.NDArray[np.datetime64]:
    """The due dates by numpy: ``days`` business days after each opening date."""
    return np.busday_offset(
        inputs.dates, inputs.days, roll="forward", busdaycal=inputs.busdaycalendar
    )


def polars_days(inputs: DayInputs) -> pl.Series:
    """The due dates by Polars."""
    return inputs.polars_dates.dt.add_business_days(
        inputs.days, week_mask=WEEKMASK, holidays=inputs.holiday_dates, roll="forward"
    )


def slacalc_days(calendar: slacalc.BusinessCalendar, inputs: DayInputs) -> Micros:
    """The due instants by slacalc: the target's business time after each opening."""
    result: Micros = calendar.add_many(inputs.instants, inputs.duration)
    return result


def england_holidays(first_year: int, last_year: int) -> list[date]:
    """The bank holidays of England and Wales, from the package slacalc reads them from."""
    found = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return sorted(found)


# --- agreement --------------------------------------------------------------------------


@dataclass
class Agreement:
    """Per check: values compared and disagreements."""

    compared: dict[str, int] = field(default_factory=dict)
    disagreements: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether every compared value agreed."""
        return not any(self.disagreements.values())

    def record(self, check: str, compared: int, wrong: int) -> None:
        """Add a check's counts."""
        self.compared[check] = self.compared.get(check, 0) + compared
        self.disagreements[check] = self.disagreements.get(check, 0) + wrong

    @staticmethod
    def show(check: str, message: str) -> None:
        """Print one disagreement (each check shows its first few)."""
        print(f"DISAGREEMENT {check}: {message}")

    def as_dict(self) -> dict[str, Any]:
        """The counts as a JSON-compatible dict."""
        return {"ok": self.ok, "compared": self.compared, "disagreements": self.disagreements}


def result_columns() -> list[str]:
    """The contract's columns of ``evaluate_frame``, in order (``id`` first, ``error`` last)."""
    per_target = [f"{target}_{name}" for target in TARGETS for name in TARGET_COLUMNS]
    return ["id", "priority", "opened_at", *per_target, "paused", "breached_cycles", "error"]


def normalized(column: pd.Series[Any] | pl.Series) -> npt.NDArray[Any]:
    """A pandas or Polars result column as numpy, comparable across the two.

    Instants and durations become int64 µs (``NAT`` where missing), floats stay
    float64 (NaN), everything else becomes Python objects (``None`` where missing).
    """
    values: npt.NDArray[Any]
    if isinstance(column, pl.Series):
        dtype = column.dtype
        if isinstance(dtype, pl.Datetime):
            values = column.dt.epoch("us").fill_null(NAT).to_numpy()
        elif isinstance(dtype, pl.Duration):
            values = column.dt.total_microseconds().fill_null(NAT).to_numpy()
        elif dtype.is_float():
            values = column.fill_null(np.nan).to_numpy()
        else:
            values = np.empty(len(column), dtype=object)
            values[:] = column.to_list()
        return values
    kind = getattr(column.dtype, "kind", "O")
    if kind == "M":
        values = pd.DatetimeIndex(column).as_unit("us").asi8
    elif kind == "m":
        values = column.to_numpy(dtype="timedelta64[us]").view(np.int64)
    elif kind == "f" and isinstance(column.dtype, np.dtype):
        values = column.to_numpy(dtype=np.float64)
    else:
        values = column.to_numpy(dtype=object, copy=True)
        values[column.isna().to_numpy()] = None
    return values


def equal(first: npt.NDArray[Any], second: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Element-wise equality of two normalized columns, NaN equal to NaN."""
    same: npt.NDArray[np.bool_] = np.asarray(first == second, dtype=bool)
    if first.dtype.kind == "f" and second.dtype.kind == "f":
        same |= np.isnan(first) & np.isnan(second)
    return same


def check_shape(
    agreement: Agreement, library: str, result: Any, tickets: Tickets, index: Any
) -> dict[str, npt.NDArray[Any]]:
    """Check the result's length, columns and (pandas) index; return its columns normalized."""
    check = f"{library}: columns"
    names, expected = list(result.columns), result_columns()
    if set(names) != set(expected):
        agreement.show(check, f"columns {names}, expected {expected}")
    agreement.record(check, 1, int(set(names) != set(expected)))
    check = f"{library}: rows"
    wrong = len(result) != len(tickets) or (index is not None and not result.index.equals(index))
    if wrong:
        agreement.show(check, f"{len(result)} rows for {len(tickets)}, or another index")
    agreement.record(check, 1, int(wrong))
    return {name: normalized(result[name]) for name in names}


def expected_row(report: slacalc.SlaReport | None) -> dict[str, Any]:
    """The frame's values of one row, normalized, from the scalar report (``None``: refused).

    A refused ticket must be a bad row: an error message, no priority, states,
    elapsed times or breach flags (its other columns are not compared).
    """
    if report is None:
        missing: dict[str, Any] = {"priority": None, "paused": None, "breached_cycles": None}
        for target in TARGETS:
            missing |= {f"{target}_state": None, f"{target}_breached": None}
            missing[f"{target}_elapsed"] = NAT
        return missing

    def instant(moment: datetime | None) -> int:
        return NAT if moment is None else to_us(moment)

    def span(delta: timedelta | None) -> int:
        return NAT if delta is None else delta // timedelta(microseconds=1)

    values: dict[str, Any] = {
        "priority": report.priority,
        "opened_at": to_us(report.opened_at),
        "paused": report.paused,
        "breached_cycles": report.breached_cycles,
        "error": None,
    }
    for target in TARGETS:
        status: slacalc.TargetStatus = getattr(report, target)
        values |= {
            f"{target}_due": instant(status.due),
            f"{target}_state": status.state.value,
            f"{target}_completed_at": instant(status.completed_at),
            f"{target}_elapsed": span(status.elapsed),
            f"{target}_remaining": span(status.remaining),
            f"{target}_overdue_by": span(status.overdue_by),
            f"{target}_fraction_used": (
                np.nan if status.fraction_used is None else status.fraction_used
            ),
            f"{target}_breached": status.breached,
        }
    return values


def check_scalar(
    agreement: Agreement,
    columns: dict[str, npt.NDArray[Any]],
    tickets: Tickets,
    rows: npt.NDArray[np.intp],
) -> None:
    """Check the pandas result against ``slacalc.evaluate`` on the sampled rows."""
    check = "pandas vs scalar evaluate"
    errors = columns.get("error")
    wrong = 0
    for row in rows.tolist():
        report = evaluate_row(
            from_us(int(tickets.opened[row])),
            str(tickets.priorities[row]),
            None if tickets.responded[row] == NAT else from_us(int(tickets.responded[row])),
            None if tickets.resolved[row] == NAT else from_us(int(tickets.resolved[row])),
        )
        expected = expected_row(report)
        differences = []
        message = errors[row] if errors is not None else "(no error column)"
        if (report is None) != (message is not None):
            verdict = "refuses" if report is None else "accepts"
            differences.append(f"error {message!r}, but the scalar evaluate {verdict} the ticket")
        for name, value in expected.items():
            if name not in columns:
                continue  # a missing column is reported once, by check_shape
            got = columns[name][row]
            if not equal(np.array([got]), np.array([value]))[0]:
                differences.append(f"{name} {got!r}, scalar {value!r}")
        if differences:
            wrong += 1
            if wrong <= MAX_SHOWN_DISAGREEMENTS:
                agreement.show(check, f"row {row}: " + "; ".join(differences))
    agreement.record(check, len(rows), wrong)


def check_columns(
    agreement: Agreement,
    check: str,
    got: dict[str, npt.NDArray[Any]],
    expected: dict[str, npt.NDArray[Any]],
    rows: npt.NDArray[np.intp] | None = None,
) -> None:
    """Compare columns of two results, element by element (on ``rows`` of ``got``)."""
    for name, values in expected.items():
        if name not in got:
            continue
        found = got[name] if rows is None else got[name][rows]
        same = equal(found, values)
        wrong = np.flatnonzero(~same)
        for index in wrong[:MAX_SHOWN_DISAGREEMENTS].tolist():
            row = index if rows is None else int(rows[index])
            agreement.show(check, f"{name} row {row}: {found[index]!r}, expected {values[index]!r}")
        agreement.record(check, len(values), len(wrong))


@dataclass(frozen=True)
class Setup:
    """Everything built before timing."""

    tickets: Tickets
    pandas_input: pd.DataFrame
    polars_input: pl.DataFrame
    calendar: slacalc.BusinessCalendar
    kernel: KernelInputs
    sample: pd.DataFrame
    offsets: dict[str, pd.offsets.CustomBusinessHour]
    days: DayInputs


def check_agreement(setup: Setup, check_rows: npt.NDArray[np.intp]) -> Agreement:
    """Run every check (and so warm every cell up before timing)."""
    agreement = Agreement()
    tickets = setup.tickets
    pandas_columns = check_shape(
        agreement,
        PANDAS,
        evaluate_frame(setup.pandas_input, now=NOW),
        tickets,
        setup.pandas_input.index,
    )
    polars_columns = check_shape(
        agreement, POLARS, evaluate_frame(setup.polars_input, now=NOW), tickets, None
    )
    check_columns(agreement, "frame ids", pandas_columns, {"id": tickets.ids.astype(object)})
    check_columns(agreement, "Polars vs pandas", polars_columns, pandas_columns)
    check_scalar(agreement, pandas_columns, tickets, check_rows)

    kernel = run_kernel(setup.calendar, setup.kernel)
    for target in TARGETS:
        check_columns(
            agreement,
            "pandas vs bare kernel",
            pandas_columns,
            {f"{target}_due": kernel[f"{target}_due"]},
            setup.kernel.timed[target],
        )
        elapsed = kernel[f"{target}_elapsed"]
        check_columns(
            agreement,
            "pandas vs bare kernel",
            pandas_columns,
            {f"{target}_elapsed": elapsed},
            setup.kernel.good,
        )

    # pandas returns the next opening where slacalc returns a closing time (see
    # docs/design.md); those count as agreeing.
    sample_rows = np.arange(len(setup.sample))
    pandas_due = custom_business_hour_due(setup.sample, setup.offsets)
    frame_due = pandas_columns["response_due"][sample_rows]
    timed = frame_due != NAT
    reopened = setup.calendar.next_open_many(np.where(timed, frame_due, 0))
    rolled = timed & (pandas_due != frame_due) & (pandas_due == reopened)
    check_columns(
        agreement,
        "pandas CBH vs evaluate_frame",
        {"response_due": np.where(rolled, pandas_due, frame_due)[timed]},
        {"response_due": pandas_due[timed]},
    )
    agreement.record("pandas CBH rolled at close (agree)", int(rolled.sum()), 0)

    days = setup.days
    by_numpy = numpy_days(days)
    by_polars = polars_days(days).to_numpy()
    check_columns(agreement, "Polars vs numpy dates", {"due": by_polars}, {"due": by_numpy})
    # Counting from the opening date agrees with counting business time where the
    # ticket opened on a business day after its opening time.
    by_slacalc = slacalc_days(setup.calendar, days).view("datetime64[us]").astype("datetime64[D]")
    after_opening = days.instants - days.dates.astype("datetime64[us]").view(np.int64)
    comparable = np.flatnonzero(
        np.is_busday(days.dates, busdaycal=days.busdaycalendar)
        & (after_opening > OPENS_AT // timedelta(microseconds=1))
    )
    check_columns(
        agreement,
        "slacalc due dates vs numpy",
        {"due": by_slacalc[comparable]},
        {"due": by_numpy[comparable]},
    )
    return agreement


# --- timing -----------------------------------------------------------------------------


def timed_passes(cells: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Seconds of each cell per pass; within a pass the cells take turns.

    A change of load on a shared machine then falls on every cell alike. The
    naive loops run in the first ``LOOP_PASSES`` passes only. The garbage
    collector stays on (end to end, as a user runs it) but is emptied before
    each call.
    """
    seconds: dict[str, list[float]] = {name: [] for name in cells}
    for number in range(repeat):
        for name, function in cells.items():
            if name in LOOPS and number >= LOOP_PASSES:
                continue
            gc.collect()
            begin = time.perf_counter()
            function()
            seconds[name].append(time.perf_counter() - begin)
    return seconds


def build_cells(setup: Setup) -> dict[str, Callable[[], object]]:
    """What is timed: each cell a call with its inputs bound."""
    calendar, kernel, days = setup.calendar, setup.kernel, setup.days
    return {
        FRAME_PANDAS: lambda: evaluate_frame(setup.pandas_input, now=NOW),
        FRAME_POLARS: lambda: evaluate_frame(setup.polars_input, now=NOW),
        KERNEL: lambda: run_kernel(calendar, kernel),
        LOOP_DUE: lambda: loop_response_due(setup.sample),
        LOOP_EVALUATE: lambda: loop_evaluate(setup.sample),
        LOOP_EVALUATE_NO_GC: lambda: without_gc(loop_evaluate, setup.sample),
        LOOP_APPLY: lambda: apply_evaluate(setup.sample),
        LOOP_CBH: lambda: custom_business_hour_due(setup.sample, setup.offsets),
        DAYS_NUMPY: lambda: numpy_days(days),
        DAYS_POLARS: lambda: polars_days(days),
        DAYS_SLACALC: lambda: slacalc_days(calendar, days),
    }


# --- memory -----------------------------------------------------------------------------


def _proc_status_kib(field_name: str) -> int | None:
    """A ``/proc/self/status`` field in KiB (Linux), ``None`` where there is none."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                name, _, value = line.partition(":")
                if name == field_name:
                    return int(value.split()[0])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset the peak resident size to the current one (Linux); whether it worked."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


def _max_rss_kib() -> int:
    import resource  # noqa: PLC0415  # Unix only, and only in the memory probe

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes there, KiB on Linux


def probe_memory(library: str, rows: int, seed: int) -> dict[str, Any]:
    """In this (fresh) process: the peak memory of one ``evaluate_frame`` over its input.

    The input is built and a small evaluation warms up imports and the calendar's
    tables; then the resident size is read, its peak reset (Linux: the process's
    high-water mark, ``VmHWM``), the whole frame evaluated and the new peak read.
    Without ``/proc``, the growth of the peak since the process started
    (``ru_maxrss``) stands in for it: a lower bound, since building the input
    may have peaked higher than it left the process.
    """
    calendar = slacalc.default_policy().calendar
    tickets = synthesize(rows, seed, calendar)
    frame: Any = pandas_frame(tickets) if library == PANDAS else polars_frame(tickets)
    del tickets
    evaluate_frame(frame.head(1000), now=NOW)
    gc.collect()
    before = _proc_status_kib("VmRSS")
    exact = before is not None and _reset_peak()
    before_kib = before if before is not None else _max_rss_kib()
    result = evaluate_frame(frame, now=NOW)
    peak_kib = _proc_status_kib("VmHWM") if exact else None
    peak_kib = _max_rss_kib() if peak_kib is None else peak_kib
    return {
        "library": library,
        "method": "VmHWM after reset" if exact else "growth of ru_maxrss (a lower bound)",
        "input_mib": frame_mib(frame),
        "result_mib": frame_mib(result),
        "rss_before_mib": before_kib / 1024,
        "peak_extra_mib": (peak_kib - before_kib) / 1024,
    }


def frame_mib(frame: Any) -> float:
    """A frame's own memory in MiB (pandas: deep, object values included)."""
    if isinstance(frame, pl.DataFrame):
        return frame.estimated_size("mb")
    return float(frame.memory_usage(deep=True).sum()) / 2**20


def measure_memory(library: str, rows: int, seed: int) -> dict[str, Any]:
    """Run ``probe_memory`` in a fresh interpreter and return what it measured."""
    completed = subprocess.run(  # noqa: S603 - this very script, with the probe's options
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--memory-probe",
            library,
            "--rows",
            str(rows),
            "--seed",
            str(seed),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"the memory probe failed:\n{completed.stdout}{completed.stderr}")
    measured: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return measured


# --- report -----------------------------------------------------------------------------


def verdict(value: float, target: float, *, applies: bool) -> str:
    """``met`` or ``MISSED`` for a value that should stay at most ``target``."""
    if not applies:
        return f"applies at {TARGET_ROWS:,} rows"
    return "met" if value <= target else "MISSED"


WIDTH = 54  # of the labels in the table


def print_results(
    args: argparse.Namespace,
    seconds: dict[str, float],
    days: DayInputs,
    memory: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Print the table of results; return the ratios (with ``met`` where a target applies)."""
    rows, loop_n = args.rows, min(args.loop_n, args.rows)
    full = rows == TARGET_ROWS
    ratios: list[dict[str, Any]] = []

    def ratio(label: str, value: float, target: float | None = None) -> str:
        met = None if target is None or not full else value <= target
        ratios.append({"label": label, "value": value, "target": target, "met": met})
        if target is None:
            return f"{value:9.2f}x"
        return f"{value:9.2f}x  (target ≤ {target:g}x: {verdict(value, target, applies=full)})"

    loop_passes = min(args.repeat, LOOP_PASSES)
    print(
        f"\nseconds for {rows:,} tickets, median of {args.repeat} pass(es) "
        f"({loop_passes} for the naive loops)"
    )
    for name in (FRAME_PANDAS, FRAME_POLARS):
        value = seconds[name]
        met = verdict(value, TARGET_SECONDS, applies=full)
        label = f"{name}, end to end"
        print(f"  {label:<{WIDTH}} {value:9.3f} s  (target ≤ {TARGET_SECONDS:g} s: {met})")
    print(f"  {KERNEL + ', both targets':<{WIDTH}} {seconds[KERNEL]:9.3f} s")
    for name in (FRAME_PANDAS, FRAME_POLARS):
        value = seconds[name] / seconds[KERNEL]
        label = f"{name.split()[0]} / (3)"
        print(
            f"      {label:<{WIDTH - 4}} {ratio(f'{name} / bare kernel', value, TARGET_VS_KERNEL)}"
        )
    print(f"  (4) naive loops, EXTRAPOLATED from {loop_n:,} rows to {rows:,}; and / (1)")
    for name in LOOPS:
        value = seconds[name] * rows / loop_n
        vs = ratio(f"{name}, extrapolated / evaluate_frame, pandas", value / seconds[FRAME_PANDAS])
        print(f"      {name:<{WIDTH - 4}} {value:9.2f} s {vs}")
    print(f"  (5) {days.days} business days ({DAYS_TIER} resolution) after {rows:,} openings")
    for name in (DAYS_NUMPY, DAYS_POLARS, DAYS_SLACALC):
        print(f"      {name:<{WIDTH - 4}} {seconds[name]:9.3f} s")
    for name in (DAYS_NUMPY, DAYS_POLARS):
        label = f"slacalc / {name.split()[0]}"
        print(f"      {label:<{WIDTH - 4}} {ratio(label, seconds[DAYS_SLACALC] / seconds[name])}")
    print(
        "      Not like for like: numpy and Polars add whole days to dates (no opening\n"
        "      hours, time of day or zone); slacalc adds "
        f"{days.duration // HOUR_US} business hours to instants, to the\n"
        "      microsecond. The due dates are compared where both count the same days:\n"
        "      openings on a business day after its opening time (09:00)."
    )
    if memory:
        print(f"\nmemory of one evaluate_frame of {rows:,} tickets, each in a fresh process")
    for measured in memory:
        extra = measured["peak_extra_mib"]
        met = verdict(extra, GOAL_EXTRA_MIB, applies=full)
        print(
            f"  {measured['library']:<7} input frame {measured['input_mib']:6.1f} MiB, "
            f"result {measured['result_mib']:6.1f} MiB, peak extra {extra:6.1f} MiB "
            f"(goal ≤ {GOAL_EXTRA_MIB:g} MiB: {met}); {measured['method']}"
        )
    return ratios


def print_agreement(agreement: Agreement) -> None:
    """Print the agreement counts and the overall verdict."""
    print("\nagreement (compared / disagreements)")
    for check, compared in agreement.compared.items():
        print(f"  {check:<40} {compared:9d} {agreement.disagreements[check]:6d}")
    total = sum(agreement.disagreements.values())
    print("agreement: OK" if agreement.ok else f"agreement: FAILED ({total} disagreements)")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=TARGET_ROWS, help="tickets (default 1000000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--loop-n", type=int, default=20_000, help="rows the naive loops run on (default 20000)"
    )
    parser.add_argument(
        "--check-n", type=int, default=2_000, help="rows checked against evaluate (default 2000)"
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the memory measurement")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--memory-probe", choices=(PANDAS, POLARS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for name in ("rows", "repeat", "loop_n", "check_n"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def build_setup(rows: int, seed: int, loop_n: int) -> Setup:
    """Synthesize the tickets and gather every cell's inputs."""
    policy = slacalc.default_policy()
    calendar = policy.calendar
    tickets = synthesize(rows, seed, calendar)
    holiday_dates = england_holidays(SPAN_START.year - 1, NOW.year + 1)
    pandas_input = pandas_frame(tickets)
    return Setup(
        tickets=tickets,
        pandas_input=pandas_input,
        polars_input=polars_frame(tickets),
        calendar=calendar,
        kernel=kernel_inputs(tickets, policy),
        sample=pandas_input.iloc[:loop_n],
        offsets=business_hour_offsets(policy, holiday_dates),
        days=day_inputs(tickets, policy, holiday_dates),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return 0, or 1 if any check disagrees."""
    args = parse_args(argv)
    if args.memory_probe is not None:
        print(json.dumps(probe_memory(args.memory_probe, args.rows, args.seed)))
        return 0
    machine = machine_info(("slacalc", "numpy", "pandas", "polars", "holidays"))
    for key, value in machine.items():
        print(f"{key:<12} {value}")
    setup = build_setup(args.rows, args.seed, min(args.loop_n, args.rows))
    tickets = setup.tickets
    unresolved = float(np.mean(tickets.resolved == NAT))
    print(
        f"tickets      {args.rows:,} of the built-in policy, seed {args.seed}: opened "
        f"{SPAN_START:%Y-%m-%d} to {NOW:%Y-%m-%d %H:%M} UTC ({IN_HOURS_SHARE:.0%} in business "
        f"hours), {', '.join(f'{k} {v:.0%}' for k, v in PRIORITY_SHARES.items())};\n"
        f"             {unresolved:.1%} unresolved, {tickets.bad.mean():.1%} bad rows "
        f"(unknown priority, or answered before opening); now {NOW.isoformat()}"
    )
    check_n = min(args.check_n, args.rows)
    check_rows = np.sort(
        np.random.default_rng(args.seed + 1).choice(args.rows, check_n, replace=False)
    )
    agreement = check_agreement(setup, check_rows)

    passes = timed_passes(build_cells(setup), args.repeat)
    seconds: dict[str, float] = {name: statistics.median(times) for name, times in passes.items()}
    memory = (
        []
        if args.no_memory
        else [measure_memory(library, args.rows, args.seed) for library in (PANDAS, POLARS)]
    )
    ratios = print_results(args, seconds, setup.days, memory)
    print_agreement(agreement)

    if args.json is not None:
        results = {
            "machine": machine,
            "settings": {
                "rows": args.rows,
                "repeat": args.repeat,
                "seed": args.seed,
                "loop_n": min(args.loop_n, args.rows),
                "check_n": check_n,
            },
            "seconds": seconds,
            "passes": passes,
            "ratios": ratios,
            "memory": memory,
            "agreement": agreement.as_dict(),
        }
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if agreement.ok else 1


if __name__ == "__main__":
    sys.exit(main())
