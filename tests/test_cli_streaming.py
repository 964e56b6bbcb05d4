"""``slacalc evaluate`` as a real process: CSV and JSON Lines in and out, pipes, coprocesses.

Every JSON output is checked against ``result_schema`` and every ticket the
tests write against ``ticket_schema``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slacalc.schemas import result_schema, ticket_schema

SCRIPT = Path(sys.executable).with_name("slacalc")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "slacalc"]
NOW = "2026-12-01T00:00Z"
RESULTS = jsonschema.Draft202012Validator(result_schema())
TICKETS = jsonschema.Draft202012Validator(ticket_schema())
FLAT_COLUMNS = [
    "id", "priority", "opened_at", "now", "breached",
    *(f"{target}_{column}" for target in ("response", "resolution") for column in (
        "state", "due", "completed_at", "elapsed_seconds", "remaining_seconds",
        "fraction_used", "overdue_by_seconds",
    )),
    "error",
]  # fmt: skip
GOOD = {"id": "T-1", "opened_at": "2026-11-27T17:00:00Z", "priority": "P1"}
ANSWERED = {
    "id": 2,
    "opened_at": "2026-11-27T17:00Z",
    "priority": 2,
    "responded_at": "2026-11-27T17:30Z",
}


def evaluate(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    completed = subprocess.run(  # noqa: S603 - our own command line, fixed arguments
        [*COMMAND, "evaluate", *args, "--now", NOW],
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
        env=env,
    )
    assert b"Traceback" not in completed.stderr
    return completed


def results(stdout: bytes) -> list[dict[str, Any]]:
    """Each line as JSON, checked against the result schema.

    Lines end at ``\n`` only (JSON Lines): ``str.splitlines`` would also split
    at characters such as U+0085 that JSON strings may hold unescaped.
    """
    lines = stdout.split(b"\n")
    if lines[-1] == b"":
        lines.pop()  # the newline that ends the last line
    records = [json.loads(line) for line in lines]
    for record in records:
        RESULTS.validate(record)
    return records


def jsonl(*records: dict[str, Any]) -> bytes:
    for record in records:
        TICKETS.validate(record)
    return b"".join(json.dumps(record).encode() + b"\n" for record in records)


def csv_rows(stdout: bytes) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(stdout.decode()))
    assert reader.fieldnames == FLAT_COLUMNS
    return list(reader)


# -- JSON Lines and JSON ---------------------------------------------------------------


def test_jsonl_file_gives_one_result_record_per_line(tmp_path: Path) -> None:
    path = tmp_path / "tickets.jsonl"
    path.write_bytes(jsonl(GOOD, ANSWERED))
    completed = evaluate(str(path))
    records = results(completed.stdout)
    assert [record["id"] for record in records] == ["T-1", 2]
    assert records[1]["response"]["state"] == "met"
    assert completed.returncode == 0


def test_json_format_writes_one_array(tmp_path: Path) -> None:
    path = tmp_path / "tickets.ndjson"
    path.write_bytes(jsonl(GOOD, ANSWERED))
    array = json.loads(evaluate(str(path), "--format", "json").stdout)
    assert [record["id"] for record in array] == ["T-1", 2]
    for record in array:
        RESULTS.validate(record)


def test_empty_input_gives_empty_output_and_exit_0() -> None:
    completed = evaluate("-", stdin=b"")
    assert (completed.returncode, completed.stdout) == (0, b"")


def test_empty_input_as_json_is_an_empty_array() -> None:
    assert json.loads(evaluate("-", "--format", "json", stdin=b"").stdout) == []


def test_malformed_lines_give_error_records_with_their_line_numbers() -> None:
    lines = [
        json.dumps(GOOD),
        "",  # blank: an error record too, so output lines match input lines
        "not json",
        "[1, 2]",
        json.dumps({"id": "T-5", "priority": "P1"}),
        json.dumps({**GOOD, "id": "T-6", "resolved_on": "2026-11-28T10:00Z"}),
    ]
    completed = evaluate("-", stdin="\n".join(lines).encode() + b"\n")
    records = results(completed.stdout)
    assert len(records) == len(lines)
    assert [record.get("line") for record in records] == [None, 2, 3, 4, 5, 6]
    assert [record.get("id") for record in records] == ["T-1", None, None, None, "T-5", "T-6"]
    assert records[5]["error"]["problems"][0]["path"] == "resolved_on"


def test_bad_records_make_exit_2_after_the_whole_output() -> None:
    completed = evaluate("-", stdin=jsonl(GOOD) + b"not json\n" + jsonl(GOOD))
    assert completed.returncode == 2
    assert len(completed.stdout.splitlines()) == 3
    assert completed.stderr.decode() == (
        "slacalc: error: stdin: 1 of 3 records are bad (the first on line 2); "
        "their error records are in the output\n"
    )


def test_a_naive_instant_gives_an_error_record() -> None:
    record = {**GOOD, "opened_at": "2026-11-27T17:00:00"}
    (result,) = results(evaluate("-", stdin=json.dumps(record).encode()).stdout)
    assert result["error"]["problems"][0]["path"] == "opened_at"
    assert "must carry a UTC offset" in result["error"]["problems"][0]["message"]


def test_a_line_longer_than_a_mebibyte_gives_one_error_record() -> None:
    long_line = b'{"id": "' + b"x" * (2 << 20) + b'"}\n'
    records = results(evaluate("-", stdin=long_line + jsonl(GOOD)).stdout)
    assert "longer than" in records[0]["error"]["message"]
    assert records[1]["id"] == "T-1"


def test_a_json_array_input_is_refused_with_the_fix() -> None:
    completed = evaluate("-", stdin=b'[{"priority": 1}]')
    assert completed.returncode == 2
    assert b"jq -c '.[]'" in completed.stderr


def test_fail_on_breach_exits_1_when_a_ticket_breached() -> None:
    late = {"opened_at": "2026-11-20T17:00Z", "priority": 1}
    assert evaluate("-", "--fail-on-breach", stdin=jsonl(GOOD, late)).returncode == 1


def test_fail_on_breach_exits_0_when_nothing_breached() -> None:
    assert evaluate("-", "--fail-on-breach", stdin=jsonl(ANSWERED)).returncode == 0


def test_tz_shows_instants_in_that_zone() -> None:
    (result,) = results(evaluate("-", "--tz", "Europe/Paris", stdin=jsonl(GOOD)).stdout)
    assert result["opened_at"] == "2026-11-27T18:00:00+01:00"


def test_output_goes_to_the_o_file(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    completed = evaluate("-", "-o", str(out), stdin=jsonl(GOOD))
    assert completed.stdout == b""
    assert results(out.read_bytes())[0]["id"] == "T-1"


def test_a_missing_input_file_exits_2_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "absent.csv"
    completed = evaluate(str(missing))
    assert completed.returncode == 2
    assert completed.stderr.decode().startswith(f"slacalc: error: {missing}: No such file")


# -- CSV -------------------------------------------------------------------------------


def write_csv(path: Path, text: str, *, bom: bool = False, crlf: bool = False) -> Path:
    data = text.replace("\n", "\r\n") if crlf else text
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data.encode())
    return path


HEADER = "id,priority,opened_at,responded_at,resolved_at\n"


def test_csv_file_gives_one_flat_row_per_input_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", HEADER + "T-1,P1,2026-11-27T17:00Z,2026-11-27T17:30Z,\n")
    (row,) = csv_rows(evaluate(str(path)).stdout)
    assert row["id"] == "T-1"
    assert row["response_state"] == "met"
    assert row["response_elapsed_seconds"] == "1800.0"
    assert row["resolution_completed_at"] == ""  # missing: an empty cell
    assert (row["resolution_state"], row["breached"]) == ("breached", "true")


def test_csv_accepts_a_bom_and_crlf_line_endings(tmp_path: Path) -> None:
    text = HEADER + "T-1,P1,2026-11-27T17:00Z,,\n"
    path = write_csv(tmp_path / "t.csv", text, bom=True, crlf=True)
    (row,) = csv_rows(evaluate(str(path)).stdout)
    assert (row["id"], row["error"]) == ("T-1", "")


def test_header_only_csv_writes_the_header_only(tmp_path: Path) -> None:
    completed = evaluate(str(write_csv(tmp_path / "t.csv", HEADER)))
    assert completed.returncode == 0
    assert csv_rows(completed.stdout) == []


def test_csv_malformed_rows_become_error_rows_in_place(tmp_path: Path) -> None:
    rows_in = [
        "T-1,P1,2026-11-27T17:00Z,,",
        "T-2,P1,2026-11-27T17:00,,",  # naive
        "T-3,P9,2026-11-27T17:00Z,,",  # no such tier
        "T-4,P1,2026-11-27T17:00Z,,,surplus",  # one cell too many
        "T-5,P1,,,",  # missing opened_at
    ]
    text = HEADER + "".join(f"{row}\n" for row in rows_in)
    rows = csv_rows(evaluate(str(write_csv(tmp_path / "t.csv", text))).stdout)
    assert [row["id"] for row in rows] == ["T-1", "T-2", "T-3", "T-4", "T-5"]
    assert [bool(row["error"]) for row in rows] == [False, True, True, True, True]
    assert rows[1]["error"].startswith("opened_at: ")


def test_csv_unknown_column_is_refused_on_every_row(tmp_path: Path) -> None:
    text = (
        "id,priority,opened_at,resolved_on\nT-1,P1,2026-11-27T17:00Z,\nT-2,P1,2026-11-27T17:00Z,x\n"
    )
    rows = csv_rows(evaluate(str(write_csv(tmp_path / "t.csv", text))).stdout)
    assert all(row["error"].startswith("resolved_on: unknown field") for row in rows)


def test_csv_rows_are_numbered_by_the_line_they_start_on(tmp_path: Path) -> None:
    text = HEADER + '"T-1\nsecond line",P1,2026-11-27T17:00Z,,\n\nT-2,P1,naive,,\n'
    path = write_csv(tmp_path / "t.csv", text)
    records = results(evaluate(str(path), "--format", "jsonl").stdout)
    assert records[0]["id"] == "T-1\nsecond line"
    assert (records[1]["line"], records[1]["id"]) == (5, "T-2")


def test_csv_is_sniffed_on_stdin_and_written_as_csv() -> None:
    text = HEADER + "T-1,P1,2026-11-27T17:00Z,,\n"
    (row,) = csv_rows(evaluate("-", stdin=text.encode()).stdout)
    assert row["response_state"] == "breached"


def test_input_format_option_overrides_the_suffix(tmp_path: Path) -> None:
    path = tmp_path / "tickets.txt"
    path.write_bytes(jsonl(GOOD))
    completed = evaluate(str(path), "--input-format", "jsonl", "--format", "csv")
    assert csv_rows(completed.stdout)[0]["id"] == "T-1"


# -- pipes, coprocesses, progress --------------------------------------------------------


class Coprocess:
    """A running ``slacalc evaluate --format jsonl -``: write lines, read one answer each."""

    def __init__(self, *options: str) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [*COMMAND, "evaluate", "--format", "jsonl", *options, "--now", NOW, "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.stdin: IO[bytes] = self.process.stdin
        self.stdout: IO[bytes] = self.process.stdout
        self.pending = bytearray()  # read from the pipe, not yet returned as a line

    def write(self, data: bytes) -> None:
        self.stdin.write(data)
        self.stdin.flush()

    def read_line(self, timeout: float = 60) -> bytes:
        """One answer line; fails instead of hanging if it does not come."""
        fd = self.stdout.fileno()
        while b"\n" not in self.pending:
            ready, _, _ = select.select([fd], [], [], timeout)
            assert ready, "no answer: the line was not flushed"
            chunk = os.read(fd, 1 << 16)
            assert chunk, "the output ended early"
            self.pending += chunk
        line, _, rest = bytes(self.pending).partition(b"\n")
        self.pending = bytearray(rest)
        return line + b"\n"

    def close(self) -> tuple[bytes, int]:
        """Close its input; return the rest of its output and its exit status."""
        self.stdin.close()
        rest = bytes(self.pending) + self.stdout.read()
        return rest, self.process.wait(timeout=60)

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        for pipe in (self.stdin, self.stdout):
            pipe.close()


@pytest.fixture
def coprocess() -> Iterator[Coprocess]:
    running = Coprocess()
    yield running
    running.stop()


def test_a_coprocess_reads_each_answer_before_writing_the_next_line(coprocess: Coprocess) -> None:
    for number in range(1, 6):
        coprocess.write(jsonl({**GOOD, "id": number}))
        (answer,) = results(coprocess.read_line())
        assert answer["id"] == number
    coprocess.write(b"garbage\n")
    (refused,) = results(coprocess.read_line())
    assert refused["line"] == 6
    assert coprocess.close() == (b"", 2)


@st.composite
def random_lines(draw: st.DrawFn) -> list[bytes]:
    byte_line = st.binary(max_size=80).map(lambda data: data.replace(b"\n", b""))
    fields = st.sampled_from(["id", "opened_at", "priority", "responded_at", "resolved_at", "x"])
    values = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
        st.sampled_from(["2026-11-27T17:00Z", "2026-11-27T17:00", "P1", "3", "9999-12-31T23:59Z"]),
    )  # fmt: skip
    objects = st.dictionaries(fields, values, max_size=5).map(lambda obj: json.dumps(obj).encode())
    return draw(st.lists(st.one_of(byte_line, objects), min_size=1, max_size=30))


@given(lines=random_lines())
def test_any_line_of_bytes_gives_exactly_one_answer_line(lines: list[bytes]) -> None:
    process = Coprocess("--input-format", "jsonl")  # one process per batch keeps this quick
    try:
        process.write(b"\n".join(lines) + b"\n")
        answers = [process.read_line(timeout=20) for _ in lines]
        rest, _ = process.close()
    finally:
        process.stop()
    assert rest == b""
    records = results(b"".join(answers))
    numbered = [record.get("line") for record in records]
    assert all(n in {None, i} for i, n in enumerate(numbered, start=1))


def peak_memory_kib(pid: int) -> int:
    """The process's peak resident memory so far (``VmHWM``), in KiB.

    Read while it runs: ``ru_maxrss`` of a child would count the memory of
    this (large) test process too, inherited up to ``exec``.
    """
    status = Path(f"/proc/{pid}/status").read_text()
    (line,) = (line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1])


def test_200000_lines_stream_through_a_pipe_in_bounded_memory() -> None:
    count = 200_000
    line = b'{"id": 1, "opened_at": "2026-11-27T17:00:00Z", "priority": 2}\n'
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [*COMMAND, "evaluate", "--format", "jsonl", "--now", NOW, "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    stdin = process.stdin

    def feed() -> None:
        for _ in range(count // 1000):
            stdin.write(line * 1000)
        stdin.close()

    feeder = threading.Thread(target=feed)
    feeder.start()
    answers, peak = 0, 0
    for _ in process.stdout:
        answers += 1
        if answers % 10_000 == 0:  # the peak only grows: the last reading is the highest
            peak = peak_memory_kib(process.pid)
    feeder.join()
    process.stdout.close()
    assert (answers, process.wait(timeout=60)) == (count, 0)
    assert 0 < peak < 200 * 1024  # under 200 MiB


def stderr_on_a_terminal(*args: str) -> bytes:
    """What evaluate writes to stderr when stderr is a terminal (a pseudo-terminal)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [*COMMAND, "evaluate", *args, "--now", NOW],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    process.wait(timeout=60)
    return seen


def test_a_progress_bar_is_drawn_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "tickets.jsonl"
    path.write_bytes(jsonl(GOOD) * 100)
    drawn = stderr_on_a_terminal(str(path), "-o", str(tmp_path / "out.jsonl"))
    assert b"tickets" in drawn
    assert b"%" in drawn


def test_no_progress_turns_the_bar_off_on_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "tickets.jsonl"
    path.write_bytes(jsonl(GOOD) * 100)
    out = str(tmp_path / "out.jsonl")
    assert stderr_on_a_terminal(str(path), "-o", out, "--no-progress") == b""


def test_no_progress_bar_when_stderr_is_a_pipe(tmp_path: Path) -> None:
    path = tmp_path / "tickets.jsonl"
    path.write_bytes(jsonl(GOOD) * 100)
    assert evaluate(str(path)).stderr == b""


def test_no_progress_bar_when_the_input_size_is_unknown() -> None:
    assert stderr_on_a_terminal("-") == b""  # stdin is /dev/null: not a regular file
