"""Targets: one response or resolution time, and how it becomes a due-time rule.

Also the shared base of the policy models (frozen, no unknown fields, errors
as ``PolicyError``). ``slacalc.policy`` re-exports ``Target``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    StringConstraints,
    ValidationError,
    model_serializer,
    model_validator,
)

from slacalc._due import DueRule, typical_day_lengths
from slacalc._errors import PolicyError, SlacalcError
from slacalc._policy_io import (
    COMPACT_PATTERN,
    describe_validation_error,
    parse_compact_target,
    spell_target,
)
from slacalc.calendar import BusinessCalendar

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

__all__ = [
    "Amount",
    "DayRule",
    "PolicyModel",
    "Target",
    "TargetUnit",
    "Text",
    "business_day_of",
]

TargetUnit = Literal["business_minutes", "business_hours", "business_days", "hours", "days"]
DayRule = Literal["elapsed", "end_of_day"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Amount = Annotated[int, Field(strict=True, gt=0)]

_BUSINESS_UNITS = {
    "business_minutes": timedelta(minutes=1),
    "business_hours": timedelta(hours=1),
}


class PolicyModel(BaseModel):
    """Shared configuration: frozen, no unknown fields, errors as ``PolicyError``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise PolicyError(describe_validation_error(error, type(self).__name__)) from None

    def __eq__(self, other: object) -> bool:
        # Fields only: the compiled rules kept in private attributes follow from them.
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(tuple(self.__dict__.values()))


class Target(PolicyModel):
    """A response or resolution target: an amount of time, or no time target.

    Units: ``business_minutes``, ``business_hours`` and ``business_days``
    count business time on the calendar (one business day is the policy's
    ``business_day_length``); ``hours`` is real elapsed time, round the clock;
    ``days`` is the same local clock time that many calendar dates later.
    ``day_rule="end_of_day"`` (business days only) makes the target due at
    the close of the nth business day instead. A target without a time has a
    ``reason``. ``calendar`` replaces the policy's calendar for this target.

    Files spell simple targets compactly, and so can you: ``"2 business
    hours"``, ``"1 business day"``, ``"2 business days by end of day"``,
    ``"24 hours"``, ``"none: future software release"``.

    Example:
        >>> Target("2 business hours")
        Target('2 business hours')
        >>> Target(amount=12, unit="business_days") == Target("12 business days")
        True
        >>> Target("none: Future software release").reason
        'Future software release'
        >>> Target("3 fortnights")
        Traceback (most recent call last):
        ...
        slacalc._errors.PolicyError: invalid Target: '3 fortnights' is not a target; write ...
    """

    amount: Amount | None = None
    unit: TargetUnit | None = None
    day_rule: DayRule = "elapsed"
    reason: Text | None = None
    note: Text | None = None
    calendar: BusinessCalendar | None = None

    def __init__(self, spelling: str | None = None, /, **data: Any) -> None:
        """Build a target from its compact spelling, its fields, or both."""
        if spelling is not None:
            try:
                data = {**parse_compact_target(spelling), **data}
            except ValueError as error:
                raise PolicyError(f"invalid Target: {error}") from None
        super().__init__(**data)

    @model_validator(mode="before")
    @classmethod
    def _read_compact_spelling(cls, data: Any) -> Any:
        return parse_compact_target(data) if isinstance(data, str) else data

    @model_validator(mode="after")
    def _check_consistent(self) -> Target:
        if self.reason is not None and (self.amount is not None or self.unit is not None):
            msg = (
                "a target has an amount and a unit, or a reason for having no time target, not both"
            )
            raise ValueError(msg)
        if self.reason is None and (self.amount is None or self.unit is None):
            msg = (
                "a target needs an amount and a unit (e.g. '2 business hours') "
                "or a reason for having no time target (e.g. 'none: future software release')"
            )
            raise ValueError(msg)
        if self.day_rule == "end_of_day" and self.unit != "business_days":
            msg = f"day_rule 'end_of_day' applies to business_days only, not to {self.unit}"
            raise ValueError(msg)
        return self

    @model_serializer(mode="wrap")
    def _write_compactly(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> Any:
        # Policy files (dump_policy, Policy.to_dict) spell plain targets
        # compactly; ordinary model_dump() keeps every field.
        plain = self.note is None and self.calendar is None
        if plain and isinstance(info.context, dict) and info.context.get("compact"):
            return self.spelling
        return handler(self)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Describe both spellings: the compact string and the table of fields."""
        fields = handler.resolve_ref_schema(handler(core_schema))
        compact = {"type": "string", "pattern": COMPACT_PATTERN, "examples": ["2 business hours"]}
        return {"title": "Target", "anyOf": [compact, dict(fields)]}

    @property
    def spelling(self) -> str:
        """The compact spelling of the amount, unit and day rule (or the reason)."""
        return spell_target(self.amount, self.unit, self.day_rule, self.reason)

    @property
    def has_time(self) -> bool:
        """Whether the target has a time (``False`` for ``"none: ..."``)."""
        return self.amount is not None

    def __str__(self) -> str:
        return self.spelling

    def __repr__(self) -> str:
        extras = "".join(
            f", {name}={getattr(self, name)!r}"
            for name in ("note", "calendar")
            if getattr(self, name) is not None
        )
        return f"Target({self.spelling!r}{extras})"

    def compile(self, calendar: BusinessCalendar, day_length: timedelta | None) -> DueRule:
        """Return the rule that computes this target's due instants.

        Args:
            calendar: the policy's calendar (the target's own calendar wins).
            day_length: the policy's business day; ``None`` derives it from
                the target's own calendar.

        Example:
            >>> from datetime import timedelta
            >>> rule = Target("2 business days").compile(BusinessCalendar(), timedelta(hours=9))
            >>> rule.duration
            datetime.timedelta(seconds=64800)
        """
        own = self.calendar or calendar
        if self.amount is None or self.unit is None:
            return DueRule("none", own)
        if self.unit in _BUSINESS_UNITS:
            return DueRule("business", own, self.amount * _BUSINESS_UNITS[self.unit])
        if self.unit == "hours":
            return DueRule("hours", own, timedelta(hours=self.amount))
        if self.unit == "days":
            return DueRule("days", own, days=self.amount)
        if self.day_rule == "end_of_day":
            return DueRule("end_of_day", own, days=self.amount)
        if self.calendar is not None or day_length is None:
            day_length = business_day_of(own)
        return DueRule("business", own, self.amount * day_length)


def business_day_of(calendar: BusinessCalendar) -> timedelta:
    """Return the length of the calendar's business day, if all its open weekdays agree.

    Raises:
        ValueError: the open weekdays differ in length, or none is open
            (inside validation, pydantic reports it at the field's path).

    Example:
        >>> business_day_of(BusinessCalendar({"mon-fri": "09:00-17:30"}))
        datetime.timedelta(seconds=30600)
    """
    try:
        lengths = typical_day_lengths(calendar)
    except SlacalcError as error:
        msg = f"cannot work out the length of a business day from the calendar: {error}"
        raise ValueError(msg) from None
    if not lengths:
        msg = "the calendar opens on no weekday, so a business day has no length"
        raise ValueError(msg)
    by_length: dict[timedelta, list[str]] = {}
    for day, length in lengths.items():
        by_length.setdefault(length, []).append(day)
    if len(by_length) > 1:
        listed = "; ".join(f"{length} on {', '.join(days)}" for length, days in by_length.items())
        msg = (
            f"the calendar's weekdays differ in length ({listed}); state business_day_length "
            "(e.g. 'PT9H'), or use business_hours or day_rule 'end_of_day'"
        )
        raise ValueError(msg)
    return next(iter(by_length))
