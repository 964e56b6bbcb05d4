"""The policy model: tiers, targets and contact channels, as frozen data.

A ``Policy`` is what a support contract says: a business calendar, the
length of one business day, the priority tiers with their response and
resolution targets, and the contact channels. It is read from TOML or JSON
(``load_policy``), written back (``dump_policy``) and described by a JSON
Schema (``policy_json_schema``). ``default_policy()`` is the Element Human
Support Services Policy that ships with slacalc.

Example:
    >>> import slacalc
    >>> policy = slacalc.default_policy()
    >>> policy.tier("major")
    Tier(priority=2, key='P2', name='Major Issue', response=Target('2 business hours'), resolution=Target('12 business days'))
    >>> policy.response_due("2026-11-27T17:00:00Z", "P1").isoformat()
    '2026-11-30T10:00:00+00:00'
"""  # noqa: E501

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from slacalc._due import DueRule
from slacalc._errors import PolicyError, UnknownChannelError, UnknownPriorityError
from slacalc._policy_io import describe_validation_error, read_policy_file, write_policy_file
from slacalc._render import html_table
from slacalc._target import DayRule, PolicyModel, Target, TargetUnit, Text, business_day_of
from slacalc.calendar import BusinessCalendar

if TYPE_CHECKING:
    import os
    from datetime import datetime

    from slacalc.sla import SlaReport, TargetStatus, Ticket

__all__ = [
    "Channel",
    "DayRule",
    "Policy",
    "Target",
    "TargetUnit",
    "Tier",
    "default_policy",
    "dump_policy",
    "load_policy",
    "policy_json_schema",
]


class Tier(PolicyModel):
    """A priority tier: how it is recognised and reported, and its two targets.

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
    """A contact channel and its normal response time.

    ``calendar=None`` means the policy's calendar. A ticket's tier targets
    govern a ticket; a channel's response is the normal reply to a message.

    Example:
        >>> import slacalc
        >>> channel = slacalc.default_policy().channel("email_support")
        >>> channel.response
        Target('2 business days')
        >>> channel.response_due("2026-11-27T17:00:00Z").isoformat()
        '2026-12-01T17:00:00+00:00'
    """

    key: Text
    name: Text
    contact: str = ""
    availability: str = ""
    calendar: BusinessCalendar | None = None
    response: Target
    _rule: DueRule | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _compile_own(self) -> Channel:
        if self.calendar is not None:
            self._rule = self.response.compile(self.calendar, None)
        return self

    def response_due(self, received_at: datetime | str) -> datetime | None:
        """Return when a reply to a message received at ``received_at`` is due.

        Raises:
            PolicyError: the channel has no calendar of its own and was not
                taken from a policy with ``policy.channel(key)``.
        """
        rule = self._rule
        if rule is None:
            raise PolicyError(
                f"channel {self.key!r} has no calendar of its own; "
                "use policy.channel(key).response_due(...) to use the policy's calendar"
            )
        return rule.due(received_at)

    def _bound(self, rule: DueRule) -> Channel:
        bound = self.model_copy()
        bound._rule = rule  # noqa: SLF001  # a copy of this same class
        return bound


@dataclass(frozen=True, slots=True)
class _Plan:
    """A tier with its targets compiled; what a priority lookup returns."""

    tier: Tier
    response: DueRule
    resolution: DueRule


@dataclass(frozen=True, slots=True)
class _Index:
    by_number: dict[int, _Plan]
    by_label: dict[str, _Plan]
    channels: dict[str, Channel]
    day_length: timedelta


class Policy(PolicyModel):
    """A support policy: calendar, business day, tiers and channels.

    ``business_day_length=None`` derives one business day from the
    calendar's weekly hours; a calendar whose open weekdays differ in length
    must state it.

    Example:
        >>> import slacalc
        >>> policy = slacalc.default_policy()
        >>> policy.day_length
        datetime.timedelta(seconds=32400)
        >>> policy.resolution_due("2026-11-27T17:00:00Z", 1).isoformat()
        '2026-11-30T12:00:00+00:00'
    """

    name: Text
    version: Text
    calendar: BusinessCalendar
    business_day_length: timedelta | None = Field(default=None, validate_default=True)
    tiers: tuple[Tier, ...] = Field(min_length=1)
    channels: tuple[Channel, ...] = ()
    _index: _Index | None = PrivateAttr(default=None)
    # pydantic reads private attributes slowly (microseconds), which would
    # double the cost of response_due; a slot caches the index (copies and
    # unpickled policies refill it from _index on first use).
    __slots__ = ("_fast_index",)
    if TYPE_CHECKING:
        _fast_index: _Index

    @field_validator("business_day_length")
    @classmethod
    def _check_day_length(cls, value: timedelta | None, info: ValidationInfo) -> timedelta | None:
        if value is not None:
            if value <= timedelta(0):
                msg = f"must be positive, e.g. 'PT9H' or '9 hours', not {value}"
                raise ValueError(msg)
            return value
        calendar = info.data.get("calendar")
        if isinstance(calendar, BusinessCalendar):
            business_day_of(calendar)  # raises when it cannot be derived
        return value

    @field_validator("business_day_length", mode="before")
    @classmethod
    def _read_hours_spelling(cls, value: Any) -> Any:
        if isinstance(value, str):
            number, _, unit = value.strip().partition(" ")
            if unit.strip() in {"hours", "hour", "minutes", "minute"} and number.isdigit():
                return timedelta(**{unit.strip().rstrip("s") + "s": int(number)})
        return value

    @field_validator("tiers")
    @classmethod
    def _check_tiers_distinct(cls, tiers: tuple[Tier, ...]) -> tuple[Tier, ...]:
        numbers: dict[int, str] = {}
        labels: dict[str, str] = {}
        for tier in tiers:
            if tier.priority in numbers:
                first = numbers[tier.priority]
                msg = f"priority {tier.priority} is used by both {first} and {tier.key}"
                raise ValueError(msg)
            numbers[tier.priority] = tier.key
            for label in tier.labels:
                if labels.setdefault(label, tier.key) != tier.key:
                    msg = f"{label!r} names both {labels[label]} and {tier.key}"
                    raise ValueError(msg)
        return tiers

    @field_validator("channels")
    @classmethod
    def _check_channels_distinct(cls, channels: tuple[Channel, ...]) -> tuple[Channel, ...]:
        keys = [channel.key.casefold() for channel in channels]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            msg = f"channel keys must be distinct; repeated: {', '.join(duplicates)}"
            raise ValueError(msg)
        return channels

    @model_validator(mode="after")
    def _compile(self) -> Policy:
        day_length = self.business_day_length or business_day_of(self.calendar)

        def compile_target(target: Target, where: str) -> DueRule:
            try:
                return target.compile(self.calendar, day_length)
            except ValueError as error:
                msg = f"{where}: {error}"
                raise ValueError(msg) from None

        by_number: dict[int, _Plan] = {}
        by_label: dict[str, _Plan] = {}
        for number, tier in enumerate(self.tiers):
            plan = _Plan(
                tier,
                compile_target(tier.response, f"tiers[{number}].response"),
                compile_target(tier.resolution, f"tiers[{number}].resolution"),
            )
            by_number[tier.priority] = plan
            by_label.update(dict.fromkeys(tier.labels, plan))
        channels = {
            # A channel with a calendar of its own compiled itself when validated.
            channel.key.casefold(): channel
            if channel.calendar is not None
            else channel._bound(  # noqa: SLF001  # same module
                compile_target(channel.response, f"channels[{number}].response")
            )
            for number, channel in enumerate(self.channels)
        }
        self._index = _Index(by_number, by_label, channels, day_length)
        return self

    @property
    def _compiled(self) -> _Index:
        try:
            return self._fast_index
        except AttributeError:
            index = self._index
            if index is None:  # only a model_construct()ed policy gets here
                raise PolicyError(
                    "this Policy was built without validation; use Policy(...) or load_policy()"
                ) from None
            object.__setattr__(self, "_fast_index", index)
            return index

    @property
    def day_length(self) -> timedelta:
        """One business day: ``business_day_length``, or derived from the weekly hours."""
        return self._compiled.day_length

    def _plan(self, priority: int | str) -> _Plan:
        index = self._compiled
        plan: _Plan | None = None
        if type(priority) is int:
            plan = index.by_number.get(priority)
        elif isinstance(priority, str):
            plan = index.by_label.get(priority.strip().casefold())
        elif isinstance(priority, int) and not isinstance(priority, bool):
            plan = index.by_number.get(int(priority))
        if plan is None:
            raise UnknownPriorityError(self._unknown_priority(priority))
        return plan

    def _unknown_priority(self, priority: object) -> str:
        choices = "; ".join(
            " / ".join([str(tier.priority), tier.key, tier.name, *tier.aliases])
            for tier in self.tiers
        )
        return (
            f"priority {priority!r} matches no tier of {self.name!r}; use a tier's number "
            f"(an int) or its key, name or an alias (any case): {choices}"
        )

    def tier(self, priority: int | str) -> Tier:
        """Return the tier a priority selects: its number, key, name or an alias.

        Raises:
            UnknownPriorityError: no tier matches; the message lists them.

        Example:
            >>> import slacalc
            >>> slacalc.default_policy().tier(" p4 ").name
            'Error or Cosmetic'
        """
        return self._plan(priority).tier

    def channel(self, key: str) -> Channel:
        """Return a contact channel by key (any case), bound to this policy's calendar.

        Raises:
            UnknownChannelError: the policy has no such channel.

        Example:
            >>> import slacalc
            >>> slacalc.default_policy().channel("privacy").contact
            'privacy@elementhuman.com'
        """
        channels = self._compiled.channels
        found = channels.get(key.strip().casefold()) if isinstance(key, str) else None
        if found is None:
            known = ", ".join(channel.key for channel in self.channels) or "none"
            raise UnknownChannelError(
                f"policy {self.name!r} has no channel {key!r}; channels: {known}"
            )
        return found

    def response_due(self, opened_at: datetime | str, priority: int | str) -> datetime | None:
        """Return when the response to a ticket is due (``None``: no time target).

        See ``slacalc.response_due``.
        """
        return self._plan(priority).response.due(opened_at)

    def resolution_due(self, opened_at: datetime | str, priority: int | str) -> datetime | None:
        """Return when the resolution of a ticket is due (``None``: no time target).

        See ``slacalc.resolution_due``.
        """
        return self._plan(priority).resolution.due(opened_at)

    def response_status(
        self,
        opened_at: datetime | str,
        priority: int | str,
        *,
        responded_at: datetime | str | None = None,
        now: datetime | str | None = None,
    ) -> TargetStatus:
        """Return the state of a ticket's response target at ``now``.

        See ``slacalc.response_status``.
        """
        from slacalc import sla  # noqa: PLC0415  # sla imports this module

        return sla.response_status(
            opened_at, priority, responded_at=responded_at, now=now, policy=self
        )

    def resolution_status(
        self,
        opened_at: datetime | str,
        priority: int | str,
        *,
        resolved_at: datetime | str | None = None,
        now: datetime | str | None = None,
    ) -> TargetStatus:
        """Return the state of a ticket's resolution target at ``now``.

        See ``slacalc.resolution_status``.
        """
        from slacalc import sla  # noqa: PLC0415  # sla imports this module

        return sla.resolution_status(
            opened_at, priority, resolved_at=resolved_at, now=now, policy=self
        )

    def evaluate(self, ticket: Ticket, *, now: datetime | str | None = None) -> SlaReport:
        """Return the response and resolution status of ``ticket`` at ``now``.

        See ``slacalc.evaluate``.
        """
        from slacalc import sla  # noqa: PLC0415  # sla imports this module

        return sla.evaluate(ticket, now=now, policy=self)

    def to_dict(self) -> dict[str, Any]:
        """Return the policy as file data (JSON-compatible; targets spelled compactly).

        Example:
            >>> import slacalc
            >>> slacalc.default_policy().to_dict()["tiers"][0]["response"]
            '2 business hours'
        """
        data: dict[str, Any] = self.model_dump(
            mode="json", exclude_none=True, context={"compact": True}
        )
        return data

    def __str__(self) -> str:
        lines = [f"{self.name} (version {self.version})"]
        width = max(len(f"{tier.key} {tier.name}") for tier in self.tiers)
        lines.extend(
            f"  {f'{tier.key} {tier.name}':<{width}}  response {tier.response.spelling:<18}"
            f"  resolution {tier.resolution.spelling}"
            for tier in self.tiers
        )
        return "\n".join(lines)

    def __repr__(self) -> str:
        tiers = "; ".join(
            f"{tier.key} {tier.name}: {tier.response} / {tier.resolution}" for tier in self.tiers
        )
        return f"Policy({self.name!r}, version={self.version!r}, tiers=[{tiers}])"

    def _repr_html_(self) -> str:
        header = ["Priority", "What", "Description", "Issue reporting method"]
        rows = [
            [tier.priority, tier.name, tier.description, tier.reporting]
            + [
                target.spelling + (f" ({target.note})" if target.note else "")
                for target in (tier.response, tier.resolution)
            ]
            for tier in self.tiers
        ]
        caption = f"{self.name} (version {self.version})"
        return html_table(caption, [*header, "Response Time", "Resolution Time"], rows)


def load_policy(source: str | os.PathLike[str] | Mapping[str, Any]) -> Policy:
    """Read a policy from a TOML or JSON file, or from already-parsed data.

    Raises:
        PolicyError: the data is malformed; the message names each bad
            field's path and value.
        OSError: the file cannot be read.

    Example:
        >>> policy = load_policy({
        ...     "name": "Night desk", "version": "1",
        ...     "calendar": {"hours": {"daily": "22:00-06:00"}},
        ...     "tiers": [{"priority": 1, "key": "P1", "name": "Urgent",
        ...                "response": "30 business minutes", "resolution": "none: best effort"}],
        ... })
        >>> policy.day_length
        datetime.timedelta(seconds=28800)
    """
    data = source if isinstance(source, Mapping) else read_policy_file(Path(source))
    try:
        return Policy.model_validate(data)
    except ValidationError as error:
        raise PolicyError(describe_validation_error(error, "Policy")) from None


def dump_policy(policy: Policy, path: str | os.PathLike[str]) -> None:
    """Write ``policy`` to ``path``: JSON for ``*.json``, TOML for ``*.toml``.

    TOML needs the ``toml`` extra (``pip install 'slacalc[toml]'``).

    Raises:
        PolicyError: ``path`` has another suffix.
        ModuleNotFoundError: TOML without ``tomli-w`` installed.

    Example:
        >>> import slacalc, tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder, "policy.json")
        ...     dump_policy(slacalc.default_policy(), path)
        ...     load_policy(path) == slacalc.default_policy()
        True
    """
    write_policy_file(policy.to_dict(), Path(path))


def policy_json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of policy files.

    Example:
        >>> schema = policy_json_schema()
        >>> schema["title"], sorted(schema["required"])
        ('Policy', ['calendar', 'name', 'tiers', 'version'])
    """
    schema = Policy.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


@functools.cache
def default_policy() -> Policy:
    """Return the Element Human Support Services Policy shipped with slacalc (cached).

    Mon-Fri 09:00-18:00 GMT (fixed UTC+0), closed on England & Wales bank
    holidays; one business day is 9 business hours.

    Example:
        >>> policy = default_policy()
        >>> [tier.key for tier in policy.tiers]
        ['P1', 'P2', 'P3', 'P4']
        >>> default_policy() is policy
        True
    """
    data_file = resources.files("slacalc").joinpath("data", "element_human.toml")
    with resources.as_file(data_file) as path:
        return load_policy(path)
