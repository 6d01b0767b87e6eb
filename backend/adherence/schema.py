"""Team-store tables owned by the adherence feature: a teacher's records and the team's
choice of standards. Additive only (old offline clients still sync).

Every record table has the same bookkeeping columns: whose record it is (`teacher_id`),
who entered it and when, who signed it off and when, and `deleted_at` (records are
soft-deleted so an audit still finds them). Counts of participants only: no column
ever holds a patient's details.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("adherence")

_BOOKKEEPING = """
    teacher_id TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT,
    verified_by TEXT,
    verified_by_name TEXT,
    verified_at TEXT,
    deleted_at TEXT
"""

_TABLES = {
    "participant_courses": """
        id TEXT PRIMARY KEY,
        date TEXT NOT NULL,
        programme TEXT NOT NULL,""",
    "teacher_trainings": """
        id TEXT PRIMARY KEY,
        organisation TEXT NOT NULL,
        start_date TEXT NOT NULL,
        end_date TEXT NOT NULL,
        hours REAL NOT NULL CHECK (hours >= 0),""",
    "courses_taught": """
        id TEXT PRIMARY KEY,
        programme TEXT NOT NULL,
        start_date TEXT NOT NULL,
        sessions INTEGER NOT NULL CHECK (sessions BETWEEN 1 AND 52),
        role TEXT NOT NULL CHECK (role IN ('lead', 'co_teacher')),
        closely_supervised INTEGER NOT NULL DEFAULT 0,
        co_teacher_seniority TEXT CHECK (co_teacher_seniority IN ('senior', 'peer')),
        participants INTEGER CHECK (participants >= 0),""",
    "supervision_sessions": """
        id TEXT PRIMARY KEY,
        date TEXT NOT NULL,
        minutes INTEGER NOT NULL CHECK (minutes > 0),
        format TEXT NOT NULL CHECK (format IN ('one_to_one', 'group', 'peer')),
        group_size INTEGER,
        supervisor_id TEXT,
        supervisor_name TEXT NOT NULL DEFAULT '',
        course_id TEXT,""",
    "retreats": """
        id TEXT PRIMARY KEY,
        start_date TEXT NOT NULL,
        days REAL NOT NULL CHECK (days > 0),
        teacher_led INTEGER NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('online', 'residential')),
        name TEXT NOT NULL DEFAULT '',""",
    "cpd_activities": """
        id TEXT PRIMARY KEY,
        date TEXT NOT NULL,
        hours REAL NOT NULL CHECK (hours >= 0),
        kind TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        participatory INTEGER NOT NULL,
        credits REAL,
        reflection TEXT NOT NULL DEFAULT '',""",
    "mbi_tac_ratings": """
        id TEXT PRIMARY KEY,
        date TEXT NOT NULL,
        domain TEXT NOT NULL,
        level TEXT NOT NULL,
        rated_by TEXT NOT NULL CHECK (rated_by IN ('self', 'supervisor')),""",
    "annual_declarations": """
        id TEXT PRIMARY KEY,
        date TEXT NOT NULL,
        personal_practice TEXT NOT NULL,
        ethical_framework TEXT NOT NULL,
        supervision_arrangement TEXT NOT NULL,""",
}


@migrations(name="0001_records")
def m0001_records(db: Database) -> None:
    for table, columns in _TABLES.items():
        db.execute(f"CREATE TABLE {table} ({columns}{_BOOKKEEPING})")
        db.execute(f"CREATE INDEX {table}_by_teacher ON {table} (teacher_id)")


@migrations(name="0002_teacher_profiles")
def m0002_teacher_profiles(db: Database) -> None:
    """Per teacher in this team: their usual supervisor and professional background."""
    db.execute(
        """CREATE TABLE teacher_profiles (
            user_id TEXT PRIMARY KEY,
            usual_supervisor_id TEXT,
            usual_supervisor_name TEXT NOT NULL DEFAULT '',
            professional_background TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL
        )"""
    )


@migrations(name="0003_standards")
def m0003_standards(db: Database) -> None:
    """The team's standards profile, its tightened thresholds and the due-soon window."""
    db.execute(
        """CREATE TABLE adherence_settings (
            id TEXT PRIMARY KEY CHECK (id = 'team'),
            profile_id TEXT NOT NULL,
            profile_version INTEGER NOT NULL,
            overrides TEXT NOT NULL DEFAULT '{}',
            due_soon_days INTEGER NOT NULL DEFAULT 30,
            updated_by TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )


@migrations(name="0004_calendar_links")
def m0004_calendar_links(db: Database) -> None:
    """A teacher's secret calendar-subscription links: the sha256 of each token only, never
    the token. One is live per person (revoked_at NULL); stopped ones stay for the audit."""
    db.execute(
        """CREATE TABLE calendar_links (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        )"""
    )
    db.execute("CREATE INDEX calendar_links_by_person ON calendar_links (user_id)")


@migrations(name="0005_private_teacher_profiles")
def m0005_private_teacher_profiles(db: Database) -> None:
    """Profile changes are private to their teacher in sync, like their records: mark the
    ones written before they were, so a device that pulls from the start (a new phone, a
    colleague's) no longer gets them. Devices that pulled them already keep their copy."""
    db.execute(
        "UPDATE changes SET visible_to = entity_id"
        " WHERE entity = 'teacher_profiles' AND visible_to IS NULL"
    )


@migrations(name="0006_record_comments")
def m0006_record_comments(db: Database) -> None:
    """A supervisor's comments on a teacher's records, shown to the teacher."""
    db.execute(
        """CREATE TABLE record_comments (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            teacher_id TEXT NOT NULL,
            author_id TEXT NOT NULL,
            author_name TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX record_comments_by_teacher ON record_comments (teacher_id)")


@migrations(name="0007_group_own_work_and_retreat_silence")
def m0007_group_own_work_and_retreat_silence(db: Database) -> None:
    """Whether a group session discussed the teacher's own work, and whether silence made
    up at least half a retreat's waking time (BAMBA). Existing records default to yes,
    so they count as before."""
    db.execute(
        "ALTER TABLE supervision_sessions ADD COLUMN own_work_discussed INTEGER NOT NULL DEFAULT 1"
    )
    db.execute("ALTER TABLE retreats ADD COLUMN mostly_silent INTEGER NOT NULL DEFAULT 1")


@migrations(name="0008_course_work")
def m0008_course_work(db: Database) -> None:
    """What a period recorded with the courses taught was: teaching (every existing
    record), training or supervising teachers. BAMBA's monthly supervision follows all
    three; only teaching counts as a course taught."""
    db.execute("ALTER TABLE courses_taught ADD COLUMN work TEXT NOT NULL DEFAULT 'teaching'")


@migrations(name="0009_evidence")
def m0009_evidence(db: Database) -> None:
    """Certificates and letters attached to training, retreat and CPD records (decision
    26): one row per attachment, and the bytes once per file (by SHA-256) in the team's
    own file, so a backup, a replica or an export of the file holds them too."""
    db.execute(
        """CREATE TABLE evidence (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            teacher_id TEXT NOT NULL,
            file_name TEXT NOT NULL,
            file_type TEXT NOT NULL CHECK (file_type IN ('pdf', 'png', 'jpeg')),
            size INTEGER NOT NULL CHECK (size > 0),
            sha256 TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX evidence_by_record ON evidence (record_id)")
    db.execute("CREATE INDEX evidence_by_teacher ON evidence (teacher_id)")
    db.execute(
        """CREATE TABLE evidence_files (
            sha256 TEXT PRIMARY KEY,
            content BLOB NOT NULL
        )"""
    )
