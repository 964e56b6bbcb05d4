"""The exceptions slacalc raises: one base class, specific subclasses.

Every subclass also derives from the built-in exception a caller would
expect (``ValueError`` for bad values, ``LookupError`` for unknown keys),
so ``except ValueError`` keeps working for code that knows nothing of slacalc.
"""

from __future__ import annotations

__all__ = [
    "CalendarError",
    "InvalidDurationError",
    "InvalidTimestampError",
    "OutOfRangeError",
    "PolicyError",
    "SlacalcError",
    "UnknownChannelError",
    "UnknownPriorityError",
]


class SlacalcError(Exception):
    """Base class of every error slacalc raises on purpose.

    Example:
        >>> import slacalc
        >>> try:
        ...     slacalc.BusinessCalendar(timezone="Mars/Olympus_Mons")
        ... except slacalc.SlacalcError as error:
        ...     print(type(error).__name__)
        CalendarError
    """


class InvalidTimestampError(SlacalcError, ValueError):
    """A timestamp was naive, unparsable, impossible or out of order.

    Example:
        >>> from datetime import datetime
        >>> import slacalc
        >>> slacalc.BusinessCalendar().is_open(datetime(2026, 11, 27, 10))
        Traceback (most recent call last):
        ...
        slacalc._errors.InvalidTimestampError: t must be timezone-aware, ...
    """


class InvalidDurationError(SlacalcError, ValueError):
    """A duration was negative or not a ``timedelta``.

    Example:
        >>> from datetime import datetime, timedelta, timezone
        >>> import slacalc
        >>> start = datetime(2026, 11, 27, 10, tzinfo=timezone.utc)
        >>> slacalc.BusinessCalendar().add(start, timedelta(hours=-1))
        Traceback (most recent call last):
        ...
        slacalc._errors.InvalidDurationError: duration must not be negative, ...
    """


class CalendarError(SlacalcError, ValueError):
    """A calendar could not be built, or cannot answer (it is never open).

    Example:
        >>> import slacalc
        >>> slacalc.BusinessCalendar({"mon": "09:00-12:00, 11:00-13:00"})
        Traceback (most recent call last):
        ...
        slacalc._errors.CalendarError: hours for Monday overlap: ...
    """


class OutOfRangeError(SlacalcError, ValueError):
    """A result or its holiday data lies outside the supported years.

    Example:
        >>> from datetime import datetime, timezone
        >>> import slacalc
        >>> slacalc.BusinessCalendar().is_open(datetime(1850, 1, 1, tzinfo=timezone.utc))
        Traceback (most recent call last):
        ...
        slacalc._errors.OutOfRangeError: 1850-01-01 00:00:00+00:00 is outside ...
    """


class PolicyError(SlacalcError, ValueError):
    """Policy data was malformed; the message names the field and the value.

    Example:
        >>> import slacalc
        >>> slacalc.load_policy({"name": "x"})
        Traceback (most recent call last):
        ...
        slacalc._errors.PolicyError: ...
    """


class UnknownPriorityError(SlacalcError, LookupError):
    """A priority matched no tier of the policy; the message lists the valid ones.

    Example:
        >>> import slacalc
        >>> slacalc.response_due("2026-11-27T17:00:00Z", "P9")
        Traceback (most recent call last):
        ...
        slacalc._errors.UnknownPriorityError: priority 'P9' matches no tier of ...; use a tier's ...
    """


class UnknownChannelError(SlacalcError, LookupError):
    """A contact channel key matched no channel of the policy; the message lists them.

    Example:
        >>> import slacalc
        >>> slacalc.default_policy().channel("fax")
        Traceback (most recent call last):
        ...
        slacalc._errors.UnknownChannelError: policy ... has no channel 'fax'; channels: ...
    """
