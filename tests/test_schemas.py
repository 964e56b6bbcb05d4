"""The JSON records of tickets and results: the output contract of the CLI and the server.

Worked by hand on the built-in policy (Mon-Fri 09:00-18:00 GMT, England & Wales
bank holidays). A P1 opened Friday 2026-11-27 17:00Z: response 2 business hours ->
due Monday 10:00Z; resolution 4 business hours -> due Monday 12:00Z.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import jsonschema
import pytest

from slacalc import InvalidTicketError, InvalidTimestampError, SlacalcError, UnknownPriorityError
from slacalc.schemas import (
    due_record,
    due_schema,
    error_record,
    evaluate_record,
    iso_duration,
    result_schema,
    ticket_schema,
)

P1_FRIDAY = {"id": "T-1", "opened_at": "2026-11-27T17:00:00Z", "priority": "P1"}


def validate_result(record: dict[str, Any]) -> None:
    jsonschema.validate(record, result_schema())


def test_the_schemas_are_valid_draft_2020_12() -> None:
    for schema in (ticket_schema(), result_schema(), due_schema()):
        jsonschema.Draft202012Validator.check_schema(schema)


def test_a_late_response_is_breached_with_durations_in_seconds_and_iso_8601() -> None:
    record = {**P1_FRIDAY, "responded_at": "2026-11-30T10:15:00Z"}
    result = evaluate_record(record, now="2026-12-01T00:00:00Z")
    validate_result(result)
    response = result["response"]
    # Fri 17-18 is 1 h, Mon 09:00-10:15 is 1 h 15: 2 h 15 used of 2 h.
    assert response["state"] == "breached"
    assert response["due"] == "2026-11-30T10:00:00+00:00"
    assert response["completed_at"] == "2026-11-30T10:15:00+00:00"
    assert (response["elapsed_seconds"], response["elapsed"]) == (8100.0, "PT2H15M")
    assert (response["remaining_seconds"], response["remaining"]) == (-900.0, "-PT15M")
    assert (response["overdue_by_seconds"], response["overdue_by"]) == (900.0, "PT15M")
    assert response["fraction_used"] == 1.125
    assert response["breached"] is True


def test_an_unresolved_ticket_past_due_is_breached_by_real_time() -> None:
    result = evaluate_record(P1_FRIDAY, now="2026-12-01T00:00:00Z")
    resolution = result["resolution"]
    # Business time used: Fri 17-18 (1 h) + Mon 09-18 (9 h) = 10 h of a 4 h target.
    assert resolution["state"] == "breached"
    assert resolution["due"] == "2026-11-30T12:00:00+00:00"
    assert (resolution["elapsed_seconds"], resolution["remaining"]) == (36000.0, "-PT6H")
    # Overdue by real time: Mon 12:00 to Tue 00:00.
    assert resolution["overdue_by"] == "PT12H"
    assert resolution["fraction_used"] == 2.5
    assert result["breached"] is True


def test_the_id_is_echoed_as_given() -> None:
    for given in ("T-1", 42):
        result = evaluate_record({**P1_FRIDAY, "id": given}, now="2026-11-30T09:00:00Z")
        assert result["id"] == given
    assert evaluate_record({**P1_FRIDAY, "id": None}, now="2026-11-30T09:00:00Z")["id"] is None


def test_instants_are_shown_in_the_zone_asked_for() -> None:
    result = evaluate_record(P1_FRIDAY, now="2026-11-30T09:00:00Z", zone="America/New_York")
    assert result["response"]["due"] == "2026-11-30T05:00:00-05:00"
    assert result["opened_at"] == "2026-11-27T12:00:00-05:00"


def test_a_pending_target_has_no_overdue_time() -> None:
    result = evaluate_record(P1_FRIDAY, now="2026-11-30T09:30:00Z")
    response = result["response"]
    assert (response["state"], response["remaining"], response["overdue_by"]) == (
        "pending",
        "PT30M",
        "PT0S",
    )


def test_no_time_target_has_no_due_and_no_remaining() -> None:
    result = evaluate_record(
        {"opened_at": "2026-11-27T17:00:00Z", "priority": 4}, now="2026-11-30T10:00:00Z"
    )
    validate_result(result)
    resolution = result["resolution"]
    assert (resolution["state"], resolution["due"], resolution["remaining"]) == (
        "no_target",
        None,
        None,
    )
    assert resolution["elapsed_seconds"] == 3600.0 + 3600.0  # Fri 17-18, Mon 09-10


@pytest.mark.parametrize(
    ("record", "error", "path"),
    [
        ({**P1_FRIDAY, "resolved_on": "2026-11-30T10:00:00Z"}, InvalidTicketError, "resolved_on"),
        ({**P1_FRIDAY, "opened_at": "2026-11-27 17:00"}, InvalidTimestampError, "opened_at"),
        ({"priority": "P1"}, InvalidTicketError, "opened_at"),
    ],
)
def test_a_bad_record_raises_with_problems_naming_the_field(
    record: dict[str, Any], error: type[SlacalcError], path: str
) -> None:
    with pytest.raises(error) as caught:
        evaluate_record(record, now="2026-11-30T10:00:00Z")
    assert [problem.path for problem in caught.value.problems] == [path]


def test_an_unknown_priority_is_an_unknown_priority_error() -> None:
    with pytest.raises(UnknownPriorityError):
        evaluate_record({**P1_FRIDAY, "priority": "P9"}, now="2026-11-30T10:00:00Z")


def test_a_record_that_is_not_an_object_is_refused_as_a_type_error() -> None:
    with pytest.raises(TypeError):
        evaluate_record(["2026-11-27T17:00:00Z", "P1"], now="2026-11-30T10:00:00Z")  # type: ignore[arg-type]


def test_error_records_carry_the_line_the_id_and_the_problems() -> None:
    with pytest.raises(SlacalcError) as caught:
        evaluate_record({**P1_FRIDAY, "ticket_id": 5}, now="2026-11-30T10:00:00Z")
    record = error_record(caught.value, line=3, record_id="T-1")
    validate_result(record)
    assert record["line"] == 3
    assert record["id"] == "T-1"
    assert record["error"]["type"] == "InvalidTicketError"
    assert [problem["path"] for problem in record["error"]["problems"]] == ["ticket_id"]


def test_an_error_without_problems_still_has_one_problem_record() -> None:
    record = error_record(UnknownPriorityError("priority 'P9' matches no tier"))
    validate_result(record)
    assert record["error"]["problems"] == [
        {"path": "", "message": "priority 'P9' matches no tier", "input": None}
    ]


def test_due_records_give_both_due_times() -> None:
    record = due_record("2026-11-27T17:00:00Z", 2, record_id="x")
    jsonschema.validate(record, due_schema())
    # P2: response 2 business hours (Mon 10:00); resolution 12 business days of 9 h.
    assert record == {
        "id": "x",
        "priority": "P2",
        "opened_at": "2026-11-27T17:00:00+00:00",
        "response_due": "2026-11-30T10:00:00+00:00",
        "resolution_due": "2026-12-15T17:00:00+00:00",
    }
    assert due_record("2026-11-27T17:00:00Z", "P4")["resolution_due"] is None


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(0), "PT0S"),
        (timedelta(hours=2), "PT2H"),
        (timedelta(minutes=90), "PT1H30M"),
        (timedelta(hours=25), "PT25H"),
        (timedelta(hours=1, seconds=5), "PT1H0M5S"),
        (timedelta(microseconds=1), "PT0.000001S"),
        (timedelta(minutes=-15), "-PT15M"),
        (timedelta(seconds=-1, microseconds=500_000), "-PT0.5S"),
    ],
)
def test_iso_durations(delta: timedelta, text: str) -> None:
    assert iso_duration(delta) == text


def test_ticket_records_validate_against_the_input_schema() -> None:
    validator = jsonschema.Draft202012Validator(ticket_schema())
    assert validator.is_valid(P1_FRIDAY)
    assert not validator.is_valid({**P1_FRIDAY, "resolved_on": "2026-11-30T10:00:00Z"})
    assert not validator.is_valid({"id": "x"})
