"""Periods of the opening instant: a label per local date, and every period between two.

Labels are ISO 8601 texts that sort as they follow each other: ``2026-11-27``
(day), ``2026-W48`` (ISO week, Monday to Sunday, of the ISO week-numbering
year), ``2026-11`` (month), ``2026-Q4`` (quarter), ``2026`` (year).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

from slacalc._dependencies import import_optional

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["PERIODS", "period_labels", "period_of_label", "period_range", "period_start"]

PERIODS: Final = ("day", "week", "month", "quarter", "year")
"""The periods of opening a report can group by, shortest first."""


def _day(day: date) -> str:
    return day.isoformat()


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def _quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _year(day: date) -> str:
    return f"{day.year}"


_LABELS: Final[dict[str, Callable[[date], str]]] = {
    "day": _day,
    "week": _week,
    "month": _month,
    "quarter": _quarter,
    "year": _year,
}
_MONTHS_PER: Final = {"month": 1, "quarter": 3, "year": 12}


def period_start(period: str, day: date) -> date:
    """The first date of the ``period`` holding ``day``.

    Example:
        >>> period_start("week", date(2026, 12, 31)), period_start("quarter", date(2026, 11, 27))
        (datetime.date(2026, 12, 28), datetime.date(2026, 10, 1))
    """
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    months = _MONTHS_PER[period]
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def _following(period: str, start: date) -> date:
    if period == "day":
        return start + timedelta(days=1)
    if period == "week":
        return start + timedelta(days=7)
    index = start.year * 12 + start.month - 1 + _MONTHS_PER[period]
    return date(index // 12, index % 12 + 1, 1)


def period_range(period: str, first: date, last: date) -> list[str]:
    """Every period's label from the one holding ``first`` to the one holding ``last``.

    Example:
        >>> period_range("month", date(2026, 11, 30), date(2027, 1, 2))
        ['2026-11', '2026-12', '2027-01']
        >>> period_range("week", date(2026, 12, 31), date(2027, 1, 4))
        ['2026-W53', '2027-W01']
    """
    labels: list[str] = []
    start, end = period_start(period, first), period_start(period, last)
    while start <= end:
        labels.append(_LABELS[period](start))
        start = _following(period, start)
    return labels


def period_labels(period: str, opened: Any) -> Any:
    """Each opening instant's period label in the instants' own zone; ``None`` where missing.

    ``opened`` is a pandas Series of datetimes: aware ones are read as their
    zone's wall clock, naive ones as they stand. Each distinct local date is
    labelled once. Returns a numpy array of objects.

    Example:
        >>> import pandas as pd
        >>> opened = pd.Series(pd.to_datetime(["2026-11-30T23:30:00Z", None])).dt.tz_convert(
        ...     "Europe/Helsinki")
        >>> period_labels("month", opened).tolist()
        ['2026-12', None]
    """
    np = import_optional("numpy", extra="numpy")
    local = opened.dt.tz_localize(None) if opened.dt.tz is not None else opened
    days = local.to_numpy(dtype="datetime64[us]").astype("datetime64[D]")
    missing = np.isnat(days)
    distinct, inverse = np.unique(days[~missing], return_inverse=True)
    label = _LABELS[period]
    names = np.array([label(day) for day in distinct.astype(object)], dtype=object)
    labels = np.full(len(days), None, dtype=object)
    labels[~missing] = names[inverse.reshape(-1)]
    return labels


def period_of_label(period: str, label: str) -> date:
    """The first date of the period a label names: the inverse of the labels.

    Example:
        >>> period_of_label("week", "2026-W53"), period_of_label("quarter", "2026-Q4")
        (datetime.date(2026, 12, 28), datetime.date(2026, 10, 1))
    """
    if period == "day":
        return date.fromisoformat(label)
    year, _, rest = label.partition("-")
    if period == "week":
        return date.fromisocalendar(int(year), int(rest.removeprefix("W")), 1)
    if period == "quarter":
        return date(int(year), 3 * int(rest.removeprefix("Q")) - 2, 1)
    return date(int(year), int(rest or 1), 1)
