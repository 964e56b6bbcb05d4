"""The one place that turns user timestamps into instants and back.

An instant is an ``int``: microseconds since 1970-01-01T00:00:00Z. Integers
keep every computation exact and make the interval tables plain lists that
``bisect`` (and numpy) can search. An interval is a half-open ``(start, end)``
pair of instants, or of microseconds after a local midnight.

Datetimes going out carry a *fixed* offset: the calendar zone's offset and
abbreviation at that instant (``timezone(timedelta(hours=-4), "EDT")``). They
show local wall-clock time, and unlike a ``ZoneInfo`` datetime inside a
daylight-saving fold they compare equal to, and hash like, the same instant
in any other zone (PEP 495 makes ambiguous zoned datetimes unequal to all
others).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

from slacalc.errors import (
    InvalidDurationError,
    InvalidTimestampError,
    OutOfRangeError,
    TimestampTypeError,
)

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_INSTANT",
    "MICROS_PER_DAY",
    "MICROS_PER_MINUTE",
    "MICROS_PER_SECOND",
    "MIN_INSTANT",
    "WEEKDAY_NAMES",
    "Interval",
    "from_instant",
    "instant_converter",
    "is_missing",
    "iso_duration",
    "outside_the_years",
    "parse_date",
    "parse_iso_duration",
    "to_duration",
    "to_instant",
    "to_microseconds",
]

Interval = tuple[int, int]

MICROS_PER_SECOND = 1_000_000
MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND
MICROS_PER_DAY = 86_400 * MICROS_PER_SECOND
FIRST_YEAR = 1900
LAST_YEAR = 2200
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EXAMPLE = "e.g. 2026-11-27T17:00:00+00:00"


def to_microseconds(delta: timedelta) -> int:
    """Return ``delta`` as a whole number of microseconds (exact)."""
    return (delta.days * 86_400 + delta.seconds) * MICROS_PER_SECOND + delta.microseconds


MIN_INSTANT = to_microseconds(datetime(FIRST_YEAR, 1, 1, tzinfo=UTC) - _EPOCH)
MAX_INSTANT = to_microseconds(datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC) - _EPOCH)


def is_missing(value: Any) -> bool:
    """Whether ``value`` is an analyst's "no value": ``None``, ``pd.NaT``, ``pd.NA``, NaN, NaT.

    Recognised without importing numpy or pandas: ``NaT`` and ``NA`` by their
    type names, floats and numpy's ``datetime64('NaT')`` by not equalling
    themselves.
    """
    if value is None:
        return True
    name = type(value).__name__
    if name in {"NaTType", "NAType"}:
        return True
    if isinstance(value, float) or name in {"datetime64", "timedelta64", "float64", "float32"}:
        try:
            return bool(value != value)  # noqa: PLR0124 - NaN and NaT are not equal to themselves
        except (TypeError, ValueError):
            return False
    return False


def to_instant(value: datetime | str, name: str) -> int:
    """Convert an aware datetime or an ISO 8601 string with an offset to an instant.

    Args:
        value: the timestamp.
        name: the argument's name, used in error messages.

    Raises:
        InvalidTimestampError: naive, unparsable, impossible or missing timestamps.
        TimestampTypeError: values of a type that cannot be a timestamp.
        OutOfRangeError: instants outside the supported years.
    """
    if isinstance(value, str):
        value = _parse_timestamp(value, name)
    elif not isinstance(value, datetime):
        raise _not_a_timestamp(value, name)
    try:
        # Subtracting from a UTC epoch converts through utcoffset(), so daylight
        # saving is honoured (subtracting two datetimes of one tzinfo would not be).
        delta = value - _EPOCH
        if not isinstance(delta, timedelta):  # pandas' NaT is a datetime minus anything
            raise _not_a_timestamp(value, name)
    except TypeError:
        raise InvalidTimestampError(
            f"{name} must be timezone-aware, {_EXAMPLE}; got the naive {value.isoformat()} "
            "(attach a zone with tzinfo=ZoneInfo(...) or timezone.utc)"
        ) from None
    # to_microseconds(delta), inlined: this line runs on every call of the hot path.
    instant = (delta.days * 86_400 + delta.seconds) * MICROS_PER_SECOND + delta.microseconds
    if MIN_INSTANT <= instant < MAX_INSTANT:
        return instant
    raise outside_the_years(str(value))


def outside_the_years(shown: str) -> OutOfRangeError:
    """The error for a timestamp (``shown`` as the message names it) outside 1900-2200."""
    return OutOfRangeError(
        f"{shown} is outside the supported years {FIRST_YEAR}-{LAST_YEAR}; "
        "pass a timestamp inside that range"
    )


def _not_a_timestamp(value: object, name: str) -> InvalidTimestampError:
    if is_missing(value):
        return InvalidTimestampError(
            f"{name} is missing ({value!r}); give a timezone-aware datetime or an ISO 8601 "
            f"string with an offset, {_EXAMPLE}"
        )
    if type(value).__name__ == "datetime64":
        return InvalidTimestampError(
            f"{name} must be timezone-aware, {_EXAMPLE}; got the naive numpy.datetime64 "
            f"{value!r} (convert with pandas.Timestamp(value, tz='UTC') or attach a zone)"
        )
    return TimestampTypeError(
        f"{name} must be a timezone-aware datetime or an ISO 8601 string with an offset "
        f"({_EXAMPLE}), not {type(value).__name__} {value!r}"
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


@functools.lru_cache(maxsize=1024)
def _fixed_zone(offset: timedelta, abbreviation: str | None) -> tzinfo:
    """The fixed-offset tzinfo for one offset and abbreviation (shared, immutable)."""
    if not offset and abbreviation == "UTC":
        return UTC
    return timezone(offset, abbreviation) if abbreviation else timezone(offset)


def from_instant(instant: int, zone: tzinfo) -> datetime:
    """Convert an instant to an aware datetime showing ``zone``'s wall clock.

    The result's tzinfo is the fixed offset ``zone`` has at that instant, so it
    compares and hashes like the instant in any zone.
    """
    moment = _EPOCH + timedelta(0, 0, instant)
    if isinstance(zone, timezone):
        return moment.astimezone(zone)
    local = moment.astimezone(zone)
    offset = local.utcoffset()
    assert offset is not None  # an aware zone always has an offset
    return local.replace(tzinfo=_fixed_zone(offset, local.tzname()), fold=0)


def instant_converter(zone: tzinfo) -> Callable[[int], datetime]:
    """Return the fastest exact function from an instant to a datetime (as ``from_instant``)."""
    if isinstance(zone, timezone):
        # A fixed offset has no daylight saving, so wall-clock arithmetic is exact.
        local_epoch = _EPOCH.astimezone(zone)
        return lambda instant: local_epoch + timedelta(0, 0, instant)
    return _ZoneClock(zone)


_DAYS_REMEMBERED = 4096


class _ZoneClock:
    """``from_instant`` for one zone, fast for instants of days without a clock change.

    The zone's transitions between 1900 and 2200 are at least two days apart
    (checked for every zone of the tz database), so a UTC day whose first and
    last microsecond have the same offset and abbreviation has no transition
    inside; its instants convert by adding them to the epoch in that fixed
    offset. Days with a change take the exact general path. The memory of
    days is bounded and safe to share between threads (a lost entry is only
    recomputed).
    """

    __slots__ = ("_days", "_zone")

    def __init__(self, zone: tzinfo) -> None:
        self._zone = zone
        self._days: dict[int, datetime | None] = {}

    def __call__(self, instant: int) -> datetime:
        day = instant // MICROS_PER_DAY
        try:
            local_epoch = self._days[day]
        except KeyError:
            local_epoch = self._learn(day)
        if local_epoch is None:
            return from_instant(instant, self._zone)
        return local_epoch + timedelta(0, 0, instant)

    def _learn(self, day: int) -> datetime | None:
        first = from_instant(day * MICROS_PER_DAY, self._zone)
        last = from_instant((day + 1) * MICROS_PER_DAY - 1, self._zone)
        same = (first.utcoffset(), first.tzname()) == (last.utcoffset(), last.tzname())
        local_epoch = _EPOCH.astimezone(first.tzinfo) if same else None
        if len(self._days) >= _DAYS_REMEMBERED:
            self._days.clear()
        self._days[day] = local_epoch
        return local_epoch


def to_duration(value: timedelta, name: str = "duration") -> int:
    """Convert a non-negative ``timedelta`` to microseconds.

    Raises:
        InvalidDurationError: ``value`` is negative or not a ``timedelta``.
    """
    if isinstance(value, timedelta):
        micros = to_microseconds(value)
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


def iso_duration(delta: timedelta) -> str:
    """Write a duration in ISO 8601: ``PT2H``, ``PT1H30M``, ``-PT15M``, ``PT0S``.

    Hours are not folded into days (a day of business time is not 24 hours),
    and fractions of a second are kept to the microsecond.

    Example:
        >>> iso_duration(timedelta(hours=2)), iso_duration(timedelta(minutes=-15))
        ('PT2H', '-PT15M')
        >>> iso_duration(timedelta(days=2, seconds=1, microseconds=500))
        'PT48H0M1.0005S'
    """
    micros = to_microseconds(delta)
    sign = "-" if micros < 0 else ""
    seconds, fraction = divmod(abs(micros), MICROS_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    if not micros:
        return "PT0S"
    text = f"{hours}H" if hours else ""
    if minute or (hours and (second or fraction)):
        text += f"{minute}M"
    if second or fraction:
        text += f"{second}.{fraction:06}".rstrip("0").rstrip(".") + "S"
    return f"{sign}PT{text}"


# Sign, days, hours, minutes, seconds and the fraction of a second.
_ISO_DURATION = re.compile(
    r"(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,6}))?S)?)?"
)


def parse_iso_duration(text: str) -> timedelta:
    """Read an ISO 8601 duration of days, hours, minutes and seconds (as ``iso_duration`` writes).

    Raises:
        InvalidDurationError: ``text`` is not one.

    Example:
        >>> parse_iso_duration("PT48H0M1.0005S") == timedelta(days=2, seconds=1, microseconds=500)
        True
    """
    found = _ISO_DURATION.fullmatch(text)
    if found is None or text.rstrip("-") in {"P", "PT"}:
        raise InvalidDurationError(
            f"{text!r} is not an ISO 8601 duration of hours, minutes and seconds, e.g. 'PT1H30M'"
        )
    sign, days, hours, minutes, seconds, fraction = found.groups()
    delta = timedelta(
        int(days or 0),
        int(seconds or 0) + 60 * int(minutes or 0) + 3_600 * int(hours or 0),
        int((fraction or "").ljust(6, "0")),
    )
    return -delta if sign else delta
