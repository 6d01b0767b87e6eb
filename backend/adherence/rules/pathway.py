"""One-off requirements: the training pathway, background, co-teaching, MBI-TAC levels.

These are met once and stay met; until then they are not met. Training rules not yet
met are next due when the training in progress ends; the others have no due date.
"""

from datetime import date, timedelta

from backend.adherence.rules.amounts import retreat_items, retreat_wording
from backend.adherence.rules.context import Context
from backend.adherence.rules.records import (
    MBI_TAC_DOMAINS,
    MBI_TAC_LEVELS,
    RatedBy,
    Role,
    Seniority,
    TeacherTraining,
)
from backend.adherence.rules.results import CheckResult, Status
from backend.adherence.rules.standards import Rule
from backend.dates import add_months_rolled, format_date
from backend.words import format_number, plural


def _check(
    rule: Rule,
    ctx: Context,
    amount: float,
    needed: float,
    reason: str,
    evidence: tuple[str, ...] = (),
    unit: str = "",
    training: bool = False,
) -> CheckResult:
    """Met or not met. A training rule not yet met is next due when training ends."""
    met = amount + 1e-9 >= needed
    return CheckResult(
        rule_id=rule.id,
        title=rule.title,
        status=Status.MET if met else Status.NOT_MET,
        reason=reason,
        next_due=ctx.training_ends if training and not met else None,
        evidence=evidence,
        amount=amount,
        needed=needed,
        shortfall=max(0.0, needed - amount),
        unit=unit,
        advisory=rule.advisory,
    )


def participant_course(rule: Rule, ctx: Context) -> CheckResult:
    courses = [c for c in ctx.records.pathway.participant_courses if c.date <= ctx.as_of]
    needed = rule.threshold()
    if courses:
        first = min(courses, key=lambda course: course.date)
        reason = f"Took part in the {first.programme} course of {format_date(first.date)}"
        reason += f" ({plural(len(courses), 'course')} recorded; {format_number(needed)} needed)."
    else:
        reason = "No 8-week course as a participant recorded."
    return _check(rule, ctx, len(courses), needed, reason, tuple(c.id for c in courses), "courses")


def professional_background(rule: Rule, ctx: Context) -> CheckResult:
    recorded = bool(ctx.records.pathway.professional_background.strip())
    reason = (
        "Professional background recorded." if recorded else "No professional background recorded."
    )
    return _check(rule, ctx, float(recorded), rule.threshold(), reason, unit="records")


def whole_months(start: date, last_day: date) -> int:
    """Whole months from `start` to `last_day` inclusive: the largest N such that the same
    date N months on (rolled forward when missing) is no later than the day after."""
    after = last_day + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    while months > 0 and add_months_rolled(start, months) > after:
        months -= 1
    return max(months, 0)


def _completed_trainings(ctx: Context) -> list[TeacherTraining]:
    return [training for training in ctx.trainings if training.end <= ctx.as_of]


def _no_training(rule: Rule, ctx: Context, unit: str) -> CheckResult:
    if ctx.training_ends is not None:
        reason = f"Teacher training in progress; it ends {format_date(ctx.training_ends)}."
    else:
        reason = "No completed teacher training recorded."
    return _check(rule, ctx, 0.0, rule.threshold(), reason, unit=unit, training=True)


def training_months(rule: Rule, ctx: Context) -> CheckResult:
    done = _completed_trainings(ctx)
    if not done:
        return _no_training(rule, ctx, "months")
    first, last = min(t.start for t in done), max(t.end for t in done)
    months = whole_months(first, last)
    reason = (
        f"Teacher training over {plural(months, 'month')} ({format_date(first)} to "
        f"{format_date(last)}); {plural(rule.threshold(), 'month')} needed."
    )
    return _check(
        rule, ctx, months, rule.threshold(), reason, tuple(t.id for t in done), "months", True
    )


def training_hours(rule: Rule, ctx: Context) -> CheckResult:
    done = _completed_trainings(ctx)
    if not done:
        return _no_training(rule, ctx, "hours")
    hours = sum(t.hours for t in done)
    reason = (
        f"{plural(hours, 'hour')} of teacher training completed; "
        f"{format_number(rule.threshold())} needed."
    )
    return _check(
        rule, ctx, hours, rule.threshold(), reason, tuple(t.id for t in done), "hours", True
    )


def training_retreat_days(rule: Rule, ctx: Context) -> CheckResult:
    """Retreat during the pathway: retreats starting on or before training was completed."""
    cutoff = ctx.trained_on or ctx.as_of
    items = [item for item in retreat_items(rule, ctx.retreats) if item.date <= cutoff]
    wording = retreat_wording(rule)
    amounts = [item.amount for item in items]
    amount = max(amounts, default=0.0) if wording.use_max else sum(amounts)
    needed = rule.threshold()
    when = "before training was completed" if ctx.trained_on else "so far"
    have = wording.describe(amount)
    reason = f"{have[:1].upper()}{have[1:]} {when}; {wording.quantity(needed)} needed."
    evidence = tuple(
        i.id for i in items if not wording.use_max or i.amount + 1e-9 >= min(needed, amount)
    )
    return _check(rule, ctx, amount, needed, reason, evidence, "days", training=True)


def courses_co_taught(rule: Rule, ctx: Context) -> CheckResult:
    """Co-teaching before leading: completed co-taught courses before the first lead."""
    leads = [course for course in ctx.courses if course.record.role is Role.LEAD]
    cutoff = leads[0].start - timedelta(days=1) if leads else ctx.as_of
    co_taught = [
        course
        for course in ctx.courses
        if course.record.role is Role.CO_TEACHER and course.last_day <= cutoff
    ]
    senior = [c for c in co_taught if c.record.co_teacher_seniority is Seniority.SENIOR]
    peer = [c for c in co_taught if c.record.co_teacher_seniority is Seniority.PEER]
    need_senior = rule.threshold("with_senior")
    need_more = rule.threshold("with_senior_or_peer")
    with_senior = min(len(senior), need_senior)
    more = len(senior) - with_senior + len(peer)
    progress = (
        f"co-taught {format_number(len(senior))} of {format_number(need_senior)} courses with a "
        f"senior teacher, and {format_number(min(more, need_more))} of "
        f"{format_number(need_more)} more with a senior teacher or a peer"
    )
    if leads:
        reason = f"Before leading {leads[0].label}: {progress}."
    else:
        reason = f"Not yet leading. So far {progress}; both are needed before leading a course."
    amount = with_senior + min(more, need_more)
    evidence = tuple(c.record.id for c in (*senior, *peer))
    return _check(rule, ctx, amount, need_senior + need_more, reason, evidence, "courses")


def mbi_tac_level(rule: Rule, ctx: Context) -> CheckResult:
    """The latest rating in every MBI-TAC domain is at least the threshold level."""
    by_supervisor = rule.text("rated_by") == RatedBy.SUPERVISOR.value
    latest = {}
    for rating in ctx.ratings:  # sorted by date, so later ratings win
        if not by_supervisor or rating.rated_by is RatedBy.SUPERVISOR:
            latest[rating.domain] = rating
    needed_rank = int(rule.threshold())
    level = MBI_TAC_LEVELS[needed_rank].replace("-", " ")
    short = [d for d in MBI_TAC_DOMAINS if d not in latest or latest[d].level_rank < needed_rank]
    who = "by a supervisor " if by_supervisor else ""
    if short:
        names = ", ".join(domain.replace("-", " ") for domain in short)
        reason = f"Not yet rated {who}{level} or above in: {names}."
    else:
        reason = f"Rated {who}{level} or above in all six MBI-TAC domains."
    met = len(MBI_TAC_DOMAINS) - len(short)
    evidence = tuple(latest[d].id for d in MBI_TAC_DOMAINS if d in latest)
    return _check(rule, ctx, met, len(MBI_TAC_DOMAINS), reason, evidence, "domains")
