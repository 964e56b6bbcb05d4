"""The ``slacalc`` command line: due times, states, files of tickets, calendars, policies.

``main`` parses the arguments and runs one command. Importing this package
is cheap: each command imports what it needs when it runs. See
``docs/cli.md`` or ``slacalc --help``.

Example:
    >>> from slacalc.cli import main
    >>> main(["due", "--priority", "2", "--opened", "2026-11-27T17:00Z", "--json"])
    {
      "id": null,
      "priority": "P2",
      "opened_at": "2026-11-27T17:00:00+00:00",
      "response_due": "2026-11-30T10:00:00+00:00",
      "resolution_due": "2026-12-15T17:00:00+00:00"
    }
    0
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``slacalc`` command line on ``argv`` and return the exit status.

    Args:
        argv: the arguments after the program name; ``None`` reads ``sys.argv``.

    Returns:
        0 when done, 1 when ``--fail-on-breach`` found a breach, 2 for bad input
        or usage (a one-line message on stderr names the argument and the fix).

    Example:
        >>> main(["policy", "show"])
        Element Human Support Services Policy (version 1)
        ...
        0
    """
    from slacalc.cli._app import run  # noqa: PLC0415 - keeps `import slacalc.cli` light

    return run(argv)
