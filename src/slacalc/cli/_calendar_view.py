"""``slacalc calendar``: a policy calendar's open windows and its closures, with reasons.

A closure is cut at local midnights (in the calendar's zone) into pieces,
each with one reason (``outside hours``, ``weekend``, a holiday's name or
``closed``; see ``slacalc.calendar._reasons``), and neighbouring pieces
with the same reason are joined again.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta, tzinfo
from typing import Any

from slacalc.calendar import BusinessCalendar
from slacalc.calendar._reasons import ClosureReasons

__all__ = ["calendar_windows"]


def _midnight_after(moment: datetime, zone: tzinfo) -> datetime:
    following = moment.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(following, time(0), tzinfo=zone)


def _closures(
    start: datetime, end: datetime, zone: tzinfo, reasons: ClosureReasons
) -> Iterator[tuple[datetime, datetime, str]]:
    """The closure ``[start, end)`` cut at local midnights, same reasons joined."""
    current: tuple[datetime, datetime, str] | None = None
    cursor = start
    while cursor < end:
        piece_end = min(end, _midnight_after(cursor, zone))
        if piece_end <= cursor:  # a zone whose midnight is skipped: step an hour on
            piece_end = min(end, cursor + timedelta(hours=1))
        reason = reasons.on(cursor.astimezone(zone).date())
        if current is not None and current[2] == reason:
            current = (current[0], piece_end, reason)
        else:
            if current is not None:
                yield current
            current = (cursor, piece_end, reason)
        cursor = piece_end
    if current is not None:
        yield current


def calendar_windows(
    calendar: BusinessCalendar, start: datetime, end: datetime
) -> Iterator[dict[str, Any]]:
    """The open windows of ``calendar`` in ``[start, end)`` and the closures between them.

    Each window is ``{"start", "end", "state": "open"}`` or
    ``{"start", "end", "state": "closed", "reason"}``, with datetimes, in order.

    Example:
        >>> from datetime import UTC
        >>> import slacalc
        >>> calendar = slacalc.default_policy().calendar
        >>> windows = calendar_windows(calendar, datetime(2026, 12, 24, 12, tzinfo=UTC),
        ...                            datetime(2026, 12, 29, 12, tzinfo=UTC))
        >>> [(w["start"].strftime("%a %H:%M"), w["state"], w.get("reason")) for w in windows]
        [('Thu 12:00', 'open', None), ('Thu 18:00', 'closed', 'outside hours'), ('Fri 00:00', 'closed', 'Christmas Day'), ('Sat 00:00', 'closed', 'weekend'), ('Mon 00:00', 'closed', 'Boxing Day (observed)'), ('Tue 00:00', 'closed', 'outside hours'), ('Tue 09:00', 'open', None)]
    """  # noqa: E501
    zone = calendar.zone
    reasons = ClosureReasons(calendar, range(start.year - 1, end.year + 2))
    cursor = start
    for opened, closed in calendar.open_intervals(start, end):
        for low, high, reason in _closures(cursor, opened, zone, reasons):
            yield {"start": low, "end": high, "state": "closed", "reason": reason}
        yield {"start": opened, "end": closed, "state": "open"}
        cursor = closed
    for low, high, reason in _closures(cursor, end, zone, reasons):
        yield {"start": low, "end": high, "state": "closed", "reason": reason}
