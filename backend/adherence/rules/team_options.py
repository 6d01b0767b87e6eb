"""A lead's stricter options for a rule: group supervision pro rata instead of in full,
online retreats not counting, only participatory CPD, fewer kinds of CPD, lower credit
rates, only supervisors' MBI-TAC ratings.

The form offers only the profile's own choice and the stricter ones (`is_at_least_as_tight`
decides, as `apply_overrides` does); a hand-made post that loosens is refused with a
message naming the rule. Fields are named `option-<rule id>-<option>`; a field that is
not posted leaves the option as the profile has it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backend.adherence.rules import kinds as k
from backend.adherence.rules.measures import MEASURES, OptionSpec, OptionValue, is_at_least_as_tight
from backend.adherence.rules.standards import Profile, Rule

PREFIX = "option-"
NEVER_LOOSEN = "a team may tighten a standard, never loosen it"
RADIOS, CHECKBOXES, NUMBER = "radios", "checkboxes", "number"
# Per option: the question the form asks, what "Select ..." names, and each answer.
WORDS: dict[str, tuple[str, str, dict[str, str]]] = {
    "group_supervision": (
        "How does group supervision count?",
        "how group supervision counts",
        {
            "full": "In full",
            "pro_rata": "Pro rata: the minutes divided by the group size",
            "excluded": "Not at all",
        },
    ),
    "teacher_led_only": (
        "Do self-led retreats count?",
        "whether self-led retreats count",
        {"false": "Yes", "true": "No, only teacher-led retreats count"},
    ),
    "online_counts": (
        "Do online retreats count?",
        "whether online retreats count",
        {"true": "Yes", "false": "No, only retreats in person count"},
    ),
    "blocks_add_up": (
        "Do shorter retreats add up?",
        "whether shorter retreats add up",
        {
            "true": "Yes, they add up to the days needed",
            "false": "No, one retreat must last the days needed",
        },
    ),
    "participatory_only": (
        "Does CPD on your own, like reading, count?",
        "whether CPD on your own counts",
        {"false": "Yes", "true": "No, only events and groups count"},
    ),
    "rated_by": (
        "Whose MBI-TAC ratings count?",
        "whose MBI-TAC ratings count",
        {"any": "The teacher's own and their supervisor's", "supervisor": "Only a supervisor's"},
    ),
    "kinds": ("Which kinds of CPD count?", "which kinds of CPD count", {}),
    "credits_per_cpd_hour": ("Credits for each hour of CPD", "", {}),
    "credits_per_supervision_hour": ("Credits for each hour of supervision", "", {}),
}


def form_value(value: OptionValue) -> str | list[str]:
    """An option's value as the form shows it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float):
        return f"{value:g}"
    return value


def _option_value(spec: OptionSpec, text: str) -> OptionValue:
    if isinstance(spec.default, bool):
        return text == "true"
    return text


@dataclass(frozen=True, slots=True)
class OptionInput:
    """One option of one rule, as a form field, with the choices a team may make."""

    rule: Rule
    spec: OptionSpec
    name: str
    profile_value: OptionValue
    control: str
    choices: tuple[tuple[str, str], ...]
    """(form value, words): the profile's own first, then only stricter ones."""

    @property
    def legend(self) -> str:
        return WORDS[self.spec.name][0]

    @property
    def fixed(self) -> bool:
        """Already as strict as it can be: shown, not offered."""
        return self.control != NUMBER and len(self.choices) <= 1

    @property
    def profile_text(self) -> str:
        kinds = self.profile_value
        if isinstance(kinds, tuple):
            return ", ".join(_kind_words(kind) for kind in kinds) or "every kind"
        if self.control == NUMBER:
            return str(form_value(self.profile_value))
        return WORDS[self.spec.name][2][str(form_value(self.profile_value))]


def _kind_words(kind: str) -> str:
    return k.LABELS["kind"].get(kind, kind)


def _choices(spec: OptionSpec, profile_value: OptionValue) -> tuple[tuple[str, str], ...]:
    if spec.name == "kinds":
        allowed = profile_value or tuple(key for key, _ in k.CPD_KIND_OPTIONS)
        assert isinstance(allowed, tuple)
        return tuple((str(kind), _kind_words(str(kind))) for kind in allowed)
    if isinstance(profile_value, float):
        return ()
    words = WORDS[spec.name][2]
    return tuple(
        (value, text)
        for value, text in words.items()
        if is_at_least_as_tight(spec, profile_value, _option_value(spec, value))
    )


def option_inputs(rule: Rule) -> list[OptionInput]:
    """Every option of a rule (from the profile, not the team's tightened copy)."""
    inputs = []
    for spec in MEASURES[rule.measure].options:
        value = rule.options[spec.name]
        control = (
            CHECKBOXES
            if isinstance(value, tuple)
            else NUMBER
            if isinstance(value, float)
            else RADIOS
        )
        name = f"{PREFIX}{rule.id}-{spec.name}"
        inputs.append(OptionInput(rule, spec, name, value, control, _choices(spec, value)))
    return inputs


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and 0 <= value < 1e6 else None


def _chosen(item: OptionInput, raw: Any) -> tuple[OptionValue | None, str]:
    """The posted value of one option, or a message about it."""
    if item.control == CHECKBOXES:
        return _chosen_kinds(item, raw)
    text = str(raw[-1] if isinstance(raw, list) and raw else raw).strip()
    if item.control == NUMBER:
        return _chosen_number(item, text)
    return _chosen_answer(item, text)


def _chosen_kinds(item: OptionInput, raw: Any) -> tuple[OptionValue | None, str]:
    """Kinds of CPD ticked: at least one, all known, none the profile does not count."""
    rule = item.rule.title
    picked = [str(v) for v in (raw if isinstance(raw, list) else [raw]) if str(v).strip()]
    allowed = dict(item.choices)
    known = {key for key, _ in k.CPD_KIND_OPTIONS} | set(allowed)
    if not picked:
        return None, f"Select at least one kind of CPD that counts for {rule}"
    if any(kind not in known for kind in picked):
        return None, f"Select kinds of CPD for {rule} from the list"
    extra = [kind for kind in picked if kind not in allowed]
    if extra:
        return None, (
            f"{_kind_words(extra[0])} does not count for {rule} in the profile,"
            f" so it cannot be added: {NEVER_LOOSEN}"
        )
    chosen = tuple(kind for kind in allowed if kind in picked)
    return (() if len(chosen) == len(allowed) and not item.profile_value else chosen), ""


def _chosen_number(item: OptionInput, text: str) -> tuple[OptionValue | None, str]:
    """A number no looser than the profile's."""
    rule = item.rule.title
    number = _number(text)
    if number is None:
        return None, f"{item.legend} for {rule} must be a number, 0 or more"
    if not is_at_least_as_tight(item.spec, item.profile_value, number):
        return None, f"{item.legend} for {rule} must be {item.profile_text} or less: {NEVER_LOOSEN}"
    return number, ""


def _chosen_answer(item: OptionInput, text: str) -> tuple[OptionValue | None, str]:
    """One of the listed answers, the profile's or a stricter one."""
    rule = item.rule.title
    phrase = WORDS[item.spec.name][1]
    if text not in WORDS[item.spec.name][2]:
        return None, f"Select {phrase} for {rule}"
    if text not in dict(item.choices):
        return None, (
            f"For {rule}, choose the profile's answer to {phrase}"
            f" ({item.profile_text.lower()}) or a stricter one: {NEVER_LOOSEN}"
        )
    return _option_value(item.spec, text), ""


def option_overrides(
    profile: Profile, posted: Mapping[str, Any], overrides: dict[str, dict[str, Any]]
) -> dict[str, str]:
    """Add the posted stricter options to `overrides` (profile-file form); the messages
    about any that cannot be used, by field name."""
    errors: dict[str, str] = {}
    for rule in profile.rules:
        for item in option_inputs(rule):
            if item.name not in posted:
                continue
            value, problem = _chosen(item, posted[item.name])
            if problem:
                errors[item.name] = problem
            elif value != item.profile_value:
                stored = list(value) if isinstance(value, tuple) else value
                overrides.setdefault(rule.id, {}).setdefault("options", {})[item.spec.name] = stored
    return errors


def option_values(profile: Profile) -> dict[str, str | list[str]]:
    """The form's values for a (tightened) profile's options."""
    return {
        f"{PREFIX}{rule.id}-{name}": form_value(value)
        for rule in profile.rules
        for name, value in rule.options.items()
    }
