"""Draw the documentation's charts while the site is built, and add them to it as files.

A MkDocs hook (``hooks:`` in ``mkdocs.yml``). Nothing it draws is committed: on
every build it

- runs ``examples/analyst_notebook.py`` on a synthetic year of 3,000 tickets,
  which saves ``compliance_over_time.png`` and ``response_distribution.png``
  into the folder named by ``SLACALC_CHARTS``;
- draws ``slacalc.plot.timeline`` of the ticket examples of the lifecycle
  guide (``docs/lifecycle.md``), one figure each;

and adds every image to the site as ``charts/<name>.png``, so pages show them
with ``![...](charts/<name>.png)`` and ``mkdocs build --strict`` finds each one.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Final

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

import slacalc
from slacalc.plot import timeline

__all__ = ["on_files"]

ROOT: Final = Path(__file__).resolve().parents[2]
NOTEBOOK: Final = ROOT / "examples" / "analyst_notebook.py"
NOTEBOOK_CHARTS: Final = ("compliance_over_time.png", "response_distribution.png")
NOTEBOOK_TICKETS: Final = "3000"  # enough for smooth monthly lines, about 4 s to run
NOTEBOOK_TIMEOUT_SECONDS: Final = 300
DPI: Final = 100


def _paused_over_the_weekend() -> slacalc.SlaReport:
    # lifecycle.md, "Pauses": a P1 opened Friday 16:00, waiting on the customer
    # from Friday 17:30 to Monday 09:30; resolution due Monday 12:00.
    ticket = slacalc.Ticket(
        opened_at="2026-11-27T16:00:00Z",
        priority="P1",
        responded_at="2026-11-27T16:45:00Z",
        events=[
            {"type": "paused", "at": "2026-11-27T17:30:00Z"},
            {"type": "resumed", "at": "2026-11-30T09:30:00Z"},
        ],
    )
    return slacalc.evaluate(ticket, now="2026-11-30T10:00:00Z")


def _raised_to_p1() -> slacalc.SlaReport:
    # lifecycle.md, "Raised from P3 to P1, with keep": the response breached at
    # once (due 11:00), the resolution due 13:00.
    ticket = slacalc.Ticket(
        opened_at="2026-11-30T09:00:00Z",
        priority="P3",
        events=[{"type": "priority_changed", "at": "2026-11-30T12:00:00Z", "to": "P1"}],
    )
    return slacalc.evaluate(ticket, now="2026-11-30T12:00:00Z")


def _reopened() -> slacalc.SlaReport:
    # lifecycle.md, "Reopening": resolved Monday 11:00, reopened Tuesday 10:00;
    # the second cycle is due Tuesday 12:00.
    ticket = slacalc.Ticket(
        opened_at="2026-11-30T09:00:00Z",
        priority="P1",
        responded_at="2026-11-30T09:30:00Z",
        resolved_at="2026-11-30T11:00:00Z",
        events=[{"type": "reopened", "at": "2026-12-01T10:00:00Z"}],
    )
    return slacalc.evaluate(ticket, now="2026-12-01T11:00:00Z")


def _over_christmas() -> slacalc.SlaReport:
    # lifecycle.md, "Explaining a due time": a P1 opened on Christmas Eve at 17:00.
    ticket = slacalc.Ticket(opened_at="2026-12-24T17:00:00Z", priority="P1")
    return slacalc.evaluate(ticket, now="2026-12-29T09:30:00Z")


TIMELINES: Final[dict[str, Callable[[], slacalc.SlaReport]]] = {
    "timeline_paused.png": _paused_over_the_weekend,
    "timeline_raised.png": _raised_to_p1,
    "timeline_reopened.png": _reopened,
    "timeline_christmas.png": _over_christmas,
}


def _draw_timelines() -> dict[str, bytes]:
    images = {}
    for name, report in TIMELINES.items():
        png = io.BytesIO()
        timeline(report()).savefig(png, format="png", dpi=DPI)
        images[name] = png.getvalue()
    return images


def _run_notebook(folder: Path) -> subprocess.Popen[str]:
    environment = {**os.environ, "SLACALC_CHARTS": str(folder), "SLACALC_TICKETS": NOTEBOOK_TICKETS}
    return subprocess.Popen(  # noqa: S603 - runs this repository's own example
        [sys.executable, str(NOTEBOOK)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,  # what it prints is for readers of the example
        stderr=subprocess.PIPE,
        text=True,
    )


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    """Add the generated charts to the site's files.

    The notebook runs in its own process while the timelines are drawn here.

    Args:
        files: the files MkDocs found in ``docs/``.
        config: the site's configuration.

    Returns:
        ``files`` with every chart added under ``charts/``.

    Raises:
        PluginError: the notebook failed, took too long or did not write a
            chart; the build stops.
    """
    with tempfile.TemporaryDirectory(prefix="slacalc-docs-charts-") as name:
        folder = Path(name)
        notebook = _run_notebook(folder)
        try:
            images = _draw_timelines()
            _, errors = notebook.communicate(timeout=NOTEBOOK_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as timeout:
            msg = f"{NOTEBOOK.relative_to(ROOT)} took over {NOTEBOOK_TIMEOUT_SECONDS} s"
            raise PluginError(msg) from timeout
        finally:
            if notebook.poll() is None:
                notebook.kill()
                notebook.communicate()
        if notebook.returncode != 0:
            msg = f"{NOTEBOOK.relative_to(ROOT)} failed (exit {notebook.returncode}):\n{errors}"
            raise PluginError(msg)
        for chart in NOTEBOOK_CHARTS:
            path = folder / chart
            if not path.is_file():
                msg = f"{NOTEBOOK.relative_to(ROOT)} did not write {chart}"
                raise PluginError(msg)
            images[chart] = path.read_bytes()
    for chart, content in images.items():
        files.append(File.generated(config, f"charts/{chart}", content=content))
    return files
