"""Monthly supervision follows every period of mindfulness-based work (BAMBA: teaching,
training or supervising), not teaching alone; only teaching is a course taught."""

from datetime import date

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
    Work,
    evaluate,
    load_profiles,
)

GPG = load_profiles()["gpg"]
TRAINING = TeacherTraining("t1", "Exeter", date(2020, 1, 1), date(2020, 12, 31), 130)
EXPERIENCED = (
    CourseTaught("x1", "MBCT", date(2021, 1, 4), 8, Role.LEAD, closely_supervised=True),
    CourseTaught("x2", "MBCT", date(2021, 3, 1), 8, Role.LEAD, closely_supervised=True),
)
# Supervising teachers for 8 weeks from 26 January 2026: to 22 March 2026.
SUPERVISING = CourseTaught("sup", "MBCT", date(2026, 1, 26), 8, Role.LEAD, work=Work.SUPERVISING)
# Training teachers for 4 weeks from 6 April 2026: to 3 May 2026.
TRAINING_WORK = CourseTaught("trn", "MBSR", date(2026, 4, 6), 4, Role.LEAD, work=Work.TRAINING)


def meeting(ident: str, day: date) -> SupervisionSession:
    return SupervisionSession(ident, day, 60, SupervisionFormat.ONE_TO_ONE, "sup")


def run(*sessions: SupervisionSession, as_of: date, work: tuple[CourseTaught, ...]) -> Evaluation:
    records = TeacherRecords(
        "t",
        TrainingPathway(trainings=(TRAINING,)),
        courses=(*EXPERIENCED, *work),
        supervision=sessions,
    )
    return evaluate(records, GPG, as_of, 30)


def test_months_of_supervising_teachers_need_a_meeting_each() -> None:
    result = run(
        meeting("jan", date(2026, 1, 31)),
        meeting("mar", date(2026, 3, 1)),
        as_of=date(2026, 3, 5),
        work=(SUPERVISING,),
    )
    assert result.activity.level.value == "active"
    check = result.check("supervision-monthly")
    assert [d.label for d in check.details] == ["January 2026", "February 2026", "March 2026"]
    assert check.status is Status.NOT_MET
    assert check.reason == (
        "No supervision in 1 month with teaching, training or supervising: February 2026."
    )
    assert check.details[1].reason == (
        "No supervision in February 2026, a month with supervising teachers."
    )


def test_month_boundaries_of_a_training_period() -> None:
    # Training from 6 April to 3 May 2026: April and May are months of work, March is not.
    sessions = (meeting("apr", date(2026, 4, 30)),)
    on_30_april = run(*sessions, as_of=date(2026, 4, 30), work=(TRAINING_WORK,))
    check = on_30_april.check("supervision-monthly")
    assert [d.label for d in check.details] == ["April 2026"]
    assert check.status is Status.MET
    assert check.next_due == date(2026, 5, 31)
    assert check.reason == (
        "Supervision in each of the 1 month with teaching, training or supervising."
        " Next needed in May 2026, by 31 May 2026."
    )
    on_1_may = run(*sessions, as_of=date(2026, 5, 1), work=(TRAINING_WORK,))
    may = on_1_may.check("supervision-monthly")
    assert may.status is Status.DUE_SOON
    assert may.details[-1].reason == (
        "No supervision yet in May 2026, a month with training teachers; due by 31 May 2026."
    )
    on_1_june = run(*sessions, as_of=date(2026, 6, 1), work=(TRAINING_WORK,))
    assert on_1_june.check("supervision-monthly").status is Status.NOT_MET


def test_training_and_supervising_are_not_courses_taught() -> None:
    result = run(as_of=date(2026, 3, 5), work=(SUPERVISING,))
    per_course = result.check("supervision-per-course")
    assert per_course.status is Status.NOT_APPLICABLE


def test_without_any_work_in_the_window_the_teacher_is_inactive() -> None:
    result = run(as_of=date(2027, 3, 23), work=(SUPERVISING,))
    assert result.activity.level.value == "inactive"
    assert result.activity.reason.startswith(
        "Inactive: no teaching, training or supervising in the 12 months"
    )
    assert result.check("supervision-monthly").status is Status.NOT_APPLICABLE
