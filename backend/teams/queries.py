"""Named reads of a team store for the team pages."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from backend.db.connection import one, scalar


@dataclass(frozen=True, slots=True)
class Member:
    user_id: str
    name: str
    email: str
    roles: tuple[str, ...]
    joined_at: str


@dataclass(frozen=True, slots=True)
class Invite:
    id: str
    email: str
    roles: tuple[str, ...]
    created_at: str
    expires_at: str
    status: str

    @property
    def expired(self) -> bool:
        return datetime.fromisoformat(self.expires_at) < datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    version: int
    name: str
    summary: str
    actor_id: str
    actor_name: str
    client_id: str
    device: str
    at: str
    client_at: str | None


def version(conn: sqlite3.Connection) -> int:
    return int(scalar(conn, "SELECT version FROM team"))


def _member(row: sqlite3.Row) -> Member:
    return Member(
        row["user_id"], row["name"], row["email"], tuple(row["roles"].split()), row["joined_at"]
    )


def members(conn: sqlite3.Connection) -> list[Member]:
    rows = conn.execute(
        "SELECT user_id, name, email, roles, joined_at FROM members WHERE left_at IS NULL"
        " ORDER BY name COLLATE NOCASE"
    ).fetchall()
    return [_member(r) for r in rows]


def member(conn: sqlite3.Connection, user_id: str) -> Member | None:
    row = one(
        conn,
        "SELECT user_id, name, email, roles, joined_at FROM members"
        " WHERE user_id = ? AND left_at IS NULL",
        [user_id],
    )
    return None if row is None else _member(row)


def _invite(row: sqlite3.Row) -> Invite:
    return Invite(
        row["id"],
        row["email"],
        tuple(row["roles"].split()),
        row["created_at"],
        row["expires_at"],
        row["status"],
    )


def pending_invites(conn: sqlite3.Connection) -> list[Invite]:
    rows = conn.execute(
        "SELECT * FROM invites WHERE status = 'pending' ORDER BY created_at DESC"
    ).fetchall()
    return [_invite(r) for r in rows]


def invite(conn: sqlite3.Connection, invite_id: str) -> Invite | None:
    row = one(conn, "SELECT * FROM invites WHERE id = ?", [invite_id])
    return None if row is None else _invite(row)


def _audit(row: sqlite3.Row) -> AuditEntry:
    return AuditEntry(
        row["id"],
        row["version"],
        row["name"],
        row["summary"],
        row["actor_id"],
        row["actor_name"],
        row["client_id"],
        row["device"],
        row["at"],
        row["client_at"],
    )


# A change is private when any row it wrote is `visible_to` one person (a teacher's
# practice records and profile, a draft review answer): the same rows sync pull keeps
# from everyone else. Each applied mutation has its own team version.
_SEEN_BY = (
    "SELECT a.* FROM audit a WHERE ? OR a.actor_id = ? OR NOT EXISTS ("
    " SELECT 1 FROM changes c WHERE c.version = a.version AND c.mutation_id = a.mutation_id"
    " AND c.visible_to IS NOT NULL AND c.visible_to != ?)"
    " ORDER BY a.id DESC LIMIT ?"
)


def recent_activity(
    conn: sqlite3.Connection, viewer_id: str, *, everything: bool = False, limit: int = 8
) -> list[AuditEntry]:
    """The latest changes this person may hear of on the team home. A change private to
    someone else is left out (not even "Sam recorded a CPD activity"), unless this person
    made it; `everything` (for leads, who read the whole audit trail anyway) keeps all."""
    rows = conn.execute(_SEEN_BY, [everything, viewer_id, viewer_id, limit]).fetchall()
    return [_audit(r) for r in rows]


def audit_page(
    conn: sqlite3.Connection, page: int, per_page: int, actor_id: str | None = None
) -> tuple[list[AuditEntry], int]:
    where, params = ("WHERE actor_id = ?", [actor_id]) if actor_id else ("", [])
    total = int(scalar(conn, f"SELECT count(*) FROM audit {where}", params))
    rows = conn.execute(
        f"SELECT * FROM audit {where} ORDER BY id DESC LIMIT ? OFFSET ?",
        [*params, per_page, (page - 1) * per_page],
    ).fetchall()
    return [_audit(r) for r in rows], total


def open_conflicts(conn: sqlite3.Connection, user_id: str) -> int:
    return int(
        scalar(
            conn,
            "SELECT count(*) FROM conflicts WHERE status = 'open' AND user_id = ?",
            [user_id],
        )
    )
