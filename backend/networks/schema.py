"""A network file's own tables (beside the core ones), and the networks index in
accounts.db (which teams are in or invited to which networks), each its own set."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("networks")
accounts_migrations = Migrations("networks_index")


@migrations(name="0001_network_teams")
def m0001_network_teams(db: Database) -> None:
    db.execute(
        """CREATE TABLE network_teams (
            team_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('invited', 'member', 'left', 'declined')),
            invited_by TEXT NOT NULL,
            invited_at TEXT NOT NULL,
            joined_at TEXT,
            left_at TEXT,
            share_snapshot INTEGER NOT NULL DEFAULT 0,
            named INTEGER NOT NULL DEFAULT 0,
            snapshot TEXT,
            snapshot_at TEXT
        )"""
    )


@migrations(name="0002_resources")
def m0002_resources(db: Database) -> None:
    for sql in (
        """CREATE TABLE resources (
            id TEXT PRIMARY KEY,
            team_id TEXT NOT NULL,
            title TEXT NOT NULL,
            summary TEXT NOT NULL,
            url TEXT NOT NULL DEFAULT '',
            file_sha TEXT NOT NULL DEFAULT '',
            file_name TEXT NOT NULL DEFAULT '',
            file_type TEXT NOT NULL DEFAULT '',
            file_size INTEGER NOT NULL DEFAULT 0,
            characteristic TEXT NOT NULL DEFAULT '',
            stage TEXT NOT NULL DEFAULT '',
            theme TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL,
            published_by TEXT NOT NULL,
            published_at TEXT NOT NULL,
            removed_at TEXT
        )""",
        "CREATE INDEX resources_by_tag ON resources (characteristic, stage)",
        # The search index follows the table through triggers, so it is never part of
        # the change log: a phone pulls the rows and searches its own copy.
        """CREATE VIRTUAL TABLE resources_fts USING fts5(
            title, summary, theme, content='resources', content_rowid='rowid'
        )""",
        """CREATE TRIGGER resources_ai AFTER INSERT ON resources BEGIN
            INSERT INTO resources_fts (rowid, title, summary, theme)
            VALUES (new.rowid, new.title, new.summary, new.theme);
        END""",
        """CREATE TRIGGER resources_ad AFTER DELETE ON resources BEGIN
            INSERT INTO resources_fts (resources_fts, rowid, title, summary, theme)
            VALUES ('delete', old.rowid, old.title, old.summary, old.theme);
        END""",
        """CREATE TRIGGER resources_au AFTER UPDATE ON resources BEGIN
            INSERT INTO resources_fts (resources_fts, rowid, title, summary, theme)
            VALUES ('delete', old.rowid, old.title, old.summary, old.theme);
            INSERT INTO resources_fts (rowid, title, summary, theme)
            VALUES (new.rowid, new.title, new.summary, new.theme);
        END""",
    ):
        db.execute(sql)


@accounts_migrations(name="0001_network_index")
def a0001_network_index(db: Database) -> None:
    for sql in (
        """CREATE TABLE networks (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE network_links (
            network_id TEXT NOT NULL,
            team_id TEXT NOT NULL,
            status TEXT NOT NULL,
            PRIMARY KEY (network_id, team_id)
        )""",
        "CREATE INDEX network_links_by_team ON network_links (team_id, status)",
        """CREATE TABLE network_leads (
            network_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            PRIMARY KEY (network_id, user_id)
        )""",
        "CREATE INDEX network_leads_by_user ON network_leads (user_id)",
    ):
        db.execute(sql)


@migrations(name="0003_cases_and_questions")
def m0003_cases_and_questions(db: Database) -> None:
    for sql in (
        """CREATE TABLE case_examples (
            id TEXT PRIMARY KEY,
            team_id TEXT NOT NULL,
            title TEXT NOT NULL,
            context TEXT NOT NULL DEFAULT '',
            what_we_did TEXT NOT NULL DEFAULT '',
            what_helped TEXT NOT NULL DEFAULT '',
            what_got_in_the_way TEXT NOT NULL DEFAULT '',
            pivot_points TEXT NOT NULL DEFAULT '',
            advice TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ('draft', 'shared')),
            author_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            shared_at TEXT
        )""",
        """CREATE TABLE questions (
            id TEXT PRIMARY KEY,
            team_id TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            characteristic TEXT NOT NULL DEFAULT '',
            stage TEXT NOT NULL DEFAULT '',
            asked_by TEXT NOT NULL,
            asker_name TEXT NOT NULL,
            asked_at TEXT NOT NULL
        )""",
        """CREATE TABLE replies (
            id TEXT PRIMARY KEY,
            question_id TEXT NOT NULL REFERENCES questions (id),
            team_id TEXT NOT NULL,
            body TEXT NOT NULL,
            by_id TEXT NOT NULL,
            by_name TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
        "CREATE INDEX replies_by_question ON replies (question_id, at)",
    ):
        db.execute(sql)


@migrations(name="0004_adherence_and_history")
def m0004_adherence_and_history(db: Database) -> None:
    for sql in (
        # A team's good-practice counts (per standard, how many of its teachers meet it;
        # never names), shared by its lead's choice, like its journey snapshot.
        "ALTER TABLE network_teams ADD COLUMN share_adherence INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE network_teams ADD COLUMN adherence TEXT",
        "ALTER TABLE network_teams ADD COLUMN adherence_at TEXT",
        # Each shared snapshot, one per team per day at most (`id` is team:day), so the
        # overview can say what changed over the last year.
        """CREATE TABLE snapshot_history (
            id TEXT PRIMARY KEY,
            team_id TEXT NOT NULL,
            day TEXT NOT NULL,
            snapshot TEXT NOT NULL
        )""",
        "CREATE INDEX snapshot_history_by_team ON snapshot_history (team_id, day)",
    ):
        db.execute(sql)


@accounts_migrations(name="0002_memberships_from_team_files")
def a0002_memberships_from_team_files(db: Database) -> None:
    """Rebuild the (person, team, roles) index in accounts.db from the team files, once,
    so the network guard can trust it without opening every team file of the person
    asking (decision 0025). From here the member mutations keep it current."""
    rows = db.execute("PRAGMA database_list").fetchall()
    main = next((r[2] for r in rows if r[1] == "main"), "")
    if main:  # not an in-memory database: the team files are beside it
        rebuild_memberships(db.conn, Path(main).parent / "teams")


def rebuild_memberships(conn: sqlite3.Connection, teams_dir: Path) -> int:
    """Make `memberships` say what the team files say (active members, people and teams
    known to accounts.db); the caller commits. Also `mbp reindex`. Returns the rows."""
    if not teams_dir.is_dir():
        return 0
    users = {r[0] for r in conn.execute("SELECT id FROM users").fetchall()}
    teams = {r[0] for r in conn.execute("SELECT id FROM teams").fetchall()}
    written = 0
    for path in sorted(teams_dir.glob("*.db")):
        team_id = path.stem
        if team_id not in teams:
            continue
        try:
            with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as team:
                members = team.execute(
                    "SELECT user_id, roles FROM members WHERE left_at IS NULL"
                ).fetchall()
        except sqlite3.DatabaseError:
            continue  # a damaged file keeps what the index says; the health check names it
        conn.execute("DELETE FROM memberships WHERE team_id = ?", [team_id])
        for user_id, roles in members:
            if user_id in users:
                conn.execute(
                    "INSERT INTO memberships (user_id, team_id, roles) VALUES (?, ?, ?)",
                    [user_id, team_id, " ".join(sorted(str(roles).split()))],
                )
                written += 1
    return written
