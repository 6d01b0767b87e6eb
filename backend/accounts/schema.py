"""accounts.db: people, sessions, and indexes that say which team file to open.

Team membership itself lives in each team's own file (its `members` table);
`memberships` and `invite_tokens` here are indexes kept in step by the team
mutations, so the team switcher and invite links work without opening every file.
`calendar_tokens` is the same kind of index, kept by the adherence calendar-link
mutations, so a calendar subscription opens only its own team file.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("accounts")


@migrations(name="0001_accounts")
def m0001_accounts(db: Database) -> None:
    for sql in (
        """CREATE TABLE users (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            disabled_at TEXT
        )""",
        """CREATE TABLE teams (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_by TEXT REFERENCES users (id),
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE memberships (
            user_id TEXT NOT NULL REFERENCES users (id),
            team_id TEXT NOT NULL REFERENCES teams (id),
            roles TEXT NOT NULL,
            PRIMARY KEY (user_id, team_id)
        )""",
        "CREATE INDEX memberships_by_team ON memberships (team_id)",
        """CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id),
            team_id TEXT,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            device TEXT NOT NULL
        )""",
        "CREATE INDEX sessions_by_user ON sessions (user_id)",
        """CREATE TABLE invite_tokens (
            token_hash TEXT PRIMARY KEY,
            team_id TEXT NOT NULL REFERENCES teams (id),
            invite_id TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )""",
        """CREATE TABLE account_events (
            id INTEGER PRIMARY KEY,
            user_id TEXT,
            email TEXT NOT NULL,
            kind TEXT NOT NULL,
            at TEXT NOT NULL,
            device TEXT NOT NULL
        )""",
        "CREATE INDEX account_events_by_email ON account_events (email, kind, at)",
    ):
        db.execute(sql)


@migrations(name="0002_last_team_and_team_creations")
def m0002_last_team_and_team_creations(db: Database) -> None:
    """The team a person used last (kept across sign-outs), and which form made which
    team, so submitting "Create team" twice makes one team."""
    db.execute("ALTER TABLE users ADD COLUMN last_team_id TEXT")
    db.execute(
        """CREATE TABLE team_creations (
            mutation_id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id),
            team_id TEXT,
            created_at TEXT NOT NULL
        )"""
    )


@migrations(name="0003_calendar_tokens")
def m0003_calendar_tokens(db: Database) -> None:
    """Which team and person a secret calendar link belongs to (its sha256 only), so the
    public feed opens one team file. Kept in step by the adherence calendar mutations."""
    db.execute(
        """CREATE TABLE calendar_tokens (
            token_hash TEXT PRIMARY KEY,
            team_id TEXT NOT NULL REFERENCES teams (id),
            user_id TEXT NOT NULL REFERENCES users (id),
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX calendar_tokens_by_person ON calendar_tokens (team_id, user_id)")


@migrations(name="0004_server_admin_and_setup")
def m0004_server_admin_and_setup(db: Database) -> None:
    """Server admins (the first account, made from the one-time set-up link, is one),
    the set-up links themselves (sha256 only; gone once the first account exists), and
    server-wide settings such as who may create teams."""
    db.execute("ALTER TABLE users ADD COLUMN server_admin INTEGER NOT NULL DEFAULT 0")
    db.execute("CREATE TABLE setup_tokens (token_hash TEXT PRIMARY KEY, created_at TEXT NOT NULL)")
    db.execute("CREATE TABLE server_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
