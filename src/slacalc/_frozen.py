"""One refusal for every attempt to change a slacalc value."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from typing import TypeVar

__all__ = ["sealed"]

_Class = TypeVar("_Class", bound=type)


def sealed(cls: _Class) -> _Class:
    """Make assigning or deleting any attribute raise ``FrozenInstanceError``.

    A frozen dataclass refuses its fields so, but with ``slots=True`` CPython
    3.11 raises ``TypeError`` for any other name; a sealed value raises the
    same error whatever the name, like every other slacalc value.

    Example:
        >>> from dataclasses import dataclass
        >>> @sealed
        ... @dataclass(frozen=True, slots=True)
        ... class Point:
        ...     x: int
        >>> Point(1).y = 2
        Traceback (most recent call last):
        ...
        dataclasses.FrozenInstanceError: Point is immutable; cannot assign to 'y'
    """

    def refuse_assignment(self: object, name: str, value: object) -> None:  # noqa: ARG001
        raise FrozenInstanceError(f"{type(self).__name__} is immutable; cannot assign to {name!r}")

    def refuse_deletion(self: object, name: str) -> None:
        raise FrozenInstanceError(f"{type(self).__name__} is immutable; cannot delete {name!r}")

    cls.__setattr__ = refuse_assignment  # type: ignore[assignment,method-assign]
    cls.__delattr__ = refuse_deletion  # type: ignore[assignment,method-assign]
    return cls
