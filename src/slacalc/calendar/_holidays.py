"""Pluggable holiday sources, each read as whole local dates of one year.

Every source answers ``dates_in_year(year)`` with an immutable snapshot, so
the calendar engine never iterates a lazily filled object while another
thread fills it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final, Protocol, runtime_checkable

import holidays as holidays_package

from slacalc._frozen import sealed
from slacalc._instants import parse_date
from slacalc.errors import CalendarError, OutOfRangeError

__all__ = [
    "Combined",
    "CountryHolidays",
    "CustomHolidays",
    "HolidayDates",
    "HolidaySource",
    "HolidayUnion",
    "MarketHolidays",
    "union_of",
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


# One lock for every read of a custom holiday object: two calendars may wrap
# the same lazily filled object (a ``holidays`` package object fills a year on
# first lookup and is not safe to read while another thread fills it). Reads
# happen once per year per calendar, so sharing the lock costs nothing.
_READ_LOCK: Final = threading.RLock()


class _Combinable:
    """``a | b`` for every source."""

    __slots__ = ()

    def __or__(self, other: HolidaySource) -> Combined:
        """The union of two sources (a source combined with itself is itself).

        Raises:
            CalendarError: ``other`` is not a holiday source.

        Example:
            >>> HolidayDates(["2026-12-24"]) | HolidayDates(["2026-12-31"])
            HolidayDates(['2026-12-24', '2026-12-31'])
        """
        combined = union_of([self, other])  # type: ignore[list-item]
        if isinstance(combined, _Combinable):
            return combined
        # Empty dates with a source of your own: still a union, so it has ``|``.
        return HolidayUnion(*(() if combined is None else (combined,)))


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


@sealed
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


@sealed
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


@sealed
@dataclass(frozen=True, slots=True)
class HolidayDates(_Combinable):
    """An explicit set of holiday dates, each with an optional name.

    Give a list of dates, or a mapping of dates to names (``None`` for a date
    without one); the names appear in explanations of due times.

    Example:
        >>> from datetime import date
        >>> days = HolidayDates(["2026-12-24", date(2026, 12, 31)])
        >>> sorted(days.dates_in_year(2026))
        [datetime.date(2026, 12, 24), datetime.date(2026, 12, 31)]
        >>> HolidayDates({"2026-12-24": "Christmas Eve"}).name_of(date(2026, 12, 24))
        'Christmas Eve'
    """

    dates: frozenset[date]
    names: tuple[tuple[date, str], ...]

    def __init__(self, dates: Iterable[date | str] | Mapping[date | str, str | None]) -> None:
        if isinstance(dates, str | bytes) or not isinstance(dates, Iterable):
            raise CalendarError(
                "HolidayDates takes a list of dates such as ['2026-12-25'] "
                f"(or [date(2026, 12, 25)], or {{'2026-12-25': 'Christmas Day'}}), got {dates!r}"
            )
        named: dict[date, str] = {}
        if isinstance(dates, Mapping):
            for day, name in dates.items():
                if name is not None and not isinstance(name, str):
                    raise CalendarError(
                        f"the name of the holiday {day!r} must be a text or None, got {name!r}"
                    )
                if name:
                    named[_holiday_date(day)] = name
        parsed = frozenset(_holiday_date(day) for day in dates)
        object.__setattr__(self, "dates", parsed)
        object.__setattr__(self, "names", tuple(sorted(named.items())))

    def __reduce__(self) -> tuple[Any, ...]:
        return (HolidayDates, (self._given(),))

    def _given(self) -> tuple[date, ...] | dict[date, str | None]:
        if not self.names:
            return tuple(sorted(self.dates))
        named = dict(self.names)
        return {day: named.get(day) for day in sorted(self.dates)}

    def name_of(self, day: date) -> str | None:
        """The name given to ``day``, or ``None`` (not a listed date, or listed without one)."""
        return dict(self.names).get(day)

    def dates_in_year(self, year: int) -> frozenset[date]:
        """Return the listed dates that fall in ``year``."""
        return frozenset(day for day in self.dates if day.year == year)

    def to_data(self) -> list[dict[str, Any]]:
        """Describe this source for a policy file (a mapping when dates have names)."""
        given = self._given()
        if isinstance(given, dict):
            # "" rather than None for a date without a name: TOML has no null.
            return [{"dates": {day.isoformat(): name or "" for day, name in given.items()}}]
        return [{"dates": [day.isoformat() for day in given]}]

    def __repr__(self) -> str:
        given = self._given()
        if isinstance(given, dict):
            return f"HolidayDates({ {day.isoformat(): name for day, name in given.items()}!r})"
        return f"HolidayDates({[day.isoformat() for day in given]!r})"


@sealed
@dataclass(frozen=True, slots=True)
class HolidayUnion(_Combinable):
    """The union of several holiday sources: closed when any of them is a holiday.

    The sources are normalised, so equal unions compare equal however they
    were spelled: nested unions are flattened, explicit dates merged into one
    ``HolidayDates``, repeated sources kept once, and the sources put in one
    order (dates, countries, markets, then other sources as given).

    Raises:
        CalendarError: an argument is not a holiday source.

    Example:
        >>> from datetime import date
        >>> england = CountryHolidays("GB", subdiv="ENG")
        >>> both = england | HolidayDates(["2026-12-24"])
        >>> date(2026, 12, 24) in both.dates_in_year(2026)
        True
        >>> both == HolidayDates(["2026-12-24"]) | england
        True
    """

    sources: tuple[HolidaySource, ...]

    def __init__(self, *sources: HolidaySource) -> None:
        object.__setattr__(self, "sources", _normalised(sources))

    def __reduce__(self) -> tuple[Any, ...]:
        return (HolidayUnion, self.sources)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, HolidayUnion):
            return NotImplemented
        mine, theirs = _split(self.sources), _split(other.sources)
        return mine[0] == theirs[0] and _same_items(mine[1], theirs[1])

    def __hash__(self) -> int:
        known, others = _split(self.sources)
        # Other sources compare as a collection, so their hashes are summed.
        return hash((known, sum(hash(source) for source in others)))

    def __repr__(self) -> str:
        return f"HolidayUnion({', '.join(map(repr, self.sources))})"

    def dates_in_year(self, year: int) -> frozenset[date]:
        """Return the union of every source's holidays in ``year``."""
        return frozenset().union(*(source.dates_in_year(year) for source in self.sources))

    def to_data(self) -> list[dict[str, Any]]:
        """Describe every source for a policy file."""
        return [item for source in self.sources for item in source.to_data()]


_KNOWN = (CountryHolidays, MarketHolidays, HolidayDates)


def _order(source: HolidaySource) -> tuple[Any, ...]:
    if isinstance(source, CountryHolidays):
        return (0, source.country, source.subdiv or "")
    assert isinstance(source, MarketHolidays)
    return (1, source.market)


def _split(
    sources: tuple[HolidaySource, ...],
) -> tuple[tuple[HolidaySource, ...], tuple[HolidaySource, ...]]:
    known = tuple(source for source in sources if isinstance(source, _KNOWN))
    return known, tuple(source for source in sources if not isinstance(source, _KNOWN))


def _same_items(left: tuple[HolidaySource, ...], right: tuple[HolidaySource, ...]) -> bool:
    """Whether two collections hold equal sources, in any order."""
    remaining = list(right)
    for source in left:
        match = next((i for i, other in enumerate(remaining) if other == source), None)
        if match is None:
            return False
        del remaining[match]
    return not remaining


def _normalised(sources: Iterable[Any]) -> tuple[HolidaySource, ...]:
    """Flatten, merge explicit dates, drop repeats and empty dates, order canonically."""
    known: set[HolidaySource] = set()
    dates: set[date] = set()
    names: dict[date, list[str]] = {}
    others: list[HolidaySource] = []
    pending = list(sources)[::-1]
    while pending:  # a stack rather than recursion, however deeply unions nest
        source = pending.pop()
        if isinstance(source, HolidayUnion):
            pending.extend(reversed(source.sources))
        elif isinstance(source, HolidayDates):
            dates.update(source.dates)
            for day, name in source.names:
                given = names.setdefault(day, [])
                if name not in given:
                    given.append(name)
        elif isinstance(source, CountryHolidays | MarketHolidays):
            known.add(source)
        elif isinstance(source, HolidaySource) and not isinstance(source, type):
            if not any(source == other for other in others):
                others.append(source)
        else:
            raise CalendarError(
                "a union of holidays takes holiday sources such as CountryHolidays('GB'), "
                f"MarketHolidays('NYSE') or HolidayDates(['2026-12-25']); got {source!r}"
            )
    listed: Any = {day: "; ".join(names[day]) if day in names else None for day in dates}
    merged: list[HolidaySource] = [HolidayDates(listed if names else dates)] if dates else []
    return (*merged, *sorted(known, key=_order), *others)


def union_of(sources: Iterable[HolidaySource]) -> HolidaySource | None:
    """The normalised union of ``sources``: ``None`` when empty, the source itself when one.

    Raises:
        CalendarError: an item is not a holiday source.

    Example:
        >>> union_of([HolidayDates(["2026-12-24"]), HolidayDates(["2026-12-24"])])
        HolidayDates(['2026-12-24'])
    """
    parts = _normalised(sources)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else HolidayUnion(*parts)


@sealed
@dataclass(frozen=True, slots=True, eq=False)
class CustomHolidays(_Combinable):
    """Any object answering ``date in obj``, asked once per date of a needed year.

    Every custom object is read under one lock shared by all calendars, so an
    object that fills itself lazily (such as a ``holidays`` package object)
    is never read by two threads at once, even when two calendars share it.
    Two wrappers are equal when their objects are (``==``), so a calendar
    equals its pickled or deep-copied self when the object compares by value.

    Raises:
        CalendarError: the object cannot answer ``date in obj``.

    Example:
        >>> from datetime import date
        >>> class Fridays:
        ...     def __contains__(self, day: object) -> bool:
        ...         return isinstance(day, date) and day.weekday() == 4
        >>> len(CustomHolidays(Fridays()).dates_in_year(2026))
        52
    """

    holidays: Any

    def __post_init__(self) -> None:
        if isinstance(self.holidays, str | bytes) or not hasattr(self.holidays, "__contains__"):
            raise CalendarError(
                "CustomHolidays needs an object answering 'date in obj' (a set of dates, a "
                f"holidays package object, your own class); got {self.holidays!r}"
            )

    @property
    def _lock(self) -> threading.RLock:
        return _READ_LOCK

    def __reduce__(self) -> tuple[Any, ...]:
        return (CustomHolidays, (self.holidays,))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CustomHolidays):
            return NotImplemented
        if other.holidays is self.holidays:
            return True
        with _READ_LOCK:  # comparing reads the objects, which may be filling
            try:
                return bool(self.holidays == other.holidays)
            except (TypeError, ValueError):  # an object whose == is not a plain bool
                return False

    def __hash__(self) -> int:
        try:
            return hash(self.holidays)
        except TypeError:  # unhashable (a dict, a holidays object): equal ones share this
            return hash(CustomHolidays)

    def dates_in_year(self, year: int) -> frozenset[date]:
        """Ask the object about every date of ``year``."""
        first = date(year, 1, 1)
        days = (first + timedelta(days=offset) for offset in range(366))
        with _READ_LOCK:
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


# What ``a | b`` gives: one of slacalc's sources, so it combines again.
Combined = CountryHolidays | MarketHolidays | HolidayDates | HolidayUnion | CustomHolidays


def _holiday_date(value: Any) -> date:
    if isinstance(value, str):
        try:
            return parse_date(value, "a holiday date", CalendarError)
        except CalendarError:
            raise CalendarError(
                f"{value!r} is not a holiday date; write ISO dates such as '2026-12-25' "
                "(for a country's holidays use CountryHolidays('GB'))"
            ) from None
    return parse_date(value, "a holiday date", CalendarError)
