"""Every script in examples/ runs cleanly, and a few print what was worked out by hand.

Scripts are found by glob, so a new example is tested as soon as it exists.
The ```pycon sessions of the calendar documentation are run here too, so the
output pasted into the docs stays what slacalc prints.
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))
# README.md and every page of docs/ with ```pycon sessions.
DOCS_WITH_SESSIONS = [
    path.relative_to(ROOT).as_posix()
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    if "```pycon" in path.read_text(encoding="utf-8")
]

# Runs one script of examples/ by file name (once per module) and returns how it went.
RunExample = Callable[[str], subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def run_example() -> RunExample:
    finished: dict[str, subprocess.CompletedProcess[str]] = {}

    def run(name: str) -> subprocess.CompletedProcess[str]:
        if name not in finished:
            finished[name] = subprocess.run(  # noqa: S603 - runs this repository's own scripts
                [sys.executable, str(EXAMPLES / name)],
                capture_output=True,
                text=True,
                check=False,
                timeout=120,
                cwd=ROOT,
            )
        return finished[name]

    return run


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_example_exits_zero_and_prints(run_example: RunExample, script: Path) -> None:
    completed = run_example(script.name)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip()


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_example_name_does_not_shadow_an_importable_module(script: Path) -> None:
    # Python puts a script's folder first on sys.path, so examples/holidays.py
    # would be imported in place of the holidays package and break slacalc.
    assert importlib.util.find_spec(script.stem) is None


def test_calendar_basics_stops_at_the_friday_close(run_example: RunExample) -> None:
    # Mon-Fri 09:00-18:00 GMT; Friday 17:00 + 1 h uses up the hour at the
    # 18:00 close, and add() returns the earliest such instant: the close itself.
    stdout = run_example("calendar_basics.py").stdout
    assert "Friday 17:00 + 1 h business time = Fri 27 Nov 2026 18:00 GMT" in stdout


def test_time_zones_counts_23_hours_on_the_spring_forward_day(run_example: RunExample) -> None:
    # London's clocks go from 01:00 GMT to 02:00 BST on 2026-03-29, so that
    # local day (00:00Z to 23:00Z) is 23 real hours long.
    stdout = run_example("time_zones.py").stdout
    assert "Open time on 2026-03-29: 23:00:00" in stdout


def test_special_hours_rule_does_not_open_a_bank_holiday(run_example: RunExample) -> None:
    # 2026-05-04 is both the first Monday of May (rule: 11:00-17:30) and the
    # Early May bank holiday; holidays take precedence over recurring rules.
    stdout = run_example("special_hours.py").stdout
    assert "2026-05-04 first Monday of May, a bank holiday  closed" in stdout


def test_night_shift_before_a_holiday_runs_into_it(run_example: RunExample) -> None:
    # Thursday 24 Dec 22:00-06:00 belongs to the 24th, so it runs into
    # Christmas Day. From 23:00 that gives 7 h; no shift starts on Fri 25
    # (holiday), Sat, Sun or Mon 28 (observed Boxing Day); the last 1 h is
    # Tuesday 22:00-23:00.
    stdout = run_example("night_shift.py").stdout
    assert "2026-12-24: Thu 24 Dec 22:00 -> Fri 25 Dec 06:00" in stdout
    assert "Thu 23:00 + 8 h = Tue 29 Dec 23:00" in stdout


def test_business_days_roll_a_saturday_forward_first(run_example: RunExample) -> None:
    # numpy's busday_offset(roll="forward"): Saturday rolls to Monday 30 Nov,
    # then +1 is Tuesday 1 Dec.
    stdout = run_example("business_days.py").stdout
    assert "add_business_days(Sat 28 Nov, +1) = Tue 01 Dec" in stdout


@pytest.mark.parametrize("page", DOCS_WITH_SESSIONS)
def test_documentation_sessions_print_what_the_page_shows(page: str) -> None:
    # All ```pycon blocks of a page form one session, in order, like a reader's.
    text = (ROOT / page).read_text(encoding="utf-8")
    source = "\n".join(re.findall(r"^```pycon\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL))
    test = doctest.DocTestParser().get_doctest(source, {"__name__": page}, page, page, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    failures: list[str] = []
    runner.run(test, out=failures.append)
    assert test.examples
    assert runner.failures == 0, "".join(failures)


def test_analyst_notebook_saves_both_charts(tmp_path: Path) -> None:
    completed = subprocess.run(  # noqa: S603 - runs this repository's own script
        [sys.executable, str(EXAMPLES / "analyst_notebook.py")],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
        cwd=ROOT,
        env={**os.environ, "SLACALC_CHARTS": str(tmp_path), "SLACALC_TICKETS": "3000"},
    )
    assert completed.returncode == 0, completed.stderr
    assert "3,000 tickets" in completed.stdout
    assert "tickets change state" in completed.stdout
    for name in ("compliance_over_time.png", "response_distribution.png"):
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert len(data) > 10_000
