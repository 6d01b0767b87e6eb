"""Supervision rules that follow the work: hours per course taught, and every month of
teaching, training or supervising."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from backend.adherence.rules.context import Context, Course
from backend.adherence.rules.records import SupervisionFormat, SupervisionSession, Work
from backend.adherence.rules.results import CheckResult, Detail, Status, worst
from backend.adherence.rules.standards import Rule
from backend.dates import (
    format_date,
    format_minutes,
    format_month,
    month_end,
    month_from_key,
    month_key,
    window_start,
)
from backend.words import plural


def credited_minutes(session: SupervisionSession, group_rule: str) -> float:
    """Minutes a session counts for: group sessions in full, pro rata or not at all, and
    only when the teacher's own work was discussed."""
    if session.format is SupervisionFormat.GROUP and session.group_size:
        if group_rule == "excluded" or not session.own_work_discussed:
            return 0.0
        if group_rule == "pro_rata":
            return session.minutes / session.group_size
    return float(session.minutes)


def counts_as_meeting(session: SupervisionSession, group_rule: str) -> bool:
    return session.format is not SupervisionFormat.GROUP or (
        group_rule != "excluded" and session.own_work_discussed
    )


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def _no_courses(rule: Rule, ctx: Context, months: int) -> str:
    """'No course taught while inexperienced in the 12 months to 1 March 2026.'"""
    words = {"inexperienced": " while inexperienced", "experienced": " once experienced"}
    when = "".join(words.get(condition, "") for condition in sorted(rule.applies_to))
    return f"No course taught{when} in the {months} months to {format_date(ctx.as_of)}."


def hours_per_course(rule: Rule, ctx: Context) -> CheckResult:
    """At least N hours of supervision for each course the rule covers (see the docs)."""
    if not ctx.activity_applies(rule):
        return ctx.not_applicable(rule)
    months = rule.window.months or 12
    first = window_start(ctx.as_of, months)
    courses = [
        course
        for course in ctx.courses
        if course.last_day >= first and ctx.applies(rule, experience_on=course.start)
    ]
    if not courses:
        return ctx.not_applicable(rule, _no_courses(rule, ctx, months))
    group_rule = rule.text("group_supervision")
    needed = rule.threshold() * 60
    allocated = allocate_sessions(ctx, courses, group_rule, needed)
    details = [
        _course_detail(ctx, course, allocated[course.record.id], group_rule, needed)
        for course in courses
    ]
    return _summarise_courses(rule, ctx, details, needed)


def allocate_sessions(
    ctx: Context, courses: Sequence[Course], group_rule: str, needed: float
) -> dict[str, list[SupervisionSession]]:
    """Each session counts towards at most one course: the one it is linked to, or, when
    unlinked, the earliest-starting covered course around its date that still needs
    minutes (else the earliest-starting one around it). Unlinked sessions are placed in
    date order, after the linked ones."""
    allocated: dict[str, list[SupervisionSession]] = {c.record.id: [] for c in courses}
    minutes: dict[str, float] = dict.fromkeys(allocated, 0.0)
    for session in ctx.supervision:
        if session.course_id in allocated:
            allocated[session.course_id].append(session)
            minutes[session.course_id] += credited_minutes(session, group_rule)
    by_start = sorted(courses, key=lambda c: (c.start, c.record.id))
    for session in ctx.supervision:
        if session.course_id is not None:
            continue
        around = [c for c in by_start if c.start <= session.date <= c.last_day]
        if not around:
            continue
        target = next((c for c in around if minutes[c.record.id] < needed), around[0])
        allocated[target.record.id].append(session)
        minutes[target.record.id] += credited_minutes(session, group_rule)
    return allocated


def _course_detail(
    ctx: Context,
    course: Course,
    sessions: Sequence[SupervisionSession],
    group_rule: str,
    needed: float,
) -> Detail:
    counted = [(s, credited_minutes(s, group_rule)) for s in sessions]
    minutes = sum(credit for _, credit in counted)
    evidence = tuple(session.id for session, credit in counted if credit > 0)
    have = f"{format_minutes(minutes)} of supervision" if minutes else "no supervision"
    need = format_minutes(needed)
    if minutes >= needed:
        status, due, reason = Status.MET, None, f"{have} for {course.label}; {need} needed."
    elif ctx.as_of <= course.last_day:
        due = course.last_day
        status = ctx.status_for(due)
        reason = f"{have} so far for {course.label}; {need} needed by {format_date(due)}."
    else:
        status, due, reason = (
            Status.NOT_MET,
            course.last_day,
            f"{have} for {course.label}; {need} needed.",
        )
    return Detail(
        course.label,
        status,
        reason[:1].upper() + reason[1:],
        minutes / 60,
        needed / 60,
        due,
        evidence,
    )


def _summarise_courses(
    rule: Rule, ctx: Context, details: Sequence[Detail], needed: float
) -> CheckResult:
    status = worst([detail.status for detail in details])
    if status is Status.NOT_MET:
        next_due: date | None = ctx.as_of
    else:  # the earliest end of a course still short of supervision, if any
        next_due = min((detail.due for detail in details if detail.due), default=None)
    short = [detail for detail in details if detail.amount < detail.needed]
    if short:
        reason = " ".join(detail.reason for detail in short[:3])
        if len(short) > 3:
            reason += f" And {len(short) - 3} more."
    else:
        reason = (
            f"At least {format_minutes(needed)} of supervision for each of "
            f"{plural(len(details), 'course')}."
        )
    return CheckResult(
        rule_id=rule.id,
        title=rule.title,
        status=status,
        reason=reason,
        next_due=next_due,
        evidence=_unique(ident for detail in details for ident in detail.evidence),
        amount=sum(detail.amount for detail in details),
        needed=sum(detail.needed for detail in details),
        shortfall=sum(max(0.0, detail.needed - detail.amount) for detail in details),
        unit="hours",
        advisory=rule.advisory,
        details=tuple(details),
    )


def every_teaching_month(rule: Rule, ctx: Context) -> CheckResult:
    """Supervision in every calendar month with mindfulness-based work (teaching, training
    or supervising teachers), within a rolling window."""
    if not ctx.activity_applies(rule):
        return ctx.not_applicable(rule)
    months = rule.window.months or 12
    first = window_start(ctx.as_of, months)
    periods = [
        period
        for period in ctx.work
        if period.last_day >= first and ctx.applies(rule, experience_on=period.start)
    ]
    worked, upcoming = _work_months(periods, first, ctx.as_of)
    if not worked:
        return ctx.not_applicable(rule, _no_courses(rule, ctx, months))
    group_rule = rule.text("group_supervision")
    by_month: dict[int, list[str]] = defaultdict(list)
    for session in ctx.sessions_between(month_from_key(min(worked)), ctx.as_of):
        if counts_as_meeting(session, group_rule):
            by_month[month_key(session.date)].append(session.id)
    needed = rule.threshold()
    details = [
        _month_detail(ctx, key, by_month.get(key, []), needed, worked[key])
        for key in sorted(worked)
    ]
    teaching_only = all(kinds == {Work.TEACHING} for kinds in worked.values())
    return _summarise_months(rule, ctx, details, upcoming, teaching_only)


_WORK_WORDS = {
    Work.TEACHING: "teaching",
    Work.TRAINING: "training teachers",
    Work.SUPERVISING: "supervising teachers",
}


def _with(kinds: set[Work]) -> str:
    """'teaching', 'teaching and supervising teachers'."""
    words = [_WORK_WORDS[work] for work in Work if work in kinds]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _work_months(
    periods: Sequence[Course], first: date, as_of: date
) -> tuple[dict[int, set[Work]], list[int]]:
    """({month worked from `first` to `as_of`: the kinds of work in it}, months after
    `as_of`'s month still to work). The periods must end on or after `first`."""
    worked: dict[int, set[Work]] = defaultdict(set)
    later: set[int] = set()
    this_month = month_key(as_of)
    for period in periods:
        start, end = max(period.start, first), min(period.last_day, as_of)
        for key in range(month_key(start), month_key(end) + 1):
            worked[key].add(period.work)
        later.update(range(this_month + 1, month_key(period.last_day) + 1))
    return dict(worked), sorted(later)


def _month_detail(
    ctx: Context, key: int, sessions: list[str], needed: float, kinds: set[Work]
) -> Detail:
    first_day = month_from_key(key)
    label = format_month(first_day)
    due = month_end(first_day)
    have = plural(len(sessions), "supervision meeting") if sessions else "No supervision"
    if len(sessions) >= needed:
        return Detail(
            label, Status.MET, f"{have} in {label}.", len(sessions), needed, None, tuple(sessions)
        )
    if key == month_key(ctx.as_of):
        reason = f"{have} yet in {label}, a month with {_with(kinds)}; due by {format_date(due)}."
        return Detail(
            label, ctx.status_for(due), reason, len(sessions), needed, due, tuple(sessions)
        )
    reason = f"{have} in {label}, a month with {_with(kinds)}."
    return Detail(label, Status.NOT_MET, reason, len(sessions), needed, due, tuple(sessions))


def _summarise_months(
    rule: Rule,
    ctx: Context,
    details: Sequence[Detail],
    upcoming: list[int],
    teaching_only: bool = True,
) -> CheckResult:
    work = "teaching" if teaching_only else "teaching, training or supervising"
    missed = [detail for detail in details if detail.status is Status.NOT_MET]
    pending = [detail for detail in details if detail.status is not Status.NOT_MET and detail.due]
    covered = sum(1 for detail in details if detail.amount >= detail.needed)
    status = worst([detail.status for detail in details])
    next_due: date | None
    if missed:
        next_due = ctx.as_of
        names = ", ".join(detail.label for detail in missed[:4])
        more = f" and {len(missed) - 4} more" if len(missed) > 4 else ""
        reason = f"No supervision in {plural(len(missed), 'month')} with {work}: {names}{more}."
    elif pending:
        next_due = pending[0].due
        reason = pending[0].reason
    else:
        reason = f"Supervision in each of the {plural(covered, 'month')} with {work}."
        # Met: next month's meeting cannot be had before that month begins, so it is
        # never "due soon" ahead of it (on 31 January, February's is 29 days away).
        next_due = month_end(month_from_key(upcoming[0])) if upcoming else None
        if next_due is not None:
            reason += f" Next needed in {format_month(next_due)}, by {format_date(next_due)}."
    return CheckResult(
        rule_id=rule.id,
        title=rule.title,
        status=status,
        reason=reason,
        next_due=next_due,
        evidence=_unique(ident for detail in details for ident in detail.evidence),
        amount=float(covered),
        needed=float(len(details)),
        shortfall=float(len(details) - covered),
        unit="months",
        advisory=rule.advisory,
        details=tuple(details),
    )
