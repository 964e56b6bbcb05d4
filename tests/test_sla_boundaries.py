# Copyright (c) 2026 The slacalc developers. MIT License.
"""The edges of the SLA layer: how records are built, read back and refused.

Every public way to build a ticket, status or report raises a `SlacalcError`
with `problems` (never a pydantic `ValidationError`), of the class the first
problem calls for; analysts' values (pandas, numpy, CSV text) mean what they
say; values are frozen; foreign arguments get slacalc errors. Dates as in
test_sla.py: 2026-11-27 is a Friday, the built-in calendar is Mon-Fri
09:00-18:00 GMT.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from dataclasses import FrozenInstanceError
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

import slacalc
from slacalc import (
    BusinessCalendar,
    Channel,
    InvalidTicketError,
    InvalidTimestampError,
    OutOfRangeError,
    PolicyTypeError,
    PriorityTypeError,
    SlacalcError,
    TicketTypeError,
    TimestampTypeError,
    UnknownChannelError,
    UnknownPriorityError,
)
from slacalc.sla import (
    SlaReport,
    TargetState,
    TargetStatus,
    Ticket,
    channel_response_due,
    evaluate,
    resolution_due,
    resolution_status,
    response_due,
    response_status,
)

OPENED = "2026-11-27T17:00:00Z"  # Friday 17:00 GMT
LATER = "2026-12-01T00:00:00Z"
FIELDS = {"opened_at": OPENED, "priority": "P1"}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def raised(build: Callable[[], object]) -> SlacalcError:
    """The slacalc error `build` raises (failing the test on anything else)."""
    with pytest.raises(SlacalcError) as caught:
        build()
    assert not isinstance(caught.value, ValidationError)
    return caught.value


def ticket_builders(data: dict[str, Any]) -> list[Callable[[], object]]:
    """Every public way to build a Ticket from `data` (JSON only for JSON-able data)."""
    builders: list[Callable[[], object]] = [
        lambda: Ticket(**data),
        lambda: Ticket.model_validate(data),
        lambda: evaluate(data, now=LATER),
    ]
    if all(isinstance(value, str | int | float | type(None)) for value in data.values()):
        builders.append(lambda: Ticket.model_validate_json(json.dumps(data)))
    return builders


def a_report() -> SlaReport:
    ticket = Ticket(
        opened_at="2026-12-24T16:00:00Z", priority="P2", responded_at=at("2026-12-29 09:30")
    )
    return evaluate(ticket, now="2027-01-05T12:00:00Z")


# --- 1. Every way to build a record raises a SlacalcError with problems --------------------


@pytest.mark.parametrize("field", ["ticket_id", "responded_on"])
def test_unknown_ticket_field_is_an_invalid_ticket_error_not_a_timestamp_error(field: str) -> None:
    for build in ticket_builders({**FIELDS, field: "2026-11-30T09:00:00Z"}):
        error = raised(build)
        assert type(error) is InvalidTicketError
        assert [problem.path for problem in error.problems] == [field]
        assert "the fields are opened_at, priority, responded_at, resolved_at" in str(error)


@pytest.mark.parametrize("value", ["2026-11-27 17:00", "yesterday", "2026-02-29T10:00:00Z"])
def test_bad_ticket_timestamp_is_an_invalid_timestamp_error(value: str) -> None:
    for build in ticket_builders({**FIELDS, "opened_at": value}):
        error = raised(build)
        assert type(error) is InvalidTimestampError
        assert [problem.path for problem in error.problems] == ["opened_at"]
        assert error.problems[0].input == value


def test_ticket_timestamp_out_of_range_is_an_out_of_range_error() -> None:
    error = raised(lambda: Ticket(opened_at="1850-01-01T00:00:00Z", priority=1))
    assert type(error) is OutOfRangeError
    assert [problem.path for problem in error.problems] == ["opened_at"]


@pytest.mark.parametrize(
    ("field", "value", "error_class"),
    [
        ("opened_at", 1764262800, TimestampTypeError),
        ("responded_at", 5, TimestampTypeError),
        ("resolved_at", [OPENED], TimestampTypeError),
        ("priority", 1.5, PriorityTypeError),
        ("priority", None, PriorityTypeError),
        ("priority", True, PriorityTypeError),
    ],
)
def test_ticket_field_of_a_wrong_type_is_a_type_error(
    field: str, value: object, error_class: type[SlacalcError]
) -> None:
    for build in ticket_builders({**FIELDS, field: value}):
        error = raised(build)
        assert type(error) is error_class
        assert isinstance(error, TypeError)
        assert [problem.path for problem in error.problems] == [field]


def test_a_ticket_that_is_not_a_mapping_is_a_ticket_type_error() -> None:
    error = raised(lambda: Ticket.model_validate([OPENED, "P1"]))
    assert type(error) is TicketTypeError
    assert [problem.path for problem in error.problems] == [""]


def test_missing_ticket_fields_are_an_invalid_ticket_error() -> None:
    error = raised(lambda: Ticket.model_validate({}))
    assert type(error) is InvalidTicketError
    assert [problem.path for problem in error.problems] == ["opened_at", "priority"]
    assert all(problem.message == "required field is missing" for problem in error.problems)


def test_problem_paths_name_the_fields_never_pydantic_union_arms() -> None:
    error = raised(
        lambda: Ticket.model_validate({
            "opened_at": 5, "priority": 1.5, "responded_at": "soon", "resolved_at": [],
        })
    )  # fmt: skip
    assert [problem.path for problem in error.problems] == [
        "opened_at", "priority", "responded_at", "resolved_at",
    ]  # fmt: skip
    assert type(error) is TimestampTypeError  # the class follows the first problem


def test_bad_status_read_back_names_its_fields() -> None:
    data = TargetStatus.model_validate_json(a_report().response.model_dump_json()).model_dump()
    error = raised(lambda: TargetStatus.model_validate({**data, "due": "2026-12-24 18:00"}))
    assert type(error) is InvalidTimestampError
    assert [problem.path for problem in error.problems] == ["due"]
    error = raised(lambda: TargetStatus.model_validate({**data, "state": "late"}))
    assert type(error) is InvalidTicketError
    assert [problem.path for problem in error.problems] == ["state"]
    error = raised(lambda: TargetStatus.model_validate({**data, "elapsed": [1]}))
    assert [problem.path for problem in error.problems] == ["elapsed"]


def test_bad_report_json_is_a_slacalc_error_with_nested_paths() -> None:
    data = a_report().model_dump(mode="json")
    data["response"]["completed_at"] = "2026-12-29T09:30:00"
    error = raised(lambda: SlaReport.model_validate_json(json.dumps(data)))
    assert type(error) is InvalidTimestampError
    assert [problem.path for problem in error.problems] == ["response.completed_at"]
    assert type(raised(lambda: SlaReport.model_validate_json("[1]"))) is TicketTypeError
    assert type(raised(lambda: SlaReport.model_validate_json("{"))) is InvalidTicketError


def test_no_public_builder_raises_a_pydantic_validation_error() -> None:
    report = a_report()
    builders: list[Callable[[], object]] = [
        lambda: Ticket(opened_at=OPENED),  # type: ignore[call-arg]
        lambda: Ticket.model_validate({"opened_at": OPENED, "priority": {}}),
        lambda: Ticket.model_validate_json('{"opened_at": 1}'),
        lambda: Ticket.model_validate_strings({"opened_at": "x", "priority": "P1"}),
        lambda: TargetStatus.model_validate({"state": "met"}),
        lambda: TargetStatus.model_validate_json("{}"),
        lambda: SlaReport.model_validate({**report.model_dump(), "priority": 1}),
        lambda: SlaReport.model_validate_json('{"priority": "P1"}'),
        lambda: SlaReport(**{**report.model_dump(), "now": None}),
    ]
    for build in builders:
        assert raised(build).problems


@pytest.mark.parametrize(
    "ticket",
    [
        Ticket(opened_at=OPENED, priority=1),
        Ticket(
            opened_at="2026-11-27T12:00:00-05:00", priority="major",
            responded_at="2026-11-30T09:00:00+01:00", resolved_at=at("2026-12-02 10:00"),
        ),
    ],
)  # fmt: skip
def test_ticket_read_back_from_its_json_dump_is_equal(ticket: Ticket) -> None:
    assert Ticket.model_validate_json(ticket.model_dump_json()) == ticket
    assert Ticket.model_validate(ticket.model_dump()) == ticket


def test_report_and_status_read_back_from_their_json_dumps_are_equal() -> None:
    # The dumps carry the derived `breached`, which reading back used to refuse.
    report = a_report()
    assert SlaReport.model_validate_json(report.model_dump_json()) == report
    assert SlaReport.model_validate(report.model_dump()) == report
    for status in (report.response, report.resolution):
        assert TargetStatus.model_validate_json(status.model_dump_json()) == status
    no_target = resolution_status(OPENED, "P4", now=LATER)
    assert TargetStatus.model_validate_json(no_target.model_dump_json()) == no_target


def test_read_back_breached_must_agree_with_the_states() -> None:
    data = a_report().model_dump(mode="json")
    assert data["breached"] is True
    error = raised(lambda: SlaReport.model_validate({**data, "breached": False}))
    assert type(error) is InvalidTicketError
    assert [problem.path for problem in error.problems] == ["breached"]
    data["response"]["breached"] = "no"
    error = raised(lambda: SlaReport.model_validate(data))
    assert [problem.path for problem in error.problems] == ["response.breached"]


# --- 2. Analysts' values --------------------------------------------------------------------


def missing_values() -> list[Any]:
    """Every spelling of "no value" an analyst's data frame can hand over."""
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    return [None, pd.NaT, pd.NA, float("nan"), np.float64("nan"), np.datetime64("NaT")]


def test_missing_completion_means_not_yet_in_tickets() -> None:
    for missing in missing_values():
        ticket = Ticket(opened_at=OPENED, priority=1, responded_at=missing, resolved_at=missing)
        assert ticket.responded_at is None
        assert ticket.resolved_at is None
        report = evaluate(ticket, now=LATER)
        assert report.response.completed_at is None
        assert report.response.state is TargetState.BREACHED  # due Mon 10:00, not answered


def test_missing_completion_means_not_yet_in_the_status_functions() -> None:
    unanswered = response_status(OPENED, 1, now="2026-11-30T09:30:00Z")
    unresolved = resolution_status(OPENED, 1, now="2026-11-30T09:30:00Z")
    for missing in missing_values():
        now = "2026-11-30T09:30:00Z"
        assert response_status(OPENED, 1, responded_at=missing, now=now) == unanswered
        assert resolution_status(OPENED, 1, resolved_at=missing, now=now) == unresolved


WITH_OPENED_AT: list[Callable[[Any], object]] = [
    lambda value: response_due(value, 1),
    lambda value: resolution_due(value, "P4"),  # no time target: still checked
    lambda value: response_status(value, 1, now=LATER),
    lambda value: Ticket(opened_at=value, priority=1),
    lambda value: evaluate({"opened_at": value, "priority": 1}, now=LATER),
]
WITH_NOW: list[Callable[[Any], object]] = [
    lambda value: response_status(OPENED, 1, now=value),
    lambda value: resolution_status(OPENED, 1, now=value),
    lambda value: evaluate(FIELDS, now=value),
]


def test_missing_opened_at_is_refused_as_missing() -> None:
    for missing in missing_values():
        for build in WITH_OPENED_AT:
            error = raised(functools.partial(build, missing))
            assert type(error) is InvalidTimestampError
            assert "opened_at is missing" in str(error)


def test_missing_now_when_given_is_refused_as_missing() -> None:
    for missing in missing_values()[1:]:  # now=None means "the current time"
        for build in WITH_NOW:
            error = raised(functools.partial(build, missing))
            assert type(error) is InvalidTimestampError
            assert "now is missing" in str(error)


def test_naive_numpy_datetime64_is_refused_with_the_zone_hint() -> None:
    np = pytest.importorskip("numpy")
    naive = np.datetime64("2026-11-27T17:00")
    for build in (
        lambda: response_due(naive, 1),
        lambda: response_status(OPENED, 1, responded_at=naive, now=LATER),
        lambda: Ticket(opened_at=naive, priority=1),
    ):
        error = raised(build)
        assert type(error) is InvalidTimestampError
        assert "must be timezone-aware" in str(error)
        assert "pandas.Timestamp(value, tz='UTC')" in str(error)


def test_naive_datetime_is_refused_naming_the_argument() -> None:
    naive = datetime(2026, 11, 27, 17)
    error = raised(lambda: response_due(naive, 1))
    assert type(error) is InvalidTimestampError
    assert str(error).startswith("opened_at must be timezone-aware")


def test_pandas_timestamp_with_a_zone_is_an_instant() -> None:
    pd = pytest.importorskip("pandas")
    opened = pd.Timestamp("2026-11-27T17:00Z")
    assert response_due(opened, 1) == at("2026-11-30 10:00")
    ticket = Ticket(opened_at=opened, priority=1, responded_at=pd.Timestamp("2026-11-30T09:10Z"))
    assert type(ticket.opened_at) is datetime
    assert ticket == Ticket(opened_at=OPENED, priority=1, responded_at="2026-11-30T09:10:00Z")
    assert evaluate(ticket, now=LATER).response.state is TargetState.MET


def test_numpy_integer_priority_is_the_tiers_number() -> None:
    np = pytest.importorskip("numpy")
    for number in (np.int64(2), np.int32(2), np.uint8(2)):
        assert response_due(OPENED, number) == response_due(OPENED, 2)
        assert resolution_due(OPENED, number) == resolution_due(OPENED, 2)
        assert response_status(OPENED, number, now=LATER) == response_status(OPENED, 2, now=LATER)
        ticket = Ticket(opened_at=OPENED, priority=number)
        assert type(ticket.priority) is int
        assert ticket == Ticket(opened_at=OPENED, priority=2)
        assert evaluate(ticket, now=LATER).priority == "P2"


@pytest.mark.parametrize("text", ["2", " 2 "])
def test_digit_string_priority_is_the_tiers_number(text: str) -> None:
    # CSV files carry priorities as text.
    assert response_due(OPENED, text) == response_due(OPENED, 2)
    assert resolution_due(OPENED, text) == resolution_due(OPENED, 2)
    assert resolution_status(OPENED, text, now=LATER) == resolution_status(OPENED, 2, now=LATER)
    assert evaluate(Ticket(opened_at=OPENED, priority=text), now=LATER).priority == "P2"
    assert evaluate({"opened_at": OPENED, "priority": text}, now=LATER).priority == "P2"


def test_digit_string_of_no_tier_is_an_unknown_priority() -> None:
    error = raised(lambda: evaluate({"opened_at": OPENED, "priority": "9"}, now=LATER))
    assert type(error) is UnknownPriorityError


# --- 3. Frozen values, tidy text --------------------------------------------------------------


def test_tickets_statuses_and_reports_raise_frozen_instance_error_on_mutation() -> None:
    report = a_report()
    values: list[object] = [Ticket(opened_at=OPENED, priority=1), report.response, report]
    for value in values:
        with pytest.raises(FrozenInstanceError):
            value.priority = 2  # type: ignore[attr-defined]
        with pytest.raises(FrozenInstanceError):
            value.state = "met"  # type: ignore[attr-defined]
        with pytest.raises(FrozenInstanceError):
            del value.opened_at  # type: ignore[attr-defined]
    assert slacalc.FrozenInstanceError is FrozenInstanceError


def test_str_and_print_of_statuses_and_reports_show_the_tidy_repr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = a_report()
    assert str(report.response) == repr(report.response)
    assert str(report.response).startswith("TargetStatus(state='breached', target='2 business")
    print(report)  # noqa: T201 - what a notebook user does
    shown = capsys.readouterr().out.strip()
    assert shown == repr(report)
    assert shown.startswith("SlaReport(priority='P2', opened_at=2026-12-24T16:00:00+00:00, ")
    assert "datetime.datetime" not in shown
    assert "timedelta" not in shown


# --- 4. Foreign arguments ----------------------------------------------------------------------


@pytest.mark.parametrize("policy", ["x", 5, {"name": "policy"}, BusinessCalendar()])
def test_a_policy_of_the_wrong_type_is_a_policy_type_error(policy: Any) -> None:
    for build in (
        lambda: response_due(OPENED, 1, policy=policy),
        lambda: resolution_due(OPENED, 1, policy=policy),
        lambda: response_status(OPENED, 1, now=LATER, policy=policy),
        lambda: resolution_status(OPENED, 1, now=LATER, policy=policy),
        lambda: evaluate(FIELDS, now=LATER, policy=policy),
        lambda: channel_response_due(OPENED, "email_support", policy=policy),
    ):
        error = raised(build)
        assert type(error) is PolicyTypeError
        assert isinstance(error, TypeError)
        assert "policy must be a slacalc Policy" in str(error)


def test_evaluate_validates_a_mapping_of_ticket_fields_into_a_ticket() -> None:
    fields = {**FIELDS, "responded_at": "2026-11-30T09:10:00Z"}
    assert evaluate(fields, now=LATER) == evaluate(Ticket(**fields), now=LATER)
    error = raised(lambda: evaluate({**fields, "responded_on": "x"}, now=LATER))
    assert type(error) is InvalidTicketError


@pytest.mark.parametrize("ticket", [5, "P1", [OPENED, "P1"], None])
def test_evaluate_of_something_not_a_ticket_is_a_ticket_type_error(ticket: Any) -> None:
    error = raised(lambda: evaluate(ticket, now=LATER))
    assert type(error) is TicketTypeError
    assert isinstance(error, TypeError)


def test_email_support_reply_is_due_two_business_days_later() -> None:
    # Fri 17:00-18:00 is 1 h, Mon 9 h, Tue 09:00-17:00 the last 8 h of 18 (2 x 9 h).
    due = channel_response_due(OPENED, "email_support")
    assert due == at("2026-12-01 17:00")
    assert due is not None
    assert due.isoformat() == "2026-12-01T17:00:00+00:00"
    assert channel_response_due(OPENED, " EMAIL_Support ") == due
    assert channel_response_due(OPENED, slacalc.default_policy().channel("email_support")) == due


def test_customer_success_manager_reply_is_due_in_real_hours() -> None:
    # "24 hours" of real time: Fri 17:00 -> Sat 17:00, the weekend notwithstanding.
    assert channel_response_due(OPENED, "customer_success_manager") == at("2026-11-28 17:00")


def test_elliebot_has_no_reply_time() -> None:
    assert channel_response_due(OPENED, "elliebot") is None


def test_unknown_channel_key_is_an_unknown_channel_error() -> None:
    error = raised(lambda: channel_response_due(OPENED, "fax"))
    assert type(error) is UnknownChannelError
    assert isinstance(error, LookupError)
    assert "'fax'" in str(error)
    assert "email_support" in str(error)


NIGHT_DESK = BusinessCalendar({"daily": "22:00-06:00"}, timezone="UTC")


def test_channel_with_its_own_calendar_counts_on_that_calendar() -> None:
    # Open 22:00-06:00 every night: received Fri 17:00, 2 business hours -> Sat 00:00.
    night = Channel(
        key="night", name="Night desk", calendar=NIGHT_DESK, response="2 business hours"
    )
    assert channel_response_due(OPENED, night) == at("2026-11-28 00:00")
    # 1 business day of the night desk (8 h) from Fri 17:00: 22:00 -> Sat 06:00.
    days = Channel(key="night", name="Night desk", calendar=NIGHT_DESK, response="1 business days")
    assert channel_response_due(OPENED, days) == at("2026-11-28 06:00")


def test_policy_channel_with_its_own_calendar_counts_on_that_calendar() -> None:
    # The policy compiles its channels on its own calendar; the channel's must win.
    data = slacalc.default_policy().to_dict()
    data["channels"].append({
        "key": "night", "name": "Night desk", "response": "2 business hours",
        "calendar": {"hours": {"daily": "22:00-06:00"}, "timezone": "UTC"},
    })  # fmt: skip
    policy = slacalc.load_policy(data)
    assert channel_response_due(OPENED, "night", policy=policy) == at("2026-11-28 00:00")
    assert channel_response_due(OPENED, policy.channel("night"), policy=policy) == at(
        "2026-11-28 00:00"
    )


def test_bad_received_at_is_named_in_the_error() -> None:
    error = raised(lambda: channel_response_due("2026-11-27 17:00", "email_support"))
    assert type(error) is InvalidTimestampError
    assert str(error).startswith("received_at must carry a UTC offset")
    error = raised(lambda: channel_response_due(None, "elliebot"))  # type: ignore[arg-type]
    assert "received_at is missing" in str(error)


def test_response_due_error_names_opened_at_not_the_calendars_argument() -> None:
    # The business-time rule hands opened_at to calendar.add, whose argument is "start".
    for build in (
        lambda: response_due("2026-11-27 17:00", "P1"),
        lambda: resolution_due(math.nan, "P1"),  # type: ignore[arg-type]
        lambda: response_due(at("2026-11-27 17:00").replace(tzinfo=None), "P1"),
    ):
        error = raised(build)
        assert isinstance(error, InvalidTimestampError)
        assert str(error).startswith("opened_at ")


def test_tickets_with_events_and_metadata_round_trip_through_json_and_hash_alike() -> None:
    ticket = Ticket(
        opened_at="2026-11-27T17:00:00Z",
        priority="P1",
        id="T-7",
        metadata={"customer": "ACME", "tags": ["billing", {"sla": True}]},
        events=[{"type": "priority_changed", "at": "2026-11-27T18:00:00Z", "to": 2}],
    )
    again = Ticket.model_validate_json(ticket.model_dump_json())
    assert again == ticket
    assert hash(again) == hash(ticket)
    assert len({ticket, again}) == 1
    report = slacalc.evaluate(ticket, now="2026-11-30T12:00:00Z")
    assert (report.id, report.metadata) == ("T-7", ticket.metadata)
    assert slacalc.SlaReport.model_validate_json(report.model_dump_json()) == report


def test_a_new_priority_of_the_wrong_type_is_a_priority_type_error_naming_the_event() -> None:
    with pytest.raises(PriorityTypeError) as caught:
        Ticket(
            opened_at="2026-11-27T12:00:00Z",
            priority=1,
            events=[{"type": "priority_changed", "at": "2026-11-27T13:00:00Z", "to": 1.5}],
        )
    assert [problem.path for problem in caught.value.problems] == ["events[0].to"]
