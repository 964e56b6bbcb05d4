"""The machine a benchmark ran on: interpreter, platform, cores, load and library versions.

Shared by the benchmark scripts (each runs with this folder on ``sys.path``).
"""

from __future__ import annotations

import os
import platform
from collections.abc import Iterable
from importlib import metadata
from typing import Any

__all__ = ["machine_info"]


def machine_info(packages: Iterable[str]) -> dict[str, Any]:
    """Return the interpreter, platform, core count, load and ``packages``' versions."""
    versions = {}
    for package in packages:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "unknown"
    return {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "versions": versions,
    }
