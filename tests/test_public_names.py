# Copyright (c) 2026 The slacalc developers. MIT License.
"""Public names live at public paths: in `__module__`, in pickles and in reprs.

A pickle names the module of every class it needs; if that is a private one
(`slacalc.sla._ticket`), moving the private module breaks every stored
pickle. So classes and functions say their public home, and the pickles of
every public value name only public modules.
"""

from __future__ import annotations

import inspect
import pickle
from dataclasses import FrozenInstanceError
from datetime import date, time
from types import ModuleType
from typing import Any

import pytest

import slacalc
import slacalc.calendar
import slacalc.errors
import slacalc.frame
import slacalc.plot
import slacalc.policy
import slacalc.report
import slacalc.schemas
import slacalc.sla
from pickles import pickled_modules
from slacalc import (
    BusinessCalendar,
    Channel,
    CountryHolidays,
    CustomHolidays,
    HolidayDates,
    HolidayUnion,
    MarketHolidays,
    Problem,
    RecurringHours,
    SlacalcError,
    Target,
    TargetState,
    Ticket,
    TimeRange,
)

PUBLIC_MODULES = [
    slacalc, slacalc.calendar, slacalc.policy, slacalc.sla, slacalc.errors, slacalc.schemas,
    slacalc.frame, slacalc.report, slacalc.plot,
]  # fmt: skip


def test_pickled_modules_reads_both_global_opcodes() -> None:
    # The helper itself: protocol 0 writes GLOBAL, protocol 4 STACK_GLOBAL with memo lookups.
    pair = (date(2026, 1, 1), date(2026, 1, 2), Problem("a", "b"))
    for protocol in (0, 4):
        assert pickled_modules(pickle.dumps(pair, protocol)) >= {"datetime", "slacalc.errors"}


def _public_callables(module: ModuleType) -> list[tuple[str, Any]]:
    return [
        (name, getattr(module, name))
        for name in module.__all__
        if isinstance(getattr(module, name), type)
        or inspect.isfunction(inspect.unwrap(getattr(module, name)))
    ]


def test_cached_functions_pickle_under_their_public_module() -> None:
    # default_policy is wrapped by functools.cache: the wrapper names the public module.
    assert slacalc.default_policy.__module__ == "slacalc.policy"
    assert pickled_modules(pickle.dumps(slacalc.default_policy)) == {"slacalc.policy"}


@pytest.mark.parametrize("module", PUBLIC_MODULES, ids=lambda module: module.__name__)
def test_public_classes_and_functions_name_a_public_module(module: ModuleType) -> None:
    callables = _public_callables(module)
    assert callables
    for name, value in callables:
        parts = value.__module__.split(".")
        assert not any(part.startswith("_") for part in parts), (name, value.__module__)
        assert getattr(__import__(value.__module__, fromlist=[name]), name) is value


def _examples() -> dict[str, object]:
    """A representative value of every public class that has instances."""
    night = BusinessCalendar({"daily": "22:00-06:00"}, timezone="UTC")
    policy = slacalc.default_policy()
    ticket = Ticket(
        opened_at="2026-12-24T16:00:00Z",
        priority="P2",
        id="T-1",
        metadata={"customer": "ACME", "tags": ["billing"]},
        events=[
            {"type": "paused", "at": "2026-12-24T16:30:00Z"},
            {"type": "resumed", "at": "2026-12-29T09:00:00Z"},
            {"type": "priority_changed", "at": "2026-12-29T10:00:00Z", "to": "P1"},
            {"type": "resolved", "at": "2026-12-29T11:00:00Z"},
            {"type": "reopened", "at": "2026-12-29T12:00:00Z"},
        ],
    )
    report = slacalc.evaluate(ticket, now="2026-12-29T13:00:00Z")
    result = slacalc.schemas.evaluate_record(
        {"id": "T-1", "opened_at": "2026-12-24T16:00:00Z", "priority": "P2"},
        now="2026-12-29T09:00:00Z",
    )
    pd = pytest.importorskip("pandas")
    tickets = pd.DataFrame({
        "opened_at": ["2026-11-27T17:00:00Z", "2026-11-30T09:00:00Z"],
        "priority": ["P1", "P3"],
    })  # fmt: skip
    london = policy.to_dict()
    london["calendar"]["timezone"] = "Europe/London"
    comparison = slacalc.report.compare(
        tickets, policy, slacalc.load_policy(london), now="2026-12-01T12:00:00Z"
    )
    return {
        "Compliance": comparison.a,
        "Comparison": comparison,
        "BusinessCalendar": BusinessCalendar(
            {"mon-fri": "09:00-17:30"},
            timezone="Europe/London",
            holidays=HolidayUnion(
                CountryHolidays("GB", subdiv="ENG"), HolidayDates(["2026-12-24"])
            ),
            special_hours={"2026-12-31": "09:00-12:00"},
            recurring=[RecurringHours("FREQ=MONTHLY;BYDAY=1MO", "10:00-12:00")],
        ),
        "CountryHolidays": CountryHolidays("GB", subdiv="ENG"),
        "CustomHolidays": CustomHolidays(frozenset({date(2026, 12, 24)})),
        "HolidayDates": HolidayDates([date(2026, 12, 24), "2026-12-31"]),
        "HolidayUnion": HolidayUnion(MarketHolidays("NYSE"), HolidayDates(["2026-12-24"])),
        "MarketHolidays": MarketHolidays("NYSE"),
        "RecurringHours": RecurringHours("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24", "09:00-12:00"),
        "TimeRange": TimeRange(time(9), time(17, 30)),
        "Policy": policy,
        "Tier": policy.tier("P2"),
        "Target": Target("2 business days"),
        "Channel": Channel(key="night", name="Night", calendar=night, response="2 business hours"),
        "Ticket": ticket,
        "Event": ticket.events[0],
        "EventType": slacalc.EventType.PAUSED,
        "Cycle": report.cycles[0],
        "ClockRules": slacalc.ClockRules(priority_change="restart", warnings=[0.5, 0.9]),
        "TargetStatus": report.response,
        "SlaReport": report,
        "TargetState": TargetState.PENDING,
        "Problem": Problem("tiers[0].response", "must be a target", 5),
        "TicketRecord": slacalc.schemas.TicketRecord(
            id="T-1", opened_at="2026-12-24T16:00:00Z", priority="P2"
        ),
        "ResultRecord": slacalc.schemas.ResultRecord.model_validate(result),
        "TargetRecord": slacalc.schemas.TargetRecord.model_validate(result["response"]),
        "DueRecord": slacalc.schemas.DueRecord.model_validate(
            slacalc.schemas.due_record("2026-12-24T16:00:00Z", "P2")
        ),
    }


EXAMPLES = _examples()
# Classes without instances of their own: a protocol, and the errors (tested below).
NO_EXAMPLE = {"HolidaySource"}


def _error_examples() -> list[SlacalcError]:
    """Every error class with problems, and errors slacalc really raised (with or without)."""
    problems = (Problem("opened_at", "must carry a UTC offset", "2026-11-27 17:00"),)
    made = [
        error_class(f"{error_class.__name__}: what was wrong", problems)
        for _, error_class in _public_callables(slacalc.errors)
        if isinstance(error_class, type) and issubclass(error_class, SlacalcError)
    ]
    raised: list[SlacalcError] = []
    for build in (
        lambda: Ticket(opened_at="2026-11-27 17:00", priority="P1", ticket_id=1),  # type: ignore[call-arg]
        lambda: slacalc.load_policy({"name": "x"}),
        lambda: slacalc.response_due("2026-11-27T17:00:00Z", "P9"),
    ):
        with pytest.raises(SlacalcError) as caught:
            build()
        raised.append(caught.value)
    return made + raised


ERRORS = _error_examples()


def test_every_public_class_has_an_example_value() -> None:
    classes = {
        name
        for module in PUBLIC_MODULES
        for name, value in _public_callables(module)
        if isinstance(value, type) and not issubclass(value, BaseException)
    }
    assert classes - NO_EXAMPLE == set(EXAMPLES)
    for name, value in EXAMPLES.items():
        assert type(value).__name__ == name


@pytest.mark.parametrize("name", sorted(EXAMPLES))
@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickles_of_public_values_name_only_public_modules(name: str, protocol: int) -> None:
    modules = pickled_modules(pickle.dumps(EXAMPLES[name], protocol))
    # Reports hold pandas frames, whose pickles name pandas' own modules.
    ours = {module for module in modules if module.partition(".")[0] == "slacalc"}
    assert not {module for module in ours if "._" in module}, sorted(modules)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_public_values_round_trip_through_pickle_equal(name: str) -> None:
    value = EXAMPLES[name]
    copy: Any = pickle.loads(pickle.dumps(value))  # noqa: S301 - our own bytes
    if isinstance(value, CustomHolidays):  # equal when they wrap the very same object
        assert copy.holidays == value.holidays
    else:
        assert copy == value
    assert type(copy) is type(value)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_reprs_name_no_private_module(name: str) -> None:
    assert "slacalc._" not in repr(EXAMPLES[name])
    assert "slacalc._" not in str(EXAMPLES[name])


@pytest.mark.parametrize("error", ERRORS, ids=lambda error: type(error).__name__)
def test_errors_round_trip_through_pickle_with_their_problems(error: SlacalcError) -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        data = pickle.dumps(error, protocol)
        assert not {module for module in pickled_modules(data) if "._" in module}
        copy = pickle.loads(data)  # noqa: S301 - our own bytes
        assert type(copy) is type(error)
        assert str(copy) == str(error)
        assert copy.problems == error.problems
        assert "slacalc._" not in repr(copy)


@pytest.mark.parametrize("name", sorted(set(EXAMPLES) - {"TargetState", "EventType"}))
def test_changing_any_attribute_of_a_public_value_raises_frozen_instance_error(name: str) -> None:
    # A field and a name that is none: slotted frozen dataclasses of CPython 3.11
    # would raise TypeError for the second, every other value FrozenInstanceError.
    value = EXAMPLES[name]
    for attribute in ("an_attribute_that_is_not_a_field", *_field_names(value)[:1]):
        with pytest.raises(FrozenInstanceError):
            setattr(value, attribute, None)
        with pytest.raises(FrozenInstanceError):
            delattr(value, attribute)


def _field_names(value: object) -> list[str]:
    fields = getattr(type(value), "model_fields", None) or getattr(
        value, "__dataclass_fields__", {}
    )
    return list(fields)
