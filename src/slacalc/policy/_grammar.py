"""The compact target grammar: ``"2 business hours"``, ``"none: future software release"``.

The units are spelled here once: the ``TargetUnit`` literal, what each unit
counts (``UNIT_MEANINGS``, which the due rules and the checks read instead of
spelling units again), the regular expression the loader and the JSON Schema
share, the spelling written back, and the largest amount of each unit that
the supported years can hold. The words a ``business_day_length`` may be
written in (``"9 hours"``, ``"510 minutes"``) are read here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final, Literal, get_args

from slacalc._instants import FIRST_YEAR, LAST_YEAR

__all__ = [
    "BUSINESS_UNITS",
    "COMPACT_PATTERN",
    "END_OF_DAY",
    "LONGEST_BUSINESS_DAY",
    "LONGEST_BUSINESS_DAY_TEXT",
    "SUPPORTED_SPAN",
    "UNITS",
    "UNIT_MEANINGS",
    "DayRule",
    "TargetUnit",
    "UnitMeaning",
    "amount_limit",
    "check_amount",
    "parse_compact_target",
    "parse_length_words",
    "spell_target",
]

TargetUnit = Literal["business_minutes", "business_hours", "business_days", "hours", "days"]
"""The unit of a target's amount: business time on the calendar, or real ``hours`` / ``days``."""
DayRule = Literal["elapsed", "end_of_day"]
"""How business days count: ``elapsed`` business time, or at the close of the nth business day."""
END_OF_DAY: Final[DayRule] = "end_of_day"
UNITS: Final = get_args(TargetUnit)

Counting = Literal["business_time", "real_time", "calendar_dates", "business_day"]


@dataclass(frozen=True, slots=True)
class UnitMeaning:
    """What one unit of a target counts, and the real time one of it spans at most.

    Attributes:
        counts: ``"business_time"`` (a fixed length of business time),
            ``"real_time"`` (round the clock), ``"calendar_dates"`` (the same
            clock time later) or ``"business_day"`` (the policy's business day).
        length: one unit's length; for dates and business days, one day (a
            business day is at most a day of business time).

    Example:
        >>> UNIT_MEANINGS["business_hours"]
        UnitMeaning(counts='business_time', length=datetime.timedelta(seconds=3600))
    """

    counts: Counting
    length: timedelta


UNIT_MEANINGS: Final[dict[str, UnitMeaning]] = {  # one entry per TargetUnit
    "business_minutes": UnitMeaning("business_time", timedelta(minutes=1)),
    "business_hours": UnitMeaning("business_time", timedelta(hours=1)),
    "business_days": UnitMeaning("business_day", timedelta(days=1)),
    "hours": UnitMeaning("real_time", timedelta(hours=1)),
    "days": UnitMeaning("calendar_dates", timedelta(days=1)),
}
# The units whose amount is counted in business time of the calendar.
BUSINESS_UNITS: Final = frozenset(
    unit for unit, meaning in UNIT_MEANINGS.items() if meaning.counts.startswith("business")
)
# Every due time lies in the supported years, so no target can be longer
# than they are: 301 years, 1900-01-01 to 2201-01-01.
SUPPORTED_SPAN: Final = date(LAST_YEAR + 1, 1, 1) - date(FIRST_YEAR, 1, 1)
# One business day is business time within one day.
LONGEST_BUSINESS_DAY: Final = timedelta(hours=24)
LONGEST_BUSINESS_DAY_TEXT: Final = f"at most {LONGEST_BUSINESS_DAY // timedelta(hours=1)} hours"


def _unit_pattern(unit: str) -> str:
    # "business_hours" is also written "business hours" and "business hour".
    return r"[ _]+".join(unit.removesuffix("s").split("_")) + "s?"


# The compact spellings: "2 business hours", "1 business day", "12 business days",
# "24 hours", "3 days", "2 business days by end of day", "none: future software release".
COMPACT_PATTERN: Final = (
    rf"^\s*([0-9]+)\s+({'|'.join(_unit_pattern(unit) for unit in UNITS)})"
    r"(\s+by\s+end\s+of\s+day)?\s*$"
    r"|^\s*none\s*(:.*)?$"
)
_COMPACT: Final = re.compile(COMPACT_PATTERN, re.DOTALL)
_NONE_PREFIX: Final = re.compile(r"^\s*none\s*:?\s*", re.DOTALL)
_EXAMPLES: Final = (
    "'2 business hours', '12 business days', '24 hours' or 'none: future software release'"
)
# Amounts longer than this are not written out in messages.
_LONGEST_SHOWN_DIGITS: Final = 30
_LONGEST_SHOWN_BITS: Final = 99  # 2**99 has 30 digits
_LENGTH_WORDS: Final = re.compile(r"^\s*([0-9]+)\s+(hour|minute)s?\s*$")


def amount_limit(unit: str) -> int:
    """Return the largest amount of ``unit`` whose time fits in the supported years.

    Example:
        >>> amount_limit("hours"), amount_limit("business_days")
        (2638512, 109938)
    """
    return SUPPORTED_SPAN // UNIT_MEANINGS[unit].length


def _words(unit: str, amount: int | str) -> str:
    words = unit.replace("_", " ")
    return words.removesuffix("s") if str(amount) == "1" else words


def check_amount(amount: int | str, unit: str) -> None:
    """Refuse an amount of ``unit`` that is not positive or cannot fit in the supported years.

    ``amount`` may be the digits as written, so an absurdly long number is
    refused without converting it.

    Raises:
        ValueError: the amount is zero or too large; the message says the limit.

    Example:
        >>> check_amount(100_000_000, "hours")
        Traceback (most recent call last):
        ...
        ValueError: 100000000 hours is longer than the supported years 1900-2200 can hold: ...
    """
    limit = amount_limit(unit)
    if isinstance(amount, str):
        digits = amount.lstrip("0")
        value = limit + 1 if len(digits) > len(str(limit)) else int(digits or "0")
    else:
        value = amount
    if value <= 0:
        msg = f"{_shown(amount)} {_words(unit, value)} is no time; write a whole number above 0"
        raise ValueError(msg)
    if value > limit:
        msg = (
            f"{_shown(amount)} {_words(unit, value)} is longer than the supported years "
            f"{FIRST_YEAR}-{LAST_YEAR} can hold: a target is at most {limit} {_words(unit, limit)} "
            f"({SUPPORTED_SPAN.days // 365} years); write a smaller amount"
        )
        raise ValueError(msg)


def _shown(amount: int | str) -> str:
    # Python will not even turn an int of thousands of digits into text.
    if isinstance(amount, int):
        return (
            str(amount) if amount.bit_length() <= _LONGEST_SHOWN_BITS else "a 30+ digit number of"
        )
    digits = amount.lstrip("0") or "0"
    return digits if len(digits) <= _LONGEST_SHOWN_DIGITS else f"a {len(digits)}-digit number of"


def parse_compact_target(text: str) -> dict[str, Any]:
    """Return the fields spelled by a compact target such as ``"2 business hours"``.

    Raises:
        ValueError: ``text`` is not a compact target, or its amount is zero
            or too large (pydantic turns this into an error at the target's
            field path).

    Example:
        >>> parse_compact_target("2 business days by end of day")
        {'amount': 2, 'unit': 'business_days', 'day_rule': 'end_of_day'}
        >>> parse_compact_target("none: Future software release")
        {'reason': 'Future software release'}
    """
    match = _COMPACT.match(text)
    if match is None:
        msg = f"{text!r} is not a target; write {_EXAMPLES}"
        raise ValueError(msg)
    amount, unit, end_of_day, _ = match.groups()
    if amount is None:
        return {"reason": _NONE_PREFIX.sub("", text, count=1).strip()}
    unit_name = "_".join(unit.replace("_", " ").split())
    if not unit_name.endswith("s"):
        unit_name += "s"
    check_amount(amount, unit_name)
    fields: dict[str, Any] = {"amount": int(amount), "unit": unit_name}
    if end_of_day:
        fields["day_rule"] = END_OF_DAY
    return fields


def parse_length_words(text: str) -> timedelta | None:
    """Return the length a ``business_day_length`` written in words means, or ``None``.

    ``"9 hours"``, ``"1 hour"``, ``"510 minutes"``; other text is left to
    the ISO 8601 reader (``None``).

    Raises:
        ValueError: the length is longer than a business day can be.

    Example:
        >>> parse_length_words("510 minutes")
        datetime.timedelta(seconds=30600)
        >>> parse_length_words("PT9H") is None
        True
    """
    match = _LENGTH_WORDS.match(text)
    if match is None:
        return None
    number, unit = match.groups()
    one = timedelta(hours=1) if unit == "hour" else timedelta(minutes=1)
    limit = LONGEST_BUSINESS_DAY // one
    digits = number.lstrip("0") or "0"
    if len(digits) > len(str(limit)) or int(digits) > limit:
        msg = f"{text.strip()!r} is longer than a business day can be ({LONGEST_BUSINESS_DAY_TEXT})"
        raise ValueError(msg)
    return int(digits) * one


def spell_target(amount: int | None, unit: str | None, day_rule: str, reason: str | None) -> str:
    """Return the compact spelling of a target's amount, unit and day rule, or its reason.

    Example:
        >>> spell_target(1, "business_days", "elapsed", None)
        '1 business day'
        >>> spell_target(None, None, "elapsed", "Future software release")
        'none: Future software release'
    """
    if amount is None or unit is None:
        return f"none: {reason}"
    suffix = " by end of day" if day_rule == END_OF_DAY else ""
    return f"{amount} {_words(unit, amount)}{suffix}"
