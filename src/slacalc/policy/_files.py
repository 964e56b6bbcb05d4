"""Policy files: TOML or JSON by suffix, read into plain data and written back."""

from __future__ import annotations

import codecs
import json
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slacalc._dependencies import import_optional
from slacalc.errors import PolicyError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["read_policy_file", "write_policy_file"]


def read_policy_file(path: Path) -> Mapping[str, Any]:
    r"""Read a policy file, TOML or JSON by its suffix.

    Raises:
        PolicyError: an unknown suffix, text that is not UTF-8, a syntax
            error, nesting too deep to read, or a document that is not a
            table/object at the top.
        OSError: the file cannot be read.

    Example:
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder, "policy.json")
        ...     _ = path.write_bytes(b'{"name": "caf\xe9"}')
        ...     read_policy_file(path)
        Traceback (most recent call last):
        ...
        slacalc.errors.PolicyError: '...policy.json' is not UTF-8 text (byte 0xe9 at offset 13); ...
    """
    suffix = path.suffix.lower()
    if suffix not in {".toml", ".json"}:
        raise PolicyError(
            f"cannot tell the format of {str(path)!r}: name policy files *.toml or *.json"
        )
    raw = path.read_bytes().removeprefix(codecs.BOM_UTF8)  # as some editors write
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PolicyError(
            f"{str(path)!r} is not UTF-8 text (byte 0x{raw[error.start]:02x} at offset "
            f"{error.start}); save the policy file as UTF-8"
        ) from None
    kind = suffix[1:].upper()
    try:
        data = tomllib.loads(text) if suffix == ".toml" else json.loads(text)
    except RecursionError:
        raise PolicyError(
            f"{str(path)!r} nests arrays or tables too deeply to read; a policy file is a few "
            "levels deep (policy, tier, target): remove the extra nesting"
        ) from None
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise PolicyError(f"{str(path)!r} is not valid {kind}: {error}") from None
    except ValueError:  # Python refuses to convert integers of thousands of digits
        raise PolicyError(
            f"{str(path)!r} holds a number too long to read (thousands of digits); "
            "no policy value needs more than a few digits: shorten it"
        ) from None
    if not isinstance(data, dict):
        raise PolicyError(
            f"{str(path)!r} must hold one policy object at the top, not {type(data).__name__}"
        )
    return data


def write_policy_file(data: Mapping[str, Any], path: Path) -> None:
    """Write policy data as JSON or TOML by ``path``'s suffix.

    Raises:
        PolicyError: an unknown suffix.
        MissingDependencyError: TOML was asked for without ``tomli-w`` (the ``toml`` extra).
    """
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    if suffix != ".toml":
        raise PolicyError(
            f"cannot tell which format to write to {str(path)!r}: use *.toml or *.json"
        )
    tomli_w = import_optional("tomli_w", extra="toml")  # only needed to write TOML
    path.write_text(tomli_w.dumps(dict(data)), encoding="utf-8")
