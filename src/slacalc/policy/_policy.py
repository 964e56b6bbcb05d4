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
    >>> policy.day_length
    datetime.timedelta(seconds=32400)
"""  # noqa: E501

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field, ValidationInfo, field_validator, model_validator

from slacalc._models import describe_problems
from slacalc._render import html_table
from slacalc.calendar import BusinessCalendar
from slacalc.errors import (
    PolicyError,
    PolicyTypeError,
    PriorityTypeError,
    Problem,
    UnknownChannelError,
    UnknownPriorityError,
)
from slacalc.policy._clock_rules import ClockRules, TargetKind
from slacalc.policy._files import read_policy_file, write_policy_file
from slacalc.policy._grammar import (
    LONGEST_BUSINESS_DAY,
    LONGEST_BUSINESS_DAY_TEXT,
    parse_length_words,
)
from slacalc.policy._rules import DueRule, NoTarget, business_day_of, compile_target
from slacalc.policy._target import PolicyModel, Target, Text
from slacalc.policy._tiers import Channel, Tier

if TYPE_CHECKING:
    import os

__all__ = [
    "Channel",
    "Policy",
    "Tier",
    "default_policy",
    "dump_policy",
    "load_policy",
    "policy_json_schema",
]


@dataclass(frozen=True, slots=True)
class _Plan:
    """A tier with its targets compiled; what a priority lookup returns.

    ``pauses`` is the set of targets a pause stops for this tier (its own,
    or the policy's); ``warnings`` the policy's thresholds.
    """

    tier: Tier
    response: DueRule
    resolution: DueRule
    pauses: frozenset[TargetKind]
    warnings: tuple[float, ...]
    response_spelling: str = field(init=False, repr=False, compare=False)
    resolution_spelling: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "response_spelling", self.tier.response.spelling)
        object.__setattr__(self, "resolution_spelling", self.tier.resolution.spelling)


@dataclass(frozen=True, slots=True)
class _Index:
    by_number: dict[int, _Plan]
    by_label: dict[str, _Plan]
    channels: dict[str, tuple[Channel, DueRule]]
    day_length: timedelta


class Policy(PolicyModel):
    """A support policy: calendar, business day, tiers, channels and the clock's rules.

    ``business_day_length=None`` derives one business day from the
    calendar's weekly hours; a calendar whose open weekdays differ in length
    must state it. ``clock`` says how pauses, priority changes, reopening
    and warnings work (see ``ClockRules``; every rule has a default).

    Example:
        >>> import slacalc
        >>> policy = slacalc.default_policy()
        >>> policy.day_length
        datetime.timedelta(seconds=32400)
        >>> slacalc.resolution_due("2026-11-27T17:00:00Z", 1, policy=policy).isoformat()
        '2026-11-30T12:00:00+00:00'
    """

    name: Text
    version: Text
    calendar: BusinessCalendar
    business_day_length: timedelta | None = Field(default=None, validate_default=True)
    tiers: tuple[Tier, ...] = Field(min_length=1)
    channels: tuple[Channel, ...] = ()
    clock: ClockRules = ClockRules()
    # The compiled tiers and channels, set once by validation. A slot, not a
    # pydantic private attribute: those are slow to read (microseconds, which
    # would double the cost of response_due) and could be assigned to. Copies
    # and unpickled policies are validated again, which fills it.
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
            if value > LONGEST_BUSINESS_DAY:
                msg = (
                    f"{value} is longer than a business day can be ({LONGEST_BUSINESS_DAY_TEXT}: "
                    "the business time of one day); write e.g. 'PT9H' or '9 hours'"
                )
                raise ValueError(msg)
            return value
        calendar = info.data.get("calendar")
        if isinstance(calendar, BusinessCalendar):
            business_day_of(calendar)  # raises when it cannot be derived
        return value

    @field_validator("business_day_length", mode="before")
    @classmethod
    def _read_hours_spelling(cls, value: Any) -> Any:
        if isinstance(value, bool):  # pydantic would read True as one second
            msg = "must be a length such as 'PT9H', '9 hours' or 32400 (seconds), not a boolean"
            raise PolicyTypeError(msg)
        if isinstance(value, str):
            return parse_length_words(value) or value
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
        problems: list[Problem] = []

        def compile_at(target: Target, calendar: BusinessCalendar | None, where: str) -> DueRule:
            try:
                if calendar is None:
                    return compile_target(target, self.calendar, day_length)
                # A channel's own calendar counts as a target's own: in its own day.
                return compile_target(target, calendar, None)
            except ValueError as error:
                problems.append(Problem(where, str(error), target.spelling))
                return NoTarget(self.calendar)  # never used: the policy is refused below

        by_number: dict[int, _Plan] = {}
        by_label: dict[str, _Plan] = {}
        for number, tier in enumerate(self.tiers):
            plan = _Plan(
                tier,
                compile_at(tier.response, None, f"tiers[{number}].response"),
                compile_at(tier.resolution, None, f"tiers[{number}].resolution"),
                frozenset(self.clock.pauses if tier.pauses is None else tier.pauses),
                self.clock.warnings,
            )
            by_number[tier.priority] = plan
            by_label.update(dict.fromkeys(tier.labels, plan))
        channels = {
            channel.key.casefold(): (
                channel,
                compile_at(channel.response, channel.calendar, f"channels[{number}].response"),
            )
            for number, channel in enumerate(self.channels)
        }
        if problems:
            raise PolicyError("\n".join(map(str, problems)), tuple(problems))
        object.__setattr__(self, "_fast_index", _Index(by_number, by_label, channels, day_length))
        return self

    @property
    def _compiled(self) -> _Index:
        try:
            return self._fast_index
        except AttributeError:  # only a model_construct()ed policy gets here
            raise PolicyError(
                "this Policy was built without validation; use Policy(...) or load_policy()"
            ) from None

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
            label = priority.strip().casefold()
            plan = index.by_label.get(label)
            if plan is None and label.isascii() and label.isdigit():
                plan = index.by_number.get(int(label))  # "2", as CSV files carry it
        elif isinstance(priority, bool) or not hasattr(priority, "__index__"):
            raise PriorityTypeError(
                "a priority is a tier's number or its key, name or an alias; "
                f"got {type(priority).__name__} {priority!r}; the tiers: {self._tier_choices()}"
            )
        else:
            plan = index.by_number.get(priority.__index__())  # numpy and other integers
        if plan is None:
            raise UnknownPriorityError(self._unknown_priority(priority))
        return plan

    def _tier_choices(self) -> str:
        return "; ".join(
            " / ".join([str(tier.priority), tier.key, tier.name, *tier.aliases])
            for tier in self.tiers
        )

    def _unknown_priority(self, priority: object) -> str:
        return (
            f"priority {priority!r} matches no tier of {self.name!r}; use a tier's number "
            f"(an int) or its key, name or an alias (any case): {self._tier_choices()}"
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
        return self._channel_rule(key)[0]

    def _channel_rule_for(self, channel: Channel) -> DueRule:
        """The compiled rule of a channel object, of this policy or not."""
        found = self._compiled.channels.get(channel.key.casefold())
        if found is not None and found[0] == channel:
            return found[1]
        try:
            if channel.calendar is None:
                return compile_target(channel.response, self.calendar, self.day_length)
            return compile_target(channel.response, channel.calendar, None)
        except ValueError as error:
            raise PolicyError(f"channel {channel.key!r}: {error}") from None

    def _channel_rule(self, key: str) -> tuple[Channel, DueRule]:
        channels = self._compiled.channels
        found = channels.get(key.strip().casefold()) if isinstance(key, str) else None
        if found is None:
            known = ", ".join(channel.key for channel in self.channels) or "none"
            raise UnknownChannelError(
                f"policy {self.name!r} has no channel {key!r}; channels: {known}"
            )
        return found

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
    if isinstance(source, Mapping):
        return Policy.model_validate(source)
    path = Path(source)
    data = read_policy_file(path)
    try:
        return Policy.model_validate(data)
    except PolicyError as error:  # the same problems, under a heading naming the file
        heading = f"Policy in {str(path)!r}"
        raise type(error)(describe_problems(heading, error.problems), error.problems) from None


def dump_policy(policy: Policy, path: str | os.PathLike[str]) -> None:
    """Write ``policy`` to ``path``: JSON for ``*.json``, TOML for ``*.toml``.

    TOML needs the ``toml`` extra (``pip install 'slacalc[toml]'``).

    Raises:
        PolicyError: ``path`` has another suffix.
        MissingDependencyError: TOML without ``tomli-w`` (the ``toml`` extra).

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
    data_file = resources.files("slacalc.policy").joinpath("data", "element_human.toml")
    with resources.as_file(data_file) as path:
        return load_policy(path)
