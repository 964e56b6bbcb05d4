"""Check that the API reference's index lists every name ``import slacalc`` gives.

A MkDocs hook (``hooks:`` in ``mkdocs.yml``). ``docs/reference/index.md`` groups
the names of ``slacalc.__all__`` by subpackage and links each to its entry on
the subpackage's page. The table is written by hand, so this hook warns (and
``mkdocs build --strict`` fails) when a name is added to ``__all__`` but not to
the table, or the table names something ``slacalc`` no longer exports.
"""

from __future__ import annotations

import re
from typing import Final

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import slacalc

__all__ = ["on_page_markdown"]

INDEX: Final = "reference/index.md"
# A name in the table: [`name`][...] or [`name`](...).
_LISTED: Final = re.compile(r"\[`(\w+)`\][\[(]")

log = get_plugin_logger(__name__)


def on_page_markdown(
    markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
) -> str | None:
    """Warn about every exported name the index leaves out, and every stale one.

    Args:
        markdown: the page's Markdown source.
        page: the page being built.
        config: the site's configuration (unused).
        files: the site's files (unused).

    Returns:
        ``None``: the page is not changed.
    """
    del config, files
    if page.file.src_uri != INDEX:
        return None
    listed = set(_LISTED.findall(markdown))
    exported = set(slacalc.__all__)
    for name in sorted(exported - listed):
        log.warning("%s does not list slacalc.%s; add it to its subpackage's table", INDEX, name)
    for name in sorted(listed - exported):
        log.warning("%s lists %s, which slacalc does not export; remove it", INDEX, name)
    return None
