"""The commands other than ``evaluate``: each takes parsed arguments, returns the exit status.

Heavy modules (the schemas, the server, the holidays package) are imported
inside the command that needs them, so ``--help`` and the other commands
do not pay for them.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo
from typing import Any, Final

from slacalc.cli._options import (
    EXIT_BREACH,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    blame,
    load_chosen_policy,
    one_line,
    os_message,
    parse_now,
    write_out,
)
from slacalc.cli._table import format_pairs, format_table
from slacalc.errors import MissingDependencyError, PolicyError, SlacalcError, UnknownPriorityError

__all__ = [
    "run_calendar",
    "run_due",
    "run_policy_export",
    "run_policy_schema",
    "run_policy_show",
    "run_policy_validate",
    "run_schema",
    "run_serve",
    "run_status",
]

_TICKET_FLAGS: Final = {
    "opened_at": "--opened",
    "priority": "--priority",
    "responded_at": "--responded",
    "resolved_at": "--resolved",
    "id": "--id",
    "now": "--now",
}


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def _flag_of(error: SlacalcError) -> str:
    """The option a refused ticket's error is about (its first problem, else its message)."""
    for problem in error.problems:
        field = problem.path.split(".")[0]
        if field in _TICKET_FLAGS:
            return _TICKET_FLAGS[field]
    if isinstance(error, UnknownPriorityError):
        return "--priority"
    message = str(error)
    found = [
        (message.find(field), flag) for field, flag in _TICKET_FLAGS.items() if field in message
    ]
    return min(found)[1] if found else "--opened"


def _shown(value: str | None, missing: str = "no target") -> str:
    return missing if value is None else value


def run_due(args: argparse.Namespace) -> int:
    """``slacalc due``: when the response and the resolution are due."""
    from slacalc.schemas import due_record  # noqa: PLC0415

    policy = load_chosen_policy(args.policy)
    try:
        record = due_record(
            args.opened, args.priority, policy=policy, zone=args.tz, record_id=args.id
        )
    except SlacalcError as error:
        raise CommandError(_flag_of(error), one_line(str(error))) from None
    if args.json:
        write_out(_json(record))
        return EXIT_OK
    pairs = [("id", record["id"])] if record["id"] is not None else []
    pairs += [
        ("priority", record["priority"]),
        ("opened at", record["opened_at"]),
        ("response due", _shown(record["response_due"])),
        ("resolution due", _shown(record["resolution_due"])),
    ]
    write_out(format_pairs(pairs))
    return EXIT_OK


def _target_row(name: str, target: Mapping[str, Any]) -> list[str]:
    used = target["fraction_used"]
    return [
        name,
        target["state"],
        target["target"],
        _shown(target["due"], "-"),
        _shown(target["completed_at"], "-"),
        target["elapsed"],
        _shown(target["remaining"], "-"),
        "-" if used is None else f"{used:.0%}",
        _shown(target["overdue_by"], "-"),
    ]


def run_status(args: argparse.Namespace) -> int:
    """``slacalc status``: the states of one ticket's response and resolution at ``--now``."""
    from slacalc.schemas import evaluate_record  # noqa: PLC0415

    policy = load_chosen_policy(args.policy)
    fields = {
        "id": args.id,
        "opened_at": args.opened,
        "priority": args.priority,
        "responded_at": args.responded,
        "resolved_at": args.resolved,
    }
    record = {name: value for name, value in fields.items() if value is not None}
    try:
        result = evaluate_record(record, now=parse_now(args.now), policy=policy, zone=args.tz)
    except SlacalcError as error:
        raise CommandError(_flag_of(error), one_line(str(error))) from None
    if args.json:
        write_out(_json(result))
    else:
        pairs = [("id", str(result["id"]))] if result["id"] is not None else []
        pairs += [
            ("priority", result["priority"]),
            ("opened at", result["opened_at"]),
            ("now", result["now"]),
            ("breached", "yes" if result["breached"] else "no"),
        ]
        header = ["target", "state", "goal", "due", "completed", "elapsed", "remaining"]
        rows = [_target_row(name, result[name]) for name in ("response", "resolution")]
        table = format_table([*header, "used", "overdue by"], rows)
        write_out(format_pairs(pairs) + "\n\n" + table)
    return EXIT_BREACH if args.fail_on_breach and result["breached"] else EXIT_OK


def _zone(name: str | None, default: tzinfo) -> tzinfo:
    from slacalc.schemas import parse_zone  # noqa: PLC0415

    return default if name is None else parse_zone(name)


def _moment(moment: datetime) -> str:
    text = moment.isoformat(sep=" ", timespec="seconds" if moment.second else "minutes")
    return f"{moment:%a} {text}"


def _length(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02}"


def run_calendar(args: argparse.Namespace) -> int:
    """``slacalc calendar``: open windows and closures (with reasons) in ``[--from, --to)``."""
    from slacalc.cli._calendar_view import calendar_windows  # noqa: PLC0415

    policy = load_chosen_policy(args.policy)
    calendar = policy.calendar
    start = parse_now(args.start, "--from").astimezone(calendar.zone)
    end = start + timedelta(days=7) if args.end is None else parse_now(args.end, "--to")
    if end <= start:
        raise CommandError("--to", f"must be later than --from ({start.isoformat()})")
    zone = _zone(args.tz, calendar.zone)
    windows = [
        {**window, "start": window["start"].astimezone(zone), "end": window["end"].astimezone(zone)}
        for window in calendar_windows(calendar, start, end.astimezone(calendar.zone))
    ]
    open_time = sum(
        (w["end"] - w["start"] for w in windows if w["state"] == "open"), start=timedelta()
    )
    if args.json:
        listed = [
            {**w, "start": w["start"].isoformat(), "end": w["end"].isoformat()} for w in windows
        ]
        report = {
            "policy": policy.name,
            "timezone": args.tz or calendar.timezone,
            "from": start.astimezone(zone).isoformat(),
            "to": end.astimezone(zone).isoformat(),
            "open_seconds": open_time.total_seconds(),
            "windows": listed,
        }
        write_out(_json(report))
        return EXIT_OK
    rows = [
        [
            _moment(w["start"]),
            _moment(w["end"]),
            _length(w["end"] - w["start"]),
            w["state"],
            w.get("reason", ""),
        ]
        for w in windows
    ]
    zone_name = args.tz or calendar.timezone
    heading = f"{policy.name}: {_length(open_time)} of open time; times in {zone_name}"
    write_out(heading + "\n\n" + format_table(["from", "to", "h:mm", "state", "reason"], rows))
    return EXIT_OK


def run_policy_show(args: argparse.Namespace) -> int:
    """``slacalc policy show``: the tier table, or the policy as JSON."""
    policy = load_chosen_policy(args.file, args.file or "--policy")
    write_out(_json(policy.to_dict()) if args.json else str(policy))
    return EXIT_OK


def _problem_line(path: str, problem: Mapping[str, Any]) -> str:
    found = "" if problem["input"] is None else f" (found {json.dumps(problem['input'])})"
    return f"slacalc: error: {path}: {problem['path'] or '(policy)'}: {problem['message']}{found}\n"


def run_policy_validate(args: argparse.Namespace) -> int:
    """``slacalc policy validate``: every problem of a policy file, with its path."""
    from slacalc.policy import load_policy  # noqa: PLC0415

    try:
        load_policy(args.file)
    except PolicyError as error:
        problems = [problem.to_dict() for problem in error.problems] or [
            {"path": "", "message": one_line(str(error)), "input": None}
        ]
        if args.json:
            write_out(_json({"file": args.file, "valid": False, "problems": problems}))
        for problem in problems:
            sys.stderr.write(_problem_line(args.file, problem))
        return EXIT_USAGE
    except OSError as error:
        raise CommandError(args.file, os_message(error)) from None
    write_out(_json({"file": args.file, "valid": True}) if args.json else f"{args.file}: valid")
    return EXIT_OK


def run_policy_schema(args: argparse.Namespace) -> int:
    """``slacalc policy schema``: the JSON Schema of policy files."""
    from slacalc.policy import policy_json_schema  # noqa: PLC0415

    del args
    write_out(_json(policy_json_schema()))
    return EXIT_OK


def run_policy_export(args: argparse.Namespace) -> int:
    """``slacalc policy export``: the policy as a TOML or JSON policy file, on stdout."""
    from slacalc._dependencies import import_optional  # noqa: PLC0415

    data = load_chosen_policy(args.file, args.file or "--policy").to_dict()
    if args.format == "json":
        write_out(_json(data))
        return EXIT_OK
    with blame("--format"):
        tomli_w = import_optional("tomli_w", extra="toml")
    sys.stdout.write(tomli_w.dumps(data))
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    """``slacalc schema``: the JSON Schema of ticket, result or due records."""
    from slacalc import schemas  # noqa: PLC0415

    chosen = {"input": schemas.ticket_schema, "output": schemas.result_schema}
    write_out(_json(chosen.get(args.kind, schemas.due_schema)()))
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    """``slacalc serve``: run the HTTP service (the ``server`` extra) until stopped."""
    load_chosen_policy(args.policy)  # a bad file fails here, naming --policy
    try:
        server = importlib.import_module("slacalc.server")
    except MissingDependencyError as error:
        raise CommandError("serve", str(error)) from None
    except ImportError as error:
        missing = error.name or "slacalc.server"
        hint = f"the HTTP service needs {missing!r}; install it with pip install 'slacalc[server]'"
        raise CommandError("serve", str(MissingDependencyError(hint))) from None
    given = {"workers": args.workers, "max_body_bytes": args.max_body_bytes}
    given["max_tickets"] = args.max_tickets
    options = {name: value for name, value in given.items() if value is not None}
    with blame("serve"):
        server.serve(host=args.host, port=args.port, policy_path=args.policy, **options)
    return EXIT_OK
