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
from slacalc._instants import from_instant, is_missing, to_instant
from slacalc.errors import (
    InvalidTicketError,
    InvalidTimestampError,
    PolicyTypeError,
    Problem,
    SlacalcError,
    TicketTypeError,
    TimelineError,
)
from slacalc.frame._columns import (
    Column,
    instants_of,
    is_float_column,
    is_frame,
    is_polars,
    row_label,
    values_of,
    whole,
)
from slacalc.frame._events import join_events, reports_of
from slacalc.frame._output import Output, frame_like
from slacalc.frame._problems import Problems
from slacalc.frame._targets import TargetColumns
from slacalc.policy import Policy, default_policy
from slacalc.schemas import parse_zone

if TYPE_CHECKING:
    from slacalc.sla import SlaReport

__all__ = ["evaluate_frame"]

_TARGETS = ("response", "resolution")


def evaluate_frame(  # the column names are keywords with defaults
    frame: Any,
    *,
    opened: str = "opened_at",
    priority: str = "priority",
    responded: str = "responded_at",
    resolved: str = "resolved_at",
    id: str = "id",  # noqa: A002  # the column's name, as Ticket.id
    events: Any = None,
    now: datetime | str | None = None,
    policy: Policy | None = None,
    errors: Literal["coerce", "raise"] = "coerce",
    assume_tz: str | None = None,
) -> Any:
    """Evaluate every ticket of a pandas or Polars DataFrame: a frame of results, row for row.

    The columns: ``id`` (when the frame has one), ``priority`` (the key of
    the tier in effect at ``now``), ``opened_at``; for the response and the
    resolution ``<target>_due``, ``_state`` (a categorical of ``met``,
    ``breached``, ``pending``, ``no_target``), ``_completed_at``,
    ``_elapsed``, ``_remaining``, ``_fraction_used``, ``_overdue_by`` and
    ``_breached``; ``paused``, ``breached_cycles``; and ``error`` (``None``
    for good rows). Instants are in the policy calendar's zone. Same length
    and index as ``frame``; a Polars frame gives a Polars frame. Missing
    completion values or columns mean "not yet".

    ``events`` is a table of ticket events (columns ``id`` — named like the
    frame's ``id`` column —, ``type``, ``at`` and ``to`` for priority
    changes), joined to the tickets by id: those tickets are evaluated with
    their timelines under the policy's clock rules, exactly as ``evaluate``.

    Args:
        frame: the tickets, one per row.
        opened: the opening column (datetimes or ISO 8601 texts).
        priority: the priority column (numbers, digit texts, keys, names, aliases).
        responded: the first response column; missing values or no column: not yet.
        resolved: the resolution column, likewise.
        id: the ticket id column: copied to the result, and the key of ``events``.
        events: the events table, or ``None``.
        now: the instant to evaluate at; defaults to the current time.
        policy: the policy; ``None`` is ``slacalc.default_policy()``.
        errors: ``"coerce"`` gives bad rows an ``error`` message and empty
            results; ``"raise"`` raises the first bad row's error.
        assume_tz: the zone of naive datetime columns (never assumed).

    Raises:
        SlacalcError: with ``errors="raise"``, the first bad row (its index
            in the message); a naive column without ``assume_tz``; events
            naming a ticket id that no row has.

    Example:
        >>> import pandas as pd
        >>> tickets = pd.DataFrame({"opened_at": ["2026-11-27T17:00:00Z"], "priority": ["P1"],
        ...                         "responded_at": ["2026-11-30T10:15:00Z"]})
        >>> result = evaluate_frame(tickets, now="2026-12-01T00:00:00Z")
        >>> result.loc[0, ["response_state", "resolution_state"]].tolist()
        ['breached', 'breached']
    """
    np = import_optional("numpy", extra="polars" if is_polars(frame) else "pandas")
    chosen = _checked(frame, (opened, priority), policy, errors)
    _check_zone(assume_tz)
    if events is not None and not is_frame(events):
        raise TicketTypeError(
            "events must be a pandas or Polars DataFrame with the columns id, type, at (and "
            f"to); got {type(events).__name__}"
        )
    current = to_instant(datetime.now(UTC) if now is None else now, "now")
    count = len(frame)
    problems = Problems(count, np)
    # Problems in the order the scalar evaluation meets them: unreadable instants,
    # the priority, ``now`` before the opening, then the timeline.
    opened_at = instants_of(frame, opened, assume_tz, np)
    problems.add_each(opened_at.errors)
    problems.add(opened_at.missing, f"{opened} is missing", InvalidTimestampError)
    completions = (
        _optional(frame, responded, assume_tz, np, count),
        _optional(frame, resolved, assume_tz, np, count),
    )
    for done in completions:
        problems.add_each(done.errors)
    codes, plans = _plans(frame, priority, chosen, problems, np)
    problems.add(
        ~opened_at.missing & (opened_at.micros > current),
        f"now is earlier than {opened}",
        InvalidTimestampError,
    )
    for name, done in zip((responded, resolved), completions, strict=True):
        problems.add(
            ~done.missing & ~opened_at.missing & (done.micros < opened_at.micros),
            f"{name} is earlier than {opened}; "
            "a ticket cannot be answered or resolved before it was opened",
            TimelineError,
        )
    reports: dict[int, SlaReport] = {}
    if events is not None:
        joined = join_events(frame, events, id, assume_tz, problems, np)
        raw = values_of(frame, priority)
        reports = reports_of(
            joined, opened_at, raw, completions, (chosen, from_instant(current, UTC), problems)
        )
    skip = problems.bad
    skip[list(reports)] = True
    results = []
    for index, target in enumerate(_TARGETS):
        result = TargetColumns(count, np)
        result.vector(target, opened_at, completions[index], (codes, plans), skip, current)
        for row, report in reports.items():
            result.scalar(row, report.response if index == 0 else report.resolution)
        problems.add_each(result.failures)
        results.append(result)
    _raise_first(frame, problems, errors)
    bad = problems.bad
    output = Output(np)
    if id in list(frame.columns):
        output.copy(id, frame[id])
    output.add(
        "priority",
        _tiers(codes, plans, reports, chosen, bad, np),
        "category",
        tuple(tier.key for tier in chosen.tiers),
    )
    output.add("opened_at", opened_at.micros, "instant", opened_at.missing)
    for target, result in zip(_TARGETS, results, strict=True):
        result.output(target, output, bad)
    paused = np.zeros(count, dtype=bool)
    cycles = np.zeros(count, dtype=np.int64)
    for row, report in reports.items():
        paused[row], cycles[row] = report.paused, report.breached_cycles
    output.add("paused", paused, "boolean", bad)
    output.add("breached_cycles", cycles, "integer", bad)
    output.add("error", problems.column(), "object")
    return frame_like(frame, output, chosen.calendar.timezone)


def _checked(frame: Any, needed: tuple[str, str], policy: Any, errors: str) -> Policy:
    """The policy to use, once the arguments that are not rows are known to be usable."""
    if not is_frame(frame):
        raise TicketTypeError(
            f"evaluate_frame takes a pandas or Polars DataFrame; got {type(frame).__name__}"
        )
    if policy is not None and not isinstance(policy, Policy):
        raise PolicyTypeError(
            f"policy must be a slacalc Policy (slacalc.load_policy(...) or "
            f"slacalc.default_policy()); got {type(policy).__name__}"
        )
    if errors not in ("coerce", "raise"):
        raise InvalidTicketError(f"errors must be 'coerce' or 'raise'; got {errors!r}")
    names = list(frame.columns)
    repeated = sorted({str(name) for name in names if names.count(name) > 1})
    if repeated:
        raise InvalidTicketError(
            f"the frame has several columns named {', '.join(repeated)}; "
            "rename or drop the extra ones"
        )
    for keyword, name in zip(("opened", "priority"), needed, strict=True):
        if name not in names:
            raise InvalidTicketError(
                f"the frame has no {name!r} column; name the {keyword} column with "
                f"{keyword}=...; the columns: {', '.join(map(str, names)) or 'none'}",
                (Problem(name, "no such column", None),),
            )
    return default_policy() if policy is None else policy


def _check_zone(assume_tz: Any) -> None:
    """``assume_tz`` must name a zone slacalc reads (IANA, ``GMT``, ``UTC``) or be ``None``."""
    if assume_tz is None:
        return
    if not isinstance(assume_tz, str):
        raise InvalidTimestampError(
            f"assume_tz must be the name of a time zone, such as 'Europe/London' or 'UTC'; "
            f"got {type(assume_tz).__name__} {assume_tz!r}"
        )
    parse_zone(assume_tz)  # CalendarError naming the zones it takes


def _raise_first(frame: Any, problems: Problems, errors: str) -> None:
    if errors != "raise" or (first := problems.first()) is None:
        return
    row, message, kind = first
    label = row_label(frame, row)
    raise kind(f"row {label}: {message}", (Problem(f"[{label}]", message, None),))


def _optional(frame: Any, name: str, assume_tz: str | None, np: Any, count: int) -> Column:
    if name in list(frame.columns):
        return instants_of(frame, name, assume_tz, np)
    return Column(np.zeros(count, dtype=np.int64), np.ones(count, dtype=bool), {})


def _plans(
    frame: Any, name: str, policy: Policy, problems: Problems, np: Any
) -> tuple[Any, list[Any]]:
    """Each row's tier as a code into the distinct values' plans (``None`` for a bad value).

    Priorities are looked up once per distinct value: pandas factorizes the
    column; other frames are walked once in Python.
    """
    column = frame[name]
    if is_polars(frame):
        codes, keys = _polars_factorize(column, np)
    else:
        pd = import_optional("pandas", extra="pandas")
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        keys = [None if is_missing(value) else value for value in uniques.tolist()]
    if is_float_column(column):  # numbers with gaps: each whole one is a tier's number
        keys = [whole(value) for value in keys]
    plans: list[Any] = []
    for code, value in enumerate(keys):
        if is_missing(value):
            plans.append(None)
            problems.add(codes == code, f"{name} is missing")
            continue
        try:
            plans.append(policy._plan(value))  # noqa: SLF001
        except SlacalcError as error:
            plans.append(None)
            problems.add(codes == code, error)
    return codes, plans


def _polars_factorize(column: Any, np: Any) -> tuple[Any, list[Any]]:
    """Codes into the distinct values (``None`` last), as ``pandas.factorize`` gives them."""
    if column.dtype.is_object():  # mixed Python values: walked once
        distinct: dict[Any, int] = {}
        keys: list[Any] = []
        codes = np.empty(len(column), dtype=np.intp)
        for row, value in enumerate(column.to_list()):
            key = (type(value), value) if not isinstance(value, float) else ("float", repr(value))
            if key not in distinct:
                distinct[key] = len(keys)
                keys.append(value)
            codes[row] = distinct[key]
        return codes, keys
    pl = import_optional("polars", extra="polars")
    uniques = column.drop_nulls().unique(maintain_order=True)
    numbers = pl.Series(range(len(uniques)), dtype=pl.UInt32)
    found = column.replace_strict(uniques, numbers, default=len(uniques), return_dtype=pl.UInt32)
    return found.to_numpy().astype(np.intp), [*uniques.to_list(), None]


def _tiers(  # noqa: PLR0917  # private
    codes: Any,
    plans: list[Any],
    reports: dict[int, SlaReport],
    policy: Policy,
    bad: Any,
    np: Any,
) -> Any:
    """Each row's tier as its position in the policy's tiers (``-1`` for bad rows)."""
    position = {tier.key: number for number, tier in enumerate(policy.tiers)}
    by_code = np.array(
        [-1 if plan is None else position[plan.tier.key] for plan in plans] or [-1],
        dtype=np.int16,
    )
    tiers = by_code[codes] if len(codes) else np.zeros(0, dtype=np.int16)
    for row, report in reports.items():
        tiers[row] = position[report.priority]
    tiers[bad] = -1
    return tiers
