"""Migration 0008 keeps existing courses valid: each stays a course taught (teaching)."""

from pathlib import Path

from sqlite_utils import Database

from backend.adherence.schema import m0001_records, m0008_course_work


def test_existing_courses_are_teaching(tmp_path: Path) -> None:
    db = Database(tmp_path / "team.sqlite3")
    m0001_records(db)
    db.execute(
        "INSERT INTO courses_taught (id, programme, start_date, sessions, role,"
        " teacher_id, created_by, created_at)"
        " VALUES ('c', 'MBCT', '2025-01-06', 8, 'lead', 't', 't', '2025-01-01T00:00:00Z')"
    )
    m0008_course_work(db)
    assert db.execute("SELECT work FROM courses_taught").fetchone() == ("teaching",)
