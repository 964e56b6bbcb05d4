"""``slacalc evaluate``: ticket records in, result records out, streamed in bounded chunks."""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Final

from slacalc.cli._options import (
    EXIT_BREACH,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    blame,
    load_chosen_policy,
    parse_now,
)
from slacalc.cli._progress import Progress
from slacalc.cli._records_io import Entry, LineSource, csv_entries, jsonl_entries
from slacalc.cli._writers import CsvWriter, JsonArrayWriter, JsonLinesWriter
from slacalc.errors import SlacalcError

if TYPE_CHECKING:
    from slacalc.policy import Policy

__all__ = ["run_evaluate"]

_SUFFIXES: Final = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
_WRITERS: Final[dict[str, Callable[[BinaryIO], JsonLinesWriter]]] = {
    "csv": CsvWriter,
    "jsonl": JsonLinesWriter,
    "json": JsonArrayWriter,
}
_READERS: Final[dict[str, Callable[[LineSource], Iterator[Entry]]]] = {
    "csv": csv_entries,
    "jsonl": jsonl_entries,
}


@contextlib.contextmanager
def _opened_input(name: str) -> Iterator[tuple[BinaryIO, int | None]]:
    """The input stream and its size in bytes (``None`` unless it is a regular file)."""
    if name == "-":
        stream: BinaryIO = sys.stdin.buffer
        yield stream, _regular_size(stream)
        return
    with blame(name):
        stream = Path(name).open("rb")  # noqa: SIM115 - closed below, after the blame block
    with stream:
        yield stream, _regular_size(stream)


def _regular_size(stream: BinaryIO) -> int | None:
    try:
        status = os.fstat(stream.fileno())
    except (OSError, ValueError):
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


@contextlib.contextmanager
def _opened_output(name: str | None) -> Iterator[BinaryIO]:
    if name is None or name == "-":
        yield sys.stdout.buffer
        return
    with blame("--output"):
        stream = Path(name).open("wb")  # noqa: SIM115 - closed below, after the blame block
    with stream:
        yield stream


def _input_format(args: argparse.Namespace, source: LineSource) -> str:
    """``--input-format``, else the file's suffix, else the first character.

    ``{`` (or an empty input, or a blank first line) means JSON Lines, anything else CSV.
    """
    if args.input_format is not None:  # as told: even a "[" line is one (bad) record
        return str(args.input_format)
    first = source.first_byte()
    if first == ord("["):
        raise CommandError(
            args.file,
            "holds a JSON array, but evaluate reads JSON Lines (one ticket object per line) or "
            "CSV; convert the array with: jq -c '.[]' FILE | slacalc evaluate -",
        )
    suffix = Path(args.file).suffix.lower() if args.file != "-" else ""
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    return "jsonl" if first in {None, ord("{")} else "csv"


class _Tally:
    """How many records were bad or breached, for the exit status."""

    def __init__(self) -> None:
        self.records = 0
        self.bad = 0
        self.first_bad: int | None = None
        self.breached = 0


def _evaluate_all(
    entries: Iterator[Entry],
    writer: JsonLinesWriter,
    args: argparse.Namespace,
    tally: _Tally,
    policy: Policy,
) -> None:
    from slacalc.schemas import error_record, evaluate_record  # noqa: PLC0415

    now = parse_now(args.now)  # one instant for the whole run, so results agree
    zone = args.tz
    for entry in entries:
        tally.records += 1
        error = entry.error
        if error is None:
            try:
                result = evaluate_record(entry.record or {}, now=now, policy=policy, zone=zone)
            except SlacalcError as refused:
                error = refused
            else:
                tally.breached += bool(result["breached"])
                writer.write(result)
                continue
        tally.bad += 1
        tally.first_bad = tally.first_bad or entry.line
        writer.write(error_record(error, line=entry.line, record_id=entry.record_id))


def _before_read(
    writer: JsonLinesWriter, progress: Progress | None, source: LineSource, tally: _Tally
) -> Callable[[], None]:
    def flush_and_draw() -> None:
        writer.flush()  # the next read may block: hand over every answer so far
        if progress is not None:
            progress.update(source.consumed, tally.records)

    return flush_and_draw


def run_evaluate(args: argparse.Namespace) -> int:
    """Run ``slacalc evaluate`` with parsed arguments; return the exit status."""
    tally = _Tally()
    policy = load_chosen_policy(args.policy)
    with _opened_input(args.file) as (stream, size):
        source = LineSource(stream, chunk_size=1 << 20 if size is not None else 1 << 16)
        with blame(args.file):
            input_format = _input_format(args, source)
        with _opened_output(args.output) as out:
            writer = _WRITERS[args.format or input_format](out)
            show = size is not None and not args.no_progress and sys.stderr.isatty()
            progress = Progress(size or 0, sys.stderr) if show else None
            source.before_read = _before_read(writer, progress, source, tally)
            try:
                with blame(args.file):
                    entries = _READERS[input_format](source)
                    _evaluate_all(entries, writer, args, tally, policy)
                writer.close()
            finally:
                if progress is not None:
                    progress.finish()
    if tally.bad:
        name = "stdin" if args.file == "-" else args.file
        sys.stderr.write(
            f"slacalc: error: {name}: {tally.bad:,} of {tally.records:,} records are bad "
            f"(the first on line {tally.first_bad}); their error records are in the output\n"
        )
        return EXIT_USAGE
    if args.fail_on_breach and tally.breached:
        sys.stderr.write(f"slacalc: {tally.breached:,} of {tally.records:,} tickets breached\n")
        return EXIT_BREACH
    return EXIT_OK
