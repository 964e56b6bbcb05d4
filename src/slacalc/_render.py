"""HTML tables for notebooks: a policy as the seed's SLA table, a report as a small table."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = ["html_table"]


def html_table(caption: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Return a small HTML table; every cell is escaped.

    Example:
        >>> html_table("Tiers", ["Key"], [["P1 <critical>"]])
        '<table><caption>Tiers</caption><thead><tr><th>Key</th></tr></thead><tbody><tr><td>P1 &lt;critical&gt;</td></tr></tbody></table>'
    """  # noqa: E501
    head = "".join(f"<th>{escape(str(cell))}</th>" for cell in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(_text(cell))}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _text(cell: object) -> str:
    return "" if cell is None else str(cell)
