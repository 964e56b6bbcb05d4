"""Render the docstrings' ``Example:`` sections as doctest code in the API reference.

slacalc's Google-style docstrings head their doctests ``Example:``, as the
Google style guide and napoleon allow. Griffe's Google parser knows only the
plural, ``Examples:``, and reads a singular one as an admonition of Markdown,
where ``>>> x[0]`` turns into a broken link. This Griffe extension renames the
section heading before the docstrings are parsed, so every doctest is shown as
code and the sources keep the style they are checked in.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

__all__ = ["ExampleSections"]

_SINGULAR_HEADING = re.compile(r"^Example:[ \t]*$", flags=re.MULTILINE)


class ExampleSections(griffe.Extension):
    """Read every docstring's ``Example:`` section as an ``Examples:`` section."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:  # noqa: ARG002 - griffe passes node, agent and more
        """Rename the heading as soon as the object and its docstring exist.

        Args:
            obj: the module, class, function or attribute just found.
            **kwargs: the rest of griffe's event arguments, unused.
        """
        if obj.docstring is not None:
            obj.docstring.value = _SINGULAR_HEADING.sub("Examples:", obj.docstring.value)
