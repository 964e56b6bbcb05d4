"""Targets: one response or resolution time, and how it becomes a due-time rule.

Also the shared base of the policy models (frozen, no unknown fields, errors
as ``PolicyError``, pickled and copied by their fields). ``slacalc.policy``
re-exports ``Target``.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Annotated, Any, Self

from pydantic import (
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
    model_validator,
)

from slacalc._models import Found, FrozenModel
from slacalc.calendar import BusinessCalendar
from slacalc.errors import PolicyError, PolicyTypeError, Problem, SlacalcError
from slacalc.policy._grammar import (
    COMPACT_PATTERN,
    END_OF_DAY,
    UNIT_MEANINGS,
    DayRule,
    TargetUnit,
    check_amount,
    parse_compact_target,
    spell_target,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

__all__ = ["Amount", "PolicyModel", "Target", "Text"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Amount = Annotated[int, Field(strict=True, gt=0)]


class PolicyModel(FrozenModel):
    """Shared base of the policy models: frozen, no unknown fields, errors as ``PolicyError``.

    A policy model is its fields: it compares, hashes, pickles and copies by
    them, and every copy is validated again, so whatever a model compiles
    from its fields (a ``Policy``'s due rules) is rebuilt rather than carried
    along. Pickles name only the public class.
    """

    @classmethod
    def _error_for(cls, found: tuple[Found, ...]) -> type[SlacalcError]:
        return PolicyTypeError if found and found[0].wrong_type else PolicyError

    def _given_fields(self) -> dict[str, Any]:
        return {name: self.__dict__[name] for name in self.model_fields_set}

    def __eq__(self, other: object) -> bool:
        # Fields only: what a model compiles from them follows from them.
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(tuple(self.__dict__.values()))

    def __reduce__(self) -> tuple[Any, ...]:
        # The public class and the fields as given; unpickling validates them again.
        return (type(self).model_validate, (self._given_fields(),))

    def __copy__(self) -> Self:
        return self  # immutable

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        return type(self).model_validate(copy.deepcopy(self._given_fields(), memo))

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """Return a copy with the fields in ``update`` replaced, validated as a new model.

        Raises:
            PolicyError: the updated fields are not valid together.

        Example:
            >>> Target("2 business hours").model_copy(update={"amount": 3})
            Target('3 business hours')
        """
        fields = self._given_fields()
        if deep:
            fields = copy.deepcopy(fields)
        return type(self).model_validate({**fields, **(update or {})})


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
        slacalc.errors.PolicyError: invalid Target: 1 problem
          (record): '3 fortnights' is not a target; write '2 business hours', ...
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
            if not isinstance(spelling, str):
                msg = (
                    "a Target is written as text such as '2 business hours', or with the fields "
                    f"amount= and unit=; got {type(spelling).__name__} {spelling!r}"
                )
                raise PolicyTypeError(msg, (Problem("", msg, spelling),))
            try:
                data = {**parse_compact_target(spelling), **data}
            except ValueError as error:
                found = Found(Problem("", str(error), spelling), wrong_type=False, cause=None)
                raise self._refusal((found,)) from None
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
        if self.day_rule == END_OF_DAY and (
            self.unit is None or UNIT_MEANINGS[self.unit].counts != "business_day"
        ):
            days = ", ".join(
                unit for unit, meaning in UNIT_MEANINGS.items() if meaning.counts == "business_day"
            )
            msg = f"day_rule {END_OF_DAY!r} applies to {days} only, not to {self.unit}"
            raise ValueError(msg)
        if self.amount is not None and self.unit is not None:
            try:
                check_amount(self.amount, self.unit)
            except ValueError as error:
                raise PolicyError(
                    str(error), (Problem("amount", str(error), self.amount),)
                ) from None
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

    def __str__(self) -> str:
        return self.spelling

    def __repr__(self) -> str:
        extras = "".join(
            f", {name}={getattr(self, name)!r}"
            for name in ("note", "calendar")
            if getattr(self, name) is not None
        )
        return f"Target({self.spelling!r}{extras})"
