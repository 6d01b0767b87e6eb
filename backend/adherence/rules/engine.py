"""Evaluate a teacher's records against a standards profile, as of any date.

Pure: no I/O, no clock. The semantics are documented in docs/adherence-rules.md.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date

from backend.adherence.rules import pathway, supervision
from backend.adherence.rules.amounts import periodic_items
from backend.adherence.rules.context import Context, build_context
from backend.adherence.rules.measures import Measure
from backend.adherence.rules.periodic import evaluate_periodic
from backend.adherence.rules.records import TeacherRecords
from backend.adherence.rules.results import CheckResult, Evaluation, Status
from backend.adherence.rules.standards import Profile, Rule

Evaluator = Callable[[Rule, Context], CheckResult]


def _periodic(rule: Rule, ctx: Context) -> CheckResult:
    items, wording = periodic_items(rule, ctx)
    return evaluate_periodic(rule, ctx, items, wording)


_EVALUATORS: dict[Measure, Evaluator] = {
    Measure.PARTICIPANT_COURSE: pathway.participant_course,
    Measure.PROFESSIONAL_BACKGROUND: pathway.professional_background,
    Measure.TRAINING_MONTHS: pathway.training_months,
    Measure.TRAINING_HOURS: pathway.training_hours,
    Measure.TRAINING_RETREAT_DAYS: pathway.training_retreat_days,
    Measure.COURSES_CO_TAUGHT: pathway.courses_co_taught,
    Measure.MBI_TAC_LEVEL: pathway.mbi_tac_level,
    Measure.SUPERVISION_HOURS_PER_COURSE: supervision.hours_per_course,
    Measure.SUPERVISION_EVERY_TEACHING_MONTH: supervision.every_teaching_month,
    Measure.SUPERVISION_MEETINGS: _periodic,
    Measure.SUPERVISION_HOURS: _periodic,
    Measure.RETREAT_DAYS: _periodic,
    Measure.CPD_HOURS: _periodic,
    Measure.CPD_EVENTS: _periodic,
    Measure.CPD_CREDITS: _periodic,
    Measure.ANNUAL_DECLARATIONS: _periodic,
}

# These judge experience per course (at its start), so they check applicability themselves.
_PER_COURSE = frozenset(
    {Measure.SUPERVISION_HOURS_PER_COURSE, Measure.SUPERVISION_EVERY_TEACHING_MONTH}
)


def evaluate_rule(rule: Rule, ctx: Context) -> CheckResult:
    if rule.measure not in _PER_COURSE and not ctx.applies(rule):
        return ctx.not_applicable(rule)
    return _EVALUATORS[rule.measure](rule, ctx)


def evaluate(
    records: TeacherRecords, profile: Profile, as_of: date, due_soon_days: int = 30
) -> Evaluation:
    """Every rule of `profile` for one teacher, counting only records dated by `as_of`."""
    if not 0 <= due_soon_days <= 366:
        raise ValueError("due_soon_days must be from 0 to 366")
    ctx = build_context(records, as_of, due_soon_days, profile.experience, profile.activity_months)
    return Evaluation(
        teacher_id=records.teacher_id,
        profile_id=profile.id,
        profile_version=profile.version,
        tightened_rules=profile.tightened,
        as_of=as_of,
        due_soon_days=due_soon_days,
        experience=ctx.experience,
        activity=ctx.activity,
        checks=tuple(evaluate_rule(rule, ctx) for rule in profile.rules),
    )


def evaluate_many(
    teachers: Iterable[TeacherRecords],
    profile: Profile,
    as_of: date,
    due_soon_days: int = 30,
) -> tuple[Evaluation, ...]:
    """A team's evaluations, in the order given. Each teacher's records are sorted once."""
    return tuple(evaluate(records, profile, as_of, due_soon_days) for records in teachers)


def status_counts(evaluations: Iterable[Evaluation]) -> dict[str, Mapping[Status, int]]:
    """For a team summary: per rule id, how many teachers have each status."""
    counts: dict[str, Counter[Status]] = {}
    for evaluation in evaluations:
        for check in evaluation.checks:
            counts.setdefault(check.rule_id, Counter())[check.status] += 1
    return {
        rule_id: {status: counter[status] for status in Status}
        for rule_id, counter in counts.items()
    }
