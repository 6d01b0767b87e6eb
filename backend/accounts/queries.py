"""Named queries on accounts.db. Writes take the writer connection, inside a transaction."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from backend.db.connection import bookkeeping, immediate, one, scalar

SEEN_REFRESH = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class User:
    id: str
    email: str
    name: str


@dataclass(frozen=True, slots=True)
class Session:
    user: User
    token_hash: str
    team_id: str | None
    expires_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True, slots=True)
class TeamLink:
    id: str
    name: str
    roles: frozenset[str]


def now() -> datetime:
    return datetime.now(UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _user(row: sqlite3.Row) -> User:
    return User(row["id"], row["email"], row["name"])


def user_by_email(conn: sqlite3.Connection, email: str) -> tuple[User, str] | None:
    row = one(
        conn,
        "SELECT id, email, name, password_hash FROM users WHERE email = ? AND disabled_at IS NULL",
        [email.strip()],
    )
    return None if row is None else (_user(row), row["password_hash"])


def user_by_id(conn: sqlite3.Connection, user_id: str) -> User | None:
    row = one(conn, "SELECT id, email, name FROM users WHERE id = ?", [user_id])
    return None if row is None else _user(row)


def password_hash_of(conn: sqlite3.Connection, user_id: str) -> str | None:
    value: str | None = scalar(conn, "SELECT password_hash FROM users WHERE id = ?", [user_id])
    return value


def insert_user(conn: sqlite3.Connection, email: str, name: str, password_hash: str) -> User:
    user = User(str(uuid.uuid4()), email.strip(), name)
    conn.execute(
        "INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
        [user.id, user.email, user.name, password_hash, now().isoformat()],
    )
    return user


def delete_user(conn: sqlite3.Connection, user_id: str) -> None:
    """Undo an account made a moment ago for an invitation that then failed."""
    with immediate(conn):
        conn.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])
        conn.execute("DELETE FROM account_events WHERE user_id = ?", [user_id])
        conn.execute("DELETE FROM users WHERE id = ?", [user_id])


def update_user(conn: sqlite3.Connection, user_id: str, *, name: str) -> None:
    with immediate(conn):
        conn.execute("UPDATE users SET name = ? WHERE id = ?", [name, user_id])


def set_password(conn: sqlite3.Connection, user_id: str, password_hash: str, keep: str) -> None:
    """Change a password and end every other session of that person."""
    with immediate(conn):
        conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", [password_hash, user_id])
        conn.execute("DELETE FROM sessions WHERE user_id = ? AND token_hash != ?", [user_id, keep])


def start_session(
    conn: sqlite3.Connection, user_id: str, device: str, days: int, team_id: str | None
) -> str:
    """A new session; it opens on the given team, else the team this person used last."""
    token = new_token()
    start = now()
    with immediate(conn):
        team_id = team_id or scalar(conn, "SELECT last_team_id FROM users WHERE id = ?", [user_id])
        conn.execute(
            "INSERT INTO sessions (token_hash, user_id, team_id, created_at, expires_at,"
            " last_seen_at, device) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                token_hash(token),
                user_id,
                team_id,
                start.isoformat(),
                (start + timedelta(days=days)).isoformat(),
                start.isoformat(),
                device[:200],
            ],
        )
        conn.execute("DELETE FROM sessions WHERE expires_at < ?", [start.isoformat()])
    return token


def session_for(conn: sqlite3.Connection, token: str) -> Session | None:
    row = one(
        conn,
        "SELECT s.token_hash, s.team_id, s.expires_at, s.last_seen_at, u.id, u.email, u.name"
        " FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = ? AND u.disabled_at IS NULL",
        [token_hash(token)],
    )
    if row is None:
        return None
    expires = datetime.fromisoformat(row["expires_at"])
    if expires <= now():
        return None
    return Session(
        _user(row),
        row["token_hash"],
        row["team_id"],
        expires,
        datetime.fromisoformat(row["last_seen_at"]),
    )


def touch_session(
    conn: sqlite3.Connection, session: Session, days: int, team_id: str | None
) -> None:
    """Slide the expiry and remember the current team; at most every few minutes."""
    moment = now()
    if moment - session.last_seen_at < SEEN_REFRESH and team_id == session.team_id:
        return
    with bookkeeping(conn):
        conn.execute(
            "UPDATE sessions SET last_seen_at = ?, expires_at = ?, team_id = ?"
            " WHERE token_hash = ?",
            [
                moment.isoformat(),
                (moment + timedelta(days=days)).isoformat(),
                team_id,
                session.token_hash,
            ],
        )
        if team_id is not None and team_id != session.team_id:
            conn.execute(
                "UPDATE users SET last_team_id = ? WHERE id = ?", [team_id, session.user.id]
            )


class TooManyTeams(Exception):
    """This account made TEAMS_PER_DAY teams in the last day already."""


TEAMS_PER_DAY = 5


def claim_team_creation(conn: sqlite3.Connection, mutation_id: str, user_id: str) -> str | None:
    """Claim a "Create team" form's id. None: this call makes the team. Otherwise the
    team an earlier submission of the same form made ("" while it is being made).
    TooManyTeams past the daily limit (counted in the same transaction)."""
    with immediate(conn):
        row = one(
            conn, "SELECT user_id, team_id FROM team_creations WHERE mutation_id = ?", [mutation_id]
        )
        if row is not None:
            return str(row["team_id"] or "") if row["user_id"] == user_id else ""
        made = scalar(
            conn,
            "SELECT count(*) FROM team_creations WHERE user_id = ? AND created_at > ?",
            [user_id, (now() - timedelta(days=1)).isoformat()],
        )
        if made >= TEAMS_PER_DAY:
            raise TooManyTeams()
        conn.execute(
            "INSERT INTO team_creations (mutation_id, user_id, created_at) VALUES (?, ?, ?)",
            [mutation_id, user_id, now().isoformat()],
        )
    return None


def record_team_creation(conn: sqlite3.Connection, mutation_id: str, team_id: str | None) -> None:
    with immediate(conn):
        if team_id is None:
            conn.execute("DELETE FROM team_creations WHERE mutation_id = ?", [mutation_id])
        else:
            conn.execute(
                "UPDATE team_creations SET team_id = ? WHERE mutation_id = ?",
                [team_id, mutation_id],
            )


def end_session(conn: sqlite3.Connection, token: str) -> None:
    with immediate(conn):
        conn.execute("DELETE FROM sessions WHERE token_hash = ?", [token_hash(token)])


def record_event(
    conn: sqlite3.Connection, email: str, kind: str, device: str, user_id: str | None = None
) -> None:
    with immediate(conn):
        conn.execute(
            "INSERT INTO account_events (user_id, email, kind, at, device) VALUES (?, ?, ?, ?, ?)",
            [user_id, email.strip().lower()[:254], kind, now().isoformat(), device[:200]],
        )


def teams_of(conn: sqlite3.Connection, user_id: str) -> list[TeamLink]:
    rows = conn.execute(
        "SELECT t.id, t.name, m.roles FROM memberships m JOIN teams t ON t.id = m.team_id"
        " WHERE m.user_id = ? ORDER BY t.name COLLATE NOCASE",
        [user_id],
    ).fetchall()
    return [TeamLink(r["id"], r["name"], frozenset(r["roles"].split())) for r in rows]


def register_team(conn: sqlite3.Connection, team_id: str, name: str, user_id: str) -> None:
    conn.execute(
        "INSERT INTO teams (id, name, created_by, created_at) VALUES (?, ?, ?, ?)",
        [team_id, name, user_id, now().isoformat()],
    )


def rename_team(conn: sqlite3.Connection, team_id: str, name: str) -> None:
    conn.execute("UPDATE teams SET name = ? WHERE id = ?", [name, team_id])


def index_membership(
    conn: sqlite3.Connection, user_id: str, team_id: str, roles: frozenset[str] | None
) -> None:
    """Keep the user -> team index in step with the team file (roles None: removed)."""
    if roles is None:
        conn.execute(
            "DELETE FROM memberships WHERE user_id = ? AND team_id = ?", [user_id, team_id]
        )
        return
    conn.execute(
        "INSERT INTO memberships (user_id, team_id, roles) VALUES (?, ?, ?)"
        " ON CONFLICT (user_id, team_id) DO UPDATE SET roles = excluded.roles",
        [user_id, team_id, " ".join(sorted(roles))],
    )


def index_invite(
    conn: sqlite3.Connection, token_hash_: str, team_id: str, invite_id: str, expires_at: str
) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO invite_tokens (token_hash, team_id, invite_id, expires_at)"
        " VALUES (?, ?, ?, ?)",
        [token_hash_, team_id, invite_id, expires_at],
    )


def invite_by_token(conn: sqlite3.Connection, token: str) -> tuple[str, str] | None:
    row = one(
        conn,
        "SELECT team_id, invite_id FROM invite_tokens WHERE token_hash = ?",
        [token_hash(token)],
    )
    return None if row is None else (row["team_id"], row["invite_id"])


def index_calendar_token(
    conn: sqlite3.Connection, team_id: str, user_id: str, token_hash_: str | None
) -> None:
    """Keep the calendar-link index in step with the team file: a person has at most one
    link per team (token_hash None: they stopped it)."""
    conn.execute(
        "DELETE FROM calendar_tokens WHERE team_id = ? AND user_id = ?", [team_id, user_id]
    )
    if token_hash_ is not None:
        conn.execute(
            "INSERT OR IGNORE INTO calendar_tokens (token_hash, team_id, user_id, created_at)"
            " VALUES (?, ?, ?, ?)",
            [token_hash_, team_id, user_id, now().isoformat()],
        )


def calendar_token(conn: sqlite3.Connection, token: str) -> tuple[str, str] | None:
    """The team and person a calendar link's token belongs to (None: unknown or stopped)."""
    row = one(
        conn,
        "SELECT c.team_id, c.user_id FROM calendar_tokens c JOIN users u ON u.id = c.user_id"
        " WHERE c.token_hash = ? AND u.disabled_at IS NULL",
        [token_hash(token)],
    )
    return None if row is None else (row["team_id"], row["user_id"])
