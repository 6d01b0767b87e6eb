"""A course dated later is planned: shown as such and counted towards nothing until the
day it starts (as of uk_today() on the pages, as of the evaluation date in the engine)."""

from datetime import date

from backend.adherence import (
    CourseTaught,
    Role,
    Status,
    TeacherRecords,
    TeacherTraining,
    TrainingPathway,
    evaluate,
    load_profiles,
    view,
)
from backend.adherence.queries import Record
from backend.adherence.rules import kinds as k
from backend.dates import today_fixed_at

GPG = load_profiles()["gpg"]
TRAINING = TeacherTraining("t1", "Exeter", date(2020, 1, 1), date(2020, 12, 31), 130)
PLANNED = CourseTaught("p", "MBCT", date(2026, 3, 2), 8, Role.LEAD)


def evaluation(as_of: date):
    records = TeacherRecords("t", TrainingPathway(trainings=(TRAINING,)), courses=(PLANNED,))
    return evaluate(records, GPG, as_of, 30)


def test_a_planned_course_counts_for_nothing_before_it_starts() -> None:
    before = evaluation(date(2026, 3, 1))
    assert before.activity.level.value == "inactive"
    assert before.check("supervision-per-course").status is Status.NOT_APPLICABLE


def test_it_counts_from_the_day_it_starts() -> None:
    on_the_day = evaluation(date(2026, 3, 2))
    assert on_the_day.activity.level.value == "active"
    assert on_the_day.check("supervision-per-course").status is not Status.NOT_APPLICABLE


def course_record(start: str) -> Record:
    values = {
        "programme": "MBCT",
        "start_date": start,
        "sessions": 8,
        "role": "lead",
        "work": "teaching",
    }
    return Record("c", "t", values, "t", "2026-01-01T00:00:00Z", None, None, None, None)


def test_the_record_line_says_planned_until_the_start_date() -> None:
    with today_fixed_at(date(2026, 2, 28)):
        line = view.describe(k.COURSE, course_record("2026-03-01"))
    assert line == "MBCT, 8 weeks, lead teacher, planned: counts from 1 March 2026"
    with today_fixed_at(date(2026, 3, 1)):
        assert view.describe(k.COURSE, course_record("2026-03-01")) == (
            "MBCT, 8 weeks, lead teacher"
        )


def test_a_period_of_training_reads_as_such() -> None:
    record = course_record("2026-01-05")
    record.values["work"] = "training"
    with today_fixed_at(date(2026, 3, 1)):
        assert view.describe(k.COURSE, record) == "Training teachers: MBCT, 8 weeks"
