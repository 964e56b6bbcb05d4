"""The one place that turns user timestamps into instants and back.

An instant is an ``int``: microseconds since 1970-01-01T00:00:00Z. Integers
keep every computation exact and make the interval tables plain lists that
``bisect`` (and later numpy) can search.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from slacalc._errors import InvalidDurationError, InvalidTimestampError, OutOfRangeError

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_INSTANT",
    "MIN_INSTANT",
    "US_PER_DAY",
    "US_PER_SECOND",
    "from_instant",
    "instant_converter",
    "parse_date",
    "to_duration",
    "to_instant",
    "to_microseconds",
]

US_PER_SECOND = 1_000_000
US_PER_DAY = 86_400 * US_PER_SECOND
FIRST_YEAR = 1900
LAST_YEAR = 2200

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EXAMPLE = "e.g. 2026-11-27T17:00:00+00:00"


def to_microseconds(delta: timedelta) -> int:
    """Return ``delta`` as a whole number of microseconds (exact)."""
    return (delta.days * 86_400 + delta.seconds) * US_PER_SECOND + delta.microseconds


MIN_INSTANT = to_microseconds(datetime(FIRST_YEAR, 1, 1, tzinfo=UTC) - _EPOCH)
MAX_INSTANT = to_microseconds(datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC) - _EPOCH)


def to_instant(value: datetime | str, name: str) -> int:
    """Convert an aware datetime or an ISO 8601 string with an offset to an instant.

    Args:
        value: the timestamp.
        name: the argument's name, used in error messages.

    Raises:
        InvalidTimestampError: naive, unparsable or impossible timestamps.
        OutOfRangeError: instants outside the supported years.
    """
    if isinstance(value, str):
        value = _parse_timestamp(value, name)
    elif not isinstance(value, datetime):
        raise InvalidTimestampError(
            f"{name} must be a timezone-aware datetime or an ISO 8601 string with an offset "
            f"({_EXAMPLE}), not {type(value).__name__} {value!r}"
        )
    try:
        # Subtracting from a UTC epoch converts through utcoffset(), so daylight
        # saving is honoured (subtracting two datetimes of one tzinfo would not be).
        delta = value - _EPOCH
    except TypeError:
        raise InvalidTimestampError(
            f"{name} must be timezone-aware, {_EXAMPLE}; got the naive {value.isoformat()} "
            "(attach a zone with tzinfo=ZoneInfo(...) or timezone.utc)"
        ) from None
    instant = (delta.days * 86_400 + delta.seconds) * US_PER_SECOND + delta.microseconds
    if MIN_INSTANT <= instant < MAX_INSTANT:
        return instant
    raise OutOfRangeError(
        f"{value} is outside the supported years {FIRST_YEAR}-{LAST_YEAR}; "
        "pass a timestamp inside that range"
    )


def _parse_timestamp(text: str, name: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise InvalidTimestampError(
            f"{name} must be an ISO 8601 timestamp with an offset, {_EXAMPLE}; "
            f"got {text!r} ({error})"
        ) from None
    if parsed.tzinfo is None:
        raise InvalidTimestampError(
            f"{name} must carry a UTC offset, {_EXAMPLE}; got {text!r} (append Z or +HH:MM)"
        )
    return parsed


def instant_converter(zone: tzinfo) -> Callable[[int], datetime]:
    """Return the fastest exact function from an instant to a datetime in ``zone``."""
    if isinstance(zone, timezone):
        # A fixed offset has no daylight saving, so wall-clock arithmetic is exact.
        local_epoch = _EPOCH.astimezone(zone)
        return lambda instant: local_epoch + timedelta(0, 0, instant)
    return lambda instant: from_instant(instant, zone)


def from_instant(instant: int, zone: tzinfo) -> datetime:
    """Convert an instant to an aware datetime in ``zone``."""
    return (_EPOCH + timedelta(0, 0, instant)).astimezone(zone)


def to_duration(value: timedelta, name: str = "duration") -> int:
    """Convert a non-negative ``timedelta`` to microseconds.

    Raises:
        InvalidDurationError: ``value`` is negative or not a ``timedelta``.
    """
    if isinstance(value, timedelta):
        micros = (value.days * 86_400 + value.seconds) * US_PER_SECOND + value.microseconds
        if micros >= 0:
            return micros
        raise InvalidDurationError(
            f"{name} must not be negative, got {value!r}; "
            "to go back in business time use subtract() with a positive duration"
        )
    raise InvalidDurationError(
        f"{name} must be a datetime.timedelta, e.g. timedelta(hours=2); "
        f"got {type(value).__name__} {value!r}"
    )


def parse_date(
    value: date | str, name: str, error: type[ValueError] = InvalidTimestampError
) -> date:
    """Accept a ``date`` (not a ``datetime``) or an ISO 8601 date string.

    Raises:
        InvalidTimestampError: anything else, or an impossible date (or ``error``
            where the date is part of a definition, such as a calendar's).
    """
    if isinstance(value, datetime):
        raise error(
            f"{name} must be a date, not a datetime ({value!r}); "
            "use t.astimezone(calendar.zone).date() for the local date of an instant"
        )
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise error(
        f"{name} must be a date or an ISO 8601 date string such as '2026-12-24'; got {value!r}"
    )
