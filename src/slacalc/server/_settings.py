"""The service's settings: checked once, and passed to worker processes in the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from slacalc.policy import Policy, default_policy, load_policy
from slacalc.server._errors import ServerSettingsError

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_TICKETS",
    "ENV_MAX_BODY_BYTES",
    "ENV_MAX_TICKETS",
    "ENV_POLICY",
    "Settings",
    "check_count",
]

DEFAULT_MAX_BODY_BYTES: Final = 1_048_576
DEFAULT_MAX_TICKETS: Final = 1000
# What `serve` sets for `app_from_environment`, the factory every worker process calls.
ENV_POLICY: Final = "SLACALC_SERVER_POLICY"
ENV_MAX_BODY_BYTES: Final = "SLACALC_SERVER_MAX_BODY_BYTES"
ENV_MAX_TICKETS: Final = "SLACALC_SERVER_MAX_TICKETS"


def check_count(name: str, value: object, *, minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` if it is a whole number within the bounds, else ``ServerSettingsError``.

    Example:
        >>> check_count("workers", 2)
        2
    """
    bounded = isinstance(value, int) and not isinstance(value, bool) and value >= minimum
    if not bounded or (maximum is not None and value > maximum):  # type: ignore[operator]
        top = f" and at most {maximum}" if maximum is not None else ""
        raise ServerSettingsError(
            f"{name} must be a whole number of at least {minimum}{top}, got {value!r}"
        )
    return value  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Settings:
    """The policy file (``None``: the built-in policy) and the two request limits.

    Example:
        >>> Settings(None, 100, 10).environment()[ENV_MAX_TICKETS]
        '10'
        >>> Settings.from_environment(Settings(None, 100, 10).environment()).max_body_bytes
        100
    """

    policy_path: Path | None
    max_body_bytes: int
    max_tickets: int

    def __post_init__(self) -> None:
        check_count("max_body_bytes", self.max_body_bytes)
        check_count("max_tickets", self.max_tickets)

    def policy(self) -> Policy:
        """The policy to serve, loaded from its file if there is one.

        Raises:
            PolicyError: the file is missing or malformed; the problems name each field.
        """
        return default_policy() if self.policy_path is None else load_policy(self.policy_path)

    def environment(self) -> dict[str, str]:
        """These settings as the environment variables ``from_environment`` reads."""
        return {
            ENV_POLICY: "" if self.policy_path is None else str(self.policy_path.resolve()),
            ENV_MAX_BODY_BYTES: str(self.max_body_bytes),
            ENV_MAX_TICKETS: str(self.max_tickets),
        }

    @classmethod
    def from_environment(cls, environment: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from the environment; unset variables take the defaults.

        Raises:
            ServerSettingsError: a limit is not a whole number of at least 1.
        """
        found = os.environ if environment is None else environment
        path = found.get(ENV_POLICY, "")
        return cls(
            Path(path) if path else None,
            _whole(found, ENV_MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES),
            _whole(found, ENV_MAX_TICKETS, DEFAULT_MAX_TICKETS),
        )


def _whole(environment: Mapping[str, str], name: str, default: int) -> int:
    text = environment.get(name, "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise ServerSettingsError(f"{name} must be a whole number of at least 1, got {text!r}")
    return int(text)
