"""The lead's choice of standards: which profile, how soon "due soon" is, and tighter
thresholds. A team may tighten a standard, never loosen it; every evaluation shows the
profile id and version it used and which rules the team tightened.

Threshold fields are named `threshold-<rule id>` (or `threshold-<rule id>-<key>` for a
rule with several thresholds), so the form posts them as ordinary fields; options are
`option-<rule id>-<option>` (team_options.py).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backend.adherence.evaluations import profiles
from backend.adherence.rules.measures import MEASURES, Measure
from backend.adherence.rules.records import MBI_TAC_LEVELS
from backend.adherence.rules.standards import (
    Profile,
    ProfileError,
    Rule,
    apply_overrides,
    default_profile,
)
from backend.adherence.rules.team_options import PREFIX as OPTION_PREFIX
from backend.adherence.rules.team_options import OptionInput, option_inputs, option_overrides
from backend.mutations import Context, MutationSpec
from backend.teams.roles import LEADS
from backend.validation import Field, Integer, Invalid, Raw, Schema, Text, ValidationFailed

PREFIX = "threshold-"
UNITS = {
    "courses": "courses",
    "records": "",
    "months": "months",
    "hours": "hours",
    "days": "days",
    "meetings": "meetings",
    "events": "activities",
    "credits": "credits",
    "declarations": "declarations",
    "with_senior": "courses with a senior teacher",
    "with_senior_or_peer": "more courses with a senior teacher or a peer",
    "level": "",
}

SINGULAR = {
    "courses": "course",
    "months": "month",
    "hours": "hour",
    "days": "day",
    "meetings": "meeting",
    "activities": "activity",
    "credits": "credit",
    "declarations": "declaration",
    "courses with a senior teacher": "course with a senior teacher",
    "more courses with a senior teacher or a peer": "more course with a senior teacher or a peer",
}


@dataclass(frozen=True, slots=True)
class ThresholdInput:
    """One threshold of one rule, as a form field."""

    rule: Rule
    key: str
    name: str
    value: float
    several: bool

    @property
    def label(self) -> str:
        unit = UNITS.get(self.key, self.key)
        return f"{self.rule.title}: {unit}" if self.several else self.rule.title

    @property
    def short_label(self) -> str:
        """The label under the rule's own heading on the form."""
        if self.several:
            return UNITS.get(self.key, self.key).capitalize()
        unit = UNITS.get(self.key) or "records"
        return f"{unit.capitalize()} needed" if not self.is_level else "Level needed"

    @property
    def hint(self) -> str:
        """The profile asks for 1 course, 3 hours, 2 courses with a senior teacher..."""
        unit = UNITS.get(self.key, self.key)
        if self.value == 1:
            unit = SINGULAR.get(unit, unit)
        return f"The profile asks for {self.shown}{' ' + unit if unit else ''}."

    @property
    def is_level(self) -> bool:
        return self.rule.measure is Measure.MBI_TAC_LEVEL

    @property
    def shown(self) -> str:
        return MBI_TAC_LEVELS[int(self.value)] if self.is_level else f"{self.value:g}"


def threshold_inputs(profile: Profile) -> list[ThresholdInput]:
    """Every adjustable threshold of a profile, with the profile's own value."""
    inputs = []
    for rule in profile.rules:
        keys = MEASURES[rule.measure].thresholds
        for key in keys:
            name = f"{PREFIX}{rule.id}" + (f"-{key}" if len(keys) > 1 else "")
            inputs.append(ThresholdInput(rule, key, name, rule.thresholds[key], len(keys) > 1))
    return inputs


@dataclass(frozen=True, slots=True)
class RuleInputs:
    """A rule's fields on the standards form: its thresholds, then its options."""

    rule: Rule
    thresholds: list[ThresholdInput]
    options: list[OptionInput]


def rule_inputs(profile: Profile) -> list[RuleInputs]:
    thresholds = threshold_inputs(profile)
    return [
        RuleInputs(rule, [t for t in thresholds if t.rule.id == rule.id], option_inputs(rule))
        for rule in profile.rules
    ]


@dataclass(frozen=True, slots=True)
class Thresholds(Field):
    """Every posted `threshold-...` field, as raw text by field name."""

    required: bool = False

    def raw(self, data: Raw) -> Any:
        return {
            key: value[-1] if isinstance(value, list) and value else value
            for key, value in data.items()
            if isinstance(key, str) and key.startswith(PREFIX)
        }

    def is_blank(self, data: Raw) -> bool:  # noqa: ARG002 - blank means "as the profile"
        return False

    def parse(self, data: Raw) -> dict[str, str]:
        found = self.raw(data)
        if len(found) > 200:
            raise Invalid("Too many thresholds")
        return {str(k): str(v).strip()[:20] for k, v in found.items() if str(v).strip()}


@dataclass(frozen=True, slots=True)
class Options(Field):
    """Every posted `option-...` field, by field name: text, or a list for checkboxes."""

    required: bool = False

    def raw(self, data: Raw) -> Any:
        return {
            key: value
            for key, value in data.items()
            if isinstance(key, str) and key.startswith(OPTION_PREFIX)
        }

    def is_blank(self, data: Raw) -> bool:  # noqa: ARG002 - blank means "as the profile"
        return False

    def parse(self, data: Raw) -> dict[str, str | list[str]]:
        found = self.raw(data)
        if len(found) > 200:
            raise Invalid("Too many options")
        return {
            str(key): [str(v)[:40] for v in value[:20]]
            if isinstance(value, list)
            else str(value).strip()[:40]
            for key, value in found.items()
        }


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) < 1e6 else None


def overrides_from(
    profile: Profile, posted: dict[str, str], options: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Overrides in the profile-file form, or ValidationFailed naming each field at fault
    (in the order of the form)."""
    errors: dict[str, str] = {}
    overrides: dict[str, dict[str, Any]] = {}
    for item in threshold_inputs(profile):
        text = posted.get(item.name)
        if text is None:
            continue
        if item.is_level:
            if text not in MBI_TAC_LEVELS:
                errors[item.name] = f"Select a level for {item.label}"
                continue
            value = float(MBI_TAC_LEVELS.index(text))
            raw: Any = text
        else:
            number = _number(text)
            if number is None or number <= 0:
                errors[item.name] = f"{item.label} must be a number more than 0"
                continue
            value = raw = number
        if value < item.value:
            errors[item.name] = (
                f"{item.label} must be {item.shown} or more: a team may tighten a standard,"
                " never loosen it"
            )
        elif value > item.value:
            overrides.setdefault(item.rule.id, {}).setdefault("threshold", {})[item.key] = raw
    errors |= option_overrides(profile, options or {}, overrides)
    if errors:
        order = [
            name
            for group in rule_inputs(profile)
            for name in [t.name for t in group.thresholds] + [o.name for o in group.options]
        ]
        raise ValidationFailed(dict(sorted(errors.items(), key=lambda e: order.index(e[0]))))
    try:
        apply_overrides(profile, overrides)
    except ProfileError as problem:
        raise ValidationFailed({"profile_id": "; ".join(problem.problems)}) from None
    return overrides


def save_standards(ctx: Context, args: dict[str, Any]) -> None:
    known = profiles()
    profile = known.get(args["profile_id"])
    if profile is None:
        raise ValidationFailed({"profile_id": "Select a standards profile from the list"})
    current = ctx.one("SELECT profile_id FROM adherence_settings WHERE id = 'team'")
    current_id = current["profile_id"] if current else default_profile(known).id
    changing_profile = current_id != profile.id
    # Thresholds posted for another profile's form are ignored when the profile changes.
    overrides = (
        {} if changing_profile else overrides_from(profile, args["thresholds"], args["options"])
    )
    values = {
        "profile_id": profile.id,
        "profile_version": profile.version,
        "overrides": json.dumps(overrides, sort_keys=True),
        "due_soon_days": args["due_soon_days"],
        "updated_by": ctx.actor.user_id,
        "updated_at": ctx.now,
    }
    if current is None:
        ctx.insert("adherence_settings", {"id": "team", **values})
    else:
        ctx.update("adherence_settings", "team", values, merge=False)
    tightened = ", ".join(sorted(overrides)) or "none"
    ctx.summary = f"Set the team's standards to {profile.name} (tightened: {tightened})"


@dataclass(frozen=True, slots=True)
class ProfileField(Text):
    def missing_message(self) -> str:
        return "Select a standards profile"


STANDARDS_SCHEMA = Schema(
    [
        ProfileField(
            "profile_id",
            "Standards profile",
            max_length=64,
            pattern=r"[a-z0-9-]+",
            pattern_message="Select a standards profile from the list",
        ),
        Integer(
            "due_soon_days",
            "Days before a due date to show it as due soon",
            minimum=0,
            maximum=366,
            unit="days",
        ),
        Thresholds("thresholds", "Thresholds"),
        Options("options", "Options"),
    ]
)
STANDARDS_SPEC = MutationSpec(
    "adherence.standards", "Changed the team's standards", STANDARDS_SCHEMA, save_standards, LEADS
)
