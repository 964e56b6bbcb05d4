"""The policy layer at its edges: how it refuses bad data, and where its arithmetic stops.

Every public way to build a policy model refuses with a ``PolicyError``
whose problems name the fields as written; amounts and lengths that cannot
fit in the supported years are refused at load, and due times past them
raise ``OutOfRangeError`` from every rule; policy files that are too deep,
not UTF-8 or absurd are refused naming the file; the models pickle, copy and
stay frozen.
"""

from __future__ import annotations

import ast
import copy
import json
import pickle
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import ValidationError

import slacalc
from pickles import pickled_modules
from slacalc import (
    BusinessCalendar,
    Channel,
    FrozenInstanceError,
    OutOfRangeError,
    Policy,
    PolicyError,
    PolicyTypeError,
    SlacalcError,
    Target,
    Tier,
)
from slacalc.policy import TargetUnit, default_policy, load_policy
from slacalc.policy._grammar import UNIT_MEANINGS, UNITS, amount_limit
from slacalc.policy._rules import compile_target

SOURCE = Path(slacalc.__file__).resolve().parent
OPENED = "2026-11-30T10:00:00Z"
# Pydantic's names for union members, schema kinds and validators, which
# must never show in a problem's path.
PYDANTIC_TAGS = frozenset({
    "int", "str", "bool", "timedelta", "tuple", "list", "dict", "none", "nullable",
    "union", "chain", "function-after", "function-before", "function-plain",
    "function-wrap", "model", "Target", "Tier", "Channel", "is-instance",
    "lax-or-strict", "json-or-python",
})  # fmt: skip


def policy_data(**changes: Any) -> dict[str, Any]:
    """A small valid policy's data, with top-level fields replaced."""
    data: dict[str, Any] = {
        "name": "Desk",
        "version": "1",
        "calendar": {"hours": {"mon-fri": "09:00-18:00"}},
        "tiers": [
            {"priority": 1, "key": "P1", "name": "Urgent", "response": "2 business hours",
             "resolution": "1 business day"},
            {"priority": 2, "key": "P2", "name": "Normal", "response": "1 business day",
             "resolution": "none: best effort"},
        ],
    }  # fmt: skip
    data.update(changes)
    return data


def with_target(target: Any, **changes: Any) -> dict[str, Any]:
    """``policy_data`` with P1's response replaced by ``target``."""
    data = policy_data(**changes)
    data["tiers"][0]["response"] = target
    return data


def refusal(build: Callable[[], object]) -> SlacalcError:
    with pytest.raises(SlacalcError) as caught:
        build()
    return caught.value


# -- 1. every way of building a model raises a SlacalcError ----------------

BAD_BUILDS: list[Any] = [
    pytest.param(lambda: Policy.model_validate(with_target("3 fortnights")), id="model_validate"),
    pytest.param(
        lambda: Policy.model_validate_json(json.dumps(with_target("3 fortnights"))),
        id="model_validate_json",
    ),
    pytest.param(lambda: Policy.model_validate_json("{"), id="model_validate_json-syntax"),
    pytest.param(lambda: Policy(**with_target("3 fortnights")), id="constructor"),
    pytest.param(lambda: Target.model_validate({"amount": 1}), id="target-model_validate"),
    pytest.param(lambda: Target.model_validate_json('"3 fortnights"'), id="target-json"),
    pytest.param(
        lambda: Target.model_validate_strings({"amount": "x", "unit": "hours"}),
        id="target-strings",
    ),
    pytest.param(lambda: Target("3 fortnights"), id="target-spelling"),
    pytest.param(lambda: Tier(priority=1, key="P1"), id="tier"),  # type: ignore[call-arg]
    pytest.param(lambda: Channel(key="x", name="y", response=5), id="channel"),
]


@pytest.mark.parametrize("build", BAD_BUILDS)
def test_every_way_of_building_a_policy_model_raises_policy_error(
    build: Callable[[], object],
) -> None:
    error = refusal(build)
    assert isinstance(error, PolicyError)
    assert not isinstance(error, ValidationError)
    assert error.problems
    assert error.__cause__ is None


def test_a_value_of_the_wrong_type_first_raises_policy_type_error() -> None:
    data = policy_data()
    data["tiers"][0]["priority"] = "one"
    error = refusal(lambda: Policy.model_validate(data))
    assert isinstance(error, PolicyTypeError)
    assert isinstance(error, TypeError)


def test_target_of_a_number_raises_policy_type_error_not_a_regex_type_error() -> None:
    error = refusal(lambda: Target(5))  # type: ignore[arg-type]  # the wrong type on purpose
    assert isinstance(error, PolicyTypeError)
    assert [problem.input for problem in error.problems] == [5]
    assert str(error) == "\n".join(str(problem) for problem in error.problems)


@pytest.mark.parametrize(
    ("data", "path"),
    [
        pytest.param(with_target({"amount": "x", "unit": "hours"}), "tiers[0].response.amount",
                     id="amount"),
        pytest.param(with_target("3 fortnights"), "tiers[0].response", id="compact-target"),
        pytest.param(policy_data(business_day_length="nine"), "business_day_length",
                     id="day-length"),
        pytest.param(with_target({"amount": 1, "unit": "hours", "calendar": 5}),
                     "tiers[0].response.calendar", id="target-calendar"),
    ],
)  # fmt: skip
def test_problem_paths_name_the_fields_as_written_in_the_file(
    data: dict[str, Any], path: str
) -> None:
    error = refusal(lambda: Policy.model_validate(data))
    assert [problem.path for problem in error.problems] == [path]


def test_a_bad_calendar_is_reported_under_calendar() -> None:
    error = refusal(lambda: Policy.model_validate(policy_data(calendar={"hours": 5})))
    assert len(error.problems) == 1
    assert error.problems[0].path in {"calendar", "calendar.hours"}


def test_problem_paths_never_name_pydantic_union_arms_or_validators() -> None:
    data = policy_data(business_day_length=[1])
    data["tiers"][0]["priority"] = True
    data["tiers"][1]["response"] = {"amount": 1, "unit": "hours", "calendar": "x"}
    data["tiers"][1]["aliases"] = "normal"
    error = refusal(lambda: Policy.model_validate_json(json.dumps(data)))
    assert len(error.problems) == 4
    for problem in error.problems:
        parts = set(problem.path.replace("[", ".").replace("]", "").split("."))
        assert not parts & PYDANTIC_TAGS, problem.path


def test_a_bad_tier_adds_no_problem_about_the_tiers_tuple() -> None:
    data = policy_data()
    data["tiers"] = [data["tiers"][0] | {"response": "3 fortnights"}]
    error = refusal(lambda: Policy.model_validate(data))
    assert [problem.path for problem in error.problems] == ["tiers[0].response"]


def test_a_bad_value_in_one_union_arm_does_not_report_the_other_arm() -> None:
    error = refusal(lambda: Policy.model_validate(policy_data(business_day_length="nine")))
    assert len(error.problems) == 1
    assert "None" not in error.problems[0].message


def test_the_message_lists_the_same_problems_one_per_line() -> None:
    data = with_target({"amount": -3, "unit": "hours"})
    data["tiers"][1]["colour"] = "red"
    error = refusal(lambda: Policy.model_validate(data))
    heading, *lines = str(error).splitlines()
    assert heading == "invalid Policy: 2 problems"
    assert len(lines) == len(error.problems) == 2
    for line, problem in zip(lines, error.problems, strict=True):
        assert line.strip().startswith(f"{problem.path}: {problem.message}")


def test_problems_are_json_records_a_service_can_return() -> None:
    data = with_target({"amount": -3, "unit": "hours"})
    error = refusal(lambda: Policy.model_validate(data))
    records = json.loads(json.dumps([problem.to_dict() for problem in error.problems]))
    assert records == [
        {"path": "tiers[0].response.amount", "message": "Input should be greater than 0",
         "input": -3}
    ]  # fmt: skip


# -- 2. arithmetic limits ------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "999999999999 days",
        "100000000 hours",
        "100000000000000 business hours",
        "200000 business days",
        "200000 business days by end of day",
        "9" * 5000 + " business minutes",
        {"amount": 10**20, "unit": "business_minutes"},
    ],
    ids=lambda target: str(target)[:30],
)
def test_target_amounts_longer_than_the_supported_years_are_refused_at_load(
    target: Any,
) -> None:
    error = refusal(lambda: load_policy(with_target(target)))
    assert isinstance(error, PolicyError)
    assert "at most" in str(error)
    assert "1900-2200" in str(error)


@pytest.mark.parametrize("unit", UNITS)
def test_the_largest_amount_of_each_unit_loads_and_one_more_is_refused(unit: str) -> None:
    limit = amount_limit(unit)
    assert limit * UNIT_MEANINGS[unit].length <= datetime(2201, 1, 1) - datetime(1900, 1, 1)
    assert Target(amount=limit, unit=unit).amount == limit
    with pytest.raises(PolicyError, match=f"at most {limit} "):
        Target(amount=limit + 1, unit=unit)


@pytest.mark.parametrize(
    "target",
    [
        "2000000 hours",
        "100000 days",
        "2000000 business hours",
        "100000 business days",
        "100000 business days by end of day",
    ],
)
def test_due_times_after_2200_raise_out_of_range_from_due_and_status_alike(target: str) -> None:
    policy = load_policy(with_target(target))
    with pytest.raises(OutOfRangeError):
        slacalc.response_due(OPENED, 1, policy=policy)
    with pytest.raises(OutOfRangeError):
        slacalc.response_status(OPENED, 1, now=OPENED, policy=policy)


def test_a_real_time_target_past_2200_names_the_limit_not_a_year_2254_due_time() -> None:
    rule = compile_target(Target("2000000 hours"), BusinessCalendar(), None)
    with pytest.raises(OutOfRangeError, match=r"2000000 hours after .* after the supported years"):
        rule.due(OPENED)


# -- 3. policy files at their edges ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("arrays.json", '{"name": ' + "[" * 3000 + "]" * 3000 + "}"),
        ("objects.json", '{"a": ' * 3000 + "1" + "}" * 3000),
        ("arrays.toml", "name = " + "[" * 3000 + "]" * 3000 + "\n"),
        ("tables.toml", "name = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"),
    ],
)
def test_a_policy_file_nested_3000_deep_is_refused_naming_the_file(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError, match="too deeply") as caught:
        load_policy(path)
    assert str(path) in str(caught.value)


def test_a_policy_document_nested_3000_deep_is_refused_by_model_validate_json() -> None:
    with pytest.raises(PolicyError):
        Policy.model_validate_json('{"name": ' + "[" * 3000 + "]" * 3000 + "}")


def test_a_non_utf8_policy_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('name = "Caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(PolicyError, match=r"not UTF-8 .*0xe9.*save the policy file as UTF-8"):
        load_policy(path)


def test_a_utf8_policy_file_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(policy_data()).encode())
    assert load_policy(path) == load_policy(policy_data())


def test_a_number_of_thousands_of_digits_in_a_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text('{"name": ' + "9" * 5000 + "}", encoding="utf-8")
    with pytest.raises(PolicyError, match="number too long"):
        load_policy(path)


@pytest.mark.parametrize(
    ("changes", "target"),
    [
        ({}, "100000000000000 business hours"),
        ({"business_day_length": "P999999999D"}, "12 business days"),
        ({"business_day_length": "100000000000 hours"}, "12 business days"),
    ],
)
def test_huge_amounts_in_a_file_are_refused_naming_the_file(
    tmp_path: Path, changes: dict[str, Any], target: str
) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(with_target(target, **changes)), encoding="utf-8")
    with pytest.raises(PolicyError, match=r"invalid Policy in '.*policy\.json': 1 problem"):
        load_policy(path)


# -- 4. booleans are not numbers --------------------------------------------------


def test_a_boolean_business_day_length_is_refused_not_read_as_one_second() -> None:
    with pytest.raises(PolicyTypeError, match=r"business_day_length: .*not a boolean"):
        load_policy(policy_data(business_day_length=True))


def test_a_boolean_amount_is_refused() -> None:
    with pytest.raises(PolicyTypeError, match=r"amount: .*\(got True\)"):
        load_policy(with_target({"amount": True, "unit": "business_days"}))


def test_a_boolean_priority_in_a_toml_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(
        'name = "Desk"\nversion = "1"\ncalendar = { hours = { "mon-fri" = "09:00-18:00" } }\n'
        '[[tiers]]\npriority = true\nkey = "P1"\nname = "Urgent"\n'
        'response = "2 business hours"\nresolution = "none: best effort"\n',
        encoding="utf-8",
    )
    with pytest.raises(PolicyTypeError, match=r"tiers\[0\]\.priority: .*\(got True\)"):
        load_policy(path)


@pytest.mark.parametrize("length", ["P999999999D", "PT25H", "25 hours", "1441 minutes", 10**7])
def test_a_business_day_longer_than_a_day_is_refused(length: object) -> None:
    with pytest.raises(PolicyError, match=r"business_day_length: .*at most 24 hours"):
        load_policy(policy_data(business_day_length=length))


@pytest.mark.parametrize(
    ("length", "expected"),
    [("9 hours", timedelta(hours=9)), ("510 minutes", timedelta(minutes=510)),
     ("PT24H", timedelta(hours=24)), (32400, timedelta(hours=9))],
)  # fmt: skip
def test_business_day_lengths_up_to_a_day_still_read(length: object, expected: timedelta) -> None:
    assert load_policy(policy_data(business_day_length=length)).day_length == expected


# -- 5. end of day when a midnight moves back ---------------------------------------


def test_end_of_day_counts_from_the_date_whose_midnight_moved_back() -> None:
    # Santiago skips 2024-09-08 00:00-01:00. "earlier" reads the 8th's 00:00 as
    # 23:00 -04 on the 7th, so next_open(22:30 on the 7th) = 23:00 on the 7th
    # starts the 8th's interval: the 8th is day zero, one business day later
    # is the 9th, due at its 06:00 close (-03).
    calendar = BusinessCalendar(
        {"daily": "00:00-06:00"}, timezone="America/Santiago", disambiguate="earlier"
    )
    rule = compile_target(Target("1 business day by end of day"), calendar, None)
    due = rule.due("2024-09-07T22:30:00-04:00")
    assert due is not None
    assert due.isoformat() == "2024-09-09T06:00:00-03:00"


def test_end_of_day_counts_a_night_shift_from_the_date_it_started() -> None:
    # Tuesday's 22:00-06:00 shift owns Wednesday 03:00: Tuesday is day zero,
    # Wednesday's shift (closing Thursday 06:00) is one business day later.
    calendar = BusinessCalendar({"mon-fri": "22:00-06:00"}, timezone="Europe/London")
    rule = compile_target(Target("1 business day by end of day"), calendar, None)
    for opened in ("2026-11-24T23:00:00Z", "2026-11-25T03:00:00Z"):
        due = rule.due(opened)
        assert due is not None
        assert due.isoformat() == "2026-11-26T06:00:00+00:00"


# -- 6. pickles and copies --------------------------------------------------------


def policy_values() -> list[Any]:
    policy = default_policy()
    return [
        pytest.param(policy, id="Policy"),
        pytest.param(policy.tiers[0], id="Tier"),
        pytest.param(policy.tiers[0].resolution, id="Target"),
        pytest.param(policy.channels[0], id="Channel"),
    ]


@pytest.mark.parametrize("value", policy_values())
@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_policy_models_pickle_round_trip_equal(value: object, protocol: int) -> None:
    assert pickle.loads(pickle.dumps(value, protocol)) == value  # noqa: S301 - our own data


@pytest.mark.parametrize("value", policy_values())
@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_policy_model_pickles_name_only_public_modules(value: object, protocol: int) -> None:
    modules = pickled_modules(pickle.dumps(value, protocol))
    assert "slacalc.policy" in modules
    assert not [module for module in modules if "._" in module]


def test_an_unpickled_policy_computes_due_times() -> None:
    copied = pickle.loads(pickle.dumps(default_policy()))  # noqa: S301 - our own data
    assert slacalc.response_due(OPENED, 1, policy=copied) == slacalc.response_due(OPENED, 1)


def test_a_deep_copy_of_a_policy_is_equal_and_computes_due_times() -> None:
    copied = copy.deepcopy(default_policy())
    assert copied == default_policy()
    assert slacalc.resolution_due(OPENED, 2, policy=copied) == slacalc.resolution_due(OPENED, 2)


def test_model_copy_compiles_the_updated_policy() -> None:
    policy = load_policy(policy_data())
    longer = policy.model_copy(update={"business_day_length": timedelta(hours=8)})
    assert longer.day_length == timedelta(hours=8)
    assert slacalc.response_due(OPENED, 2, policy=longer) == datetime.fromisoformat(
        "2026-11-30T18:00:00+00:00"
    )
    assert policy.day_length == timedelta(hours=9)


def test_model_copy_refuses_an_invalid_update() -> None:
    with pytest.raises(PolicyError, match="business_day_length"):
        load_policy(policy_data()).model_copy(update={"business_day_length": True})


# -- 7. frozen values and their text ------------------------------------------------


@pytest.mark.parametrize("value", policy_values())
@pytest.mark.parametrize("name", ["name", "amount", "_fast_index", "_index", "__dict__"])
def test_mutating_any_policy_model_raises_frozen_instance_error(value: object, name: str) -> None:
    with pytest.raises(FrozenInstanceError):
        setattr(value, name, None)
    with pytest.raises(FrozenInstanceError):
        delattr(value, name)


def test_str_of_a_policy_model_is_its_tidy_repr_or_its_own_str() -> None:
    policy = default_policy()
    assert str(policy.tiers[0]) == repr(policy.tiers[0])
    assert str(policy.channels[0]) == repr(policy.channels[0])
    assert str(policy.tiers[0].response) == "2 business hours"
    assert str(policy).startswith("Element Human Support Services Policy (version 1)\n")


# -- 8. one place for each thing ------------------------------------------------


def string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_target_units_are_spelled_only_in_the_grammar() -> None:
    # The calendar layer knows nothing of targets (its "hours" is a field name).
    grammar = SOURCE / "policy" / "_grammar.py"
    spelled = {
        path.relative_to(SOURCE).as_posix(): sorted(string_constants(path) & set(UNITS))
        for path in SOURCE.rglob("*.py")
        if path != grammar and "calendar" not in path.relative_to(SOURCE).parts
    }
    assert {path: units for path, units in spelled.items() if units} == {}


def test_every_target_unit_has_one_meaning() -> None:
    assert set(UNIT_MEANINGS) == set(get_args(TargetUnit)) == set(UNITS)


def test_validation_errors_are_turned_into_slacalc_errors_only_in_models() -> None:
    models = SOURCE / "_models.py"
    naming = sorted(
        path.relative_to(SOURCE).as_posix()
        for path in SOURCE.rglob("*.py")
        if path != models and "ValidationError" in path.read_text(encoding="utf-8")
    )
    assert naming == []
