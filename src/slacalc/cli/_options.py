"""What every command shares: the error it fails with, argument types, policy loading."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Final

from slacalc.errors import SlacalcError

if TYPE_CHECKING:
    from slacalc.policy import Policy

__all__ = [
    "EXIT_BREACH",
    "EXIT_OK",
    "EXIT_USAGE",
    "CommandError",
    "blame",
    "instant_argument",
    "load_chosen_policy",
    "one_line",
    "os_message",
    "parse_now",
    "write_out",
    "zone_argument",
]

EXIT_OK: Final = 0
EXIT_BREACH: Final = 1
EXIT_USAGE: Final = 2


class CommandError(Exception):
    """A command cannot go on: ``argument`` names what was wrong, ``message`` the fix.

    Example:
        >>> str(CommandError("--opened", "must carry a UTC offset"))
        '--opened: must carry a UTC offset'
    """

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument
        self.message = message


def one_line(text: str) -> str:
    r"""Fold a multi-line message (a heading and indented problems) into one line.

    Example:
        >>> one_line("invalid Policy: 2 problems\n  name: missing\n  tiers: empty")
        'invalid Policy: 2 problems: name: missing; tiers: empty'
    """
    head, *rest = [line.strip() for line in text.strip().splitlines() if line.strip()] or [""]
    return f"{head}: {'; '.join(rest)}" if rest else head


def _without_name(message: str, name: str) -> str:
    """The library's message without its leading argument name (we print it in front)."""
    return message.removeprefix(f"{name} ").removeprefix(f"{name}: ")


def os_message(error: OSError) -> str:
    """What went wrong with a file, and the fix.

    Example:
        >>> os_message(FileNotFoundError(2, "No such file or directory", "p.toml"))
        'No such file or directory (p.toml); check the path and its permissions'
    """
    reason = error.strerror or str(error)
    where = f" ({error.filename})" if error.filename else ""
    return f"{reason}{where}; check the path and its permissions"


@contextlib.contextmanager
def blame(argument: str) -> Iterator[None]:
    """Turn a slacalc error or an OS error inside the block into a ``CommandError``.

    Example:
        >>> with blame("--policy"):
        ...     open("/nonexistent/policy.toml")
        Traceback (most recent call last):
        ...
        slacalc.cli._options.CommandError: --policy: No such file or directory (...); ...
    """
    try:
        yield
    except SlacalcError as error:
        raise CommandError(argument, one_line(str(error))) from None
    except BrokenPipeError:  # the reader went away: not this argument's fault
        raise
    except OSError as error:
        raise CommandError(argument, os_message(error)) from None


def instant_argument(name: str) -> Callable[[str], str]:
    """An argparse ``type`` that accepts an ISO 8601 instant with an offset (kept as text).

    Example:
        >>> check = instant_argument("--opened")
        >>> check("2026-11-27T17:00Z")
        '2026-11-27T17:00Z'
        >>> check("2026-11-27T17:00")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: must carry a UTC offset, e.g. ...; got ... (append Z or +HH:MM)
    """
    from slacalc.schemas import parse_instant  # noqa: PLC0415 - keeps `import slacalc.cli` light

    def check(text: str) -> str:
        try:
            parse_instant(text, name)
        except SlacalcError as error:
            raise argparse.ArgumentTypeError(_without_name(str(error), name)) from None
        return text

    check.__name__ = "instant"  # argparse names the type in some messages
    return check


def parse_now(text: str | None, name: str = "--now") -> datetime:
    """An instant option (``--now``) as an aware datetime; the current time when not given.

    Example:
        >>> parse_now("2026-11-30T09:30:00Z").isoformat()
        '2026-11-30T09:30:00+00:00'
    """
    if text is None:
        return datetime.now(UTC)
    from slacalc.schemas import parse_instant  # noqa: PLC0415

    with blame(name):
        return parse_instant(text, name)


def zone_argument(text: str) -> str:
    """An argparse ``type`` that accepts an IANA zone name, ``GMT`` or ``UTC``.

    Example:
        >>> zone_argument("Europe/London")
        'Europe/London'
        >>> zone_argument("Europe/Londn")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: unknown time zone 'Europe/Londn'; use an IANA name ...
    """
    from slacalc.schemas import parse_zone  # noqa: PLC0415

    try:
        parse_zone(text)
    except SlacalcError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def load_chosen_policy(path: str | None, argument: str = "--policy") -> Policy:
    """The policy in ``path`` (TOML or JSON), or the built-in one when ``path`` is ``None``.

    Raises:
        CommandError: the file cannot be read or holds an invalid policy.

    Example:
        >>> load_chosen_policy(None).tiers[0].key
        'P1'
    """
    from slacalc.policy import default_policy, load_policy  # noqa: PLC0415

    if path is None:
        return default_policy()
    with blame(argument):
        return load_policy(path)


def write_out(text: str) -> None:
    """Write ``text`` and a newline to standard output."""
    sys.stdout.write(text + "\n")
