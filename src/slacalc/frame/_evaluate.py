"""``evaluate_frame``: a table of tickets evaluated at once, per tier and target, on arrays.

Rows are grouped by tier (priorities are looked up once per distinct value);
for each tier and target the due instants and the counted time come from the
calendar's array methods (business time) or plain arithmetic (real time),
and rule kinds without an array form (calendar days, end of business day)
are computed row by row with the scalar rules. States follow the scalar
``evaluate`` of a ticket without events exactly.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from slacalc._dependencies import import_optional
from slacalc._instants import from_instant, to_instant
from slacalc.errors import InvalidTicketError, Problem, SlacalcError
from slacalc.frame._columns import Column, instants_of, is_polars, values_of
from slacalc.policy import Policy, default_policy
from slacalc.policy._rules import BusinessTime, NoTarget, RealTime

if TYPE_CHECKING:
    from slacalc.policy._rules import DueRule

__all__ = ["evaluate_frame"]

_TARGETS = ("response", "resolution")
_STATES = ("met", "breached", "pending", "no_target")


def evaluate_frame(  # the column names are keywords with defaults
    frame: Any,
    *,
    opened: str = "opened_at",
    priority: str = "priority",
    responded: str = "responded_at",
    resolved: str = "resolved_at",
    now: datetime | str | None = None,
    policy: Policy | None = None,
    errors: Literal["coerce", "raise"] = "coerce",
    assume_tz: str | None = None,
) -> Any:
    """Evaluate every ticket of a pandas or Polars DataFrame: a frame of results, row for row.

    For the response and the resolution: ``<target>_due`` (in the policy
    calendar's zone), ``_state``, ``_elapsed``, ``_remaining``,
    ``_fraction_used``, ``_overdue_by`` and ``_breached``, plus ``error``
    (``None`` for good rows). Same length and index as ``frame``; a Polars
    frame gives a Polars frame. Missing completion columns mean "not yet".

    Args:
        frame: the tickets, one per row.
        opened: the opening column (datetimes or ISO 8601 texts).
        priority: the priority column (numbers, digit texts, keys, names, aliases).
        responded: the first response column; missing values or no column: not yet.
        resolved: the resolution column, likewise.
        now: the instant to evaluate at; defaults to the current time.
        policy: the policy; ``None`` is ``slacalc.default_policy()``.
        errors: ``"coerce"`` gives bad rows an ``error`` message and empty
            results; ``"raise"`` raises the first bad row's error.
        assume_tz: the zone of naive datetime columns (never assumed).

    Raises:
        SlacalcError: with ``errors="raise"``, the first bad row (its index
            in the message); a naive column without ``assume_tz``.

    Example:
        >>> import pandas as pd
        >>> tickets = pd.DataFrame({"opened_at": ["2026-11-27T17:00:00Z"], "priority": ["P1"],
        ...                         "responded_at": ["2026-11-30T10:15:00Z"]})
        >>> result = evaluate_frame(tickets, now="2026-12-01T00:00:00Z")
        >>> result.loc[0, ["response_state", "resolution_state"]].tolist()
        ['breached', 'breached']
    """
    np = import_optional("numpy", extra="numpy")
    chosen = default_policy() if policy is None else policy
    current = to_instant(datetime.now(UTC) if now is None else now, "now")
    count = len(frame)
    opened_at = instants_of(frame, opened, assume_tz, np)
    completions = {
        "response": _optional(frame, responded, assume_tz, np, count),
        "resolution": _optional(frame, resolved, assume_tz, np, count),
    }
    problems: list[str | None] = list(opened_at.errors)
    for row in np.flatnonzero(opened_at.missing):
        problems[row] = problems[row] or f"{opened} is missing"
    codes, plans = _plans(frame, priority, chosen, problems, np)
    for target in _TARGETS:
        done = completions[target]
        for row, message in enumerate(done.errors):
            if message and not problems[row]:
                problems[row] = message
        early = ~done.missing & ~opened_at.missing & (done.micros < opened_at.micros)
        for row in np.flatnonzero(early):
            problems[row] = problems[row] or (
                f"{responded if target == 'response' else resolved} is earlier than {opened}; "
                "a ticket cannot be answered or resolved before it was opened"
            )
    late = ~opened_at.missing & (opened_at.micros > current)
    for row in np.flatnonzero(late):
        problems[row] = problems[row] or f"now is earlier than {opened}"
    bad = np.array([message is not None for message in problems], dtype=bool)
    if errors == "raise" and bad.any():
        row = int(np.flatnonzero(bad)[0])
        label = _label(frame, row)
        raise InvalidTicketError(
            f"row {label}: {problems[row]}", (Problem(f"[{label}]", str(problems[row]), None),)
        )
    columns: dict[str, Any] = {}
    for target in _TARGETS:
        columns.update(
            _target_columns(
                target, opened_at, completions[target], (codes, plans), bad, current, np
            )
        )
    return _frame_like(frame, columns, problems, chosen, np)


def _optional(frame: Any, name: str, assume_tz: str | None, np: Any, count: int) -> Column:
    if name in _names(frame):
        return instants_of(frame, name, assume_tz, np)
    return Column(np.zeros(count, dtype=np.int64), np.ones(count, dtype=bool), [None] * count)


def _names(frame: Any) -> list[str]:
    return list(frame.columns)


def _plans(
    frame: Any, name: str, policy: Policy, problems: list[str | None], np: Any
) -> tuple[Any, list[Any]]:
    """Each row's tier as a code into the distinct tiers (``None`` for a bad value).

    Priorities are looked up once per distinct value: pandas factorizes the
    column; other frames are walked once in Python.
    """
    if is_polars(frame):
        distinct: dict[Any, int] = {}
        keys: list[Any] = []
        codes = np.empty(len(frame), dtype=np.intp)
        for row, value in enumerate(values_of(frame, name)):
            key = (type(value), value) if not isinstance(value, float) else ("float", repr(value))
            if key not in distinct:
                distinct[key] = len(keys)
                keys.append(value)
            codes[row] = distinct[key]
    else:
        pd = import_optional("pandas", extra="pandas")
        codes, uniques = pd.factorize(frame[name].astype(object), use_na_sentinel=False)
        keys = list(uniques)
    plans: list[Any] = []
    for code, value in enumerate(keys):
        try:
            plans.append(policy._plan(value))  # noqa: SLF001
        except SlacalcError as error:
            plans.append(None)
            for row in np.flatnonzero(codes == code):
                problems[row] = problems[row] or str(error)
    return codes, plans


def _target_columns(  # noqa: PLR0917  # private; one call per target
    target: str,
    opened: Column,
    done: Column,
    tiers: tuple[Any, list[Any]],
    bad: Any,
    current: int,
    np: Any,
) -> dict[str, Any]:
    codes, plans = tiers
    count = len(codes)
    due = np.full(count, -1, dtype=np.int64)
    allowance = np.full(count, -1, dtype=np.int64)
    elapsed = np.zeros(count, dtype=np.int64)
    completed = ~done.missing & (done.micros <= current)
    end = np.where(completed, done.micros, current)
    groups: dict[int, list[Any]] = {}
    rules: dict[int, DueRule] = {}
    for code, plan in enumerate(plans):
        if plan is not None:
            rule = plan.response if target == "response" else plan.resolution
            groups.setdefault(id(rule), []).append(code)
            rules[id(rule)] = rule
    for key, group in groups.items():
        rows = np.flatnonzero(np.isin(codes, group) & ~bad)
        _fill(rules[key], rows, opened.micros, end, due, allowance, elapsed, np)
    has_target = (due >= 0) & ~bad
    in_time = end <= due
    state = np.where(
        ~has_target,
        "no_target",
        np.where(
            completed,
            np.where(in_time, "met", "breached"),
            np.where(in_time, "pending", "breached"),
        ),
    ).astype(object)
    state[bad] = None
    remaining = np.where(has_target, allowance - elapsed, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where(has_target & (allowance > 0), elapsed / np.maximum(allowance, 1), 0.0)
    overdue = np.where(has_target, np.maximum(end - due, 0), 0)
    return {
        f"{target}_due": (np.where(has_target, due, 0), ~has_target, "instant"),
        f"{target}_state": (state, None, "object"),
        f"{target}_elapsed": (elapsed, bad, "duration"),
        f"{target}_remaining": (remaining, ~has_target, "duration"),
        f"{target}_fraction_used": (np.where(has_target, fraction, np.nan), None, "float"),
        f"{target}_overdue_by": (overdue, ~has_target, "duration"),
        f"{target}_breached": (
            np.where(bad, None, state == "breached").astype(object),
            None,
            "object",
        ),
    }


def _fill(  # noqa: PLR0917  # private: fills the arrays in place for one rule
    rule: DueRule, rows: Any, opened: Any, end: Any, due: Any, allowance: Any, elapsed: Any, np: Any
) -> None:
    starts, ends = opened[rows], end[rows]
    calendar = rule.calendar
    if isinstance(rule, BusinessTime):
        due[rows] = calendar.add_many(starts, rule.micros)
        allowance[rows] = rule.micros
        elapsed[rows] = calendar.elapsed_many(starts, ends)
    elif isinstance(rule, RealTime):
        due[rows] = starts + rule.micros
        allowance[rows] = rule.micros
        elapsed[rows] = np.maximum(ends - starts, 0)
    elif isinstance(rule, NoTarget):
        elapsed[rows] = calendar.elapsed_many(starts, ends)
    else:  # calendar days, end of business day: the scalar rule, row by row
        zone = calendar.zone
        for row, start, stop in zip(rows.tolist(), starts.tolist(), ends.tolist(), strict=True):
            opened_at = from_instant(start, zone)
            moment = rule.due(opened_at)
            assert moment is not None  # only NoTarget has no due
            due[row] = to_instant(moment, "due")
            allowance[row] = rule.count(start, due[row])
            elapsed[row] = rule.count(start, stop)


def _label(frame: Any, row: int) -> Any:
    if is_polars(frame):
        return row
    return frame.index[row]


def _frame_like(
    frame: Any, columns: dict[str, Any], problems: list[str | None], policy: Policy, np: Any
) -> Any:
    zone = policy.calendar.timezone
    if is_polars(frame):
        pl = import_optional("polars", extra="polars")
        data: dict[str, Any] = {}
        for name, (values, empty, kind) in columns.items():
            series = _polars_series(pl, np, name, values, empty, kind, zone)
            data[name] = series
        data["error"] = pl.Series("error", problems, dtype=pl.String)
        return pl.DataFrame(data)
    pd = import_optional("pandas", extra="pandas")
    out: dict[str, Any] = {}
    for name, (values, empty, kind) in columns.items():
        out[name] = _pandas_column(pd, np, values, empty, kind, zone)
    result = pd.DataFrame(out, index=frame.index)
    result["error"] = pd.Series(problems, index=frame.index, dtype=object)
    return result


def _pandas_column(  # noqa: PLR0917  # private
    pd: Any, np: Any, values: Any, empty: Any, kind: str, zone: str
) -> Any:
    if kind == "instant":
        stamps = values.astype("datetime64[us]")
        stamps[empty] = np.datetime64("NaT")
        return pd.DatetimeIndex(stamps).tz_localize("UTC").tz_convert(zone).array
    if kind == "duration":
        spans = values.astype("timedelta64[us]")
        spans[empty] = np.timedelta64("NaT")
        return spans
    if kind == "object":
        return pd.array(values.tolist(), dtype=object)
    return values


def _polars_series(  # noqa: PLR0917  # private
    pl: Any, np: Any, name: str, values: Any, empty: Any, kind: str, zone: str
) -> Any:
    if kind == "instant":
        stamps = values.astype("datetime64[us]")
        series = pl.Series(name, stamps).dt.replace_time_zone("UTC").dt.convert_time_zone(zone)
        return series.scatter(np.flatnonzero(empty), None) if empty.any() else series
    if kind == "duration":
        series = pl.Series(name, values.astype("timedelta64[us]"))
        return (
            series.scatter(np.flatnonzero(empty), None)
            if empty is not None and empty.any()
            else series
        )
    if kind == "float":
        return pl.Series(name, values)
    return pl.Series(name, values.tolist())
