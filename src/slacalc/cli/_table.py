"""Aligned plain-text tables for people (``--json`` is for machines)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["format_pairs", "format_table"]


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Align ``rows`` under ``header`` in columns two spaces apart (no trailing spaces).

    Example:
        >>> print(format_table(["target", "state"], [["response", "met"], ["resolution", "-"]]))
        target      state
        response    met
        resolution  -
    """
    table = [list(header), *(list(row) for row in rows)]
    widths = [max(len(row[column]) for row in table) for column in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in table
    )


def format_pairs(pairs: Sequence[tuple[str, str]]) -> str:
    """Align ``name value`` lines, the values in one column.

    Example:
        >>> print(format_pairs([("priority", "P2"), ("response due", "2026-11-30T10:00:00+00:00")]))
        priority      P2
        response due  2026-11-30T10:00:00+00:00
    """
    width = max((len(name) for name, _ in pairs), default=0)
    return "\n".join(f"{name.ljust(width)}  {value}".rstrip() for name, value in pairs)
