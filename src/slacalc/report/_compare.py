"""``compare``: the same tickets under two policies, side by side, and the rows that change."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

from slacalc._dependencies import import_optional
from slacalc._frozen import sealed
from slacalc.errors import ReportError, ReportTypeError
from slacalc.frame import evaluate_frame
from slacalc.report._compliance import Compliance, compliance, group_codes, statistic_columns
from slacalc.report._input import TARGETS, as_pandas
from slacalc.report._periods import PERIODS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from slacalc.policy import Policy

__all__ = ["Comparison", "compare"]

_NAT: Final = -(2**63)
_PER_TICKET: Final = ("priority", *(f"{t}_{part}" for t in TARGETS for part in ("state", "due")))


@sealed
class Comparison:
    """Two compliance tables of the same tickets under two policies, and what changed.

    Made by ``slacalc.report.compare``. ``frame`` puts the tables side by
    side: the group keys (every group found under either policy), then each
    column of a ``Compliance`` frame twice, suffixed with the two names
    (``response_met_share_a``, ``response_met_share_b``); a group missing
    under one policy has counts of 0 there, NaN shares and NaT times.
    ``changed`` holds the tickets whose response or resolution state differs,
    under the input's index: ``id`` (when the result has one),
    ``opened_at``, then ``priority``, ``response_state``, ``response_due``,
    ``resolution_state`` and ``resolution_due``, each suffixed with both names.
    Each access gives a copy.

    Args:
        names: what the two policies are called (the column suffixes).
        a: the compliance under the first policy.
        b: the compliance under the second.
        frame: the side-by-side table.
        changed: the changed tickets.

    Example:
        >>> import pandas as pd
        >>> import slacalc
        >>> from slacalc.report import compare
        >>> data = slacalc.default_policy().to_dict()
        >>> data["calendar"]["timezone"] = "Europe/London"
        >>> london = slacalc.load_policy(data)
        >>> tickets = pd.DataFrame({"opened_at": ["2026-07-03T08:30:00Z"], "priority": ["P1"],
        ...                         "responded_at": ["2026-07-03T10:45:00Z"]})
        >>> comparison = compare(tickets, slacalc.default_policy(), london,
        ...                      now="2026-07-03T12:00:00Z", names=("gmt", "london"))
        >>> comparison
        Comparison(names=('gmt', 'london'), groups=1, changed=1)
        >>> comparison.changed[["response_state_gmt", "response_state_london"]].values.tolist()
        [['met', 'breached']]
    """

    __slots__ = ("_a", "_b", "_changed", "_frame", "_names")
    _names: tuple[str, str]
    _a: Compliance
    _b: Compliance
    _frame: Any
    _changed: Any

    def __init__(
        self,
        names: tuple[str, str],
        a: Compliance,
        b: Compliance,
        frame: Any,
        changed: Any,
    ) -> None:
        object.__setattr__(self, "_names", tuple(names))
        object.__setattr__(self, "_a", a)
        object.__setattr__(self, "_b", b)
        object.__setattr__(self, "_frame", frame.copy())
        object.__setattr__(self, "_changed", changed.copy())

    @property
    def names(self) -> tuple[str, str]:
        """What the two policies are called, in order: the column suffixes."""
        return self._names

    @property
    def a(self) -> Compliance:
        """The compliance under the first policy."""
        return self._a

    @property
    def b(self) -> Compliance:
        """The compliance under the second policy."""
        return self._b

    @property
    def frame(self) -> Any:
        """Both tables side by side (a copy): keys, then each column suffixed with each name."""
        return self._frame.copy()

    @property
    def changed(self) -> Any:
        """The tickets whose response or resolution state differs (a copy), with both versions."""
        return self._changed.copy()

    def __repr__(self) -> str:
        return (
            f"Comparison(names={self._names!r}, groups={len(self._frame)}, "
            f"changed={len(self._changed)})"
        )

    def _repr_html_(self) -> str:
        from slacalc.report._html import comparison_html  # noqa: PLC0415 - only in notebooks

        return comparison_html(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Comparison):
            return NotImplemented
        return (
            self._names == other._names
            and self._a == other._a
            and self._b == other._b
            and bool(self._frame.equals(other._frame))
            and bool(self._changed.equals(other._changed))
        )

    def __hash__(self) -> int:
        return hash((self._names, self._a, self._b, len(self._changed)))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._names, self._a, self._b, self._frame, self._changed))


def compare(
    frame: Any,
    policy_a: Policy,
    policy_b: Policy,
    *,
    by: str | Sequence[str] | None = ("priority", "month"),
    now: datetime | str | None = None,
    names: tuple[str, str] = ("a", "b"),
    **options: Any,
) -> Comparison:
    """Evaluate the same tickets under two policies: both compliance tables, and what changed.

    "What if we moved to Europe/London hours?" Both evaluations use the same
    ``now`` (the current time, read once, when ``None``), so every
    difference comes from the policies.

    Args:
        frame: the tickets, a pandas or Polars DataFrame as ``evaluate_frame`` reads it.
        policy_a: the first policy (say, the one in force).
        policy_b: the second (say, the proposal).
        by: the group keys, as for ``compliance``.
        now: the instant to evaluate at.
        names: what to call the two policies in column names and captions;
            two different non-empty texts.
        **options: passed to ``slacalc.frame.evaluate_frame`` (``opened=``,
            ``priority=``, ``errors=``, ``assume_tz=``, ...).

    Returns:
        The ``Comparison``.

    Raises:
        ReportError: ``names`` are not two different texts, or an option
            names ``policy``.
        SlacalcError: whatever ``evaluate_frame`` or ``compliance`` raises.

    Example:
        >>> import pandas as pd
        >>> import slacalc
        >>> data = slacalc.default_policy().to_dict()
        >>> data["calendar"]["timezone"] = "Europe/London"
        >>> london = slacalc.load_policy(data)
        >>> tickets = pd.DataFrame({"opened_at": ["2026-07-03T08:30:00Z"] * 2,
        ...                         "priority": ["P1", "P3"],
        ...                         "responded_at": ["2026-07-03T10:45:00Z", None]})
        >>> side = compare(tickets, slacalc.default_policy(), london, now="2026-07-03T12:00:00Z",
        ...                names=("gmt", "london")).frame
        >>> side[["priority", "response_met_gmt", "response_met_london"]]
          priority  response_met_gmt  response_met_london
        0       P1                 1                    0
        1       P3                 0                    0
    """
    first, second = _names(names)
    if "policy" in options:
        raise ReportTypeError(
            "compare takes its two policies as policy_a and policy_b; drop the policy= option"
        )
    current = datetime.now(UTC) if now is None else now
    result_a = as_pandas(evaluate_frame(frame, now=current, policy=policy_a, **options))
    result_b = as_pandas(evaluate_frame(frame, now=current, policy=policy_b, **options))
    result_a, result_b = (_with_input_keys(result, frame, by) for result in (result_a, result_b))
    a, b = compliance(result_a, by), compliance(result_b, by)
    side = _side_by_side(a, b, (first, second))
    changed = _changed(result_a, result_b, (first, second), options.get("id", "id"))
    return Comparison((first, second), a, b, side, changed)


def _with_input_keys(result: Any, frame: Any, by: str | Sequence[str] | None) -> Any:
    """``result`` with the columns of the tickets that ``by`` names (say, a team) joined in.

    A key that is neither a result column nor a period is looked up among the
    tickets' columns, row for row, so "compliance per team under each policy"
    needs no join by the caller.
    """
    keys = [by] if isinstance(by, str) else list(by or ())
    names = list(getattr(frame, "columns", ()))
    extra = [key for key in keys if key not in result.columns and key not in PERIODS]
    found = [key for key in extra if key in names]
    if not found:
        return result
    tickets = as_pandas(frame.select(found) if hasattr(frame, "select") else frame[found])
    return result.assign(**{key: tickets[key].to_numpy() for key in found})


def _names(names: Any) -> tuple[str, str]:
    if (
        not isinstance(names, tuple | list)
        or len(names) != 2
        or not all(isinstance(name, str) and name for name in names)
    ):
        raise ReportError(
            f"names must be two non-empty texts, e.g. names=('gmt', 'london'); got {names!r}"
        )
    if names[0] == names[1]:
        raise ReportError(
            f"names must differ, as they suffix the columns of each policy; got {names!r}"
        )
    return names[0], names[1]


def _side_by_side(a: Compliance, b: Compliance, names: tuple[str, str]) -> Any:
    """Both tables on the union of their groups, each column twice."""
    np = import_optional("numpy", extra="numpy")
    pd = import_optional("pandas", extra="pandas")
    keys = a.by
    tables = (a.frame, b.frame)
    together = [pd.concat([tables[0][key], tables[1][key]], ignore_index=True) for key in keys]
    codes, count, key_frame = group_codes(together, keys, len(tables[0]) + len(tables[1]))
    where = (codes[: len(tables[0])], codes[len(tables[0]) :])
    columns: dict[str, Any] = {}
    for column in statistic_columns():
        for table, rows, name in zip(tables, where, names, strict=True):
            values = table[column].to_numpy()
            if values.dtype.kind == "m":
                filled = np.full(count, _NAT, dtype=np.int64).view(values.dtype)
            elif values.dtype.kind == "f":
                filled = np.full(count, np.nan)
            else:
                filled = np.zeros(count, dtype=values.dtype)
            filled[rows] = values
            columns[f"{column}_{name}"] = filled
    return pd.concat([key_frame, pd.DataFrame(columns, index=pd.RangeIndex(count))], axis=1)


def _changed(result_a: Any, result_b: Any, names: tuple[str, str], id_name: str) -> Any:
    """The rows whose response or resolution state differs, both versions side by side."""
    np = import_optional("numpy", extra="numpy")
    differs = np.zeros(len(result_a), dtype=bool)
    for target in TARGETS:
        column = f"{target}_state"
        before = result_a[column].to_numpy(dtype=object, na_value=None)
        after = result_b[column].to_numpy(dtype=object, na_value=None)
        differs |= before != after
    rows = np.flatnonzero(differs)
    picked: dict[str, Any] = {}
    if id_name in result_a.columns:
        picked[id_name] = result_a[id_name].iloc[rows]
    if "opened_at" in result_a.columns:
        picked["opened_at"] = result_a["opened_at"].iloc[rows]
    for stem in _PER_TICKET:
        for result, name in zip((result_a, result_b), names, strict=True):
            if stem in result.columns:
                picked[f"{stem}_{name}"] = result[stem].iloc[rows]
    pd = import_optional("pandas", extra="pandas")
    return pd.DataFrame(picked, index=result_a.index[rows])
