"""Migration 0007 keeps existing records valid: they count as before (defaults yes)."""

from pathlib import Path

from sqlite_utils import Database

from backend.adherence.schema import m0001_records, m0007_group_own_work_and_retreat_silence

BOOKS = "'t', 't', '2025-01-01T00:00:00Z'"


def test_existing_sessions_and_retreats_default_to_yes(tmp_path: Path) -> None:
    db = Database(tmp_path / "team.sqlite3")
    m0001_records(db)
    db.execute(
        "INSERT INTO supervision_sessions (id, date, minutes, format, group_size,"
        f" teacher_id, created_by, created_at) VALUES ('s', '2025-01-01', 60, 'group', 3, {BOOKS})"
    )
    db.execute(
        "INSERT INTO retreats (id, start_date, days, teacher_led, mode,"
        f" teacher_id, created_by, created_at) VALUES ('r', '2025-01-01', 5, 1, 'online', {BOOKS})"
    )
    m0007_group_own_work_and_retreat_silence(db)
    assert db.execute("SELECT own_work_discussed FROM supervision_sessions").fetchone() == (1,)
    assert db.execute("SELECT mostly_silent FROM retreats").fetchone() == (1,)
