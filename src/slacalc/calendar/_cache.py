"""A bounded cache for compiled tables, safe to share between threads."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["BoundedCache"]

_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


class BoundedCache(Generic[_Key, _Value]):
    """A dict filled under a lock and trimmed oldest-first beyond ``limit`` entries.

    Reads take no lock (a dict lookup is atomic); a value is built at most once
    per key, by the first thread that needs it.
    """

    __slots__ = ("_data", "_limit", "_lock")

    def __init__(self, lock: threading.RLock, limit: int) -> None:
        self._data: dict[_Key, _Value] = {}
        self._lock = lock
        self._limit = limit

    def get(self, key: _Key) -> _Value | None:
        """The cached value, or ``None``."""
        return self._data.get(key)

    def fetch(self, key: _Key, build: Callable[[_Key], _Value]) -> _Value:
        """The cached value, built with ``build(key)`` on first use."""
        value = self._data.get(key)
        if value is not None:
            return value
        with self._lock:
            value = self._data.get(key)
            if value is None:
                value = build(key)
                if len(self._data) >= self._limit:
                    del self._data[next(iter(self._data))]
                self._data[key] = value
            return value
