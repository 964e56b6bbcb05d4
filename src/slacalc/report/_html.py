"""HTML tables of compliance reports for notebooks: shares as percentages, times as h:mm."""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING, Any, Final

from slacalc.report._compliance import STATES
from slacalc.report._input import TARGETS
from slacalc.report._periods import PERIODS

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from slacalc.report._compare import Comparison
    from slacalc.report._compliance import Compliance

__all__ = ["comparison_html", "compliance_html", "duration_text", "share_text"]

_MOST_ROWS: Final = 50  # groups, or changed tickets, shown; the caption says how many more
_MISSING: Final = "\u2013"  # an en dash
_STATE_HEADERS: Final = {"met": "met", "breached": "breached", "pending": "pending",
                         "no_target": "no target"}  # fmt: skip
_MICROS_PER_MINUTE: Final = 60_000_000


def share_text(share: float) -> str:
    """A share as a percentage with one decimal; a dash for NaN.

    Example:
        >>> share_text(2 / 3), share_text(float("nan")) == "\u2013"
        ('66.7%', True)
    """
    return _MISSING if math.isnan(share) else f"{share:.1%}"


def duration_text(value: Any) -> str:
    """A timedelta as hours and minutes, ``h:mm`` (cut to the minute); a dash for NaT.

    Example:
        >>> from datetime import timedelta
        >>> duration_text(timedelta(hours=27, minutes=5, seconds=59))
        '27:05'
        >>> duration_text(None) == "\u2013"
        True
    """
    if _missing(value):
        return _MISSING
    micros = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    minutes = micros // _MICROS_PER_MINUTE
    return f"{minutes // 60}:{minutes % 60:02d}"


def _missing(value: Any) -> bool:
    """Whether ``value`` is None, NaN, NaT or ``pandas.NA`` (none is equal to itself)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # noqa: PLR0124 - the test for NaN and NaT
    except TypeError:  # pandas.NA refuses to be a boolean
        return True


def _key_text(value: Any) -> str:
    return "(missing)" if _missing(value) else str(value)


def _keys_phrase(by: Sequence[str], zone: str | None) -> str:
    if not by:
        return "overall"
    # A zone is set only when a period was derived from opened_at.
    named = [f"{key} of opening ({zone})" if key in PERIODS and zone else key for key in by]
    return "by " + (named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1])


def _counted(rows: int, errors: int) -> str:
    tickets = f"{rows} ticket{'s' * (rows != 1)}"
    return f"{tickets} ({errors} could not be evaluated)" if errors else tickets


_METHOD: Final = (
    "Shares of met, breached and pending are of the targets with a time target; "
    "no target is a share of the evaluated tickets. Times are the time to completion "
    "of the completed targets (business time for business units), median and 90th "
    "percentile, as h:mm."
)


def _table(
    caption: str,
    keys: Sequence[str],
    rows: int,
    cell: Callable[[int, str], str],
    key_cell: Callable[[int, str], str],
) -> str:
    measures = [f"{state}" for state in STATES] + ["median", "p90"]
    head_keys = "".join(f'<th rowspan="2">{escape(key)}</th>' for key in keys)
    head_targets = "".join(
        f'<th colspan="{len(measures)}">{target.capitalize()}</th>' for target in TARGETS
    )
    head_measures = "".join(
        f"<th>{escape(_STATE_HEADERS.get(measure, measure))}</th>"
        for _ in TARGETS
        for measure in measures
    )
    head = (
        f'<tr>{head_keys}<th rowspan="2">tickets</th><th rowspan="2">errors</th>'
        f"{head_targets}</tr><tr>{head_measures}</tr>"
    )
    body = []
    for row in range(min(rows, _MOST_ROWS)):
        cells = [key_cell(row, key) for key in keys] + [cell(row, "rows"), cell(row, "errors")]
        cells += [cell(row, f"{target}_{measure}") for target in TARGETS for measure in measures]
        body.append("<tr>" + "".join(f"<td>{escape(text)}</td>" for text in cells) + "</tr>")
    if rows > _MOST_ROWS:
        caption += f" The first {_MOST_ROWS} of {rows} groups are shown."
    return (
        f'<table class="slacalc-compliance"><caption>{escape(caption)}</caption>'
        f"<thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"
    )


def _cell_reader(frame: Any, suffix: str = "") -> Callable[[int, str], str]:
    columns = frame.columns

    def cell(row: int, stem: str) -> str:
        value = frame[f"{stem}{suffix}"].iloc[row]
        if stem.endswith(("_median", "_p90")):
            return duration_text(value)
        share = f"{stem}_share{suffix}"
        if share in columns and not math.isnan(frame[share].iloc[row]):
            return f"{value} ({share_text(frame[share].iloc[row])})"
        return str(value)

    return cell


def compliance_html(report: Compliance) -> str:
    """A compliance table as HTML: the keys, then per target the counts, shares and times."""
    frame = report.frame
    caption = (
        f"SLA compliance of {_counted(report.rows, report.errors)}, "
        f"{_keys_phrase(report.by, report.zone)}. "
        f"{_METHOD}"
    )
    return _table(
        caption,
        report.by,
        len(frame),
        _cell_reader(frame),
        lambda row, key: _key_text(frame[key].iloc[row]),
    )


def comparison_html(comparison: Comparison) -> str:
    """A comparison as HTML: one table, ``a → b`` where the policies differ, and changed rows."""
    first, second = comparison.names
    frame = comparison.frame
    by = comparison.a.by
    left, right = _cell_reader(frame, f"_{first}"), _cell_reader(frame, f"_{second}")

    def cell(row: int, stem: str) -> str:
        before, after = left(row, stem), right(row, stem)
        return before if before == after else f"{before} → {after}"

    a, b = comparison.a, comparison.b
    counted = (
        _counted(a.rows, a.errors)
        if (a.rows, a.errors) == (b.rows, b.errors)
        else f"{_counted(a.rows, a.errors)} under {first}, {_counted(b.rows, b.errors)} under "
        f"{second}"
    )
    caption = (
        f"SLA compliance under {first} and {second} ({first} → {second} where they differ) "
        f"of {counted}, {_keys_phrase(by, _zones(a.zone, b.zone, comparison.names))}. "
        f"{_METHOD}"
    )
    summary = _table(
        caption, by, len(frame), cell, lambda row, key: _key_text(frame[key].iloc[row])
    )
    return summary + _changed_html(comparison)


def _zones(first: str | None, second: str | None, names: tuple[str, str]) -> str | None:
    """The zone periods were read in, or each policy's when they differ."""
    if first == second or second is None:
        return first
    if first is None:
        return second
    return f"{first} under {names[0]}, {second} under {names[1]}"


def _changed_html(comparison: Comparison) -> str:
    changed = comparison.changed
    first, second = comparison.names
    count = len(changed)
    caption = (
        f"{count} ticket{'s' * (count != 1)} change{'s' * (count == 1)} state "
        f"from {first} to {second}."
    )
    if count > _MOST_ROWS:
        caption += f" The first {_MOST_ROWS} are shown."
    header = ["row"] + (["id"] if "id" in changed.columns else []) + ["opened"]
    header += [f"priority ({first} → {second})"] + [
        f"{target} {part} ({first} → {second})" for target in TARGETS for part in ("state", "due")
    ]
    body = []
    for position in range(min(count, _MOST_ROWS)):
        record = changed.iloc[position]
        cells = [str(changed.index[position])]
        if "id" in changed.columns:
            cells.append(_key_text(record["id"]))
        cells.append(_instant_text(record["opened_at"]))
        for stem in ["priority"] + [
            f"{target}_{part}" for target in TARGETS for part in ("state", "due")
        ]:
            before = _instant_text(record[f"{stem}_{first}"])
            after = _instant_text(record[f"{stem}_{second}"])
            cells.append(before if before == after else f"{before} → {after}")
        body.append("<tr>" + "".join(f"<td>{escape(text)}</td>" for text in cells) + "</tr>")
    head = "".join(f"<th>{escape(text)}</th>" for text in header)
    return (
        f'<table class="slacalc-changed"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _instant_text(value: Any) -> str:
    if _missing(value):
        return _MISSING
    if hasattr(value, "strftime"):
        return str(value.strftime("%Y-%m-%d %H:%M %Z"))
    return str(value)
