"""The ``slacalc`` argument parser, and the dispatch that turns every failure into one line."""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, Final, NoReturn

from slacalc.cli._options import (
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    instant_argument,
    one_line,
    os_message,
    zone_argument,
)
from slacalc.errors import SlacalcError

__all__ = ["build_parser", "run"]

_EXIT_CODES: Final = """\
exit status:
  0  done
  1  --fail-on-breach (status, evaluate) found a breached ticket
  2  bad input or usage: the one-line message on stderr names the argument and the fix
     (evaluate: some records were bad; their error records are in the output)
"""

_MAIN_EPILOG: Final = f"""\
examples:
  slacalc due --priority 2 --opened 2026-11-27T17:00Z
  slacalc status --priority P1 --opened 2026-11-27T17:00Z --now 2026-11-30T09:30Z
  slacalc evaluate tickets.csv -o results.csv
  slacalc evaluate --format jsonl - < tickets.jsonl
  slacalc calendar --from 2026-12-21T00:00Z --to 2027-01-04T00:00Z
  slacalc policy validate my_policy.toml

instants are ISO 8601 with an offset (2026-11-27T17:00Z, 2026-11-27T17:00+01:00);
without one they are refused. 'slacalc COMMAND --help' describes each command.

{_EXIT_CODES}"""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``slacalc: error: ARG: what; fix``."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"slacalc: error: {_reworded(message, self.prog)}\n")
        raise SystemExit(EXIT_USAGE)


def _reworded(message: str, prog: str) -> str:
    """Argparse's message in the ``ARGUMENT: what was wrong; the fix`` form."""
    hint = f"see '{prog} --help'"
    if match := re.fullmatch(r"argument (\S+): (.*)", message, re.DOTALL):
        name, what = match.groups()
        return f"{name.split('/')[-1]}: {one_line(what)}; {hint}"
    if match := re.fullmatch(r"the following arguments are required: (.*)", message):
        return f"{match.group(1)}: required but not given; {hint}"
    if match := re.fullmatch(r"unrecognized arguments: (\S+).*", message, re.DOTALL):
        return f"{match.group(1)}: unknown argument; {hint}"
    return f"{prog}: {one_line(message)}; {hint}"


def _whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    def check(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
        if value < low or (high is not None and value > high):
            limits = f"from {low} to {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"must be {limits}, got {value}")
        return value

    check.__name__ = "number"
    return check


class _Version(argparse.Action):
    """``--version``: looked up only when asked (``importlib.metadata`` is slow to import)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")
        del kwargs

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> None:
        from importlib.metadata import version  # noqa: PLC0415

        sys.stdout.write(f"slacalc {version('slacalc')}\n")
        parser.exit()


def _command(
    commands: Any, name: str, summary: str, examples: str, run: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        epilog=f"examples:\n{examples}\n\n{_EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.set_defaults(run=run)
    return parser


def _policy(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--policy", metavar="FILE", help="a policy file, TOML or JSON (default: the built-in one)"
    )


def _tz(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tz",
        metavar="ZONE",
        type=zone_argument,
        help="show instants in this IANA zone (default: the calendar's)",
    )


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for machines")


def _now(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--now",
        metavar="INSTANT",
        type=instant_argument("--now"),
        help="compute states at this instant (default: the current time)",
    )


def _ticket(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--priority", required=True, help="the tier: its number, key, name or alias (2, P2, major)"
    )
    parser.add_argument(
        "--opened", metavar="INSTANT", required=True, type=instant_argument("--opened")
    )
    parser.add_argument("--id", help="a ticket id, echoed in the output")


def _add_due_and_status(commands: Any) -> None:
    due = _command(
        commands,
        "due",
        "when a ticket's response and resolution are due",
        "  slacalc due --priority 2 --opened 2026-11-27T17:00Z\n"
        "  slacalc due --priority P1 --opened 2026-11-27T17:00Z --tz Europe/London --json",
        "_commands:run_due",
    )
    _ticket(due)
    for add in (_policy, _tz, _json):
        add(due)
    status = _command(
        commands,
        "status",
        "the state of a ticket's response and resolution at an instant",
        "  slacalc status --priority 1 --opened 2026-11-27T17:00Z --now 2026-11-30T09:30Z\n"
        "  slacalc status --priority P2 --opened 2026-12-24T16:00Z \\\n"
        "      --responded 2026-12-29T09:30Z --json --fail-on-breach",
        "_commands:run_status",
    )
    _ticket(status)
    for flag in ("--responded", "--resolved"):
        status.add_argument(flag, metavar="INSTANT", type=instant_argument(flag))
    for add in (_now, _policy, _tz, _json):
        add(status)
    status.add_argument("--fail-on-breach", action="store_true", help="exit 1 if breached")


def _add_evaluate(commands: Any) -> None:
    evaluate = _command(
        commands,
        "evaluate",
        "evaluate a file of tickets (CSV or JSON Lines), streamed",
        "  slacalc evaluate tickets.csv -o results.csv\n"
        "  slacalc evaluate tickets.jsonl --format json --now 2026-12-01T00:00Z\n"
        "  producer | slacalc evaluate --format jsonl - | consumer   # one answer per line\n\n"
        "input: CSV with a header naming id, opened_at, priority, responded_at, resolved_at\n"
        "(empty cells are missing), or JSON Lines, one ticket object per line; the format\n"
        "comes from --input-format, else the suffix, else the first character ({: JSON Lines).\n"
        "output: one record per input record, in order; a bad record gives an error record\n"
        "with its line number. See docs/cli.md for the CSV columns.",
        "_evaluate:run_evaluate",
    )
    evaluate.add_argument("file", metavar="FILE", help="the input file, or - for stdin")
    evaluate.add_argument("-o", "--output", metavar="OUT", help="write here (default: stdout)")
    evaluate.add_argument(
        "--format", choices=("csv", "jsonl", "json"), help="output format (default: the input's)"
    )
    evaluate.add_argument("--input-format", choices=("csv", "jsonl"))
    for add in (_now, _policy, _tz):
        add(evaluate)
    evaluate.add_argument("--fail-on-breach", action="store_true", help="exit 1 on any breach")
    evaluate.add_argument("--no-progress", action="store_true", help="never draw a progress bar")


def _add_calendar(commands: Any) -> None:
    calendar = _command(
        commands,
        "calendar",
        "the policy calendar's open windows and closures (with reasons)",
        "  slacalc calendar --from 2026-12-21T00:00Z --to 2027-01-04T00:00Z\n"
        "  slacalc calendar --from 2026-12-24T00:00Z --to 2026-12-30T00:00Z --json",
        "_commands:run_calendar",
    )
    calendar.add_argument(
        "--from",
        dest="start",
        metavar="INSTANT",
        type=instant_argument("--from"),
        help="the start (default: now)",
    )
    calendar.add_argument(
        "--to",
        dest="end",
        metavar="INSTANT",
        type=instant_argument("--to"),
        help="the end, excluded (default: 7 days after --from)",
    )
    for add in (_policy, _tz, _json):
        add(calendar)


def _add_policy(commands: Any) -> None:
    policy = _command(
        commands,
        "policy",
        "show, validate, export a policy, or print the policy file schema",
        "  slacalc policy show\n  slacalc policy validate my_policy.toml\n"
        "  slacalc policy export --format json > policy.json\n  slacalc policy schema",
        "",
    )
    actions = policy.add_subparsers(title="actions", dest="action", required=True)
    show = _command(
        actions,
        "show",
        "the tier table of a policy",
        "  slacalc policy show\n  slacalc policy show my_policy.toml --json",
        "_commands:run_policy_show",
    )
    show.add_argument("file", metavar="FILE", nargs="?", help="(default: the built-in policy)")
    _json(show)
    validate = _command(
        actions,
        "validate",
        "check a policy file: every problem, with its path",
        "  slacalc policy validate my_policy.toml",
        "_commands:run_policy_validate",
    )
    validate.add_argument("file", metavar="FILE")
    _json(validate)
    _command(
        actions,
        "schema",
        "the JSON Schema of policy files",
        "  slacalc policy schema > policy.schema.json",
        "_commands:run_policy_schema",
    )
    export = _command(
        actions,
        "export",
        "write a policy as a TOML or JSON policy file, on stdout",
        "  slacalc policy export --format toml > policy.toml",
        "_commands:run_policy_export",
    )
    export.add_argument("file", metavar="FILE", nargs="?", help="(default: the built-in policy)")
    export.add_argument("--format", choices=("toml", "json"), default="toml")


def _add_schema_and_serve(commands: Any) -> None:
    schema = _command(
        commands,
        "schema",
        "the JSON Schema of ticket records (input), results (output) or due records",
        "  slacalc schema input\n  slacalc schema output > result.schema.json",
        "_commands:run_schema",
    )
    schema.add_argument("kind", metavar="KIND", choices=("input", "output", "due"))
    serve = _command(
        commands,
        "serve",
        "run the HTTP service (needs pip install 'slacalc[server]')",
        "  slacalc serve\n  slacalc serve --port 9000 --policy my_policy.toml --workers 4",
        "_commands:run_serve",
    )
    serve.add_argument("--host", default="127.0.0.1", help="(default: 127.0.0.1, this machine)")
    serve.add_argument("--port", type=_whole_number(0, 65535), default=8080)
    _policy(serve)
    serve.add_argument("--workers", type=_whole_number(1), metavar="N")
    serve.add_argument("--max-body-bytes", type=_whole_number(1), metavar="N")
    serve.add_argument("--max-tickets", type=_whole_number(1), metavar="N")


def build_parser() -> argparse.ArgumentParser:
    """The ``slacalc`` parser with all its commands.

    Example:
        >>> build_parser().parse_args(["schema", "input"]).kind
        'input'
    """
    parser = _Parser(
        prog="slacalc",
        description="SLA due times and breach status in business time.",
        epilog=_MAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(title="commands", dest="command", required=True)
    _add_due_and_status(commands)
    _add_evaluate(commands)
    _add_calendar(commands)
    _add_policy(commands)
    _add_schema_and_serve(commands)
    return parser


def _dispatch(args: argparse.Namespace) -> int:
    module_name, function = str(args.run).split(":")
    module = importlib.import_module(f"slacalc.cli.{module_name}")
    status: int = getattr(module, function)(args)
    return status


def run(argv: Sequence[str] | None) -> int:
    """Parse ``argv`` and run the command; every failure is one line on stderr."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    try:
        return _dispatch(args)
    except CommandError as error:
        message = f"{error.argument}: {one_line(error.message)}"
    except SlacalcError as error:
        message = f"{args.command}: {one_line(str(error))}"
    except BrokenPipeError:  # the reader stopped reading (| head): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        message = f"{args.command}: {os_message(error)}"
    except KeyboardInterrupt:
        return 130
    sys.stderr.write(f"slacalc: error: {message}\n")
    return EXIT_USAGE
