"""Give re-exported names their public home, as ``whenever`` and ``polars`` do."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import FunctionType
from typing import Any

__all__ = ["publish"]


def publish(module: str, names: Iterable[str], namespace: Mapping[str, Any]) -> None:
    """Set ``__module__`` of each class and function in ``names`` to ``module``.

    ``repr``, tracebacks, pickles and the docs then name the public path
    (``slacalc.calendar.BusinessCalendar``), never a private module, so moving
    a private module breaks nobody's stored pickles.
    """
    for name in names:
        value = namespace[name]
        # Classes, functions, and wrappers of functions (``functools.cache``).
        if isinstance(value, type | FunctionType) or hasattr(value, "__wrapped__"):
            value.__module__ = module
