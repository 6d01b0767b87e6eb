"""One teacher's records as they stood on a date, sorted once for every rule to share.

Only records dated on or before `as_of` are kept, so an audit can ask how things stood on
a past date. Peer supervision is dropped here: it never counts towards any minimum.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Protocol, TypeVar

from backend.adherence.rules.measures import EXPERIENCE_CONDITIONS, Condition
from backend.adherence.rules.records import (
    AnnualDeclaration,
    CourseTaught,
    CPDActivity,
    MbiTacRating,
    Retreat,
    SupervisionFormat,
    SupervisionSession,
    TeacherRecords,
    TeacherTraining,
    Work,
)
from backend.adherence.rules.results import (
    Activity,
    ActivityStatus,
    CheckResult,
    Experience,
    ExperienceStatus,
    Status,
)
from backend.adherence.rules.standards import ExperiencePolicy, Rule
from backend.dates import format_date, window_start
from backend.words import plural


class _Record(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_Record)


@dataclass(frozen=True, slots=True)
class Course:
    """A course taught, with its last day worked out once."""

    record: CourseTaught
    last_day: date

    @property
    def start(self) -> date:
        return self.record.start

    @property
    def work(self) -> Work:
        return self.record.work

    @property
    def label(self) -> str:
        """'the MBCT course starting 3 March 2026', 'training teachers (MBCT) from ...'."""
        start = format_date(self.start)
        match self.record.work:
            case Work.TRAINING:
                return f"training teachers ({self.record.programme}) from {start}"
            case Work.SUPERVISING:
                return f"supervising teachers ({self.record.programme}) from {start}"
        return f"the {self.record.programme} course starting {start}"


@dataclass(frozen=True, slots=True)
class Context:
    records: TeacherRecords
    as_of: date
    due_soon_days: int
    trainings: tuple[TeacherTraining, ...]
    courses: tuple[Course, ...]
    supervision: tuple[SupervisionSession, ...]
    supervision_dates: tuple[date, ...]
    retreats: tuple[Retreat, ...]
    cpd: tuple[CPDActivity, ...]
    ratings: tuple[MbiTacRating, ...]
    declarations: tuple[AnnualDeclaration, ...]
    trained_on: date | None
    training_ends: date | None
    experienced_on: date | None
    experience: ExperienceStatus
    activity: ActivityStatus
    # Every period of mindfulness-based work begun by as_of: the courses taught (also in
    # `courses`) and periods of training or supervising teachers.
    work: tuple[Course, ...] = ()

    def sessions_between(self, first: date, last: date) -> tuple[SupervisionSession, ...]:
        """Counting supervision sessions dated from `first` to `last`, inclusive."""
        low = bisect_left(self.supervision_dates, first)
        high = bisect_right(self.supervision_dates, last)
        return self.supervision[low:high]

    def holds(self, condition: Condition, day: date) -> bool:
        """Whether a condition held; experience on `day`, activity always as of `as_of`."""
        match condition:
            case Condition.TRAINED:
                return self.trained_on is not None and self.trained_on <= day
            case Condition.EXPERIENCED:
                return self.experienced_on is not None and self.experienced_on <= day
            case Condition.INEXPERIENCED:
                return self.experienced_on is None or self.experienced_on > day
            case Condition.ACTIVE:
                return self.activity.level is Activity.ACTIVE
            case Condition.INACTIVE:
                return self.activity.level is Activity.INACTIVE
        return False  # pragma: no cover - the match above is exhaustive

    def applies(self, rule: Rule, *, experience_on: date | None = None) -> bool:
        """Whether the rule applies. Experience conditions are tested on `experience_on`
        (a course's start) when given, else on `as_of`; activity always on `as_of`."""
        for condition in rule.applies_to:
            day = self.as_of
            if condition in EXPERIENCE_CONDITIONS and experience_on is not None:
                day = experience_on
            if not self.holds(condition, day):
                return False
        return True

    def activity_applies(self, rule: Rule) -> bool:
        return all(
            self.holds(condition, self.as_of)
            for condition in rule.applies_to
            if condition not in EXPERIENCE_CONDITIONS
        )

    def status_for(self, due: date) -> Status:
        """For something not overdue: due soon if `due` is within the horizon, else met."""
        return Status.DUE_SOON if (due - self.as_of).days <= self.due_soon_days else Status.MET

    def not_applicable(self, rule: Rule, reason: str | None = None) -> CheckResult:
        return CheckResult(
            rule.id,
            rule.title,
            Status.NOT_APPLICABLE,
            reason or self.not_applicable_reason(rule),
            None,
            advisory=rule.advisory,
        )

    def not_applicable_reason(self, rule: Rule) -> str:
        """'Applies to trained, inactive teachers. Active: taught ...'"""
        order = list(Condition)
        wanted = ", ".join(c.value for c in sorted(rule.applies_to, key=order.index))
        failed = [c for c in rule.applies_to if not self.holds(c, self.as_of)]
        facts = []
        if any(condition in EXPERIENCE_CONDITIONS for condition in failed):
            facts.append(self.experience.reason)
        if any(condition not in EXPERIENCE_CONDITIONS for condition in failed):
            facts.append(self.activity.reason)
        return " ".join([f"Applies to {wanted} teachers.", *facts])


def build_context(
    records: TeacherRecords,
    as_of: date,
    due_soon_days: int,
    policy: ExperiencePolicy,
    activity_months: int,
) -> Context:
    trainings = tuple(t for t in records.pathway.trainings if t.start <= as_of)
    # Periods of mindfulness-based work begun by `as_of` (a planned course counts from its
    # start): courses taught, and periods of training or supervising teachers.
    begun = tuple(
        Course(course, course.last_day)
        for course in sorted(records.courses, key=lambda course: (course.start, course.id))
        if course.start <= as_of
    )
    courses = tuple(course for course in begun if course.work is Work.TEACHING)
    supervision = tuple(
        session
        for session in _dated(records.supervision, "date", as_of)
        if session.format is not SupervisionFormat.PEER
    )
    trained_on, training_ends = _training_dates(trainings, as_of)
    experienced_on, supervised_done = _experienced_on(courses, trained_on, policy, as_of)
    return Context(
        records=records,
        as_of=as_of,
        due_soon_days=due_soon_days,
        trainings=trainings,
        courses=courses,
        supervision=supervision,
        supervision_dates=tuple(session.date for session in supervision),
        retreats=_dated(records.retreats, "start", as_of),
        cpd=_dated(records.cpd, "date", as_of),
        ratings=_dated(records.mbi_tac, "date", as_of),
        declarations=_dated(records.declarations, "date", as_of),
        trained_on=trained_on,
        training_ends=training_ends,
        experienced_on=experienced_on,
        experience=_experience_status(
            trained_on, training_ends, experienced_on, supervised_done, policy
        ),
        activity=_activity_status(begun, as_of, activity_months),
        work=begun,
    )


def _dated(items: tuple[_T, ...], field: str, as_of: date) -> tuple[_T, ...]:
    """Records whose `field` date is by `as_of`, sorted by it then by id (so the order
    records arrive in never matters)."""
    kept = [item for item in items if getattr(item, field) <= as_of]
    kept.sort(key=attrgetter(field, "id"))
    return tuple(kept)


def _training_dates(
    trainings: tuple[TeacherTraining, ...], as_of: date
) -> tuple[date | None, date | None]:
    """(completed on, in progress until). Training is complete on the latest end date of
    the parts started by `as_of`, once that date has been reached."""
    if not trainings:
        return None, None
    last_end = max(training.end for training in trainings)
    if last_end <= as_of:
        return last_end, None
    return None, last_end


def _experienced_on(
    courses: tuple[Course, ...],
    trained_on: date | None,
    policy: ExperiencePolicy,
    as_of: date,
) -> tuple[date | None, int]:
    """(the day the teacher became experienced, closely supervised courses completed)."""
    finished = sorted(
        course.last_day
        for course in courses
        if course.record.closely_supervised and course.last_day <= as_of
    )
    needed = policy.closely_supervised_courses
    if policy.requires_training and trained_on is None:
        return None, len(finished)
    if len(finished) < needed:
        return None, len(finished)
    dates = [finished[needed - 1]] if needed else []
    if policy.requires_training and trained_on is not None:
        dates.append(trained_on)
    return (max(dates) if dates else date.min), len(finished)


def _experience_status(
    trained_on: date | None,
    training_ends: date | None,
    experienced_on: date | None,
    supervised_done: int,
    policy: ExperiencePolicy,
) -> ExperienceStatus:
    needed = policy.closely_supervised_courses
    if experienced_on is not None:
        reason = f"Experienced since {format_date(experienced_on)}"
        if policy.requires_training and trained_on is not None:
            reason += f": training completed {format_date(trained_on)}"
            reason += f" and {plural(needed, 'closely supervised course')} completed."
        else:
            reason += f": {plural(needed, 'closely supervised course')} completed."
        return ExperienceStatus(Experience.EXPERIENCED, trained_on, experienced_on, reason)
    missing = []
    if policy.requires_training and trained_on is None:
        if training_ends is not None:
            missing.append(f"teacher training ends {format_date(training_ends)}")
        else:
            missing.append("no teacher training recorded")
    if supervised_done < needed:
        missing.append(f"{supervised_done} of {needed} closely supervised courses completed")
    reason = "Inexperienced: " + "; ".join(missing) + "."
    return ExperienceStatus(Experience.INEXPERIENCED, trained_on, None, reason)


def _activity_status(courses: tuple[Course, ...], as_of: date, months: int) -> ActivityStatus:
    start = window_start(as_of, months)
    period = f"the {months} months to {format_date(as_of)}"
    """Active while teaching, training or supervising teachers within the period."""
    recent = [course for course in courses if course.last_day >= start]
    if recent:
        latest = recent[-1]
        last_taught = min(max(course.last_day for course in recent), as_of)
        did = "taught " if latest.work is Work.TEACHING else ""
        reason = f"Active: {did}{latest.label} (within {period})."
        return ActivityStatus(Activity.ACTIVE, last_taught, reason)
    if courses:
        last_taught = max(course.last_day for course in courses)
        what = (
            "no course taught"
            if all(course.work is Work.TEACHING for course in courses)
            else "no teaching, training or supervising"
        )
        reason = f"Inactive: {what} in {period}; the last ended {format_date(last_taught)}."
        return ActivityStatus(Activity.INACTIVE, last_taught, reason)
    return ActivityStatus(Activity.INACTIVE, None, "Inactive: no course taught yet.")
