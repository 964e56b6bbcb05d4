"""Load test of the HTTP service: throughput and latency on loopback, every answer checked.

Starts ``python -m slacalc.server`` on a free 127.0.0.1 port (once per
``--workers`` value), sends ``--requests`` single-ticket ``POST /v1/evaluate``
requests from ``--threads`` client threads, each on its own keep-alive
connection, and compares every answer with ``slacalc.schemas.evaluate_record``
computed in this process. It stops by itself after the requests or after
``--time-limit`` seconds, whichever comes first, and always stops the server.

    .venv/bin/python benchmarks/bench_server.py --requests 20000 --threads 16 --workers 1 2

Prints one line per run (throughput, p50/p99 latency, start-up time, server
memory); ``--json PATH`` also writes them. Exits 1 if any answer was wrong or
any request failed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from slacalc.schemas import evaluate_record, result_schema

NOW = "2027-01-15T12:00:00Z"
PRIORITIES: list[int | str] = [1, 2, 3, 4, "P1", "P2", "major", "minor", "Critical Issue"]


@dataclass
class Run:
    workers: int
    threads: int
    requests: int
    answered: int
    wrong: int
    failed: int
    seconds: float
    throughput: float
    p50_ms: float
    p99_ms: float
    startup_seconds: float
    server_rss_mib: float
    stopped_by_time_limit: bool


def tickets(count: int, seed: int) -> list[dict[str, Any]]:
    """Varied ticket records of 2026: every tier, some answered, some resolved."""
    generator = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    records = []
    for number in range(count):
        opened = start + timedelta(minutes=generator.randrange(0, 365 * 24 * 60))
        record: dict[str, Any] = {
            "id": f"T-{number}",
            "opened_at": opened.isoformat(),
            "priority": generator.choice(PRIORITIES),
        }
        if generator.random() < 0.5:
            record["responded_at"] = (opened + timedelta(hours=generator.random() * 30)).isoformat()
        if generator.random() < 0.3:
            record["resolved_at"] = (opened + timedelta(days=generator.random() * 20)).isoformat()
        records.append(record)
    return records


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def start(workers: int, log: Path) -> tuple[subprocess.Popen[bytes], int, float]:
    """Start the server; return it, its port and the seconds until /healthz answered."""
    port = free_port()
    command = [sys.executable, "-m", "slacalc.server", "--port", str(port)]
    command += ["--workers", str(workers), "--no-access-log"]
    began = time.perf_counter()
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if get(port, "/healthz") == 200:
                return process, port, time.perf_counter() - began
        except OSError:
            time.sleep(0.05)
    stop(process)
    raise SystemExit(f"the server did not start:\n{log.read_text(encoding='utf-8')}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its descendants (Linux /proc), in MiB."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text(encoding="utf-8")
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def load(
    port: int, bodies: list[bytes], expected: list[Any], options: argparse.Namespace
) -> dict[str, Any]:
    """Send the requests from the client threads; count right, wrong and failed answers."""
    deadline = time.monotonic() + options.time_limit
    lock = threading.Lock()
    latencies: list[float] = []
    counts = {"answered": 0, "wrong": 0, "failed": 0, "timed_out": False}
    share, extra = divmod(options.requests, options.threads)
    path = f"/v1/evaluate?now={NOW}"
    headers = {"Content-Type": "application/json"}

    def client(index: int) -> None:
        mine = share + (index < extra)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        local: list[float] = []
        answered = wrong = failed = 0
        timed_out = False
        for number in range(mine):
            if time.monotonic() > deadline:
                timed_out = True
                break
            chosen = (index * 7919 + number) % len(bodies)
            began = time.perf_counter()
            try:
                connection.request("POST", path, bodies[chosen], headers)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            local.append(time.perf_counter() - began)
            answered += 1
            if response.status != 200 or json.loads(body) != expected[chosen]:
                wrong += 1
        connection.close()
        with lock:
            latencies.extend(local)
            counts["answered"] += answered
            counts["wrong"] += wrong
            counts["failed"] += failed
            counts["timed_out"] = counts["timed_out"] or timed_out

    threads = [threading.Thread(target=client, args=(index,)) for index in range(options.threads)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {**counts, "seconds": seconds, "p50": quantiles[49], "p99": quantiles[98]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--workers", type=int, nargs="+", default=[1])
    parser.add_argument("--tickets", type=int, default=500, help="distinct ticket records sent")
    parser.add_argument("--time-limit", type=float, default=300.0, help="seconds per run, at most")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the runs as JSON here")
    options = parser.parse_args()

    records = tickets(options.tickets, options.seed)
    expected = [evaluate_record(record, now=NOW) for record in records]
    validator = Draft202012Validator(result_schema())
    for result in expected:  # every answer must equal one of these, so it is valid too
        validator.validate(result)
    bodies = [json.dumps(record).encode() for record in records]

    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as folder:
        for workers in options.workers:
            process, port, startup = start(workers, Path(folder) / f"server-{workers}.log")
            try:
                for _ in range(50 * workers):  # warm up: imports, year tables, every worker
                    get(port, "/healthz")
                outcome = load(port, bodies, expected, options)
                memory = rss_mib(process.pid)
            finally:
                stop(process)
            runs.append(
                Run(
                    workers=workers,
                    threads=options.threads,
                    requests=options.requests,
                    answered=outcome["answered"],
                    wrong=outcome["wrong"],
                    failed=outcome["failed"],
                    seconds=round(outcome["seconds"], 3),
                    throughput=round(outcome["answered"] / outcome["seconds"], 1),
                    p50_ms=round(outcome["p50"] * 1000, 2),
                    p99_ms=round(outcome["p99"] * 1000, 2),
                    startup_seconds=round(startup, 2),
                    server_rss_mib=round(memory, 1),
                    stopped_by_time_limit=outcome["timed_out"],
                )
            )
            run = runs[-1]
            print(
                f"workers={run.workers} threads={run.threads} answered={run.answered}/"
                f"{run.requests} wrong={run.wrong} failed={run.failed} in {run.seconds:.2f} s: "
                f"{run.throughput:.0f} req/s, p50 {run.p50_ms:.2f} ms, p99 {run.p99_ms:.2f} ms; "
                f"start-up {run.startup_seconds:.2f} s, server RSS {run.server_rss_mib:.0f} MiB"
                + (" (stopped by the time limit)" if run.stopped_by_time_limit else "")
            )
    if options.json is not None:
        machine = {"python": platform.python_version(), "cpus": os.cpu_count()}
        document = {"machine": machine, "runs": [asdict(run) for run in runs]}
        options.json.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return 1 if any(run.wrong or run.failed for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
