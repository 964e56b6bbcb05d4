"""The policy model: priority tiers, their targets and contact channels, as data.

Example:
    >>> from slacalc.policy import default_policy
    >>> default_policy().tier("P1").response
    Target('2 business hours')
"""

from slacalc._public import publish
from slacalc.policy._clock_rules import ClockRules
from slacalc.policy._grammar import DayRule, TargetUnit
from slacalc.policy._policy import (
    Channel,
    Policy,
    Tier,
    default_policy,
    dump_policy,
    load_policy,
    policy_json_schema,
)
from slacalc.policy._target import Target

__all__ = [
    "Channel",
    "ClockRules",
    "DayRule",
    "Policy",
    "Target",
    "TargetUnit",
    "Tier",
    "default_policy",
    "dump_policy",
    "load_policy",
    "policy_json_schema",
]

publish(__name__, __all__, globals())
