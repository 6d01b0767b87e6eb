"""Server-wide queries on accounts.db: the first-run set-up link, server admins, every
account and team, disabling accounts and who may create teams."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from backend.accounts.queries import User, insert_user, new_token, now, token_hash
from backend.db.connection import immediate, one, scalar

TEAM_CREATION = ("anyone", "admins", "domains")


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    email: str
    name: str
    created_at: str
    disabled_at: str | None
    server_admin: bool
    teams: int


@dataclass(frozen=True, slots=True)
class TeamEntry:
    id: str
    name: str
    created_at: str
    members: int


@dataclass(frozen=True, slots=True)
class TeamCreation:
    who: str
    domains: tuple[str, ...]

    def allows(self, email: str, server_admin: bool) -> bool:
        if server_admin or self.who == "anyone":
            return True
        domain = email.rsplit("@", 1)[-1].lower()
        return self.who == "domains" and domain in self.domains


def user_count(conn: sqlite3.Connection) -> int:
    count: int = scalar(conn, "SELECT count(*) FROM users")
    return count


def new_setup_token(conn: sqlite3.Connection) -> str:
    """A one-time set-up link's token (kept hashed); valid until the first account exists."""
    token = new_token()
    with immediate(conn):
        conn.execute(
            "INSERT INTO setup_tokens (token_hash, created_at) VALUES (?, ?)",
            [token_hash(token), now().isoformat()],
        )
    return token


def setup_token_valid(conn: sqlite3.Connection, token: str) -> bool:
    if not 20 < len(token) < 100:
        return False
    row = one(conn, "SELECT 1 FROM setup_tokens WHERE token_hash = ?", [token_hash(token)])
    return row is not None


def complete_setup(
    conn: sqlite3.Connection, token: str, email: str, name: str, password_hash: str
) -> User | None:
    """The first account, a server admin; None if the link was used meanwhile."""
    with immediate(conn):
        found = one(conn, "SELECT 1 FROM setup_tokens WHERE token_hash = ?", [token_hash(token)])
        if found is None:
            return None
        conn.execute("DELETE FROM setup_tokens")
        user = insert_user(conn, email, name, password_hash)
        conn.execute("UPDATE users SET server_admin = 1 WHERE id = ?", [user.id])
    return user


def is_admin(conn: sqlite3.Connection, user_id: str) -> bool:
    value = scalar(
        conn,
        "SELECT server_admin FROM users WHERE id = ? AND disabled_at IS NULL",
        [user_id],
    )
    return bool(value)


def make_admin(conn: sqlite3.Connection, user_id: str) -> None:
    with immediate(conn):
        conn.execute("UPDATE users SET server_admin = 1 WHERE id = ?", [user_id])


def accounts(conn: sqlite3.Connection) -> list[Account]:
    rows = conn.execute(
        "SELECT u.id, u.email, u.name, u.created_at, u.disabled_at, u.server_admin,"
        " (SELECT count(*) FROM memberships m WHERE m.user_id = u.id) AS teams"
        " FROM users u ORDER BY u.name COLLATE NOCASE, u.email"
    ).fetchall()
    return [
        Account(
            r["id"],
            r["email"],
            r["name"],
            r["created_at"],
            r["disabled_at"],
            bool(r["server_admin"]),
            r["teams"],
        )
        for r in rows
    ]


def account(conn: sqlite3.Connection, user_id: str) -> Account | None:
    return next((a for a in accounts(conn) if a.id == user_id), None)


def teams(conn: sqlite3.Connection) -> list[TeamEntry]:
    rows = conn.execute(
        "SELECT t.id, t.name, t.created_at,"
        " (SELECT count(*) FROM memberships m WHERE m.team_id = t.id) AS members"
        " FROM teams t ORDER BY t.name COLLATE NOCASE"
    ).fetchall()
    return [TeamEntry(r["id"], r["name"], r["created_at"], r["members"]) for r in rows]


def set_disabled(conn: sqlite3.Connection, user_id: str, disabled: bool) -> None:
    """Disable an account (every session ends at once) or enable it again."""
    with immediate(conn):
        conn.execute(
            "UPDATE users SET disabled_at = ? WHERE id = ?",
            [now().isoformat() if disabled else None, user_id],
        )
        if disabled:
            conn.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])


def team_creation(conn: sqlite3.Connection) -> TeamCreation:
    rows = dict(conn.execute("SELECT key, value FROM server_settings").fetchall())
    who = rows.get("team_creation", "anyone")
    domains = tuple(d for d in rows.get("team_creation_domains", "").split() if d)
    return TeamCreation(who if who in TEAM_CREATION else "anyone", domains)


def set_team_creation(conn: sqlite3.Connection, who: str, domains: tuple[str, ...]) -> None:
    with immediate(conn):
        for key, value in (("team_creation", who), ("team_creation_domains", " ".join(domains))):
            conn.execute(
                "INSERT INTO server_settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
