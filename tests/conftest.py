"""Hypothesis profiles, and the tests folder on sys.path for the shared helpers.

Pick a profile with ``HYPOTHESIS_PROFILE``: ``dev`` (the default, quick),
``ci`` (more examples, the same ones every run; the calendar differential
suite stays within a few minutes on two cores) or ``thorough``.
"""

from __future__ import annotations

import copyreg
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# pytest runs in importlib mode, which does not put test folders on sys.path;
# the test modules import `reference` and `strategies` from here.
sys.path.insert(0, str(Path(__file__).parent))

# What every profile shares: each one below is registered with this as its parent.
_COMMON = settings(
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# CI replays the same 200 examples per test on every run, so a red build always
# means a change broke something; exploring new examples is the job of "dev"
# (random, quick) and "thorough" (random, 1,000 examples: run it before a release).
settings.register_profile("ci", _COMMON, max_examples=200, derandomize=True)
settings.register_profile("dev", _COMMON, max_examples=40)
settings.register_profile("thorough", _COMMON, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# Importing dask installs tblib's pickling of every exception class then defined
# (in copyreg, so that tracebacks cross processes); it replaces the slacalc errors'
# own __reduce__ for the rest of the process, and their pickles would carry their
# context and traceback. Every test starts with the exception picklers as they were.
_EXCEPTION_PICKLERS = {
    kind: reducer
    for kind, reducer in copyreg.dispatch_table.items()
    if isinstance(kind, type) and issubclass(kind, BaseException)
}


@pytest.fixture(autouse=True)
def _exception_picklers_as_they_were() -> None:
    for kind in list(copyreg.dispatch_table):
        if isinstance(kind, type) and issubclass(kind, BaseException):
            if kind in _EXCEPTION_PICKLERS:
                copyreg.dispatch_table[kind] = _EXCEPTION_PICKLERS[kind]
            else:
                del copyreg.dispatch_table[kind]
