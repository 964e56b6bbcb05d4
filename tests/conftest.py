"""Hypothesis profiles, and the tests folder on sys.path for the shared helpers.

Pick a profile with ``HYPOTHESIS_PROFILE``: ``dev`` (the default, quick) or
``ci`` (more examples; the calendar differential suite stays within a few
minutes on two cores).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# pytest runs in importlib mode, which does not put test folders on sys.path;
# the test modules import `reference` and `strategies` from here.
sys.path.insert(0, str(Path(__file__).parent))

_COMMON = {
    "deadline": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", max_examples=200, **_COMMON)
settings.register_profile("dev", max_examples=40, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
