"""A priority tier and a contact channel: what a policy lists, as frozen data."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from slacalc.calendar import BusinessCalendar
from slacalc.policy._clock_rules import TargetKind, distinct_kinds
from slacalc.policy._target import PolicyModel, Target, Text

__all__ = ["Channel", "Tier"]


class Tier(PolicyModel):
    """A priority tier: how it is recognised and reported, and its two targets.

    ``pauses`` names the targets a pause stops for tickets of this tier;
    ``None`` (the default) means the policy's ``clock.pauses``.

    Example:
        >>> tier = Tier(priority=3, key="P3", name="Minor Issue", aliases=("minor",),
        ...             response="2 business days", resolution="7 business days")
        >>> tier.response
        Target('2 business days')
    """

    priority: Annotated[int, Field(strict=True, ge=0)]
    key: Text
    name: Text
    aliases: tuple[Text, ...] = ()
    description: str = ""
    reporting: str = ""
    response: Target
    resolution: Target
    pauses: tuple[TargetKind, ...] | None = None

    @field_validator("pauses")
    @classmethod
    def _distinct_pauses(
        cls, kinds: tuple[TargetKind, ...] | None
    ) -> tuple[TargetKind, ...] | None:
        return None if kinds is None else distinct_kinds(kinds)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every string that selects this tier, case-folded: key, name and aliases."""
        return tuple(
            dict.fromkeys(text.casefold() for text in (self.key, self.name, *self.aliases))
        )

    def __repr__(self) -> str:
        return (
            f"Tier(priority={self.priority}, key={self.key!r}, name={self.name!r}, "
            f"response={self.response!r}, resolution={self.resolution!r})"
        )


class Channel(PolicyModel):
    """A contact channel and its normal response time, as data.

    ``calendar=None`` means the policy's calendar. A ticket's tier targets
    govern a ticket; a channel's response is the normal reply to a message
    (see ``slacalc.channel_response_due``).

    Example:
        >>> import slacalc
        >>> channel = slacalc.default_policy().channel("email_support")
        >>> channel.response
        Target('2 business days')
        >>> slacalc.channel_response_due("2026-11-27T17:00:00Z", channel).isoformat()
        '2026-12-01T17:00:00+00:00'
    """

    key: Text
    name: Text
    contact: str = ""
    availability: str = ""
    calendar: BusinessCalendar | None = None
    response: Target

    def __repr__(self) -> str:
        return f"Channel(key={self.key!r}, name={self.name!r}, response={self.response!r})"
