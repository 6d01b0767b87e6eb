"""Supervision: per course while inexperienced, every teaching month once experienced,
once a year while inactive. Peer never counts; group in full or pro rata."""

from datetime import date

import pytest

from backend.adherence import (
    CourseTaught,
    Evaluation,
    Role,
    Status,
    SupervisionFormat,
    SupervisionSession,
    TeacherRecords,
    TeacherTraining,
    TrainingPathway,
    apply_overrides,
    evaluate,
    load_profiles,
)
from backend.adherence.rules.standards import Profile

GPG = load_profiles()["gpg"]
ONE = SupervisionFormat.ONE_TO_ONE
TRAINING = TeacherTraining("t1", "Exeter", date(2020, 1, 1), date(2020, 12, 31), 130)


def course(ident: str, start: date, supervised: bool = True) -> CourseTaught:
    return CourseTaught(ident, "MBCT", start, 8, Role.LEAD, closely_supervised=supervised)


def session(
    ident: str,
    day: date,
    minutes: int = 60,
    fmt: SupervisionFormat = ONE,
    course_id: str | None = None,
    group_size: int | None = None,
) -> SupervisionSession:
    return SupervisionSession(ident, day, minutes, fmt, "sup", group_size, course_id)


def run(
    courses: tuple[CourseTaught, ...],
    sessions: tuple[SupervisionSession, ...],
    as_of: date,
    profile: Profile = GPG,
    due_soon_days: int = 30,
) -> Evaluation:
    records = TeacherRecords(
        "t", TrainingPathway(trainings=(TRAINING,)), courses=courses, supervision=sessions
    )
    return evaluate(records, profile, as_of, due_soon_days)


# A new teacher's first course: 3 March 2026 for 8 weeks, last day 27 April 2026.
FIRST = course("c1", date(2026, 3, 3))


def per_course(*sessions: SupervisionSession, as_of: date = date(2026, 5, 1)) -> Evaluation:
    return run((FIRST,), sessions, as_of)


def test_per_course_reason_reads_plainly() -> None:
    check = per_course(session("s", date(2026, 3, 10), 135)).check("supervision-per-course")
    assert check.status is Status.NOT_MET
    assert check.reason == (
        "2 h 15 min of supervision for the MBCT course starting 3 March 2026; 3 h needed."
    )
    assert check.shortfall == pytest.approx(0.75)
    assert check.evidence == ("s",)
    assert check.next_due == date(2026, 5, 1)


def test_three_hours_within_the_course_period_meet_the_rule() -> None:
    check = per_course(
        session("first-day", date(2026, 3, 3), 90), session("last-day", date(2026, 4, 27), 90)
    ).check("supervision-per-course")
    assert check.status is Status.MET
    assert check.evidence == ("first-day", "last-day")
    assert check.next_due is None


def test_unlinked_sessions_outside_the_course_period_do_not_count() -> None:
    check = per_course(
        session("before", date(2026, 3, 2), 90), session("after", date(2026, 4, 28), 90)
    ).check("supervision-per-course")
    assert check.status is Status.NOT_MET
    assert check.evidence == ()
    assert "No supervision for the MBCT course" in check.reason


def test_linked_sessions_count_whenever_they_happen() -> None:
    check = per_course(
        session("prep", date(2026, 2, 20), 60, course_id="c1"),
        session("review", date(2026, 4, 30), 120, course_id="c1"),
    ).check("supervision-per-course")
    assert check.status is Status.MET


def test_a_session_linked_to_another_course_does_not_count() -> None:
    check = per_course(session("s", date(2026, 3, 10), 180, course_id="other")).check(
        "supervision-per-course"
    )
    assert check.status is Status.NOT_MET


def test_peer_supervision_never_counts() -> None:
    check = per_course(session("peer", date(2026, 3, 10), 240, SupervisionFormat.PEER)).check(
        "supervision-per-course"
    )
    assert check.status is Status.NOT_MET
    assert check.evidence == ()


def test_group_supervision_counts_in_full_by_default_and_pro_rata_when_tightened() -> None:
    group = session("g", date(2026, 3, 10), 180, SupervisionFormat.GROUP, group_size=4)
    assert per_course(group).check("supervision-per-course").status is Status.MET
    strict = apply_overrides(
        GPG, {"supervision-per-course": {"options": {"group_supervision": "pro_rata"}}}
    )
    check = run((FIRST,), (group,), date(2026, 5, 1), strict).check("supervision-per-course")
    assert check.status is Status.NOT_MET
    assert check.amount == pytest.approx(0.75)
    assert "45 min of supervision" in check.reason


def test_course_in_progress_is_due_soon_near_its_end_and_met_while_far_off() -> None:
    early = per_course(as_of=date(2026, 3, 10)).check("supervision-per-course")
    assert early.status is Status.MET  # 48 days left: on track, nothing overdue
    assert early.next_due == date(2026, 4, 27)
    assert "needed by 27 April 2026" in early.reason
    late = per_course(as_of=date(2026, 3, 28)).check("supervision-per-course")
    assert late.status is Status.DUE_SOON  # exactly 30 days left
    assert late.next_due == date(2026, 4, 27)
    day_after = per_course(as_of=date(2026, 4, 28)).check("supervision-per-course")
    assert day_after.status is Status.NOT_MET


def test_courses_that_ended_more_than_12_months_ago_are_no_longer_judged() -> None:
    # Last day 27 April 2026: judged, like a record of that date, up to 26 April 2027.
    assert per_course(as_of=date(2027, 4, 26)).check("supervision-per-course").status is (
        Status.NOT_MET
    )
    gone = per_course(as_of=date(2027, 4, 27)).check("supervision-per-course")
    assert gone.status is Status.NOT_APPLICABLE


def test_an_unlinked_session_counts_towards_one_overlapping_course_only() -> None:
    # Two overlapping courses (3 March and 5 March 2026): 3 hours on 20 March meet the
    # earlier one; the later one still needs its own 3 hours.
    second = course("c2", date(2026, 3, 5))
    result = run((FIRST, second), (session("s", date(2026, 3, 20), 180),), date(2026, 5, 1))
    check = result.check("supervision-per-course")
    assert [detail.status for detail in check.details] == [Status.MET, Status.NOT_MET]
    assert [detail.amount for detail in check.details] == [3, 0]
    assert check.amount == 3


def test_unlinked_sessions_go_to_the_earliest_course_still_needing_hours() -> None:
    second = course("c2", date(2026, 3, 5))
    sessions = (
        session("a", date(2026, 3, 10), 120),
        session("b", date(2026, 3, 17), 120),  # 1 h tops the first up; all of it counts there
        session("c", date(2026, 3, 24), 180),  # the first is full: to the second
    )
    check = run((FIRST, second), sessions, date(2026, 5, 1)).check("supervision-per-course")
    assert [detail.evidence for detail in check.details] == [("a", "b"), ("c",)]
    assert [detail.status for detail in check.details] == [Status.MET, Status.MET]


def test_a_linked_session_counts_for_its_course_and_fills_it_first() -> None:
    second = course("c2", date(2026, 3, 5))
    sessions = (
        session("linked", date(2026, 3, 6), 180, course_id="c1"),
        session("free", date(2026, 3, 20), 180),
    )
    check = run((FIRST, second), sessions, date(2026, 5, 1)).check("supervision-per-course")
    assert [detail.evidence for detail in check.details] == [("linked",), ("free",)]


# Experienced and active: supervision in every calendar month with teaching.

EXPERIENCED = (course("x1", date(2021, 1, 4)), course("x2", date(2021, 3, 1)))
TEACHING = course("live", date(2026, 1, 26), supervised=False)  # to 22 March 2026


def monthly(*sessions: SupervisionSession, as_of: date, days: int = 30) -> Evaluation:
    return run((*EXPERIENCED, TEACHING), sessions, as_of, due_soon_days=days)


def test_every_month_with_teaching_needs_a_meeting() -> None:
    result = monthly(
        session("jan", date(2026, 1, 31)), session("mar", date(2026, 3, 1)), as_of=date(2026, 3, 5)
    )
    check = result.check("supervision-monthly")
    assert [d.label for d in check.details] == ["January 2026", "February 2026", "March 2026"]
    assert check.status is Status.NOT_MET
    assert check.reason == "No supervision in 1 month with teaching: February 2026."
    assert check.shortfall == 1
    assert check.evidence == ("jan", "mar")


def test_a_meeting_on_the_last_day_of_the_month_covers_that_month() -> None:
    result = monthly(
        session("jan", date(2026, 1, 31)),
        session("feb", date(2026, 2, 28)),
        session("mar", date(2026, 3, 31)),
        as_of=date(2026, 4, 1),
    )
    assert result.check("supervision-monthly").status is Status.MET


def test_the_current_month_is_due_by_its_last_day() -> None:
    sessions = (session("jan", date(2026, 1, 30)), session("feb", date(2026, 2, 2)))
    check = monthly(*sessions, as_of=date(2026, 3, 5)).check("supervision-monthly")
    assert check.status is Status.DUE_SOON
    assert check.next_due == date(2026, 3, 31)
    relaxed = monthly(*sessions, as_of=date(2026, 3, 5), days=7).check("supervision-monthly")
    assert relaxed.status is Status.MET  # 26 days left is not "soon" with a 7-day horizon
    assert relaxed.next_due == date(2026, 3, 31)


def test_next_teaching_month_is_the_next_due_date_but_not_due_soon_before_it_begins() -> None:
    # February's meeting cannot be had in January: on 31 January it is 28 days away,
    # within the 30-day horizon, yet nothing can be done about it until 1 February.
    sessions = (session("jan", date(2026, 1, 27)),)
    check = monthly(*sessions, as_of=date(2026, 1, 31)).check("supervision-monthly")
    assert check.next_due == date(2026, 2, 28)
    assert check.status is Status.MET
    assert "Next needed in February 2026" in check.reason
    february = monthly(*sessions, as_of=date(2026, 2, 1)).check("supervision-monthly")
    assert february.status is Status.DUE_SOON
    assert february.next_due == date(2026, 2, 28)


def test_a_missed_month_drops_out_of_the_12_month_window() -> None:
    sessions = (session("jan", date(2026, 1, 30)), session("mar", date(2026, 3, 2)))
    # February 2026 is missed; its last teaching day, 28 February, leaves the window
    # on 28 February 2027.
    assert monthly(*sessions, as_of=date(2027, 2, 27)).check("supervision-monthly").status is (
        Status.NOT_MET
    )
    later = monthly(*sessions, as_of=date(2027, 2, 28)).check("supervision-monthly")
    assert later.status is Status.MET
    assert [detail.label for detail in later.details] == ["March 2026"]
    # Once the course's last day (22 March 2026) leaves the window, the teacher is inactive.
    inactive = monthly(*sessions, as_of=date(2027, 3, 22)).check("supervision-monthly")
    assert inactive.status is Status.NOT_APPLICABLE
    assert "Inactive: no course taught" in inactive.reason


def test_monthly_rule_does_not_apply_to_inexperienced_teachers() -> None:
    result = run((TEACHING,), (), date(2026, 3, 5))
    check = result.check("supervision-monthly")
    assert check.status is Status.NOT_APPLICABLE
    per_course = result.check("supervision-per-course")
    assert per_course.status is Status.DUE_SOON  # in progress, last day 22 March 2026
    assert per_course.next_due == date(2026, 3, 22)


# Inactive and trained: one meeting in the last 12 months.


def inactive(*sessions: SupervisionSession, as_of: date) -> Status:
    return run(EXPERIENCED, sessions, as_of).check("supervision-inactive").status


def test_inactive_teacher_needs_one_meeting_in_12_months() -> None:
    meeting = session("m", date(2025, 3, 10))
    assert inactive(meeting, as_of=date(2026, 2, 7)) is Status.MET
    assert inactive(meeting, as_of=date(2026, 2, 8)) is Status.DUE_SOON  # 30 days left
    assert inactive(meeting, as_of=date(2026, 3, 9)) is Status.DUE_SOON
    assert inactive(meeting, as_of=date(2026, 3, 10)) is Status.NOT_MET  # exactly 12 months
    assert inactive(as_of=date(2026, 3, 10)) is Status.NOT_MET


def test_inactive_rule_gives_the_lapse_date_as_next_due() -> None:
    result = run(EXPERIENCED, (session("m", date(2025, 3, 10)),), date(2025, 6, 1))
    check = result.check("supervision-inactive")
    assert check.next_due == date(2026, 3, 10)
    assert "Met until 9 March 2026" in check.reason


def test_the_yearly_floor_holds_while_teaching_too() -> None:
    # Teaching since 26 January 2026, last meeting 10 March 2025: the yearly floor is due
    # soon on 1 March 2026 (it lapses on 10 March), on top of the monthly rule.
    meeting = session("m", date(2025, 3, 10))
    result = run((*EXPERIENCED, TEACHING), (meeting,), date(2026, 3, 1))
    assert result.activity.level.value == "active"
    check = result.check("supervision-inactive")
    assert check.status is Status.DUE_SOON
    assert check.next_due == date(2026, 3, 10)
    assert result.check("supervision-monthly").status is Status.NOT_MET
    none = run((*EXPERIENCED, TEACHING), (), date(2026, 3, 1)).check("supervision-inactive")
    assert none.status is Status.NOT_MET


def test_an_experienced_teacher_between_courses_is_due_soon_before_the_floor_lapses() -> None:
    # Last course ended in 2025 (active), met every month; no meeting since 14 April 2025.
    between = course("b", date(2025, 2, 17), supervised=False)  # to 13 April 2025
    sessions = (
        session("feb", date(2025, 2, 20)),
        session("mar", date(2025, 3, 20)),
        session("apr", date(2025, 4, 14)),
    )
    result = run((*EXPERIENCED, between), sessions, date(2026, 3, 20))
    assert result.check("supervision-monthly").status is Status.MET
    floor = result.check("supervision-inactive")
    assert floor.status is Status.DUE_SOON
    assert floor.next_due == date(2026, 4, 14)


def test_peer_and_excluded_group_meetings_do_not_count_for_inactive_teachers() -> None:
    peer = session("p", date(2025, 12, 1), fmt=SupervisionFormat.PEER)
    group = session("g", date(2025, 12, 1), fmt=SupervisionFormat.GROUP, group_size=3)
    assert inactive(peer, as_of=date(2026, 1, 1)) is Status.NOT_MET
    assert inactive(group, as_of=date(2026, 1, 1)) is Status.MET
    strict = apply_overrides(
        GPG, {"supervision-inactive": {"options": {"group_supervision": "excluded"}}}
    )
    result = run(EXPERIENCED, (group,), date(2026, 1, 1), strict)
    assert result.check("supervision-inactive").status is Status.NOT_MET
