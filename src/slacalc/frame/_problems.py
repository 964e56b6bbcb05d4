"""The first problem of every row of a table, kept as codes so good rows cost nothing."""

from __future__ import annotations

from typing import Any

from slacalc.errors import InvalidTicketError, SlacalcError

__all__ = ["Problems"]


class Problems:
    """Each row's first problem: a code per row into a list of messages (``-1``: none).

    Problems are added by mask (one message for many rows, e.g. an unknown
    priority) or row by row (messages that differ, e.g. unreadable texts);
    a row keeps the first problem found, as the scalar ``evaluate`` raises
    the first one it meets.
    """

    __slots__ = ("codes", "kinds", "messages", "np")

    def __init__(self, count: int, np: Any) -> None:
        self.np = np
        self.codes = np.full(count, -1, dtype=np.int32)
        self.messages: list[str] = []
        self.kinds: list[type[SlacalcError]] = []  # what errors="raise" raises

    def add(
        self, rows: Any, problem: str | SlacalcError, kind: type[SlacalcError] = InvalidTicketError
    ) -> None:
        """Give ``problem`` to the rows of the mask ``rows`` that have no problem yet."""
        fresh = rows & (self.codes < 0)
        if fresh.any():
            self.codes[fresh] = self._code(problem, kind)

    def add_each(
        self,
        problems: dict[int, str] | dict[int, SlacalcError],
        kind: type[SlacalcError] = InvalidTicketError,
    ) -> None:
        """Give each row its own problem, unless it has one already."""
        for row, problem in problems.items():
            if self.codes[row] < 0:
                self.codes[row] = self._code(problem, kind)

    def _code(self, problem: str | SlacalcError, kind: type[SlacalcError]) -> int:
        if isinstance(problem, SlacalcError):
            self.messages.append(str(problem))
            self.kinds.append(type(problem))
        else:
            self.messages.append(problem)
            self.kinds.append(kind)
        return len(self.messages) - 1

    @property
    def bad(self) -> Any:
        """The mask of rows with a problem."""
        return self.codes >= 0

    def first(self) -> tuple[int, str, type[SlacalcError]] | None:
        """The first bad row, its message and the class of its error, or ``None``."""
        rows = self.np.flatnonzero(self.codes >= 0)
        if not len(rows):
            return None
        row = int(rows[0])
        code = self.codes[row]
        return row, self.messages[code], self.kinds[code]

    def column(self) -> Any:
        """The messages as an object array, ``None`` for good rows."""
        np = self.np
        out = np.full(len(self.codes), None, dtype=object)
        rows = np.flatnonzero(self.codes >= 0)
        if len(rows):
            table = np.array(self.messages, dtype=object)
            out[rows] = table[self.codes[rows]]
        return out
