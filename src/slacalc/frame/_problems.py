"""The first problem of every row of a table, kept as codes so good rows cost nothing."""

from __future__ import annotations

from typing import Any

__all__ = ["Problems"]


class Problems:
    """Each row's first problem: a code per row into a list of messages (``-1``: none).

    Problems are added by mask (one message for many rows, e.g. an unknown
    priority) or row by row (messages that differ, e.g. unreadable texts);
    a row keeps the first problem found, as the scalar ``evaluate`` raises
    the first one it meets.
    """

    __slots__ = ("codes", "messages", "np")

    def __init__(self, count: int, np: Any) -> None:
        self.np = np
        self.codes = np.full(count, -1, dtype=np.int32)
        self.messages: list[str] = []

    def add(self, rows: Any, message: str) -> None:
        """Give ``message`` to the rows of the mask ``rows`` that have no problem yet."""
        fresh = rows & (self.codes < 0)
        if fresh.any():
            self.codes[fresh] = len(self.messages)
            self.messages.append(message)

    def add_each(self, messages: dict[int, str]) -> None:
        """Give each row its own message, unless it has a problem already."""
        for row, message in messages.items():
            if self.codes[row] < 0:
                self.codes[row] = len(self.messages)
                self.messages.append(message)

    @property
    def bad(self) -> Any:
        """The mask of rows with a problem."""
        return self.codes >= 0

    def first(self) -> tuple[int, str] | None:
        """The first bad row and its message, or ``None``."""
        rows = self.np.flatnonzero(self.codes >= 0)
        if not len(rows):
            return None
        row = int(rows[0])
        return row, self.messages[self.codes[row]]

    def column(self) -> Any:
        """The messages as an object array, ``None`` for good rows."""
        np = self.np
        out = np.full(len(self.codes), None, dtype=object)
        rows = np.flatnonzero(self.codes >= 0)
        if len(rows):
            table = np.array(self.messages, dtype=object)
            out[rows] = table[self.codes[rows]]
        return out
