"""Reading and writing policy data: compact target spellings, files, error messages.

Nothing here imports the policy models, so ``slacalc.policy`` can use it at
import time.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slacalc._errors import PolicyError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pydantic import ValidationError

__all__ = [
    "COMPACT_PATTERN",
    "UNITS",
    "describe_validation_error",
    "parse_compact_target",
    "read_policy_file",
    "spell_target",
    "write_policy_file",
]

UNITS = ("business_minutes", "business_hours", "business_days", "hours", "days")

# The compact spellings: "2 business hours", "1 business day", "12 business days",
# "24 hours", "3 days", "2 business days by end of day", "none: future software release".
# The JSON Schema uses the same pattern, so the schema and the loader agree.
COMPACT_PATTERN = (
    r"^\s*([0-9]+)\s+(business[ _]+minutes?|business[ _]+hours?|business[ _]+days?|hours?|days?)"
    r"(\s+by\s+end\s+of\s+day)?\s*$"
    r"|^\s*none\s*(:.*)?$"
)
_COMPACT = re.compile(COMPACT_PATTERN, re.DOTALL)
_NONE_PREFIX = re.compile(r"^\s*none\s*:?\s*", re.DOTALL)
_EXAMPLES = "'2 business hours', '12 business days', '24 hours' or 'none: future software release'"
_LONGEST_SHOWN = 80


def parse_compact_target(text: str) -> dict[str, Any]:
    """Return the fields spelled by a compact target such as ``"2 business hours"``.

    Raises:
        ValueError: ``text`` is not a compact target (pydantic turns this
            into an error at the target's field path).

    Example:
        >>> parse_compact_target("2 business days by end of day")
        {'amount': 2, 'unit': 'business_days', 'day_rule': 'end_of_day'}
        >>> parse_compact_target("none: Future software release")
        {'reason': 'Future software release'}
    """
    match = _COMPACT.match(text)
    if match is None:
        msg = f"{text!r} is not a target; write {_EXAMPLES}"
        raise ValueError(msg)
    amount, unit, end_of_day, _ = match.groups()
    if amount is None:
        return {"reason": _NONE_PREFIX.sub("", text, count=1).strip()}
    words = unit.replace("_", " ").split()
    unit_name = "_".join(words)
    if not unit_name.endswith("s"):
        unit_name += "s"
    fields: dict[str, Any] = {"amount": int(amount), "unit": unit_name}
    if end_of_day:
        fields["day_rule"] = "end_of_day"
    return fields


def spell_target(amount: int | None, unit: str | None, day_rule: str, reason: str | None) -> str:
    """Return the compact spelling of a target's amount, unit and day rule, or its reason.

    Example:
        >>> spell_target(1, "business_days", "elapsed", None)
        '1 business day'
        >>> spell_target(None, None, "elapsed", "Future software release")
        'none: Future software release'
    """
    if amount is None or unit is None:
        return f"none: {reason}"
    words = unit.replace("_", " ")
    if amount == 1:
        words = words.removesuffix("s")
    suffix = " by end of day" if day_rule == "end_of_day" else ""
    return f"{amount} {words}{suffix}"


def describe_validation_error(error: ValidationError, model: str) -> str:
    """Return one line per problem: the field path, what is wrong, the bad value.

    Paths are written as in the file: ``tiers[1].response.amount``.
    """
    lines = _problems(error, "")
    if not lines:
        lines = [f"{model}: {error}"]
    lines = [line if not line.startswith(": ") else model + line for line in lines]
    count = len(lines)
    heading = f"invalid {model}: {count} problem{'s' if count > 1 else ''}"
    return "\n  ".join([heading, *lines])


def _problems(error: ValidationError, prefix: str) -> list[str]:
    lines = []
    for problem in error.errors(include_url=False):
        path = _join(prefix, _path(problem["loc"]))
        cause = problem.get("ctx", {}).get("error")
        # A nested model's __init__ already turned its ValidationError into a
        # PolicyError; read the original problems so each keeps its full path.
        inner = getattr(cause, "__context__", None)
        if isinstance(cause, PolicyError) and isinstance(inner, type(error)):
            lines.extend(_problems(inner, path))
            continue
        message = str(problem["msg"]).removeprefix("Value error, ")
        bad = problem.get("input")
        hidden = problem["type"] == "missing" or bad is None or isinstance(bad, dict | list)
        shown = "" if hidden else _short(bad)
        lines.append(f"{path}: {message}{f' (got {shown})' if shown else ''}")
    return lines


def _join(prefix: str, path: str) -> str:
    if not prefix or not path:
        return prefix or path
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


def _path(location: tuple[int | str, ...]) -> str:
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        elif "[" in part or "-" in part:
            continue  # pydantic's name for a union member or a validator function
        else:
            text += f".{part}" if text else part
    return text


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= _LONGEST_SHOWN else shown[: _LONGEST_SHOWN - 3] + "..."


def read_policy_file(path: Path) -> Mapping[str, Any]:
    """Read a policy file, TOML or JSON by its suffix.

    Raises:
        PolicyError: an unknown suffix, a syntax error, or a document that is
            not a table/object at the top.
        OSError: the file cannot be read.
    """
    suffix = path.suffix.lower()
    if suffix not in {".toml", ".json"}:
        raise PolicyError(
            f"cannot tell the format of {str(path)!r}: name policy files *.toml or *.json"
        )
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text) if suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise PolicyError(f"{str(path)!r} is not valid {suffix[1:].upper()}: {error}") from None
    if not isinstance(data, dict):
        raise PolicyError(
            f"{str(path)!r} must hold one policy object at the top, not {type(data).__name__}"
        )
    return data


def write_policy_file(data: Mapping[str, Any], path: Path) -> None:
    """Write policy data as JSON or TOML by ``path``'s suffix.

    Raises:
        PolicyError: an unknown suffix.
        ModuleNotFoundError: TOML was asked for without ``tomli-w`` installed.
    """
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    if suffix != ".toml":
        raise PolicyError(
            f"cannot tell which format to write to {str(path)!r}: use *.toml or *.json"
        )
    try:
        import tomli_w  # noqa: PLC0415  # optional: only needed to write TOML
    except ModuleNotFoundError:
        msg = "writing TOML needs tomli-w: pip install 'slacalc[toml]' (or write *.json)"
        raise ModuleNotFoundError(msg, name="tomli_w") from None
    path.write_text(tomli_w.dumps(dict(data)), encoding="utf-8")
