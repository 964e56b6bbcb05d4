# Copyright (c) 2026 The slacalc developers. MIT License.
"""The policy model: the built-in policy, targets, day rules, channels, validation.

Calendar facts used below: 2026-11-27 is a Friday, 2026-11-30 a Monday;
2026-12-25 (Fri) and 2026-12-28 (Mon, Boxing Day substitute) are England &
Wales bank holidays.
"""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from slacalc import BusinessCalendar, PolicyError, UnknownChannelError, UnknownPriorityError
from slacalc.policy import Channel, Policy, Target, Tier, default_policy, load_policy
from slacalc.sla import (
    TargetState,
    channel_response_due,
    resolution_due,
    resolution_status,
    response_due,
    response_status,
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def policy_with(**changes: Any) -> Policy:
    """The built-in policy's data with some top-level keys replaced."""
    return load_policy({**default_policy().to_dict(), **changes})


def one_tier_policy(
    response: Any, resolution: Any = "none: not measured", **calendar: Any
) -> Policy:
    return load_policy(
        {
            "name": "Test",
            "version": "1",
            "calendar": calendar or {"hours": {"mon-fri": "09:00-18:00"}},
            "tiers": [
                {"priority": 1, "key": "P1", "name": "Only", "response": response,
                 "resolution": resolution}
            ],
        }
    )  # fmt: skip


# --- The built-in policy is the seed's table ----------------------------------------------


@pytest.mark.parametrize(
    ("priority", "key", "name", "alias", "response", "resolution"),
    [
        (1, "P1", "Critical Issue", "critical", "2 business hours", "4 business hours"),
        (2, "P2", "Major Issue", "major", "2 business hours", "12 business days"),
        (3, "P3", "Minor Issue", "minor", "2 business days", "7 business days"),
        (4, "P4", "Error or Cosmetic", "cosmetic", "4 business days",
         "none: Future software release"),
    ],
)  # fmt: skip
def test_default_policy_tiers_are_the_seed_table(  # noqa: PLR0917
    priority: int, key: str, name: str, alias: str, response: str, resolution: str
) -> None:
    tier = default_policy().tier(priority)
    assert (tier.key, tier.name, tier.aliases) == (key, name, (alias,))
    assert tier.response == Target(response)
    assert tier.resolution.spelling == resolution


def test_p1_resolution_carries_the_continuous_effort_note() -> None:
    assert default_policy().tier("P1").resolution == Target(
        "4 business hours", note="continuous effort after the initial response"
    )


@pytest.mark.parametrize(
    ("priority", "reporting"),
    [
        (1, "By email or telephone, to your account manager only"),
        (2, "Email your account manager"),
        (3, "Email support@elementhuman.com"),
        (4, "Email support@elementhuman.com"),
    ],
)
def test_default_policy_says_how_each_tier_is_reported(priority: int, reporting: str) -> None:
    assert default_policy().tier(priority).reporting == reporting


def test_default_policy_calendar_is_weekdays_nine_to_six_gmt_without_bank_holidays() -> None:
    calendar = default_policy().calendar
    assert calendar.timezone == "GMT"
    # A summer weekday: open at 09:00 UTC (GMT is not London time, so not 08:00 UTC).
    assert calendar.is_open("2026-07-01T09:00:00Z")
    assert not calendar.is_open("2026-07-01T08:59:59Z")
    assert not calendar.is_open("2026-07-01T18:00:00Z")
    assert not calendar.is_business_day("2026-12-28")  # Boxing Day substitute
    assert not calendar.is_business_day("2026-11-28")  # Saturday
    assert default_policy().day_length == timedelta(hours=9)


def test_default_policy_is_loaded_once() -> None:
    assert default_policy() is default_policy()


def test_unknown_priority_error_names_the_policy_and_tiers() -> None:
    with pytest.raises(
        UnknownPriorityError, match=r"'P5'.*Element Human.*4 / P4 / Error or Cosmetic"
    ):
        default_policy().tier("P5")


# --- Business days --------------------------------------------------------------------------


def test_business_days_keep_the_time_of_day() -> None:
    # "2 business days" = 18 business hours: Mon 10:00 -> Wed 10:00.
    policy = one_tier_policy("2 business days")
    assert response_due(at("2026-11-30 10:00"), 1, policy=policy) == at("2026-12-02 10:00")


def test_end_of_day_rule_monday_plus_two_is_wednesday_close() -> None:
    policy = one_tier_policy("2 business days by end of day")
    assert response_due(at("2026-11-30 10:00"), 1, policy=policy) == at("2026-12-02 18:00")


def test_end_of_day_rule_saturday_plus_one_is_tuesday_close() -> None:
    # next_open(Saturday) is Monday 09:00; Monday + 1 business day is Tuesday.
    policy = one_tier_policy({"amount": 1, "unit": "business_days", "day_rule": "end_of_day"})
    assert response_due(at("2026-11-28 12:00"), 1, policy=policy) == at("2026-12-01 18:00")


def test_end_of_day_rule_opened_after_close_counts_from_the_next_business_day() -> None:
    # Fri 19:00: next_open is Mon 09:00, so the first day is Monday; + 1 is Tuesday.
    policy = one_tier_policy("1 business day by end of day")
    assert response_due(at("2026-11-27 19:00"), 1, policy=policy) == at("2026-12-01 18:00")


def test_end_of_day_rule_skips_bank_holidays() -> None:
    # Thu 24 Dec + 1 business day: Fri 25, Mon 28 are holidays -> Tue 29 at the close.
    policy = one_tier_policy(
        "1 business day by end of day",
        hours={"mon-fri": "09:00-18:00"},
        holidays=[{"country": "GB", "subdiv": "ENG"}],
    )
    assert response_due(at("2026-12-24 10:00"), 1, policy=policy) == at("2026-12-29 18:00")


def test_end_of_day_rule_counts_a_night_shift_from_the_day_it_started() -> None:
    # Monday's 22:00-06:00 shift contains Tue 02:00, so the first business day is
    # Monday; + 1 is Tuesday, whose shift closes Wed 06:00.
    policy = one_tier_policy("1 business day by end of day", hours={"daily": "22:00-06:00"})
    assert response_due(at("2026-12-01 02:00"), 1, policy=policy) == at("2026-12-02 06:00")


def test_weekdays_of_different_length_need_an_explicit_business_day() -> None:
    with pytest.raises(PolicyError, match=r"business_day_length: .*differ in length.*Saturday"):
        one_tier_policy("1 business hour", hours={"mon-fri": "09:00-18:00", "sat": "10:00-14:00"})


def test_explicit_business_day_allows_weekdays_of_different_length() -> None:
    data = default_policy().to_dict()
    data["calendar"]["hours"] = {"mon-fri": "09:00-18:00", "sat": "10:00-14:00"}
    data["business_day_length"] = "8 hours"
    policy = load_policy(data)
    assert policy.day_length == timedelta(hours=8)
    # P3 response, 2 business days = 16 business hours, from Fri 09:00:
    # Fri 9h, Sat 4h (13h), Mon 09:00 + 3h -> Mon 12:00.
    assert response_due(at("2026-11-27 09:00"), 3, policy=policy) == at("2026-11-30 12:00")


def test_business_day_is_derived_when_not_stated() -> None:
    policy = one_tier_policy("1 business day", hours={"mon-fri": "08:30-17:00"})
    assert policy.business_day_length is None
    assert policy.day_length == timedelta(hours=8, minutes=30)
    # Mon 12:00 + 8.5 business hours: 5h Monday, 3.5h Tuesday -> Tue 12:00.
    assert response_due(at("2026-11-30 12:00"), 1, policy=policy) == at("2026-12-01 12:00")


def test_a_stray_holiday_does_not_change_the_derived_business_day() -> None:
    # The reference weeks start 2024-01-08; a holiday on one Monday is outvoted.
    policy = one_tier_policy(
        "1 business hour", hours={"mon-fri": "09:00-17:00"}, holidays=["2024-01-08"]
    )
    assert policy.day_length == timedelta(hours=8)


# --- Other units and a tier's own calendar ---------------------------------------------------


def test_hours_are_real_time_round_the_clock() -> None:
    policy = one_tier_policy("24 hours")
    assert response_due(at("2026-11-27 17:00"), 1, policy=policy) == at("2026-11-28 17:00")


def test_days_keep_the_local_clock_time_across_a_dst_change() -> None:
    # London springs forward on 2026-03-29: Sat 12:00 GMT + 1 day = Sun 12:00 BST = 11:00Z.
    policy = one_tier_policy("1 day", timezone="Europe/London", hours={"mon-fri": "09:00-17:00"})
    due = response_due(at("2026-03-28 12:00"), 1, policy=policy)
    assert due == at("2026-03-29 11:00")
    assert due is not None
    assert due.utcoffset() == timedelta(hours=1)


def test_days_landing_in_a_dst_gap_shift_forward() -> None:
    # 01:30 does not exist in London on 2026-03-29 (01:00 -> 02:00): 02:30 BST = 01:30Z.
    policy = one_tier_policy("1 day", timezone="Europe/London", hours={"mon-fri": "09:00-17:00"})
    assert response_due(at("2026-03-28 01:30"), 1, policy=policy) == at("2026-03-29 01:30")


def test_days_landing_in_a_dst_fold_take_the_earlier_instant() -> None:
    # 01:30 happens twice in London on 2026-10-25; the earlier is 01:30 BST = 00:30Z.
    policy = one_tier_policy("1 day", timezone="Europe/London", hours={"mon-fri": "09:00-17:00"})
    opened = datetime.fromisoformat("2026-10-24T01:30:00+01:00")
    due = response_due(opened, 1, policy=policy)
    assert due is not None
    # Python never finds a datetime inside a fold equal to one of another zone: convert.
    assert due.astimezone(UTC) == at("2026-10-25 00:30")


def test_a_target_with_its_own_calendar_runs_round_the_clock() -> None:
    round_the_clock = {
        "amount": 4,
        "unit": "business_hours",
        "calendar": {"hours": {"daily": "00:00-24:00"}},
    }
    policy = one_tier_policy("2 business hours", round_the_clock)
    # Fri 17:00 + 4 hours of a 24/7 calendar = Fri 21:00; the response keeps office hours.
    assert resolution_due(at("2026-11-27 17:00"), 1, policy=policy) == at("2026-11-27 21:00")
    assert response_due(at("2026-11-27 17:00"), 1, policy=policy) == at("2026-11-30 10:00")


def test_business_days_on_a_target_calendar_use_that_calendars_day() -> None:
    # A 24/7 calendar's business day is 24 hours.
    target = {"amount": 1, "unit": "business_days", "calendar": {"hours": {"daily": "00:00-24:00"}}}
    policy = one_tier_policy(target)
    assert response_due(at("2026-11-27 17:00"), 1, policy=policy) == at("2026-11-28 17:00")


def test_europe_london_instead_of_gmt() -> None:
    # In summer London is UTC+1: Fri 08:30Z is 09:30 BST, inside the hours, so the
    # 2 business hours end at 11:30 BST = 10:30Z.
    data = default_policy().to_dict()
    data["calendar"]["timezone"] = "Europe/London"
    policy = load_policy(data)
    assert response_due(at("2026-07-03 08:30"), "P1", policy=policy) == at("2026-07-03 10:30")
    # The GMT reading: 08:30 GMT is before the 09:00 GMT opening, so 09:00 + 2h = 11:00Z.
    assert response_due(at("2026-07-03 08:30"), "P1") == at("2026-07-03 11:00")


# --- Channels ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "due"),
    [
        # 2 business days from Fri 17:00: 1h Fri + 9h Mon + 8h Tue -> Tue 17:00.
        ("email_support", "2026-12-01 17:00"),
        ("service_delivery", "2026-12-01 17:00"),
        ("privacy", "2026-12-01 17:00"),
        # 24 real hours.
        ("customer_success_manager", "2026-11-28 17:00"),
        ("Customer_Success_Manager", "2026-11-28 17:00"),
    ],
)
def test_channel_normal_response(key: str, due: str) -> None:
    assert channel_response_due(at("2026-11-27 17:00"), key) == at(due)
    assert channel_response_due(at("2026-11-27 17:00"), default_policy().channel(key)) == at(due)


def test_elliebot_has_no_response_time() -> None:
    elliebot = default_policy().channel("elliebot")
    assert elliebot.availability == "24 hours, 7 days a week"
    assert channel_response_due(at("2026-11-27 17:00"), elliebot) is None


def test_unknown_channel_lists_the_channels() -> None:
    with pytest.raises(UnknownChannelError, match="elliebot, email_support"):
        default_policy().channel("fax")


def test_a_channel_without_a_calendar_uses_the_policys_calendar() -> None:
    channel = Channel(key="desk", name="Desk", response="2 business hours")
    # Fri 17:00 + 2 business hours on Mon-Fri 09:00-18:00: 1h Friday, 1h Monday.
    assert channel_response_due(at("2026-11-27 17:00"), channel) == at("2026-11-30 10:00")


def test_a_channel_with_its_own_calendar_works_alone() -> None:
    channel = Channel(
        key="desk", name="Desk", response="1 business hour", calendar=BusinessCalendar()
    )
    round_the_clock = load_policy({
        **default_policy().to_dict(), "calendar": {"hours": {"daily": "00:00-24:00"}}
    })  # fmt: skip
    # Its own Mon-Fri calendar wins over the policy's round-the-clock one.
    assert channel_response_due(at("2026-11-27 17:30"), channel, policy=round_the_clock) == at(
        "2026-11-30 09:30"
    )


def test_policy_channel_equals_the_listed_channel() -> None:
    policy = default_policy()
    assert policy.channel("privacy") == policy.channels[-1]


# --- Models -----------------------------------------------------------------------------------


def test_target_spellings() -> None:
    assert Target("1 business day") == Target(amount=1, unit="business_days")
    assert Target("90 business minutes") == Target(amount=90, unit="business_minutes")
    assert Target("3 business_hours") == Target(amount=3, unit="business_hours")
    assert Target("2 days").unit == "days"
    assert Target("2 business days by end of day").day_rule == "end_of_day"
    assert Target("none: best effort") == Target(reason="best effort")
    assert str(Target(amount=1, unit="business_hours")) == "1 business hour"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": 2, "unit": "business_hours", "reason": "x"}, "not both"),
        ({"amount": 2}, "needs an amount and a unit"),
        ({"amount": 0, "unit": "hours"}, "greater than 0"),
        ({"amount": 2, "unit": "hours", "day_rule": "end_of_day"}, "business_days only"),
        ({"amount": "2", "unit": "hours"}, "valid integer"),
        ({"amount": 2, "unit": "hours", "colour": "red"}, "colour"),
    ],
)
def test_invalid_targets(data: dict[str, Any], message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        Target(**data)


def test_invalid_tier_raises_policy_error_naming_the_field() -> None:
    with pytest.raises(PolicyError, match=r"response\.unit: .*\(got 'weeks'\)"):
        Tier(priority=1, key="P1", name="x", response={"amount": 1, "unit": "weeks"},
             resolution="1 business day")  # fmt: skip


def test_models_are_frozen_and_hashable() -> None:
    policy = default_policy()
    with pytest.raises(FrozenInstanceError, match="immutable"):
        policy.name = "other"  # type: ignore[misc]
    assert hash(policy) == hash(load_policy(policy.to_dict()))
    assert len({policy.tier(1), policy.tier("P1")}) == 1


def test_policy_survives_pickling_and_copying() -> None:
    policy = default_policy()
    for copy in (pickle.loads(pickle.dumps(policy)), policy.model_copy()):  # noqa: S301
        assert copy == policy
        assert response_due(at("2026-11-27 17:00"), 1, policy=copy) == at("2026-11-30 10:00")


def test_an_unvalidated_policy_says_so() -> None:
    policy = Policy.model_construct(**dict(default_policy()))
    with pytest.raises(PolicyError, match="without validation"):
        response_due(at("2026-11-27 17:00"), 1, policy=policy)


def test_evaluation_lives_in_the_sla_functions_not_on_the_policy() -> None:
    policy = default_policy()
    for name in ("response_due", "resolution_due", "response_status", "resolution_status"):
        assert not hasattr(policy, name)
    assert not hasattr(policy, "evaluate")
    status = response_status(at("2026-11-27 17:00"), 1, now=at("2026-11-30 09:30"), policy=policy)
    assert status == response_status(at("2026-11-27 17:00"), 1, now=at("2026-11-30 09:30"))
    resolution = resolution_status(
        at("2026-11-27 17:00"), 1, resolved_at=at("2026-11-30 11:00"), now=at("2026-12-01"),
        policy=policy,
    )  # fmt: skip
    assert resolution.state is TargetState.MET  # due Mon 12:00


def test_reprs_are_readable() -> None:
    policy = default_policy()
    assert repr(Target("2 business hours")) == "Target('2 business hours')"
    assert repr(policy.tier(2)) == (
        "Tier(priority=2, key='P2', name='Major Issue', response=Target('2 business hours'), "
        "resolution=Target('12 business days'))"
    )
    assert repr(policy).startswith(
        "Policy('Element Human Support Services Policy', version='1', "
        "tiers=[P1 Critical Issue: 2 business hours / 4 business hours; "
    )


def test_policy_renders_as_the_seed_sla_table() -> None:
    html = default_policy()._repr_html_()
    header = "<th>Priority</th><th>What</th><th>Description</th><th>Issue reporting method</th>"
    assert header in html
    assert html.count("<tr>") == 5  # header + four tiers
    assert "4 business hours (continuous effort after the initial response)" in html
    assert "&quot;down&quot;" in html  # the P1 description, escaped
