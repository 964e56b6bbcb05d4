"""The one place optional packages are imported, each failing with an install hint.

The core never imports numpy, pandas, FastAPI or plotting libraries; the
adapters that need one ask for it here, at the moment it is needed.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from slacalc.errors import MissingDependencyError

__all__ = ["import_optional"]


def import_optional(name: str, *, extra: str) -> ModuleType:
    """Import ``name``, or raise ``MissingDependencyError`` naming the extra to install.

    Example:
        >>> import_optional("json", extra="server").__name__
        'json'
    """
    try:
        return importlib.import_module(name)
    except ImportError:
        raise MissingDependencyError(
            f"this needs the optional package {name.partition('.')[0]!r}; install it with "
            f"pip install 'slacalc[{extra}]'"
        ) from None
