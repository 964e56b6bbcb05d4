"""Pluggable holiday sources, each read as whole local dates of one year.

Every source answers ``dates_in_year(year)`` with an immutable snapshot, so
the calendar engine never iterates a lazily filled object while another
thread fills it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol, runtime_checkable

import holidays as holidays_package

from slacalc._errors import CalendarError, OutOfRangeError
from slacalc._instants import parse_date

__all__ = [
    "CountryHolidays",
    "CustomHolidays",
    "HolidayDates",
    "HolidaySource",
    "HolidayUnion",
    "MarketHolidays",
    "holidays_from_data",
    "to_holiday_source",
]


@runtime_checkable
class HolidaySource(Protocol):
    """What the calendar engine needs of a set of holidays."""

    def dates_in_year(self, year: int) -> frozenset[date]:
        """Return the holidays that fall in ``year`` (local dates)."""
        ...

    def to_data(self) -> list[dict[str, Any]]:
        """Return a JSON-compatible description (a list of single-source dicts)."""
        ...


class _Combinable:
    """``a | b`` for every source."""

    __slots__ = ()

    def __or__(self, other: HolidaySource) -> HolidayUnion:
        return HolidayUnion(self, other)  # type: ignore[arg-type]


def _package_year(entity: type[holidays_package.HolidayBase], year: int, described: str) -> None:
    start = getattr(entity, "start_year", None)
    end = getattr(entity, "end_year", None)
    if (start is not None and year < start) or (end is not None and year > end):
        raise OutOfRangeError(
            f"the holidays package has no data for {described} in {year} "
            f"(it covers {start}-{end}); use dates inside that range or list the holidays "
            "yourself with HolidayDates"
        )


def _snapshot(
    make: Any, entity: type[holidays_package.HolidayBase], year: int, described: str
) -> frozenset[date]:
    _package_year(entity, year, described)
    start, end = getattr(entity, "start_year", year), getattr(entity, "end_year", year)
    # Substitute days of a neighbouring year can land in this one (1 Jan on a
    # Saturday observed on Friday 31 Dec), so read the neighbours too.
    years = [y for y in (year - 1, year, year + 1) if start <= y <= end]
    return frozenset(day for day in make(years=years) if day.year == year)


@dataclass(frozen=True, slots=True)
class CountryHolidays(_Combinable):
    """Public holidays of a country (and subdivision) from the ``holidays`` package.

    Example:
        >>> from datetime import date
        >>> england = CountryHolidays("GB", subdiv="ENG")
        >>> date(2026, 12, 28) in england.dates_in_year(2026)  # Boxing Day, observed
        True
    """

    country: str
    subdiv: str | None = None

    def __post_init__(self) -> None:
        try:
            holidays_package.country_holidays(self.country, subdiv=self.subdiv, years=())
        except (NotImplementedError, KeyError, ValueError, TypeError) as error:
            raise CalendarError(
                f"unknown holiday country or subdivision {self._described()}: {error}; "
                "use an ISO 3166 code the holidays package supports, e.g. "
                'CountryHolidays("GB", subdiv="ENG")'
            ) from None

    def _described(self) -> str:
        return f"{self.country}" + (f"-{self.subdiv}" if self.subdiv else "")

    def dates_in_year(self, year: int) -> frozenset[date]:
        """Return the holidays in ``year``, observed days included."""

        def make(years: list[int]) -> holidays_package.HolidayBase:
            return holidays_package.country_holidays(self.country, subdiv=self.subdiv, years=years)

        entity = type(make([]))
        return _snapshot(make, entity, year, self._described())

    def to_data(self) -> list[dict[str, Any]]:
        """Describe this source for a policy file."""
        data: dict[str, Any] = {"country": self.country}
        if self.subdiv is not None:
            data["subdiv"] = self.subdiv
        return [data]


@dataclass(frozen=True, slots=True)
class MarketHolidays(_Combinable):
    """Closing days of a financial market from the ``holidays`` package.

    Example:
        >>> from datetime import date
        >>> date(2026, 7, 3) in MarketHolidays("NYSE").dates_in_year(2026)
        True
    """

    market: str

    def __post_init__(self) -> None:
        try:
            holidays_package.financial_holidays(self.market, years=())
        except (NotImplementedError, KeyError, ValueError, TypeError):
            raise CalendarError(
                f"unknown financial market {self.market!r}; use a market code the holidays "
                'package supports, e.g. MarketHolidays("NYSE")'
            ) from None

    def dates_in_year(self, year: int) -> frozenset[date]:
        """Return the market's closing days in ``year``."""

        def make(years: list[int]) -> holidays_package.HolidayBase:
            return holidays_package.financial_holidays(self.market, years=years)

        return _snapshot(make, type(make([])), year, f"market {self.market}")

    def to_data(self) -> list[dict[str, Any]]:
        """Describe this source for a policy file."""
        return [{"market": self.market}]


@dataclass(frozen=True, slots=True)
class HolidayDates(_Combinable):
    """An explicit set of holiday dates.

    Example:
        >>> from datetime import date
        >>> days = HolidayDates(["2026-12-24", date(2026, 12, 31)])
        >>> sorted(days.dates_in_year(2026))
        [datetime.date(2026, 12, 24), datetime.date(2026, 12, 31)]
    """

    dates: frozenset[date]

    def __init__(self, dates: Iterable[date | str]) -> None:
        parsed = frozenset(parse_date(day, "a holiday date", CalendarError) for day in dates)
        object.__setattr__(self, "dates", parsed)

    def __reduce__(self) -> tuple[Any, ...]:
        return (HolidayDates, (tuple(sorted(self.dates)),))

    def dates_in_year(self, year: int) -> frozenset[date]:
        """Return the listed dates that fall in ``year``."""
        return frozenset(day for day in self.dates if day.year == year)

    def to_data(self) -> list[dict[str, Any]]:
        """Describe this source for a policy file."""
        return [{"dates": [day.isoformat() for day in sorted(self.dates)]}]

    def __repr__(self) -> str:
        return f"HolidayDates({[day.isoformat() for day in sorted(self.dates)]!r})"


@dataclass(frozen=True, slots=True)
class HolidayUnion(_Combinable):
    """The union of several holiday sources: closed when any of them is a holiday.

    Example:
        >>> from datetime import date
        >>> both = CountryHolidays("GB", subdiv="ENG") | HolidayDates(["2026-12-24"])
        >>> date(2026, 12, 24) in both.dates_in_year(2026)
        True
    """

    sources: tuple[HolidaySource, ...]

    def __init__(self, *sources: HolidaySource) -> None:
        flat: list[HolidaySource] = []
        for source in sources:
            flat.extend(source.sources if isinstance(source, HolidayUnion) else (source,))
        object.__setattr__(self, "sources", tuple(flat))

    def __reduce__(self) -> tuple[Any, ...]:
        return (HolidayUnion, self.sources)

    def dates_in_year(self, year: int) -> frozenset[date]:
        """Return the union of every source's holidays in ``year``."""
        return frozenset().union(*(source.dates_in_year(year) for source in self.sources))

    def to_data(self) -> list[dict[str, Any]]:
        """Describe every source for a policy file."""
        return [item for source in self.sources for item in source.to_data()]


@dataclass(frozen=True, slots=True, eq=False)
class CustomHolidays(_Combinable):
    """Any object answering ``date in obj``, asked once per date of a needed year.

    The object is read under a lock, so one that fills itself lazily (such as a
    ``holidays`` package object) is never read by two threads at once.

    Example:
        >>> from datetime import date
        >>> class Fridays:
        ...     def __contains__(self, day: object) -> bool:
        ...         return isinstance(day, date) and day.weekday() == 4
        >>> len(CustomHolidays(Fridays()).dates_in_year(2026))
        52
    """

    holidays: Any
    _lock: Any = field(default_factory=threading.Lock, repr=False)

    def __reduce__(self) -> tuple[Any, ...]:
        return (CustomHolidays, (self.holidays,))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CustomHolidays) and other.holidays is self.holidays

    def __hash__(self) -> int:
        return id(self.holidays)

    def dates_in_year(self, year: int) -> frozenset[date]:
        """Ask the object about every date of ``year``."""
        first = date(year, 1, 1)
        days = (first + timedelta(days=offset) for offset in range(366))
        with self._lock:
            return frozenset(day for day in days if day.year == year and day in self.holidays)

    def to_data(self) -> list[dict[str, Any]]:
        """Custom objects cannot be written to a file.

        Raises:
            CalendarError: always.
        """
        raise CalendarError(
            f"the custom holiday object {self.holidays!r} cannot be written to a policy file; "
            "use CountryHolidays, MarketHolidays or HolidayDates instead"
        )


def holidays_from_data(item: Mapping[str, Any]) -> HolidaySource:
    """Build one source from its file description (``{"country": "GB", "subdiv": "ENG"}``)."""
    keys = set(item)
    if keys <= {"country", "subdiv"} and "country" in keys:
        return CountryHolidays(item["country"], subdiv=item.get("subdiv"))
    if keys == {"market"}:
        return MarketHolidays(item["market"])
    if keys == {"dates"}:
        return HolidayDates(item["dates"])
    raise CalendarError(
        f"a holiday source needs exactly one of 'country' (with optional 'subdiv'), "
        f"'market' or 'dates'; got {dict(item)!r}"
    )


def to_holiday_source(value: Any) -> HolidaySource | None:  # noqa: PLR0911 - one return per spelling
    """Accept every supported spelling of ``holidays=`` and return one source.

    ``None`` means no holidays; dicts are file descriptions; a list or tuple is
    a union of its items, where dates and ISO date strings are explicit dates.
    """
    if value is None:
        return None
    if isinstance(value, CountryHolidays | MarketHolidays | HolidayDates | HolidayUnion):
        return value
    if isinstance(value, CustomHolidays):
        return value
    if isinstance(value, holidays_package.HolidayBase):
        # A holidays-package object is a dict that fills itself as years are asked
        # for (and is empty at first): read it as a custom object, under a lock.
        return CustomHolidays(value)
    if isinstance(value, Mapping) and all(isinstance(key, str) for key in value):
        return holidays_from_data(value)
    if isinstance(value, list | tuple | set | frozenset):
        dates = [item for item in value if isinstance(item, date | str)]
        others = [to_holiday_source(item) for item in value if not isinstance(item, date | str)]
        sources = [source for source in others if source is not None]
        if dates:
            sources.insert(0, HolidayDates(dates))
        return sources[0] if len(sources) == 1 else HolidayUnion(*sources)
    if isinstance(value, HolidaySource):
        return value
    if hasattr(value, "__contains__"):
        return CustomHolidays(value)
    raise CalendarError(
        f"holidays must be CountryHolidays, MarketHolidays, HolidayDates, a list of them or of "
        f"dates, or an object answering 'date in obj'; got {type(value).__name__}"
    )
