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


@migrations(name="0005_mail_outbox_and_password_resets")
def m0005_mail_outbox_and_password_resets(db: Database) -> None:
    """Mail waiting to be sent (queued in the same transaction as the change that causes
    it; a background sender claims, sends and marks each), and password-reset links
    (sha256 only; single use, an hour long)."""
    db.execute(
        """CREATE TABLE mail_outbox (
            id INTEGER PRIMARY KEY,
            message_id TEXT NOT NULL UNIQUE,
            dedupe_key TEXT UNIQUE,
            kind TEXT NOT NULL,
            to_address TEXT NOT NULL,
            subject TEXT NOT NULL,
            text_body TEXT NOT NULL,
            html_body TEXT NOT NULL,
            link TEXT NOT NULL,
            created_at TEXT NOT NULL,
            next_attempt_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            claimed_until TEXT,
            sent_at TEXT,
            failed_at TEXT,
            last_error TEXT
        )"""
    )
    db.execute(
        "CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at)"
        " WHERE sent_at IS NULL AND failed_at IS NULL"
    )
    db.execute(
        """CREATE TABLE password_resets (
            token_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT
        )"""
    )
    db.execute("CREATE INDEX password_resets_by_user ON password_resets (user_id)")


@migrations(name="0006_account_events_client")
def m0006_account_events_client(db: Database) -> None:
    """The client address of each sign-in attempt, so guessing is slowed per address as
    well as per email."""
    db.execute("ALTER TABLE account_events ADD COLUMN client TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX account_events_by_client ON account_events (client, kind, at)")


@migrations(name="0007_signup_requests")
def m0007_signup_requests(db: Database) -> None:
    """Self sign-up (only for MBP_SIGNUP_DOMAINS): an address confirmed by a link sent to
    it (sha256 only; single use, a day long) before its account is made."""
    db.execute(
        """CREATE TABLE signup_requests (
            token_hash TEXT PRIMARY KEY,
            email TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT
        )"""
    )
    db.execute("CREATE INDEX signup_requests_by_email ON signup_requests (email, created_at)")


@migrations(name="0008_reminders_off")
def m0008_reminders_off(db: Database) -> None:
    """A person who turned the weekly reminder email off."""
    db.execute("ALTER TABLE users ADD COLUMN reminders_off INTEGER NOT NULL DEFAULT 0")


@migrations(name="0009_oidc_states")
def m0009_oidc_states(db: Database) -> None:
    """Single sign-on in progress: the state sent to the provider (sha256 only), with the
    nonce and PKCE verifier it must come back with; used once, within 10 minutes."""
    db.execute(
        """CREATE TABLE oidc_states (
            state_hash TEXT PRIMARY KEY,
            nonce TEXT NOT NULL,
            code_verifier TEXT NOT NULL,
            next TEXT NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )
