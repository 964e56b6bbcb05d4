"""A calendar definition as data: ``to_dict``/``from_dict``, pickling, repr, JSON Schema."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from slacalc.calendar._definition import (
    _MODES,
    DEFAULT_HOURS,
    Definition,
    Intersection,
    RecurringHours,
    Schedule,
    build_schedule,
    intersect,
)
from slacalc.calendar._hours import format_day, format_week
from slacalc.errors import CalendarError

__all__ = [
    "CALENDAR_JSON_SCHEMA",
    "MAX_NESTING",
    "definition_from_dict",
    "definition_repr",
    "definition_to_dict",
]

_KEYS = frozenset({"timezone", "hours", "holidays", "special_hours", "recurring", "disambiguate"})
# ``all_of`` takes any number of calendars, so nesting is never needed; a
# bound keeps a hostile file from exhausting the stack.
MAX_NESTING: Final = 32


def definition_to_dict(definition: Definition, *, keep_objects: bool = False) -> dict[str, Any]:
    """The settings of a definition as data (``keep_objects``: holiday sources as they are).

    Raises:
        CalendarError: a custom holiday object cannot be written as data.
    """
    if isinstance(definition, Intersection):
        return {
            "all_of": [
                definition_to_dict(part, keep_objects=keep_objects) for part in definition.parts
            ]
        }
    result: dict[str, Any] = {
        "timezone": definition.timezone,
        "hours": format_week(definition.week),
    }
    if definition.holidays is not None:
        result["holidays"] = definition.holidays if keep_objects else definition.holidays.to_data()
    if definition.special:
        result["special_hours"] = {
            day.isoformat(): format_day(hours) for day, hours in definition.special
        }
    if definition.recurring:
        result["recurring"] = [
            {"rule": rule, "hours": format_day(hours)} for rule, hours in definition.recurring
        ]
    if definition.disambiguate != "compatible":
        result["disambiguate"] = definition.disambiguate
    return result


def definition_from_dict(data: Mapping[str, Any], depth: int = 0) -> Definition:
    """Read the data ``definition_to_dict`` writes (``all_of`` nested at most ``MAX_NESTING``).

    Raises:
        CalendarError: unknown keys or invalid values, named in the message.
    """
    if not isinstance(data, Mapping):
        raise CalendarError(f"a calendar must be a mapping of settings, got {type(data).__name__}")
    if set(data) == {"all_of"}:
        if depth >= MAX_NESTING:
            raise CalendarError(
                f"'all_of' is nested more than {MAX_NESTING} deep; list the calendars in one "
                "'all_of' instead (it takes any number of them)"
            )
        sides = data["all_of"]
        if not isinstance(sides, Sequence) or isinstance(sides, str) or len(sides) < 2:
            raise CalendarError("'all_of' needs a list of at least two calendars")
        result = definition_from_dict(sides[0], depth + 1)
        for side in sides[1:]:
            result = intersect(result, definition_from_dict(side, depth + 1))
        return result
    unknown = set(data) - _KEYS
    if unknown:
        raise CalendarError(
            f"unknown calendar setting(s) {sorted(unknown)}; the settings are {sorted(_KEYS)}"
        )
    if "hours" in data and data["hours"] is None:
        raise CalendarError(
            "hours is null; give weekly hours such as {'mon-fri': '09:00-18:00'}, "
            "or leave the setting out for those default hours"
        )
    return build_schedule(
        data.get("hours", DEFAULT_HOURS),
        timezone=data.get("timezone", "GMT"),
        holidays=data.get("holidays"),
        special_hours=data.get("special_hours"),
        recurring=data.get("recurring", ()),
        disambiguate=data.get("disambiguate", "compatible"),
    )


def definition_repr(definition: Definition) -> str:
    """``BusinessCalendar(...)``, or the parts joined by ``&``."""
    if isinstance(definition, Intersection):
        return "(" + " & ".join(definition_repr(part) for part in definition.parts) + ")"
    return f"BusinessCalendar({', '.join(_schedule_arguments(definition))})"


def _schedule_arguments(schedule: Schedule) -> list[str]:
    parts = [repr(format_week(schedule.week)), f"timezone={schedule.timezone!r}"]
    if schedule.holidays is not None:
        parts.append(f"holidays={schedule.holidays!r}")
    if schedule.special:
        special = {day.isoformat(): format_day(hours) for day, hours in schedule.special}
        parts.append(f"special_hours={special!r}")
    if schedule.recurring:
        rules = [RecurringHours(rule, format_day(hours)) for rule, hours in schedule.recurring]
        parts.append(f"recurring={rules!r}")
    if schedule.disambiguate != "compatible":
        parts.append(f"disambiguate={schedule.disambiguate!r}")
    return parts


_HOURS_SCHEMA = {
    "type": "string",
    "description": "e.g. '09:00-18:00', '09:00-12:30, 13:30-18:00', 'closed'",
}
CALENDAR_JSON_SCHEMA: Mapping[str, Any] = {
    "type": "object",
    "title": "BusinessCalendar",
    "description": "Opening hours in one time zone with holidays, or {'all_of': [...]}.",
    "properties": {
        "timezone": {"type": "string", "default": "GMT"},
        "hours": {"type": "object", "additionalProperties": _HOURS_SCHEMA},
        "holidays": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "country": {"type": "string"},
                    "subdiv": {"type": "string"},
                    "market": {"type": "string"},
                    "dates": {
                        "oneOf": [
                            {"type": "array", "items": {"type": "string", "format": "date"}},
                            {
                                "type": "object",
                                "description": "dates and their names, e.g. "
                                "{'2026-12-24': 'Christmas Eve'}",
                                "additionalProperties": {"type": ["string", "null"]},
                            },
                        ]
                    },
                },
                "additionalProperties": False,
            },
        },
        "special_hours": {"type": "object", "additionalProperties": _HOURS_SCHEMA},
        "recurring": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"rule": {"type": "string"}, "hours": _HOURS_SCHEMA},
                "required": ["rule", "hours"],
                "additionalProperties": False,
            },
        },
        "disambiguate": {"enum": list(_MODES)},
        "all_of": {"type": "array", "items": {"type": "object"}, "minItems": 2},
    },
    "additionalProperties": False,
}
