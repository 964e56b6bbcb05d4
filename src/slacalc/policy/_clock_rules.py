"""How a policy's SLA clock treats pauses, priority changes, reopening and warnings."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from slacalc.policy._target import PolicyModel

__all__ = ["ClockRules", "PriorityChange", "Reopen", "TargetKind"]

TargetKind = Literal["response", "resolution"]
PriorityChange = Literal["keep", "restart", "retroactive"]
Reopen = Literal["continue", "new_cycle"]
_Threshold = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]


def distinct_kinds(kinds: tuple[TargetKind, ...]) -> tuple[TargetKind, ...]:
    """``kinds`` in the order response, resolution, each once."""
    return tuple(kind for kind in ("response", "resolution") if kind in kinds)


class ClockRules(PolicyModel):
    """The rules of a policy's SLA clock, each with its default.

    Attributes:
        pauses: the targets whose clock a pause (waiting on the customer or
            a third party) stops; by default the resolution only: the first
            response is owed whatever the customer does. A tier may name its
            own (``Tier.pauses``).
        priority_change: ``"keep"`` (the time already used stays and is
            measured against the new tier's target), ``"restart"`` (a fresh
            clock from the change) or ``"retroactive"`` (recount from the
            opening as if the ticket had always had the new priority).
        reopen: ``"continue"`` (the resolution clock goes on from the time
            already used; the time while resolved does not count) or
            ``"new_cycle"`` (the resolution target starts again at the reopen).
        warnings: fractions of a target at which a pending target is at risk.

    Example:
        >>> rules = ClockRules(priority_change="restart", warnings=[0.9, 0.5])
        >>> rules.pauses, rules.warnings
        (('resolution',), (0.5, 0.9))
    """

    pauses: tuple[TargetKind, ...] = ("resolution",)
    priority_change: PriorityChange = "keep"
    reopen: Reopen = "continue"
    warnings: tuple[_Threshold, ...] = (0.75,)

    @field_validator("pauses")
    @classmethod
    def _distinct_pauses(cls, kinds: tuple[TargetKind, ...]) -> tuple[TargetKind, ...]:
        return distinct_kinds(kinds)

    @field_validator("warnings")
    @classmethod
    def _sorted_warnings(cls, thresholds: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(sorted(set(thresholds)))
