"""What each measure counts, which windows and options it takes, and which way is tighter.

This table is the contract between the profile files in content/standards/ and the
engine; docs/adherence-rules.md explains each entry in words.
"""

from dataclasses import dataclass
from enum import StrEnum


class Measure(StrEnum):
    PARTICIPANT_COURSE = "participant_course"
    PROFESSIONAL_BACKGROUND = "professional_background"
    TRAINING_MONTHS = "training_months"
    TRAINING_HOURS = "training_hours"
    TRAINING_RETREAT_DAYS = "training_retreat_days"
    SUPERVISION_HOURS_PER_COURSE = "supervision_hours_per_course"
    SUPERVISION_EVERY_TEACHING_MONTH = "supervision_every_teaching_month"
    SUPERVISION_MEETINGS = "supervision_meetings"
    SUPERVISION_HOURS = "supervision_hours"
    RETREAT_DAYS = "retreat_days"
    CPD_HOURS = "cpd_hours"
    CPD_EVENTS = "cpd_events"
    CPD_CREDITS = "cpd_credits"
    ANNUAL_DECLARATIONS = "annual_declarations"
    COURSES_CO_TAUGHT = "courses_co_taught"
    MBI_TAC_LEVEL = "mbi_tac_level"


class WindowKind(StrEnum):
    EVER = "ever"
    ROLLING_MONTHS = "rolling_months"
    CALENDAR_YEAR = "calendar_year"
    PER_COURSE = "per_course"


class Condition(StrEnum):
    """Who a rule applies to. A rule's conditions must all hold; none means everyone."""

    TRAINED = "trained"
    INEXPERIENCED = "inexperienced"
    EXPERIENCED = "experienced"
    ACTIVE = "active"
    INACTIVE = "inactive"


EXPERIENCE_CONDITIONS = frozenset(
    {Condition.TRAINED, Condition.INEXPERIENCED, Condition.EXPERIENCED}
)
CONTRADICTIONS = (
    frozenset({Condition.INEXPERIENCED, Condition.EXPERIENCED}),
    frozenset({Condition.ACTIVE, Condition.INACTIVE}),
)


class Tightening(StrEnum):
    """Which direction of change makes an option stricter."""

    TRUE_IS_TIGHTER = "true_is_tighter"
    FALSE_IS_TIGHTER = "false_is_tighter"
    LOWER_IS_TIGHTER = "lower_is_tighter"
    LATER_CHOICE_IS_TIGHTER = "later_choice_is_tighter"
    SUBSET_IS_TIGHTER = "subset_is_tighter"


OptionValue = bool | float | str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OptionSpec:
    name: str
    default: OptionValue
    tightening: Tightening
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MeasureSpec:
    windows: frozenset[WindowKind]
    thresholds: tuple[str, ...]
    options: tuple[OptionSpec, ...] = ()

    def option(self, name: str) -> OptionSpec | None:
        return next((spec for spec in self.options if spec.name == name), None)


GROUP_SUPERVISION = OptionSpec(
    "group_supervision",
    "full",
    Tightening.LATER_CHOICE_IS_TIGHTER,
    choices=("full", "pro_rata", "excluded"),
)
TEACHER_LED_ONLY = OptionSpec("teacher_led_only", True, Tightening.TRUE_IS_TIGHTER)
ONLINE_COUNTS = OptionSpec("online_counts", True, Tightening.FALSE_IS_TIGHTER)
BLOCKS_ADD_UP = OptionSpec("blocks_add_up", True, Tightening.FALSE_IS_TIGHTER)
PARTICIPATORY_ONLY = OptionSpec("participatory_only", False, Tightening.TRUE_IS_TIGHTER)
KINDS = OptionSpec("kinds", (), Tightening.SUBSET_IS_TIGHTER)
RETREAT_OPTIONS = (TEACHER_LED_ONLY, ONLINE_COUNTS, BLOCKS_ADD_UP)
CPD_OPTIONS = (PARTICIPATORY_ONLY, KINDS)

_EVER = frozenset({WindowKind.EVER})
_PERIODIC = frozenset({WindowKind.ROLLING_MONTHS, WindowKind.CALENDAR_YEAR})

MEASURES: dict[Measure, MeasureSpec] = {
    Measure.PARTICIPANT_COURSE: MeasureSpec(_EVER, ("courses",)),
    Measure.PROFESSIONAL_BACKGROUND: MeasureSpec(_EVER, ("records",)),
    Measure.TRAINING_MONTHS: MeasureSpec(_EVER, ("months",)),
    Measure.TRAINING_HOURS: MeasureSpec(_EVER, ("hours",)),
    Measure.TRAINING_RETREAT_DAYS: MeasureSpec(_EVER, ("days",), RETREAT_OPTIONS),
    Measure.SUPERVISION_HOURS_PER_COURSE: MeasureSpec(
        frozenset({WindowKind.PER_COURSE}), ("hours",), (GROUP_SUPERVISION,)
    ),
    Measure.SUPERVISION_EVERY_TEACHING_MONTH: MeasureSpec(
        frozenset({WindowKind.ROLLING_MONTHS}), ("meetings",), (GROUP_SUPERVISION,)
    ),
    Measure.SUPERVISION_MEETINGS: MeasureSpec(_PERIODIC, ("meetings",), (GROUP_SUPERVISION,)),
    Measure.SUPERVISION_HOURS: MeasureSpec(_PERIODIC, ("hours",), (GROUP_SUPERVISION,)),
    Measure.RETREAT_DAYS: MeasureSpec(_PERIODIC, ("days",), RETREAT_OPTIONS),
    Measure.CPD_HOURS: MeasureSpec(_PERIODIC, ("hours",), CPD_OPTIONS),
    Measure.CPD_EVENTS: MeasureSpec(_PERIODIC, ("events",), CPD_OPTIONS),
    Measure.CPD_CREDITS: MeasureSpec(
        _PERIODIC,
        ("credits",),
        (
            *CPD_OPTIONS,
            GROUP_SUPERVISION,
            OptionSpec("credits_per_cpd_hour", 1.0, Tightening.LOWER_IS_TIGHTER),
            OptionSpec("credits_per_supervision_hour", 0.0, Tightening.LOWER_IS_TIGHTER),
        ),
    ),
    Measure.ANNUAL_DECLARATIONS: MeasureSpec(_PERIODIC, ("declarations",)),
    Measure.COURSES_CO_TAUGHT: MeasureSpec(_EVER, ("with_senior", "with_senior_or_peer")),
    Measure.MBI_TAC_LEVEL: MeasureSpec(
        _EVER,
        ("level",),
        (OptionSpec("rated_by", "any", Tightening.LATER_CHOICE_IS_TIGHTER, ("any", "supervisor")),),
    ),
}


def is_at_least_as_tight(spec: OptionSpec, old: OptionValue, new: OptionValue) -> bool:
    """True when `new` asks at least as much of a teacher as `old`."""
    match spec.tightening:
        case Tightening.TRUE_IS_TIGHTER:
            return bool(new) or not old
        case Tightening.FALSE_IS_TIGHTER:
            return not new or bool(old)
        case Tightening.LOWER_IS_TIGHTER:
            return isinstance(new, float) and isinstance(old, float) and new <= old
        case Tightening.LATER_CHOICE_IS_TIGHTER:
            return spec.choices.index(str(new)) >= spec.choices.index(str(old))
        case Tightening.SUBSET_IS_TIGHTER:
            # An empty tuple means every kind counts.
            old_kinds = set(old) if isinstance(old, tuple) else set()
            new_kinds = set(new) if isinstance(new, tuple) else set()
            if new_kinds == old_kinds:
                return True
            return bool(new_kinds) and (not old_kinds or new_kinds <= old_kinds)
    return False  # pragma: no cover - the match above is exhaustive
