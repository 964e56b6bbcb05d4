"""The core, as a user's process sees it: no heavy library is imported.

The import direction between layers is checked by import-linter (``make layers``).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

HEAVY = ("numpy", "pandas", "polars", "pyarrow", "matplotlib", "dask")


def test_import_and_scalar_calls_never_import_numpy_pandas_or_plotting() -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from datetime import timedelta
        import slacalc
        calendar = slacalc.BusinessCalendar(
            timezone="Europe/London", holidays=slacalc.CountryHolidays("GB", subdiv="ENG")
        )
        calendar.add("2026-12-24T12:00:00Z", timedelta(hours=2))
        calendar.elapsed("2026-12-23T09:00:00Z", "2026-12-29T09:00:00Z")
        slacalc.response_due("2026-11-27T17:00:00Z", "P1")
        ticket = slacalc.Ticket(opened_at="2026-11-27T17:00:00Z", priority=2)
        slacalc.evaluate(ticket, now="2026-12-01T00:00:00Z").model_dump_json()
        slacalc.channel_response_due("2026-11-27T17:00:00Z", "email_support")
        loaded = sorted(name for name in {HEAVY!r} if name in sys.modules)
        print(",".join(loaded))
        """
    )
    completed = subprocess.run(  # noqa: S603 - runs a fixed script in this interpreter
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == ""
