"""Benchmark the calendar's array methods against a bare numpy kernel and a scalar loop.

* ``slacalc``: ``BusinessCalendar.add_many`` / ``elapsed_many`` on ``datetime64[us]``
  arrays, the default policy's calendar (Mon-Fri 09:00-18:00 GMT, England & Wales
  bank holidays).
* ``bare numpy``: the simplest index-table kernel for this one calendar, written
  here: the bare-bisect table of ``bench_calendar.py`` as int64 arrays with a
  per-day index and a per-business-day bucket index, no input checks, no ``NaT``.
* ``scalar loop``: a Python loop over ``BusinessCalendar.add`` / ``elapsed`` on
  aware datetimes, timed on a subsample and reported per element.

Every slacalc result is checked against the bare kernel before timing; any
disagreement makes the script exit 1. Run it with
``.venv/bin/python benchmarks/bench_arrays.py --help``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
from bench_calendar import (  # the shared bare table
    SAMPLE_END,
    SAMPLE_START,
    BareBisectCalendar,
    england_holidays,
)

import slacalc

ADD_HOURS = 36
DAY_US = 86_400_000_000
BUCKET_US = 9 * 3_600_000_000  # one business day of open time
SPAN_DAYS = 60
TARGET_VS_BARE = 1.5
TARGET_VS_LOOP = 50.0


class BareKernel:
    """The bare-bisect table as numpy arrays with index tables: the floor to compare with.

    One open interval per business day, so the first interval ending after an
    instant is its day's entry or the next one (one conditional step), and the
    interval where a running total is reached is its 9-hour bucket's entry or
    the next one.
    """

    def __init__(self, bare: BareBisectCalendar) -> None:
        """Copy the bare table's columns into int64 arrays and index them."""
        self.starts = np.array(bare.starts, dtype=np.int64)
        self.ends = np.array(bare.ends, dtype=np.int64)
        self.before_start = np.array(bare.open_before_start, dtype=np.int64)
        self.before_end = np.array(bare.open_before_end, dtype=np.int64)
        self.low = int(self.starts[0]) - int(self.starts[0]) % DAY_US
        days = np.arange(self.low, int(self.ends[-1]) + 2 * DAY_US, DAY_US, dtype=np.int64)
        self.by_day = np.searchsorted(self.ends, days, side="right")
        marks = np.arange(0, int(self.before_end[-1]) + BUCKET_US, BUCKET_US, dtype=np.int64)
        self.by_bucket = np.searchsorted(self.before_end, marks, side="left")

    def open_before(self, micros: np.ndarray) -> np.ndarray:
        """Open time from the table's start to each instant."""
        i = self.by_day[(micros - self.low) // DAY_US]
        i = i + (self.ends[i] <= micros)
        inside = np.clip(micros - self.starts[i], 0, self.ends[i] - self.starts[i])
        return self.before_start[i] + inside

    def add(self, micros: np.ndarray, durations: np.ndarray) -> np.ndarray:
        """The earliest instant at which each duration is used up (durations > 0)."""
        target = self.open_before(micros) + durations
        i = self.by_bucket[target // BUCKET_US]
        i = i + (self.before_end[i] < target)
        return self.starts[i] + target - self.before_start[i]

    def elapsed(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Open time in each span."""
        return np.maximum(self.open_before(ends) - self.open_before(starts), 0)


def sample(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Random instants (µs) in the sample years, and span ends up to 60 days later."""
    rng = np.random.default_rng(seed)
    low = int(SAMPLE_START.timestamp() * 1_000_000)
    high = int(SAMPLE_END.timestamp() * 1_000_000)
    starts = rng.integers(low, high, n, dtype=np.int64)
    ends = starts + rng.integers(0, SPAN_DAYS * 86_400_000_000, n, dtype=np.int64)
    return starts, ends


def best(function: Callable[[], Any], repeat: int) -> float:
    """Seconds of the fastest of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        function()
        times.append(time.perf_counter() - begin)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when slacalc disagrees with the bare kernel."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="instants (default 1000000)")
    parser.add_argument("--loop-n", type=int, default=20_000, help="scalar-loop subsample")
    parser.add_argument("--repeat", type=int, default=5, help="timed calls (best of)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    calendar = slacalc.default_policy().calendar
    kernel = BareKernel(BareBisectCalendar(england_holidays()))
    starts, ends = sample(args.n, args.seed)
    moments = starts.astype("datetime64[us]")
    finishes = ends.astype("datetime64[us]")
    duration = np.int64(ADD_HOURS * 3_600_000_000)
    durations = np.full(args.n, duration, dtype=np.int64)

    added = calendar.add_many(moments, timedelta(hours=ADD_HOURS)).astype(np.int64)
    counted = calendar.elapsed_many(moments, finishes).astype(np.int64)
    wrong = int(np.count_nonzero(added != kernel.add(starts, durations)))
    wrong += int(np.count_nonzero(counted != kernel.elapsed(starts, ends)))

    timings = {
        "add_many": best(
            lambda: calendar.add_many(moments, timedelta(hours=ADD_HOURS)), args.repeat
        ),
        "bare add": best(lambda: kernel.add(starts, durations), args.repeat),
        "elapsed_many": best(lambda: calendar.elapsed_many(moments, finishes), args.repeat),
        "bare elapsed": best(lambda: kernel.elapsed(starts, ends), args.repeat),
    }
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    aware = [epoch + timedelta(microseconds=int(us)) for us in starts[: args.loop_n]]
    aware_ends = [epoch + timedelta(microseconds=int(us)) for us in ends[: args.loop_n]]
    step = timedelta(hours=ADD_HOURS)
    loop_add = statistics.median(
        best(lambda: [calendar.add(t, step) for t in aware], 1) for _ in range(3)
    ) * (args.n / len(aware))
    loop_elapsed = statistics.median(
        best(lambda: [calendar.elapsed(a, b) for a, b in zip(aware, aware_ends, strict=True)], 1)
        for _ in range(3)
    ) * (args.n / len(aware))

    print(f"python     {sys.version.split()[0]}, numpy {np.__version__}, n={args.n}")
    print(f"calendar   {calendar!r}")
    print("millions of results per second (best of", args.repeat, "calls)")
    for name, seconds in timings.items():
        print(f"  {name:<16} {args.n / seconds / 1e6:8.2f}")
    print(f"  {'scalar add loop':<16} {args.n / loop_add / 1e6:8.2f}")
    print(f"  {'scalar elapsed loop':<16} {args.n / loop_elapsed / 1e6:8.2f}")
    ratios = [
        ("add_many / bare numpy add", timings["add_many"] / timings["bare add"], False),
        ("elapsed_many / bare numpy elapsed", timings["elapsed_many"] / timings["bare elapsed"],
         False),
        ("scalar loop / add_many", loop_add / timings["add_many"], True),
        ("scalar loop / elapsed_many", loop_elapsed / timings["elapsed_many"], True),
    ]  # fmt: skip
    print("ratios")
    for label, ratio, at_least in ratios:
        target = TARGET_VS_LOOP if at_least else TARGET_VS_BARE
        met = "met" if (ratio >= target if at_least else ratio <= target) else "MISSED"
        sign = ">=" if at_least else "<="
        print(f"  {label:<36} {ratio:8.2f}x  (target {sign} {target:g}x: {met})")
    print(f"agreement: {'OK' if not wrong else f'FAILED ({wrong} results differ)'}")
    return 0 if not wrong else 1


if __name__ == "__main__":
    sys.exit(main())
