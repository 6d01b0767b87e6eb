"""Experience (inexperienced until trained + 2 closely supervised courses) and activity."""

from datetime import date

from backend.adherence import (
    Activity,
    CourseTaught,
    Experience,
    Role,
    SupervisionFormat,
    SupervisionSession,
    TeacherRecords,
    TeacherTraining,
    TrainingPathway,
    evaluate,
    load_profiles,
)

GPG = load_profiles()["gpg"]
TRAINING = TeacherTraining("t1", "Bangor", date(2024, 1, 1), date(2024, 12, 31), 130)


def course(ident: str, start: date, supervised: bool = True, sessions: int = 8) -> CourseTaught:
    return CourseTaught(ident, "MBCT", start, sessions, Role.LEAD, closely_supervised=supervised)


def teacher(*courses: CourseTaught, trained: bool = True, **more: object) -> TeacherRecords:
    pathway = TrainingPathway(trainings=(TRAINING,) if trained else ())
    return TeacherRecords("t", pathway=pathway, courses=courses, **more)  # type: ignore[arg-type]


def test_course_period_is_the_weeks_from_the_start_inclusive() -> None:
    assert course("c", date(2026, 3, 3)).last_day == date(2026, 4, 27)
    assert course("c", date(2026, 3, 3), sessions=1).last_day == date(2026, 3, 9)


def test_inexperienced_until_training_and_two_supervised_courses_are_complete() -> None:
    records = teacher(course("a", date(2024, 9, 2)), course("b", date(2025, 1, 6)))
    # The second course's last day is 2 March 2025.
    before = evaluate(records, GPG, date(2025, 3, 1)).experience
    on_the_day = evaluate(records, GPG, date(2025, 3, 2)).experience
    assert before.level is Experience.INEXPERIENCED
    assert "1 of 2 closely supervised courses" in before.reason
    assert on_the_day.level is Experience.EXPERIENCED
    assert on_the_day.experienced_on == date(2025, 3, 2)


def test_courses_finished_before_training_ends_wait_for_the_training() -> None:
    records = teacher(course("a", date(2024, 2, 5)), course("b", date(2024, 5, 6)))
    assert evaluate(records, GPG, date(2024, 12, 30)).experience.level is Experience.INEXPERIENCED
    status = evaluate(records, GPG, date(2024, 12, 31)).experience
    assert status.level is Experience.EXPERIENCED
    assert status.experienced_on == date(2024, 12, 31)
    assert status.trained_on == date(2024, 12, 31)


def test_courses_not_closely_supervised_do_not_make_a_teacher_experienced() -> None:
    records = teacher(
        course("a", date(2025, 1, 6), supervised=False),
        course("b", date(2025, 4, 7), supervised=False),
        course("c", date(2025, 9, 1)),
    )
    status = evaluate(records, GPG, date(2026, 1, 1)).experience
    assert status.level is Experience.INEXPERIENCED
    assert "1 of 2" in status.reason


def test_without_training_a_teacher_stays_inexperienced() -> None:
    records = teacher(course("a", date(2025, 1, 6)), course("b", date(2025, 4, 7)), trained=False)
    status = evaluate(records, GPG, date(2026, 1, 1)).experience
    assert status.level is Experience.INEXPERIENCED
    assert "no teacher training recorded" in status.reason


def test_training_in_progress_is_named_with_its_end_date() -> None:
    status = evaluate(teacher(), GPG, date(2024, 6, 1)).experience
    assert "teacher training ends 31 December 2024" in status.reason


def test_active_means_a_course_overlapping_the_last_12_months() -> None:
    records = teacher(course("a", date(2025, 1, 6)))  # last day 2 March 2025
    assert evaluate(records, GPG, date(2026, 3, 1)).activity.level is Activity.ACTIVE
    inactive = evaluate(records, GPG, date(2026, 3, 2)).activity
    assert inactive.level is Activity.INACTIVE
    assert inactive.last_taught == date(2025, 3, 2)
    assert "the last ended 2 March 2025" in inactive.reason


def test_a_course_that_has_started_makes_the_teacher_active() -> None:
    records = teacher(course("a", date(2026, 3, 3)))
    assert evaluate(records, GPG, date(2026, 3, 2)).activity.level is Activity.INACTIVE
    active = evaluate(records, GPG, date(2026, 3, 3)).activity
    assert active.level is Activity.ACTIVE
    assert active.last_taught == date(2026, 3, 3)


def test_mid_window_change_judges_early_courses_per_course_and_later_months_monthly() -> None:
    # Two closely supervised courses make the teacher experienced on 2 March 2025; a third
    # course starts after that and is judged month by month.
    records = teacher(
        course("a", date(2024, 9, 2)),  # to 27 October 2024
        course("b", date(2025, 1, 6)),  # to 2 March 2025
        course("c", date(2025, 4, 7)),  # to 1 June 2025
        supervision=(
            SupervisionSession("s-a", date(2024, 9, 20), 180, SupervisionFormat.ONE_TO_ONE),
            SupervisionSession("s-b", date(2025, 2, 1), 60, SupervisionFormat.ONE_TO_ONE),
            SupervisionSession("s-apr", date(2025, 4, 20), 60, SupervisionFormat.ONE_TO_ONE),
            SupervisionSession("s-jun", date(2025, 6, 1), 60, SupervisionFormat.ONE_TO_ONE),
        ),
    )
    result = evaluate(records, GPG, date(2025, 7, 1))
    assert result.experience.experienced_on == date(2025, 3, 2)
    per_course = result.check("supervision-per-course")
    assert [detail.label for detail in per_course.details] == [
        "the MBCT course starting 2 September 2024",
        "the MBCT course starting 6 January 2025",
    ]
    assert per_course.status.value == "not_met"
    assert "1 h of supervision for the MBCT course starting 6 January 2025; 3 h needed" in (
        per_course.reason
    )
    monthly = result.check("supervision-monthly")
    assert [detail.label for detail in monthly.details] == ["April 2025", "May 2025", "June 2025"]
    assert [detail.status.value for detail in monthly.details] == ["met", "not_met", "met"]
    assert "May 2025" in monthly.reason


def test_a_course_starting_on_the_day_the_teacher_becomes_experienced_is_judged_monthly() -> None:
    records = teacher(
        course("a", date(2024, 9, 2)),
        course("b", date(2025, 1, 6)),  # last day 2 March 2025: experienced from then
        course("same-day", date(2025, 3, 2), supervised=False),
        course("day-before", date(2025, 3, 1), supervised=False),
    )
    result = evaluate(records, GPG, date(2025, 3, 20))
    per_course = [detail.label for detail in result.check("supervision-per-course").details]
    assert "the MBCT course starting 1 March 2025" in per_course
    assert "the MBCT course starting 2 March 2025" not in per_course
    assert result.check("supervision-monthly").details[0].label == "March 2025"
