"""The ``slacalc`` command line, run as a real process: due, status, calendar, policy, schema.

``evaluate`` (files, pipes, coprocesses, memory) is in ``test_cli_streaming.py``.
Every JSON output is checked against the schemas of ``slacalc.schemas``.
"""

from __future__ import annotations

import itertools
import json
import os
import socket
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import slacalc
from slacalc.schemas import due_schema, result_schema, ticket_schema

SCRIPT = Path(sys.executable).with_name("slacalc")
OPENED = "2026-11-27T17:00Z"  # a Friday, 17:00 GMT


def slacalc_command() -> list[str]:
    """The console script when installed (``pip install -e .``), else ``python -m slacalc``."""
    if SCRIPT.exists():
        return [str(SCRIPT)]
    return [sys.executable, "-m", "slacalc"]


def run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(  # noqa: S603 - our own command line, fixed arguments
        [*slacalc_command(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in completed.stderr
    return completed


def error_line(completed: subprocess.CompletedProcess[str]) -> str:
    """The one line a failure writes on stderr."""
    assert completed.returncode == 2, completed
    lines = completed.stderr.splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith("slacalc: error: ")
    return lines[0]


def validated(text: str, schema: dict[str, Any]) -> Any:
    data = json.loads(text)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    return data


def write_policy(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


NIGHT_DESK: dict[str, Any] = {
    "name": "Test desk",
    "version": "1",
    "calendar": {
        "timezone": "UTC",
        "hours": {"mon-fri": "09:00-17:00"},
        "holidays": [{"dates": ["2026-12-24"]}],
    },
    "tiers": [
        {
            "priority": 1,
            "key": "P1",
            "name": "Urgent",
            "response": "2 business hours",
            "resolution": "none: best effort",
        }
    ],
}


# -- due -----------------------------------------------------------------------


def test_due_prints_response_and_resolution_due_for_people() -> None:
    completed = run("due", "--priority", "2", "--opened", OPENED)
    assert completed.returncode == 0
    assert completed.stdout.splitlines() == [
        "priority        P2",
        "opened at       2026-11-27T17:00:00+00:00",
        "response due    2026-11-30T10:00:00+00:00",
        "resolution due  2026-12-15T17:00:00+00:00",
    ]


def test_due_json_is_a_due_record_echoing_the_id() -> None:
    completed = run("due", "--priority", "P1", "--opened", OPENED, "--id", "T-7", "--json")
    record = validated(completed.stdout, due_schema())
    assert record["id"] == "T-7"
    assert record["response_due"] == "2026-11-30T10:00:00+00:00"


def test_due_without_a_resolution_target_says_so() -> None:
    completed = run("due", "--priority", "4", "--opened", OPENED)
    assert "resolution due  no target" in completed.stdout


def test_due_tz_shows_instants_in_that_zone() -> None:
    completed = run("due", "--priority", "1", "--opened", OPENED, "--tz", "America/New_York")
    assert "response due    2026-11-30T05:00:00-05:00" in completed.stdout


def test_due_refuses_an_instant_without_offset_naming_the_option() -> None:
    line = error_line(run("due", "--priority", "2", "--opened", "2026-11-27T17:00"))
    assert line.startswith("slacalc: error: --opened: must carry a UTC offset")
    assert "append Z or +HH:MM" in line


def test_due_refuses_an_unknown_priority_naming_the_option() -> None:
    line = error_line(run("due", "--priority", "P9", "--opened", OPENED))
    assert line.startswith("slacalc: error: --priority: priority 'P9' matches no tier")


def test_unknown_zone_is_refused_naming_tz() -> None:
    line = error_line(run("due", "--priority", "2", "--opened", OPENED, "--tz", "Mars/Base"))
    assert line.startswith("slacalc: error: --tz: unknown time zone 'Mars/Base'")


def test_unknown_flag_exits_2_with_one_line() -> None:
    line = error_line(run("due", "--priority", "2", "--opened", OPENED, "--frobnicate"))
    assert line.startswith("slacalc: error: --frobnicate: unknown argument; see")


def test_unknown_command_exits_2_listing_the_commands() -> None:
    line = error_line(run("frobnicate"))
    assert "invalid choice: 'frobnicate'" in line
    assert "'evaluate'" in line


def test_missing_required_option_exits_2_naming_it() -> None:
    line = error_line(run("due", "--priority", "2"))
    assert line.startswith("slacalc: error: --opened: required but not given")


def test_a_bad_policy_file_is_refused_naming_policy(tmp_path: Path) -> None:
    path = write_policy(tmp_path / "policy.json", {"name": "x"})
    line = error_line(run("due", "--priority", "1", "--opened", OPENED, "--policy", str(path)))
    assert line.startswith("slacalc: error: --policy: ")
    assert "version: required field is missing" in line


def test_a_missing_policy_file_is_refused_naming_policy(tmp_path: Path) -> None:
    missing = str(tmp_path / "absent.toml")
    line = error_line(run("due", "--priority", "1", "--opened", OPENED, "--policy", missing))
    assert line.startswith("slacalc: error: --policy: No such file or directory")


# -- status --------------------------------------------------------------------


def test_status_json_is_a_result_record() -> None:
    completed = run(
        "status", "--priority", "1", "--opened", OPENED, "--now", "2026-11-30T09:30Z", "--json"
    )
    result = validated(completed.stdout, result_schema())
    assert result["response"]["state"] == "pending"
    assert result["response"]["remaining_seconds"] == 1800.0
    assert completed.returncode == 0


def test_status_table_shows_both_targets_for_people() -> None:
    completed = run("status", "--priority", "1", "--opened", OPENED, "--now", "2026-11-30T09:30Z")
    rows = {line.split()[0]: line.split()[1] for line in completed.stdout.splitlines() if line}
    assert rows["response"] == "pending"
    assert rows["resolution"] == "pending"
    assert rows["breached"] == "no"


def test_status_counts_completions_given_as_options() -> None:
    completed = run(
        "status",
        "--priority",
        "2",
        "--opened",
        "2026-12-24T16:00Z",
        "--responded",
        "2026-12-29T09:30Z",
        "--resolved",
        "2027-01-04T10:00Z",
        "--now",
        "2027-01-05T12:00Z",
        "--json",
    )
    result = validated(completed.stdout, result_schema())
    assert result["response"]["state"] == "breached"
    assert result["resolution"]["state"] == "met"


def test_status_fail_on_breach_exits_1_when_breached() -> None:
    args = ("status", "--priority", "1", "--opened", OPENED, "--now", "2026-11-30T10:30Z")
    assert run(*args, "--fail-on-breach").returncode == 1


def test_status_fail_on_breach_exits_0_when_nothing_breached() -> None:
    args = ("status", "--priority", "1", "--opened", OPENED, "--now", "2026-11-30T09:30Z")
    assert run(*args, "--fail-on-breach").returncode == 0


def test_status_without_fail_on_breach_exits_0_even_when_breached() -> None:
    args = ("status", "--priority", "1", "--opened", OPENED, "--now", "2026-11-30T10:30Z")
    assert run(*args).returncode == 0


def test_status_refuses_a_response_before_the_opening_naming_responded() -> None:
    completed = run(
        "status", "--priority", "1", "--opened", OPENED, "--responded", "2026-11-27T16:00Z"
    )
    assert error_line(completed).startswith("slacalc: error: --responded: ")


def test_status_refuses_a_naive_now() -> None:
    line = error_line(run("status", "--priority", "1", "--opened", OPENED, "--now", "2026-11-30"))
    assert line.startswith("slacalc: error: --now: must carry a UTC offset")


def test_status_tz_shows_instants_in_that_zone() -> None:
    completed = run(
        "status", "--priority", "1", "--opened", OPENED, "--now", "2026-11-30T09:30Z",
        "--tz", "Asia/Kolkata", "--json",
    )  # fmt: skip
    result = validated(completed.stdout, result_schema())
    assert result["now"] == "2026-11-30T15:00:00+05:30"
    assert result["response"]["due"] == "2026-11-30T15:30:00+05:30"


# -- calendar ------------------------------------------------------------------


def calendar_json(*args: str) -> dict[str, Any]:
    completed = run("calendar", *args, "--json")
    assert completed.returncode == 0, completed.stderr
    data: dict[str, Any] = json.loads(completed.stdout)
    return data


def test_calendar_gives_each_closure_its_reason() -> None:
    data = calendar_json("--from", "2026-12-24T12:00Z", "--to", "2026-12-29T12:00Z")
    closures = [(w["start"], w["reason"]) for w in data["windows"] if w["state"] == "closed"]
    assert closures == [
        ("2026-12-24T18:00:00+00:00", "outside hours"),
        ("2026-12-25T00:00:00+00:00", "Christmas Day"),
        ("2026-12-26T00:00:00+00:00", "weekend"),
        ("2026-12-28T00:00:00+00:00", "Boxing Day (observed)"),
        ("2026-12-29T00:00:00+00:00", "outside hours"),
    ]


def test_calendar_windows_cover_the_range_in_order_without_gaps() -> None:
    data = calendar_json("--from", "2026-12-21T07:30Z", "--to", "2027-01-05T00:00Z")
    windows = data["windows"]
    assert windows[0]["start"] == data["from"] == "2026-12-21T07:30:00+00:00"
    assert windows[-1]["end"] == data["to"]
    assert all(a["end"] == b["start"] for a, b in itertools.pairwise(windows))
    assert data["open_seconds"] == 8 * 9 * 3600  # 8 business days of 9 hours


def test_calendar_calls_explicit_holiday_dates_holiday(tmp_path: Path) -> None:
    policy = str(write_policy(tmp_path / "desk.json", NIGHT_DESK))
    data = calendar_json(
        "--from", "2026-12-23T00:00Z", "--to", "2026-12-25T00:00Z", "--policy", policy
    )
    reasons = [w["reason"] for w in data["windows"] if w["state"] == "closed"]
    assert reasons == ["outside hours", "outside hours", "holiday"]


def test_calendar_tz_shows_instants_in_that_zone() -> None:
    data = calendar_json(
        "--from", "2026-12-24T00:00Z", "--to", "2026-12-25T00:00Z", "--tz", "America/New_York"
    )
    opened = [w for w in data["windows"] if w["state"] == "open"]
    assert opened == [
        {"start": "2026-12-24T04:00:00-05:00", "end": "2026-12-24T13:00:00-05:00", "state": "open"}
    ]


def test_calendar_table_for_people_lists_windows_and_reasons() -> None:
    completed = run("calendar", "--from", "2026-12-24T12:00Z", "--to", "2026-12-26T00:00Z")
    lines = completed.stdout.splitlines()
    assert lines[0] == "Element Human Support Services Policy: 6:00 of open time; times in GMT"
    assert lines[2].split() == ["from", "to", "h:mm", "state", "reason"]
    assert lines[-1].endswith("  24:00  closed  Christmas Day")


def test_calendar_refuses_an_end_before_the_start() -> None:
    completed = run("calendar", "--from", "2026-12-24T12:00Z", "--to", "2026-12-24T11:00Z")
    assert error_line(completed).startswith("slacalc: error: --to: must be later than --from")


# -- policy ----------------------------------------------------------------------


def test_policy_show_prints_the_tier_table() -> None:
    completed = run("policy", "show")
    assert completed.stdout.strip() == str(slacalc.default_policy())


def test_policy_show_json_is_policy_data_that_loads_back() -> None:
    data = json.loads(run("policy", "show", "--json").stdout)
    assert slacalc.load_policy(data) == slacalc.default_policy()


def test_policy_validate_lists_every_problem_with_its_path_and_exits_2(tmp_path: Path) -> None:
    broken = {**NIGHT_DESK, "calendar": {"timezone": "Mars/Base"}}
    broken["tiers"] = [{**NIGHT_DESK["tiers"][0], "priority": "one", "response": "2 fortnights"}]
    path = write_policy(tmp_path / "broken.json", broken)
    completed = run("policy", "validate", str(path))
    assert completed.returncode == 2
    paths = [line.split(": ")[3] for line in completed.stderr.splitlines()]
    assert paths == ["calendar", "tiers[0].priority", "tiers[0].response"]
    assert all(
        line.startswith(f"slacalc: error: {path}: ") for line in completed.stderr.splitlines()
    )


def test_policy_validate_json_lists_the_problems_on_stdout(tmp_path: Path) -> None:
    path = write_policy(tmp_path / "broken.json", {"name": "x"})
    completed = run("policy", "validate", str(path), "--json")
    report = json.loads(completed.stdout)
    assert report["valid"] is False
    assert {problem["path"] for problem in report["problems"]} == {"version", "calendar", "tiers"}


def test_policy_validate_says_valid_and_exits_0_for_a_good_file(tmp_path: Path) -> None:
    path = write_policy(tmp_path / "desk.json", NIGHT_DESK)
    completed = run("policy", "validate", str(path))
    assert (completed.returncode, completed.stdout) == (0, f"{path}: valid\n")


def test_policy_validate_reports_a_syntax_error_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("name = \n", encoding="utf-8")
    assert "is not valid TOML" in error_line(run("policy", "validate", str(path)))


def test_policy_validate_refuses_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "absent.toml"
    line = error_line(run("policy", "validate", str(missing)))
    assert line.startswith(f"slacalc: error: {missing}: No such file or directory")


def test_policy_schema_is_the_policy_json_schema() -> None:
    assert json.loads(run("policy", "schema").stdout) == slacalc.policy_json_schema()


def test_policy_export_json_loads_back(tmp_path: Path) -> None:
    path = tmp_path / "exported.json"
    path.write_text(run("policy", "export", "--format", "json").stdout, encoding="utf-8")
    assert slacalc.load_policy(path) == slacalc.default_policy()


def test_policy_export_toml_loads_back(tmp_path: Path) -> None:
    source = write_policy(tmp_path / "desk.json", NIGHT_DESK)
    exported = run("policy", "export", str(source), "--format", "toml").stdout
    assert slacalc.load_policy(tomllib.loads(exported)) == slacalc.load_policy(source)


def stub_env(tmp_path: Path, *modules: str) -> dict[str, str]:
    """An environment where importing each of ``modules`` fails, as if not installed."""
    stubs = tmp_path / "stubs"
    for module in modules:
        package = stubs / module
        package.mkdir(parents=True)
        (package / "__init__.py").write_text(f"raise ImportError('stub: no {module}')\n")
    return {**os.environ, "PYTHONPATH": str(stubs)}


def test_policy_export_toml_without_tomli_w_gives_the_install_hint(tmp_path: Path) -> None:
    completed = run("policy", "export", "--format", "toml", env=stub_env(tmp_path, "tomli_w"))
    line = error_line(completed)
    assert line.startswith("slacalc: error: --format: ")
    assert "pip install 'slacalc[toml]'" in line


# -- schema, serve, help ---------------------------------------------------------


def test_schema_input_is_the_ticket_schema() -> None:
    assert json.loads(run("schema", "input").stdout) == ticket_schema()


def test_schema_output_is_the_result_schema() -> None:
    assert json.loads(run("schema", "output").stdout) == result_schema()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_serve_without_the_server_extra_gives_the_install_hint(tmp_path: Path) -> None:
    env = stub_env(tmp_path, "fastapi", "uvicorn")
    completed = run("serve", "--port", str(free_port()), env=env)
    line = error_line(completed)
    assert line.startswith("slacalc: error: serve: ")
    assert "pip install 'slacalc[server]'" in line


def test_serve_refuses_a_port_out_of_range() -> None:
    line = error_line(run("serve", "--port", "70000"))
    assert line.startswith("slacalc: error: --port: must be from 0 to 65535, got 70000")


COMMANDS = [
    ["due"], ["status"], ["evaluate"], ["calendar"], ["schema"], ["serve"], ["policy"],
    ["policy", "show"], ["policy", "validate"], ["policy", "schema"], ["policy", "export"],
]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_examples(command: list[str]) -> None:
    completed = run(*command, "--help")
    assert completed.returncode == 0
    assert "examples:\n  slacalc " in completed.stdout
    assert "exit status:" in completed.stdout


def test_main_help_documents_the_exit_codes() -> None:
    completed = run("--help")
    assert completed.returncode == 0
    for line in ("0  done", "1  --fail-on-breach", "2  bad input or usage"):
        assert line in completed.stdout


def test_python_m_slacalc_works_like_slacalc() -> None:
    args = ["due", "--priority", "2", "--opened", OPENED, "--json"]
    module = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "slacalc", *args], capture_output=True, text=True, check=True
    )
    assert module.stdout == run(*args).stdout
    validated(module.stdout, due_schema())


def test_version_names_the_package() -> None:
    assert run("--version").stdout.startswith("slacalc 0.")


def test_importing_the_cli_imports_no_command_machinery() -> None:
    script = (
        "import sys, slacalc.cli; "
        "print(sorted(m for m in ('argparse', 'slacalc.schemas', 'slacalc.server', 'fastapi') "
        "if m in sys.modules))"
    )
    completed = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"
