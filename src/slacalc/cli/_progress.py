"""A progress bar on standard error, for people watching a long ``evaluate``."""

from __future__ import annotations

import time
from typing import TextIO

__all__ = ["Progress"]

_WIDTH = 30
_INTERVAL_SECONDS = 0.1  # redrawing more often costs time and shows nothing new


class Progress:
    """Draw ``[####......]  40%  1,234 tickets`` over itself, at most ten times a second.

    Args:
        total_bytes: the size of the input.
        stream: where to draw (standard error).

    Example:
        >>> import io
        >>> screen = io.StringIO()
        >>> bar = Progress(200, screen)
        >>> bar.update(100, 7, force=True)
        >>> screen.getvalue().strip()
        '[###############...............]  50%  7 tickets'
        >>> bar.finish()
    """

    def __init__(self, total_bytes: int, stream: TextIO) -> None:
        self._total = max(total_bytes, 1)
        self._stream = stream
        self._last = 0.0
        self._drawn = False

    def update(self, done_bytes: int, tickets: int, *, force: bool = False) -> None:
        """Redraw the bar if enough time has passed since the last drawing (or ``force``)."""
        now = time.monotonic()
        if not force and now - self._last < _INTERVAL_SECONDS:
            return
        self._last = now
        fraction = min(done_bytes / self._total, 1.0)
        filled = round(fraction * _WIDTH)
        bar = "#" * filled + "." * (_WIDTH - filled)
        self._stream.write(f"\r[{bar}] {fraction:4.0%}  {tickets:,} tickets")
        self._stream.flush()
        self._drawn = True

    def finish(self) -> None:
        """Erase the bar, leaving the line clean for what comes next."""
        if self._drawn:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
