"""Result records out: JSON Lines, one JSON array, or flat CSV rows, written as they come."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from typing import Any, BinaryIO, Final

__all__ = ["FLAT_COLUMNS", "CsvWriter", "JsonArrayWriter", "JsonLinesWriter"]

_TARGET_COLUMNS: Final = (
    "state",
    "due",
    "completed_at",
    "elapsed_seconds",
    "remaining_seconds",
    "fraction_used",
    "overdue_by_seconds",
)
FLAT_COLUMNS: Final = (
    "id",
    "priority",
    "opened_at",
    "now",
    "breached",
    *(f"{target}_{column}" for target in ("response", "resolution") for column in _TARGET_COLUMNS),
    "error",
)


def _json_bytes(record: Mapping[str, Any]) -> bytes:
    try:
        return json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a "\\ud800" escape in the input
        return json.dumps(record).encode("ascii")


class JsonLinesWriter:
    r"""Write one result record per line.

    Example:
        >>> import io
        >>> out = io.BytesIO()
        >>> writer = JsonLinesWriter(out)
        >>> writer.write({"id": "T-1"})
        >>> writer.close()
        >>> out.getvalue()
        b'{"id": "T-1"}\n'
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def write(self, record: Mapping[str, Any]) -> None:
        """Write one record."""
        self._stream.write(_json_bytes(record) + b"\n")

    def flush(self) -> None:
        """Hand what was written to the reader."""
        self._stream.flush()

    def close(self) -> None:
        """Finish the output."""
        self.flush()


class JsonArrayWriter(JsonLinesWriter):
    r"""Write one JSON array of records, streamed (one record per line inside it).

    Example:
        >>> import io
        >>> out = io.BytesIO()
        >>> writer = JsonArrayWriter(out)
        >>> writer.write({"id": 1}); writer.write({"id": 2}); writer.close()
        >>> out.getvalue()
        b'[\n{"id": 1},\n{"id": 2}\n]\n'
    """

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__(stream)
        self._separator = b"[\n"

    def write(self, record: Mapping[str, Any]) -> None:
        """Write one record."""
        self._stream.write(self._separator + _json_bytes(record))
        self._separator = b",\n"

    def close(self) -> None:
        """Close the array."""
        self._stream.write(b"[]\n" if self._separator == b"[\n" else b"\n]\n")
        self.flush()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _flat(record: Mapping[str, Any]) -> list[str]:
    if "error" in record:
        error = record["error"]
        problems = "; ".join(
            f"{problem['path']}: {problem['message']}" if problem["path"] else problem["message"]
            for problem in error["problems"]
        )
        return [_cell(record.get("id")), *([""] * (len(FLAT_COLUMNS) - 2)), problems]
    cells = [_cell(record[name]) for name in FLAT_COLUMNS[:5]]
    for target in ("response", "resolution"):
        cells.extend(_cell(record[target][column]) for column in _TARGET_COLUMNS)
    return [*cells, ""]


class CsvWriter(JsonLinesWriter):
    """Write one flat CSV row per record under a header of ``FLAT_COLUMNS``.

    Example:
        >>> import io
        >>> out = io.BytesIO()
        >>> writer = CsvWriter(out)
        >>> writer.close()
        >>> out.getvalue().decode().split(",")[:3]
        ['id', 'priority', 'opened_at']
    """

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__(stream)
        self._text = _TextSink(stream)
        self._writer = csv.writer(self._text, lineterminator="\n")
        self._writer.writerow(FLAT_COLUMNS)

    def write(self, record: Mapping[str, Any]) -> None:
        """Write one record."""
        self._writer.writerow(_flat(record))


class _TextSink:
    """What ``csv.writer`` writes to: encodes each row onto the binary stream."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(text.encode("utf-8", "backslashreplace"))
