"""Merging half-open intervals: the one rule, for hours and for instants alike.

Intervals are ``(start, end)`` pairs with ``start < end``, open at ``start``
and closed from ``end``; two intervals that touch (one ends where the next
starts) are one interval. (The tables' ``_join_touching`` joins the same way
lazily, across the edges of year tables, while a query walks.)
"""

from __future__ import annotations

from itertools import pairwise

from slacalc._instants import Interval

__all__ = ["first_overlap", "merge_intervals"]


def merge_intervals(intervals: list[Interval]) -> list[Interval]:
    """Sort intervals and merge those that overlap or touch.

    Example:
        >>> merge_intervals([(5, 7), (1, 3), (3, 4), (6, 9)])
        [(1, 4), (5, 9)]
    """
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def first_overlap(intervals: list[Interval]) -> tuple[Interval, Interval] | None:
    """The first two sorted intervals that share time (touching ones do not), if any.

    Example:
        >>> first_overlap([(1, 3), (3, 4)]) is None, first_overlap([(1, 3), (2, 4)])
        (True, ((1, 3), (2, 4)))
    """
    ordered = sorted(intervals)
    for (start, end), (next_start, next_end) in pairwise(ordered):
        if next_start < end:
            return (start, end), (next_start, next_end)
    return None
