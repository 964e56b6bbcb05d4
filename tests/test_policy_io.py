# Copyright (c) 2026 The slacalc developers. MIT License.
"""Policy files: TOML and JSON round trips, the JSON Schema, and malformed data."""

from __future__ import annotations

import copy
import json
import sys
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from slacalc import MissingDependencyError, PolicyError
from slacalc.policy import default_policy, dump_policy, load_policy, policy_json_schema


def shipped_data() -> dict[str, Any]:
    text = (
        resources.files("slacalc.policy").joinpath("data", "element_human.toml").read_text("utf-8")
    )
    return tomllib.loads(text)


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_default_policy_round_trips_through_a_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"policy{suffix}"
    dump_policy(default_policy(), path)
    assert load_policy(path) == default_policy()


def test_round_trip_keeps_a_policy_that_uses_every_feature(tmp_path: Path) -> None:
    data = default_policy().to_dict()
    data["business_day_length"] = "8 hours"
    data["calendar"]["hours"] = {"mon-fri": "09:00-17:00", "sat": "10:00-12:00"}
    data["tiers"][2]["response"] = "2 business days by end of day"
    data["tiers"][3]["response"] = {"amount": 3, "unit": "days", "note": "calendar days"}
    data["tiers"][0]["resolution"] = {
        "amount": 4,
        "unit": "business_hours",
        "calendar": {"timezone": "Europe/London", "hours": {"daily": "00:00-24:00"}},
    }
    policy = load_policy(data)
    for suffix in (".toml", ".json"):
        dump_policy(policy, tmp_path / f"p{suffix}")
        assert load_policy(tmp_path / f"p{suffix}") == policy


def test_written_json_spells_plain_targets_compactly(tmp_path: Path) -> None:
    dump_policy(default_policy(), tmp_path / "p.json")
    data = json.loads((tmp_path / "p.json").read_text("utf-8"))
    assert [tier["response"] for tier in data["tiers"]] == [
        "2 business hours",
        "2 business hours",
        "2 business days",
        "4 business days",
    ]
    # A target with a note is written out as a table.
    assert data["tiers"][0]["resolution"]["note"] == "continuous effort after the initial response"


def test_load_policy_accepts_parsed_data() -> None:
    assert load_policy(shipped_data()) == default_policy()


def test_json_schema_validates_the_shipped_file() -> None:
    jsonschema.validate(shipped_data(), policy_json_schema())


def test_json_schema_validates_what_dump_policy_writes() -> None:
    jsonschema.validate(default_policy().to_dict(), policy_json_schema())


@pytest.mark.parametrize(
    "bad_target",
    [
        "2 fortnights",
        "-2 business hours",
        {"amount": 2, "unit": "weeks"},
        {"amount": 0, "unit": "hours"},
    ],
)
def test_json_schema_rejects_malformed_targets(bad_target: object) -> None:
    data = shipped_data()
    data["tiers"][0]["response"] = bad_target
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, policy_json_schema())


def set_in(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


# Each row: where to put the bad value, the value, and what the message must contain
# (the field path as written in the file, and the bad value).
MALFORMED = [
    pytest.param(
        ("tiers", 0, "response"),
        "2 fortnights",
        "tiers[0].response: '2 fortnights'",
        id="unknown-unit",
    ),
    pytest.param(
        ("tiers", 1, "resolution"),
        {"amount": 3, "unit": "weeks"},
        "tiers[1].resolution.unit",
        id="unknown-unit-table",
    ),
    pytest.param(
        ("tiers", 1, "resolution"),
        {"amount": -3, "unit": "business_days"},
        "tiers[1].resolution.amount: Input should be greater than 0 (got -3)",
        id="negative-amount",
    ),
    pytest.param(
        ("tiers", 1, "resolution"),
        "-3 business days",
        "tiers[1].resolution: '-3 business days'",
        id="negative-amount-compact",
    ),
    pytest.param(
        ("tiers", 1, "priority"),
        1,
        "tiers: priority 1 is used by both P1 and P2",
        id="duplicate-priority",
    ),
    pytest.param(
        ("tiers", 2, "key"), "p1", "tiers: 'p1' names both P1 and p1", id="duplicate-key-any-case"
    ),
    pytest.param(
        ("calendar", "hours"),
        {"mon-fri": "09:00-25:00"},
        "calendar: hours for Monday: '25:00'",
        id="bad-hours",
    ),
    pytest.param(
        ("calendar", "timezone"),
        "Mars/Olympus",
        "calendar: unknown time zone 'Mars/Olympus'",
        id="bad-zone",
    ),
    pytest.param(
        ("tiers", 2, "colour"),
        "red",
        "tiers[2].colour: unknown field; the fields are priority, key, name",
        id="unknown-field",
    ),
    pytest.param(
        ("colour",),
        "red",
        "colour: unknown field; the fields are name, version",
        id="unknown-top-level-field",
    ),
    pytest.param(
        ("tiers", 2, "priority"),
        "three",
        "tiers[2].priority: Input should be a valid integer (got 'three')",
        id="wrong-type",
    ),
    pytest.param(
        ("tiers", 2, "priority"),
        True,
        "tiers[2].priority: Input should be a valid integer (got True)",
        id="bool-priority",
    ),
    pytest.param(
        ("tiers", 0, "aliases"),
        "critical",
        "tiers[0].aliases: Input should be a valid tuple (got 'critical')",
        id="wrong-type-aliases",
    ),
    pytest.param(
        ("business_day_length",),
        "nine",
        "business_day_length: Input should be a valid timedelta",
        id="bad-day-length",
    ),
    pytest.param(
        ("business_day_length",),
        "-PT9H",
        "business_day_length: must be positive",
        id="negative-day-length",
    ),
    pytest.param(
        ("tiers", 3, "resolution"),
        "none",
        "tiers[3].resolution.reason: String should have at least 1 character",
        id="none-without-reason",
    ),
    pytest.param(
        ("channels", 1, "key"),
        "privacy",
        "channels: channel keys must be distinct; repeated: privacy",
        id="duplicate-channel",
    ),
    pytest.param(("tiers",), [], "tiers: Tuple should have at least 1 item", id="no-tiers"),
]


@pytest.mark.parametrize(("path", "value", "message"), MALFORMED)
def test_malformed_policy_names_the_field_and_value(
    path: tuple[Any, ...], value: object, message: str
) -> None:
    data = copy.deepcopy(shipped_data())
    set_in(data, path, value)
    with pytest.raises(PolicyError) as caught:
        load_policy(data)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)
    # Raised from load_policy itself, without pydantic's error chained to it.
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_missing_field_is_named() -> None:
    data = shipped_data()
    del data["version"]
    with pytest.raises(PolicyError, match=r"version: required field is missing"):
        load_policy(data)


def test_every_problem_is_listed() -> None:
    data = shipped_data()
    data["tiers"][0]["response"] = "2 fortnights"
    data["tiers"][1]["priority"] = "two"
    with pytest.raises(PolicyError, match="2 problems") as caught:
        load_policy(data)
    assert "tiers[0].response" in str(caught.value)
    assert "tiers[1].priority" in str(caught.value)


def test_unknown_file_suffix_is_a_policy_error(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("name: x\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"\*\.toml or \*\.json"):
        load_policy(path)
    with pytest.raises(PolicyError, match=r"\*\.toml or \*\.json"):
        dump_policy(default_policy(), path)


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('name = "unterminated\n', encoding="utf-8")
    with pytest.raises(PolicyError, match=r"broken\.toml' is not valid TOML"):
        load_policy(path)


def test_json_must_hold_an_object(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(PolicyError, match="one policy object"):
        load_policy(str(path))


def test_writing_toml_without_tomli_w_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "tomli_w", None)
    with pytest.raises(MissingDependencyError, match=r"slacalc\[toml\]"):
        dump_policy(default_policy(), tmp_path / "policy.toml")
