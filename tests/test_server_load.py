"""A bounded load test of the HTTP service: 20,000 requests, every answer checked.

``benchmarks/bench_server.py`` starts one server process (one worker) on a
free loopback port, sends 20,000 ``POST /v1/evaluate`` requests from 16 client
threads on keep-alive connections, compares every answer with
``evaluate_record`` at the same ``now`` and always stops the server. It stops
by itself after the requests or its time limit. Throughput and latency are
printed (``pytest -s`` shows them), never asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_server.py"
REQUESTS = 20_000
THREADS = 16


@pytest.fixture(scope="module")
def load_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    report = tmp_path_factory.mktemp("load") / "runs.json"
    options = ["--requests", str(REQUESTS), "--threads", str(THREADS), "--workers", "1"]
    completed = subprocess.run(  # noqa: S603 - runs this repository's own script
        [sys.executable, str(SCRIPT), *options, "--time-limit", "600", "--json", str(report)],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    print(completed.stdout, completed.stderr, sep="\n")  # noqa: T201 - the measured figures
    assert completed.returncode in {0, 1}, completed.stderr
    run: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))["runs"][0]
    return run


def test_load_every_answer_equals_the_library_result(load_run: dict[str, Any]) -> None:
    assert load_run["answered"] > 0
    assert load_run["wrong"] == 0


def test_load_no_request_fails(load_run: dict[str, Any]) -> None:
    assert load_run["failed"] == 0


def test_load_sends_every_request_unless_stopped_by_the_time_limit(
    load_run: dict[str, Any],
) -> None:
    assert load_run["stopped_by_time_limit"] or load_run["answered"] == REQUESTS
