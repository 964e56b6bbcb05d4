"""``compliance``: a result frame summarised per group, and the ``Compliance`` value it returns.

Rows are grouped by codes (each key factorized and ranked once), counted
with ``bincount`` and their completion times ranked with one ``lexsort``, so
a million rows cost a few numpy passes, not a Python loop.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from slacalc._dependencies import import_optional
from slacalc._frozen import sealed
from slacalc.errors import ReportError, ReportTypeError
from slacalc.report._input import TARGETS, as_pandas, check_columns, group_keys
from slacalc.report._periods import period_labels
from slacalc.sla import TargetState

if TYPE_CHECKING:
    from collections.abc import Sequence


__all__ = ["STATES", "Compliance", "compliance", "group_codes", "sort_key", "statistic_columns"]

STATES: Final = tuple(state.value for state in TargetState)  # in the enum's order
_TIMED: Final = ("met", "breached", "pending")  # the states of a target with a time target
_MEDIAN: Final = (1, 2)  # quantiles as exact fractions, so the interpolation is exact too
_P90: Final = (9, 10)
_NAT: Final = -(2**63)
_DIGITS: Final = re.compile(r"(\d+)")


def statistic_columns() -> list[str]:
    """The columns a ``Compliance`` frame holds after its keys, in order.

    Example:
        >>> statistic_columns()[:8]
        ['rows', 'errors', 'response_met', 'response_breached', 'response_pending', 'response_no_target', 'response_with_target', 'response_met_share']
    """  # noqa: E501
    columns = ["rows", "errors"]
    for target in TARGETS:
        columns += [f"{target}_{state}" for state in STATES]
        columns.append(f"{target}_with_target")
        columns += [f"{target}_{state}_share" for state in STATES]
        columns += [f"{target}_completed", f"{target}_median", f"{target}_p90"]
    return columns


@sealed
class Compliance:
    """SLA compliance per group: counts, shares and times to completion, one row per group.

    Made by ``slacalc.report.compliance``. ``frame`` is a pandas DataFrame
    with the ``by`` keys first, then ``rows`` and ``errors`` and, for
    ``response`` and ``resolution``: ``_met``, ``_breached``, ``_pending``,
    ``_no_target``, ``_with_target`` (met + breached + pending), their
    ``_share`` columns, ``_completed``, ``_median`` and ``_p90``. Each access
    gives a copy, so the value never changes.

    Args:
        by: the group keys, in order.
        frame: the table, as described.
        zone: the zone periods were read in (``None`` when no period is a key).

    Example:
        >>> import pandas as pd
        >>> from slacalc.frame import evaluate_frame
        >>> from slacalc.report import compliance
        >>> tickets = pd.DataFrame({"opened_at": ["2026-11-27T17:00:00Z"] * 2,
        ...                         "priority": ["P1", "P2"],
        ...                         "responded_at": ["2026-11-30T09:30:00Z", None]})
        >>> report = compliance(evaluate_frame(tickets, now="2026-11-30T12:00:00Z"), by=[])
        >>> report
        Compliance(by=(), groups=1, rows=2, errors=0)
        >>> report.frame[["rows", "response_met", "response_breached", "response_met_share"]]
           rows  response_met  response_breached  response_met_share
        0     2             1                  1                 0.5
    """

    __slots__ = ("_by", "_frame", "_zone")
    _by: tuple[str, ...]
    _frame: Any
    _zone: str | None

    def __init__(self, by: Sequence[str], frame: Any, zone: str | None = None) -> None:
        object.__setattr__(self, "_by", tuple(by))
        object.__setattr__(self, "_frame", frame.copy())
        object.__setattr__(self, "_zone", zone)

    @property
    def by(self) -> tuple[str, ...]:
        """The group keys, in order (empty for one overall row)."""
        return self._by

    @property
    def zone(self) -> str | None:
        """The zone periods of the opening were read in; ``None`` when no period is a key."""
        return self._zone

    @property
    def frame(self) -> Any:
        """The table as a pandas DataFrame (a copy), one row per group, sorted by the keys."""
        return self._frame.copy()

    def to_pandas(self) -> Any:
        """The table as a pandas DataFrame (a copy); the same as ``frame``.

        Example:
            >>> import pandas as pd
            >>> from slacalc.report import Compliance
            >>> Compliance((), pd.DataFrame({"rows": [0], "errors": [0]})).to_pandas().shape
            (1, 2)
        """
        return self._frame.copy()

    @property
    def rows(self) -> int:
        """How many rows of the result were counted, bad ones included."""
        return int(self._frame["rows"].sum())

    @property
    def errors(self) -> int:
        """How many rows of the result could not be evaluated (an ``error`` message)."""
        return int(self._frame["errors"].sum())

    def __repr__(self) -> str:
        return (
            f"Compliance(by={self._by!r}, groups={len(self._frame)}, rows={self.rows}, "
            f"errors={self.errors})"
        )

    def _repr_html_(self) -> str:
        from slacalc.report._html import compliance_html  # noqa: PLC0415 - only in notebooks

        return compliance_html(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Compliance):
            return NotImplemented
        return (
            self._by == other._by
            and self._zone == other._zone
            and bool(self._frame.equals(other._frame))
        )

    def __hash__(self) -> int:
        return hash((self._by, self._zone, len(self._frame)))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._by, self._frame, self._zone))


def compliance(result: Any, by: str | Sequence[str] | None = ("priority", "month")) -> Compliance:
    """Summarise an ``evaluate_frame`` result per group: how many targets were met, and how fast.

    Per group and target: the counts of ``met``, ``breached``, ``pending``
    and ``no_target``; the shares of met, breached and pending over the
    targets with a time target (met + breached + pending); the share of
    no target over the evaluated rows; and the median and 90th percentile
    of the time to completion (``_elapsed``) over the completed targets
    (``_completed_at`` set), interpolated linearly between ranks (numpy's
    default) and rounded to the microsecond. A share with nothing to count
    is NaN and a time with no completed target is NaT. Bad rows (an
    ``error`` message) count in ``rows`` and ``errors`` only.

    Args:
        result: what ``slacalc.frame.evaluate_frame`` returned, pandas or Polars.
        by: the group keys: columns of ``result`` (``"priority"``, ``"id"``,
            or any column added to it) and periods of the opening instant in
            its own zone, the policy's: ``"day"`` (``2026-11-27``), ``"week"``
            (ISO, ``2026-W48``), ``"month"`` (``2026-11``), ``"quarter"``
            (``2026-Q4``), ``"year"`` (``2026``); a column wins over a period
            of the same name. The default is per priority and month of
            opening. A text is one key; ``None`` or ``[]`` gives one overall
            row. Groups are sorted by their keys: categorical columns
            in their categories' order (``priority``: the policy's tiers;
            states: met, breached, pending, no target), texts with numbers
            inside by value (``P2`` before ``P10``), a missing key last.

    Returns:
        The ``Compliance`` table.

    Raises:
        UnknownGroupKeyError: a key is neither a column of ``result`` nor a period.
        ReportError: ``result`` lacks a column compliance reads, ``by`` names
            a key twice, or a key is named like a column of the table.
        ReportTypeError: ``result`` is not a DataFrame, or a key not a text.

    Example:
        >>> import pandas as pd
        >>> from slacalc.frame import evaluate_frame
        >>> tickets = pd.DataFrame({
        ...     "opened_at": ["2026-11-27T17:00:00Z", "2026-11-30T09:00:00Z", "2026-12-01T09:00:00Z"],
        ...     "priority": ["P1", "P1", "P3"],
        ...     "responded_at": ["2026-11-30T09:30:00Z", "2026-11-30T12:00:00Z", None]})
        >>> result = evaluate_frame(tickets, now="2026-12-01T12:00:00Z")
        >>> table = compliance(result, by=["priority", "month"]).frame
        >>> table[["priority", "month", "response_met", "response_breached", "response_pending"]]
          priority    month  response_met  response_breached  response_pending
        0       P1  2026-11             1                  1                 0
        1       P3  2026-12             0                  0                 1
        >>> table[["response_met_share", "response_median", "response_p90"]]
           response_met_share response_median    response_p90
        0                 0.5 0 days 02:15:00 0 days 02:51:00
        1                 0.0             NaT             NaT
    """  # noqa: E501
    np = import_optional("numpy", extra="numpy")
    pd = import_optional("pandas", extra="pandas")
    table = as_pandas(result)
    keys = group_keys(by)
    check_columns(table, keys)
    clashing = [key for key in keys if key in statistic_columns()]
    if clashing:
        raise ReportError(
            f"cannot group by {clashing[0]!r}: the compliance table has a column of that name; "
            "rename the result's column first"
        )
    zone = None
    values: list[Any] = []
    for key in keys:
        if key in table.columns:
            values.append(table[key])
        else:
            opened = table["opened_at"]
            zone = str(opened.dt.tz) if opened.dt.tz is not None else None
            values.append(pd.Series(period_labels(key, opened), index=table.index))
    codes, count, key_frame = group_codes(values, keys, len(table))
    good = pd.isna(table["error"]).to_numpy(dtype=bool)
    columns: dict[str, Any] = {
        "rows": np.bincount(codes, minlength=count).astype(np.int64),
        "errors": np.bincount(codes[~good], minlength=count).astype(np.int64),
    }
    evaluated = columns["rows"] - columns["errors"]
    for target in TARGETS:
        columns.update(_target_columns(table, target, codes, count, good, evaluated, np))
    summary = pd.DataFrame(columns, index=pd.RangeIndex(count))
    return Compliance(keys, pd.concat([key_frame, summary], axis=1), zone)


def sort_key(value: Any) -> tuple[Any, ...]:
    """How group keys sort: numbers inside texts by value (``P2`` before ``P10``).

    Example:
        >>> sorted(["P10", "P2", "P1"], key=sort_key)
        ['P1', 'P2', 'P10']
    """
    if isinstance(value, str):
        parts = _DIGITS.split(value)
        return tuple(int(part) if index % 2 else part for index, part in enumerate(parts))
    return (value,)


def _sorted_distinct(distinct: list[Any]) -> list[int]:
    """The positions of ``distinct`` in sorted order; mixed types sort by type name, then text."""
    positions = range(len(distinct))
    try:
        return sorted(positions, key=lambda position: sort_key(distinct[position]))
    except TypeError:
        return sorted(
            positions,
            key=lambda position: (type(distinct[position]).__name__, str(distinct[position])),
        )


def group_codes(values: list[Any], keys: tuple[str, ...], length: int) -> tuple[Any, int, Any]:
    """Each row's group code, the number of groups, and the groups' keys as a frame.

    ``values`` holds one pandas Series per key, ``length`` rows each. Codes
    number the groups in sorted order of their keys. Each key is ranked once
    (its distinct values sorted in Python, the rows by numpy), then the ranks
    are folded in key by key, keeping only the groups that occur.
    """
    np = import_optional("numpy", extra="numpy")
    pd = import_optional("pandas", extra="pandas")
    if not keys:  # one overall row, even for an empty result
        return np.zeros(length, dtype=np.intp), 1, pd.DataFrame(index=pd.RangeIndex(1))
    codes = np.zeros(length, dtype=np.int64)
    count = 1
    group_ranks: list[Any] = []  # per key, each group's rank; the last rank is "missing"
    makers = []
    for series in values:
        ranks, size, make = _ranked(series, np, pd)
        folded = codes * size + ranks
        if count * size <= 4 * length + 1024:  # dense enough to count directly
            present = np.bincount(folded, minlength=count * size) > 0
            occurring = np.flatnonzero(present)
            codes = (np.cumsum(present) - 1)[folded]
        else:
            occurring, codes = np.unique(folded, return_inverse=True)
            codes = codes.reshape(-1)
        parents, own = np.divmod(occurring, size)
        group_ranks = [*(ranks_of[parents] for ranks_of in group_ranks), own]
        makers.append((make, size))
        count = len(occurring)
    key_frame = pd.DataFrame(
        {
            key: make(np.where(ranks_of == size - 1, -1, ranks_of))
            for key, ranks_of, (make, size) in zip(keys, group_ranks, makers, strict=True)
        },
        index=pd.RangeIndex(count),
    )
    return codes.astype(np.intp), count, key_frame


def _ranked(series: Any, np: Any, pd: Any) -> tuple[Any, int, Any]:
    """A key's rank per row (missing ranks last), how many ranks, and ranks back to values."""
    if isinstance(series.dtype, pd.CategoricalDtype):  # categories keep their own order
        codes = series.cat.codes.to_numpy().astype(np.int64)
        size = len(series.cat.categories) + 1
        dtype = series.dtype
        return (
            np.where(codes < 0, size - 1, codes),
            size,
            lambda ranks: pd.Categorical.from_codes(ranks, dtype=dtype),
        )
    try:
        codes, distinct = pd.factorize(series, use_na_sentinel=True)
    except TypeError as error:  # lists, dicts: values that cannot be told apart by hashing
        raise ReportTypeError(
            f"cannot group by {series.name!r}: its values are not hashable ({error}); "
            "group by a column of texts, numbers, dates or categories"
        ) from None
    order = _sorted_distinct(list(distinct))
    rank = np.empty(len(order) + 1, dtype=np.int64)
    rank[order] = np.arange(len(order))
    rank[-1] = len(order)  # code -1, a missing key, ranks last
    ordered = distinct.array.take(order) if order else distinct.array[:0]
    take = pd.api.extensions.take
    return rank[codes], len(order) + 1, lambda ranks: take(ordered, ranks, allow_fill=True)


def _target_columns(  # noqa: PLR0917 - private; one call per target
    table: Any, target: str, codes: Any, count: int, good: Any, evaluated: Any, np: Any
) -> dict[str, Any]:
    state = table[f"{target}_state"]
    columns: dict[str, Any] = {}
    for name in STATES:
        hits = good & _is(state, name, np)
        columns[f"{target}_{name}"] = np.bincount(codes[hits], minlength=count).astype(np.int64)
    with_target = sum(columns[f"{target}_{name}"] for name in _TIMED)
    columns[f"{target}_with_target"] = with_target
    for name in STATES:
        base = evaluated if name == "no_target" else with_target
        counted = columns[f"{target}_{name}"]
        columns[f"{target}_{name}_share"] = np.where(
            base > 0, counted / np.maximum(base, 1), np.nan
        )
    elapsed = table[f"{target}_elapsed"].to_numpy(dtype="timedelta64[us]").view(np.int64)
    completed_at = table[f"{target}_completed_at"]
    completed = good & ~completed_at.isna().to_numpy(dtype=bool) & (elapsed != _NAT)
    columns[f"{target}_completed"] = np.bincount(codes[completed], minlength=count).astype(np.int64)
    median, p90 = _quantiles(codes[completed], elapsed[completed], count, (_MEDIAN, _P90), np)
    columns[f"{target}_median"], columns[f"{target}_p90"] = median, p90
    return columns


def _is(column: Any, value: str, np: Any) -> Any:
    """Which rows of ``column`` hold ``value`` (a categorical one compared by its codes)."""
    if hasattr(column, "cat"):
        categories = list(column.cat.categories)
        if value not in categories:
            return np.zeros(len(column), dtype=bool)
        return column.cat.codes.to_numpy() == categories.index(value)
    return column.to_numpy(dtype=object, na_value=None) == value


def _quantiles(
    codes: Any, micros: Any, count: int, fractions: tuple[tuple[int, int], ...], np: Any
) -> list[Any]:
    """Per group, each quantile ``numerator / denominator`` of ``micros``, as timedeltas.

    Linear between the two nearest ranks (numpy's default, Hyndman and Fan's
    type 7): at rank ``(n - 1) * q`` counted from 0; computed on integers and
    rounded half to even, so exact to the microsecond. NaT for an empty group.
    """
    sizes = np.bincount(codes, minlength=count)
    order = np.lexsort((micros, codes))
    ranked = micros[order]
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    present = sizes > 0
    results = []
    for numerator, denominator in fractions:
        if not ranked.size:
            results.append(np.full(count, _NAT, dtype=np.int64).view("timedelta64[us]"))
            continue
        position = np.maximum(sizes - 1, 0) * numerator
        low, rest = np.divmod(position, denominator)
        below = ranked[np.where(present, starts + low, 0)]
        above = ranked[np.where(present, starts + np.minimum(low + 1, np.maximum(sizes - 1, 0)), 0)]
        whole, part = np.divmod((above - below) * rest, denominator)
        value = below + whole
        value += (2 * part > denominator) | ((2 * part == denominator) & (value % 2 == 1))
        results.append(np.where(present, value, _NAT).astype(np.int64).view("timedelta64[us]"))
    return results
