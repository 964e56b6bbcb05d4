"""Ticket records in, from CSV or JSON Lines, streamed in bounded chunks.

Input is read in bounded chunks straight from the file descriptor and split
into lines here, so memory stays constant for any input size and a line is
answered as soon as it has arrived: before each read that may block, the
reader calls ``before_read`` (the writer's flush), which is what lets a
coprocess write one line and read its answer.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO, Final

from slacalc.errors import InvalidTicketError, Problem, SlacalcError

__all__ = ["MAX_LINE_BYTES", "Entry", "LineSource", "csv_entries", "jsonl_entries"]

MAX_LINE_BYTES: Final = 1 << 20  # a ticket is a few hundred bytes; longer lines are refused
_FIELDS: Final = ("id", "opened_at", "priority", "responded_at", "resolved_at")


@dataclass(frozen=True, slots=True)
class Entry:
    """One input record: its line, its fields, or the error that stands in for them."""

    line: int
    record: Mapping[str, Any] | None
    error: SlacalcError | None = None
    record_id: str | int | None = None


class LineSource:
    r"""The lines of a binary stream, without their ``\n``, read in bounded chunks.

    A line longer than ``MAX_LINE_BYTES`` comes out as ``None`` (its bytes are
    skipped, not kept). A UTF-8 byte-order mark at the start is dropped.

    Example:
        >>> import io
        >>> source = LineSource(io.BytesIO(b'\xef\xbb\xbf{"a": 1}\r\n\nlast'))
        >>> source.first_byte()
        123
        >>> list(source.lines())
        [b'{"a": 1}\r', b'', b'last']
    """

    def __init__(
        self,
        stream: BinaryIO,
        *,
        chunk_size: int = 1 << 16,
        before_read: Callable[[], None] = lambda: None,
    ) -> None:
        self._stream = stream
        try:
            self._fd: int | None = stream.fileno()
        except (AttributeError, OSError):  # not a real file (a test's BytesIO)
            self._fd = None
        self._chunk_size = chunk_size
        self.before_read = before_read
        self._buffer = bytearray()
        self._eof = False
        self._started = False
        self.consumed = 0

    def _read(self) -> bool:
        self.before_read()
        if self._fd is None:
            chunk = self._stream.read(self._chunk_size)
        else:  # straight from the descriptor: returns what has arrived, without waiting for more
            chunk = os.read(self._fd, self._chunk_size)
        if not self._started:
            self._started = True
            if chunk.startswith(codecs.BOM_UTF8):
                self.consumed += len(codecs.BOM_UTF8)
                chunk = chunk[len(codecs.BOM_UTF8) :]
        if not chunk:
            self._eof = True
            return False
        self.consumed += len(chunk)
        self._buffer += chunk
        return True

    def first_byte(self) -> int | None:
        """The first line's first byte that is not white space (read ahead, not consumed).

        ``None`` when the input is empty or its first line blank: waiting for a
        later line could block a coprocess that waits for its first answer.
        """
        searched = 0
        while True:
            for index in range(searched, len(self._buffer)):
                if self._buffer[index] == ord("\n"):
                    return None
                if self._buffer[index] not in b" \t\r":
                    return self._buffer[index]
            searched = len(self._buffer)
            if searched > MAX_LINE_BYTES or not self._read():
                return None

    def lines(self) -> Iterator[bytes | None]:
        """Yield each line (``None`` for one too long), then the last one if unterminated."""
        buffer = self._buffer
        skipping = False  # inside a line longer than MAX_LINE_BYTES
        while True:
            start = 0
            while (end := buffer.find(b"\n", start)) >= 0:
                if skipping:
                    skipping = False
                    yield None
                else:
                    yield bytes(buffer[start:end])
                start = end + 1
            del buffer[:start]
            if len(buffer) > MAX_LINE_BYTES:
                skipping = True
                buffer.clear()
            if self._eof or not self._read():
                break
        if skipping:
            yield None
        elif buffer:
            yield bytes(buffer)
            buffer.clear()


def _line_error(message: str, text: str | None = None) -> InvalidTicketError:
    return InvalidTicketError(message, (Problem("", message, text),))


def _too_long() -> InvalidTicketError:
    return _line_error(
        f"the line is longer than {MAX_LINE_BYTES:,} bytes; a ticket record is one short "
        "JSON object per line"
    )


def _identifier(value: Any) -> str | int | None:
    """An ``id`` that can be echoed in an error record (a text or a whole number)."""
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return None


def _parse_json_line(number: int, data: bytes | None) -> Entry:  # noqa: PLR0911 - one per refusal
    if data is None:
        return Entry(number, None, _too_long())
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"the line is not UTF-8 text (byte 0x{data[error.start]:02x} at {error.start})"
        return Entry(number, None, _line_error(message, data.decode("utf-8", "replace")))
    if not text.strip():
        return Entry(number, None, _line_error("the line is blank; write one JSON object per line"))
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return Entry(number, None, _line_error(f"the line is not valid JSON: {error}", text))
    except (ValueError, RecursionError):  # numbers of thousands of digits, deep nesting
        message = "the line holds a number too long or nesting too deep to read"
        return Entry(number, None, _line_error(message, text))
    if not isinstance(value, dict):
        return Entry(number, value)  # evaluate_record refuses it with its own TicketTypeError
    return Entry(number, value, record_id=_identifier(value.get("id")))


def jsonl_entries(source: LineSource) -> Iterator[Entry]:
    r"""One entry per line of JSON Lines; a bad or blank line becomes an error entry.

    Example:
        >>> import io
        >>> entries = jsonl_entries(LineSource(io.BytesIO(b'{"id": 1}\nnot json\n')))
        >>> [(entry.line, entry.record_id, type(entry.error).__name__) for entry in entries]
        [(1, 1, 'NoneType'), (2, None, 'InvalidTicketError')]
    """
    for number, data in enumerate(source.lines(), start=1):
        yield _parse_json_line(number, data)


class _CsvLines:
    """Decoded lines for ``csv.reader``, remembering which were too long or not UTF-8."""

    def __init__(self, source: LineSource) -> None:
        self._lines = source.lines()
        self.bad: dict[int, str] = {}
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        for data in self._lines:
            self.count += 1
            if data is None:
                self.bad[self.count] = str(_too_long())
                yield "\n"
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as error:
                where = f"byte 0x{data[error.start]:02x} at {error.start}"
                self.bad[self.count] = f"line {self.count} is not UTF-8 text ({where})"
                text = data.decode("utf-8", "replace")
            yield text + "\n"


def _header(row: list[str]) -> list[str]:
    names = [name.strip() for name in row]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise InvalidTicketError(f"the header names the column {name!r} twice; keep one")
        seen.add(name)
    return names


def _csv_id(header: list[str], row: list[str]) -> str | None:
    """The row's ``id`` cell, to echo in its error record."""
    if "id" in header and header.index("id") < len(row):
        return row[header.index("id")].strip() or None
    return None


def _csv_record(header: list[str], row: list[str]) -> dict[str, Any]:
    if len(row) > len(header):
        message = (
            f"the row has {len(row)} cells but the header names {len(header)} columns; "
            "quote cells that contain commas"
        )
        raise _line_error(message, ",".join(row))
    record: dict[str, Any] = {}
    for name, cell in zip(header, row, strict=False):
        value = cell.strip()
        if name not in _FIELDS:
            record[name] = value or None  # an unknown column is refused even when empty
        elif value:
            record[name] = value
    return record


def csv_entries(source: LineSource) -> Iterator[Entry]:
    r"""One entry per CSV row after the header; blank lines are skipped.

    The entry's ``line`` is the line the row starts on (the header is line 1).

    Raises:
        InvalidTicketError: the header names a column twice.

    Example:
        >>> import io
        >>> text = b"id,priority,opened_at\r\nT-1,P1,2026-11-27T17:00Z\r\nT-2,,\r\n"
        >>> [(entry.line, entry.record) for entry in csv_entries(LineSource(io.BytesIO(text)))]
        [(2, {'id': 'T-1', 'priority': 'P1', 'opened_at': '2026-11-27T17:00Z'}), (3, {'id': 'T-2'})]
    """
    lines = _CsvLines(source)
    reader = csv.reader(lines, strict=True)
    header: list[str] | None = None
    while True:
        start = lines.count + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            lines.bad.clear()
            yield Entry(start, None, _line_error(f"the row is not valid CSV: {error}"))
            continue
        bad = [lines.bad.pop(number) for number in sorted(lines.bad)]
        if bad:
            if header is None:
                raise InvalidTicketError(f"the header row is unreadable: {bad[0]}")
            yield Entry(start, None, _line_error(bad[0]))
            continue
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = _header(row)
            continue
        try:
            record = _csv_record(header, row)
        except SlacalcError as error:
            yield Entry(start, None, error, _csv_id(header, row))
            continue
        yield Entry(start, record, record_id=record.get("id"))
