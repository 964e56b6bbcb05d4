"""The one base of slacalc's pydantic values, and pydantic errors as ``Problem`` records.

Every public way to build a model (the constructor, ``model_validate``,
``model_validate_json``, ``model_validate_strings``) raises a ``SlacalcError``
with ``problems``, never a ``pydantic_core.ValidationError``. Paths name the
fields as the user wrote them (``tiers[1].response``), never pydantic's
internal names for union members or validators.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import FrozenInstanceError
from typing import Any, NamedTuple, Self

from pydantic import BaseModel, ConfigDict, ValidationError

from slacalc.errors import Problem, SlacalcError

__all__ = ["Found", "FrozenModel", "describe_problems", "hashable", "problems_of"]

# Pydantic's names for the members of a schema, which appear in error
# locations between the user's field names.
_SCHEMA_TAGS = frozenset({
    "int", "str", "float", "bool", "bytes", "datetime", "date", "time", "timedelta",
    "list", "tuple", "dict", "set", "frozenset", "none", "nullable", "default", "union",
    "chain", "lax-or-strict", "json-or-python", "literal", "enum", "model", "typed-dict",
})  # fmt: skip
_LONGEST_SHOWN = 80
# Pydantic error types meaning "a value of the wrong type".
_TYPE_ERRORS = frozenset(
    {"is_instance_of", "model_type", "model_attributes_type", "dataclass_type"}
)


def _path(location: tuple[int | str, ...]) -> str:
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in _SCHEMA_TAGS or "[" in part or "-" in part:
            continue  # pydantic's name for a union member or a validator function
        else:
            text += f".{part}" if text else part
    return text


def _join(prefix: str, path: str) -> str:
    if not prefix or not path:
        return prefix or path
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


def is_type_problem(kind: str) -> bool:
    """Whether a pydantic error type says the value had the wrong type."""
    return kind.endswith("_type") or kind in _TYPE_ERRORS


class Found(NamedTuple):
    """One problem of a validation error, and what kind of problem it is."""

    problem: Problem
    wrong_type: bool
    cause: type[Exception] | None


def problems_of(
    error: ValidationError, prefix: str = "", fields: tuple[str, ...] = ()
) -> tuple[Found, ...]:
    """Each problem of a validation error, with whether it is a wrong-type problem.

    A slacalc error raised inside a validator contributes its own problems
    under the field's path; a problem at a path that also has more specific
    problems (``tiers`` when ``tiers[0].response`` is wrong) is left out.
    """
    found: list[Found] = []
    for item in error.errors(include_url=False):
        path = _join(prefix, _path(item["loc"]))
        cause = item.get("ctx", {}).get("error")
        if isinstance(cause, SlacalcError) and cause.problems:
            found.extend(
                Found(
                    Problem(_join(path, inner.path), inner.message, inner.input),
                    isinstance(cause, TypeError),
                    type(cause),
                )
                for inner in cause.problems
            )
            continue
        kind = item["type"]
        message = str(cause) if isinstance(cause, SlacalcError) else str(item["msg"])
        message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        if kind == "extra_forbidden" and fields:
            message = f"unknown field; the fields are {', '.join(fields)}"
        elif kind == "missing":
            message = "required field is missing"
        bad = None if kind == "missing" else item.get("input")
        wrong_type = is_type_problem(kind) or isinstance(cause, TypeError)
        found.append(Found(Problem(path, message, bad), wrong_type, type(cause) if cause else None))
    paths = {entry.problem.path for entry in found}
    unique: dict[tuple[str, str], Found] = {}
    for entry in found:
        path = entry.problem.path
        deeper = bool(path) and any(
            other != path and other.startswith((f"{path}.", f"{path}[")) for other in paths
        )
        if not deeper:
            unique.setdefault((path, entry.problem.message), entry)
    return tuple(unique.values())


def describe_problems(model: str, problems: tuple[Problem, ...]) -> str:
    """One line per problem under a heading: ``invalid Policy: 2 problems``."""
    lines = [_line(problem) for problem in problems] or ["no details"]
    count = len(problems)
    heading = f"invalid {model}: {count} problem{'s' if count != 1 else ''}"
    return "\n  ".join([heading, *lines])


def _line(problem: Problem) -> str:
    shown = ""
    if problem.input is not None and not isinstance(problem.input, dict | list):
        try:
            text = repr(problem.input)
        except ValueError:  # an int of thousands of digits has no text
            text = "a number too long to show"
        shown = text if len(text) <= _LONGEST_SHOWN else text[: _LONGEST_SHOWN - 3] + "..."
    return f"{problem.path or '(record)'}: {problem.message}" + (f" (got {shown})" if shown else "")


class FrozenModel(BaseModel):
    """Frozen, no unknown fields, and every validation failure a ``SlacalcError``.

    Subclasses choose the error class in ``_error_for``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise self._error_from(error) from None

    @classmethod
    def _error_for(cls, found: tuple[Found, ...]) -> type[SlacalcError]:
        raise NotImplementedError  # every concrete model names its error class

    @classmethod
    def _error_from(cls, error: ValidationError) -> SlacalcError:
        return cls._refusal(problems_of(error, fields=tuple(cls.model_fields)))

    @classmethod
    def _refusal(cls, found: tuple[Found, ...]) -> SlacalcError:
        """This model's error for ``found``: a heading, then one line per problem.

        For models that find a problem before pydantic runs (a compact
        spelling that does not parse), so every refusal reads alike.
        """
        problems = tuple(item.problem for item in found)
        return cls._error_for(found)(describe_problems(cls.__name__, problems), problems)

    @classmethod
    def _converted(cls, validate: Callable[[], Self]) -> Self:
        try:
            return validate()
        except ValidationError as error:
            raise cls._error_from(error) from None

    @classmethod
    def coerce(cls, value: Any) -> Self:
        """Return ``value`` if it is this model, else validate a mapping of its fields.

        Raises:
            SlacalcError: the mapping is invalid, or ``value`` is neither (then the
                model's error that is also a ``TypeError``).

        Example:
            >>> from slacalc import Ticket
            >>> Ticket.coerce({"opened_at": "2026-11-27T17:00:00Z", "priority": 1}).priority
            1
        """
        if isinstance(value, cls):
            return value
        if isinstance(value, Mapping):
            return cls.model_validate(value)
        name = cls.__name__
        message = (
            f"a {name} is given as a {name} or as a mapping (a JSON object) of its fields; "
            f"got {type(value).__name__}"
        )
        problem = Problem("", f"a {name} must be an object", type(value).__name__)
        raise cls._error_for((Found(problem, wrong_type=True, cause=None),))(message, (problem,))

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Validate data into this model; failures raise a ``SlacalcError``."""
        return cls._converted(lambda: BaseModel.model_validate.__func__(cls, obj, **options))  # type: ignore[attr-defined]

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """Validate JSON into this model; failures raise a ``SlacalcError``."""
        return cls._converted(
            lambda: BaseModel.model_validate_json.__func__(cls, json_data, **options)  # type: ignore[attr-defined]
        )

    @classmethod
    def model_validate_strings(cls, obj: Any, **options: Any) -> Self:
        """Validate string data into this model; failures raise a ``SlacalcError``."""
        return cls._converted(
            lambda: BaseModel.model_validate_strings.__func__(cls, obj, **options)  # type: ignore[attr-defined]
        )

    def __setattr__(self, name: str, value: object) -> None:
        if name in self.__private_attributes__:  # compiled caches, set while validating
            super().__setattr__(name, value)
            return
        raise FrozenInstanceError(f"{type(self).__name__} is immutable; cannot assign to {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"{type(self).__name__} is immutable; cannot delete {name!r}")

    def __str__(self) -> str:
        return repr(self)


def hashable(value: object) -> object:
    """``value`` with its dicts and lists as tuples, to hash a model holding JSON values."""
    if isinstance(value, dict):
        return tuple(sorted((key, hashable(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(map(hashable, value))
    return value
