"""The benchmark script runs end to end and every library agrees with slacalc.

Nothing here is timed: the script runs on a tiny sample, and the test checks only
its exit status and the agreement counts it reports.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(
    find_spec("pandas") is None or find_spec("businesstimedelta") is None,
    reason='the benchmark compares with pandas and businesstimedelta: pip install -e ".[bench]"',
)

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_calendar.py"
TINY_RUN = ["--n", "200", "--repeat", "1", "--btd-n", "20", "--pandas-n", "50"]

# The finished script, and the results it wrote as JSON ({} if it wrote none).
TinyRun = tuple[subprocess.CompletedProcess[str], dict[str, Any]]


def _run_with_json(script: Path, arguments: list[str], folder: Path) -> TinyRun:
    """Run a benchmark script with ``--json`` into ``folder``: how it went, and the JSON."""
    json_path = folder / "results.json"
    completed = subprocess.run(  # noqa: S603 - runs this repository's own script
        [sys.executable, str(script), *arguments, "--json", str(json_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    results: dict[str, Any] = (
        json.loads(json_path.read_text(encoding="utf-8")) if json_path.exists() else {}
    )
    return completed, results


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> TinyRun:
    return _run_with_json(SCRIPT, TINY_RUN, tmp_path_factory.mktemp("bench"))


def test_benchmark_script_exits_zero(tiny_run: TinyRun) -> None:
    completed, _ = tiny_run
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_benchmark_script_reports_agreement(tiny_run: TinyRun) -> None:
    completed, results = tiny_run
    assert "agreement: OK" in completed.stdout
    assert "DISAGREEMENT" not in completed.stdout
    assert results["agreement"]["ok"] is True


def test_slacalc_matches_bare_bisect_on_every_instant(tiny_run: TinyRun) -> None:
    _, results = tiny_run
    agreement = results["agreement"]
    for label in ("add 2 h", "add 36 h", "add 900 h", "elapsed 0-60 d"):
        key = f"{label}: bare bisect"
        assert agreement["compared"][key] == 200
        assert agreement["disagreements"][key] == 0
        assert agreement["rolled_at_close"][key] == 0


def test_slacalc_matches_bare_bisect_at_the_edges(tiny_run: TinyRun) -> None:
    _, results = tiny_run
    agreement = results["agreement"]
    for key in ("edges add: bare bisect", "edges elapsed: bare bisect"):
        assert agreement["compared"][key] > 0
        assert agreement["disagreements"][key] == 0
        assert agreement["rolled_at_close"][key] == 0


def test_each_competitor_is_compared_on_its_subsample(tiny_run: TinyRun) -> None:
    _, results = tiny_run
    compared = results["agreement"]["compared"]
    assert compared["add 900 h: businesstimedelta"] == 20
    assert compared["elapsed 0-60 d: businesstimedelta"] == 20
    assert compared["add 36 h: pandas CBH"] == 50
    assert all(value > 0 for row in results["us_per_call"].values() for value in row.values())


def test_a_disagreement_makes_the_script_exit_non_zero() -> None:
    # Shift every bare-bisect `add` by 1 µs: the agreement check must catch it.
    broken = (
        "import sys\n"
        f"sys.path.insert(0, {str(SCRIPT.parent)!r})\n"
        "import bench_calendar as bench\n"
        "exact = bench.BareBisectCalendar.add\n"
        "bench.BareBisectCalendar.add = lambda self, t, d: exact(self, t, d) + bench.ONE_US\n"
        f"sys.exit(bench.main({TINY_RUN!r}))\n"
    )
    completed = subprocess.run(  # noqa: S603 - runs this repository's own script
        [sys.executable, "-c", broken], capture_output=True, text=True, check=False, timeout=300
    )
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "DISAGREEMENT add 2 h: bare bisect" in completed.stdout
    assert "agreement: FAILED" in completed.stdout


ARRAYS_SCRIPT = SCRIPT.parent / "bench_arrays.py"


def test_array_benchmark_runs_and_agrees_with_the_bare_kernel() -> None:
    completed = subprocess.run(  # noqa: S603 - runs this repository's own script
        [sys.executable, str(ARRAYS_SCRIPT), "--n", "20000", "--loop-n", "500", "--repeat", "1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "agreement: OK" in completed.stdout
    assert "scalar loop / add_many" in completed.stdout


FRAME_SCRIPT = SCRIPT.parent / "bench_frame.py"
FRAME_ROWS = 3000
FRAME_RUN = ["--rows", str(FRAME_ROWS), "--repeat", "1", "--loop-n", "300", "--check-n", "300"]
needs_polars = pytest.mark.skipif(
    find_spec("polars") is None, reason='the frame benchmark needs Polars: pip install -e ".[dev]"'
)


@pytest.fixture(scope="module")
def frame_run(tmp_path_factory: pytest.TempPathFactory) -> TinyRun:
    return _run_with_json(FRAME_SCRIPT, FRAME_RUN, tmp_path_factory.mktemp("bench_frame"))


@needs_polars
def test_frame_benchmark_exits_zero_and_agrees(frame_run: TinyRun) -> None:
    completed, results = frame_run
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "agreement: OK" in completed.stdout
    assert "DISAGREEMENT" not in completed.stdout
    assert results["agreement"]["ok"] is True


@needs_polars
def test_frame_benchmark_compares_every_row_where_it_says(frame_run: TinyRun) -> None:
    _, results = frame_run
    compared = results["agreement"]["compared"]
    # 22 result columns (id, priority, opened_at, 8 per target, paused,
    # breached_cycles, error), each compared on every row.
    assert compared["Polars vs pandas"] == 22 * FRAME_ROWS
    assert compared["frame ids"] == FRAME_ROWS
    assert compared["pandas vs scalar evaluate"] == 300
    assert compared["Polars vs numpy dates"] == FRAME_ROWS
    # 1 % bad rows: 30 of 3000, so 2970 good. Elapsed times of every good row for
    # both targets, due times of every good row's response and of the resolutions
    # of the good P1-P3 rows (P4 has no resolution target): 3 x 2970 and some more.
    good = FRAME_ROWS - 30
    assert 3 * good < compared["pandas vs bare kernel"] < 4 * good
    assert 0 < compared["slacalc due dates vs numpy"] < FRAME_ROWS
    assert 0 < compared["pandas CBH vs evaluate_frame"] <= 300


@needs_polars
def test_frame_benchmark_reports_targets_and_memory(frame_run: TinyRun) -> None:
    completed, results = frame_run
    for target in ("(target ≤ 0.5 s", "(target ≤ 5x", "(goal ≤ 400 MiB", "EXTRAPOLATED"):
        assert target in completed.stdout
    assert [measured["library"] for measured in results["memory"]] == ["pandas", "Polars"]
    assert all(measured["input_mib"] > 0 for measured in results["memory"])
    assert all(seconds > 0 for seconds in results["seconds"].values())
    # The targets are for a million rows: a tiny run reports them without a verdict.
    assert all(ratio["met"] is None for ratio in results["ratios"])


@needs_polars
def test_a_frame_disagreement_makes_the_script_exit_non_zero() -> None:
    # Shift every scalar response due by 1 µs: the check against evaluate must catch it.
    broken = (
        "import sys\n"
        f"sys.path.insert(0, {str(FRAME_SCRIPT.parent)!r})\n"
        "import bench_frame as bench\n"
        "exact = bench.expected_row\n"
        "def shifted(report):\n"
        "    values = exact(report)\n"
        "    if report is not None and values['response_due'] != bench.NAT:\n"
        "        values['response_due'] += 1\n"
        "    return values\n"
        "bench.expected_row = shifted\n"
        f"sys.exit(bench.main({[*FRAME_RUN, '--no-memory']!r}))\n"
    )
    completed = subprocess.run(  # noqa: S603 - runs this repository's own script
        [sys.executable, "-c", broken], capture_output=True, text=True, check=False, timeout=300
    )
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "DISAGREEMENT pandas vs scalar evaluate" in completed.stdout
    assert "agreement: FAILED" in completed.stdout
