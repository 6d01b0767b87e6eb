"""Named reads of a team store for the adherence pages: teachers, records, settings."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from backend.adherence.rules.kinds import Kind
from backend.db.connection import one, scalar

TEACHING_ROLES = frozenset({"practitioner"})
RECORD_META = (
    "id",
    "teacher_id",
    "created_by",
    "created_at",
    "updated_at",
    "verified_by",
    "verified_by_name",
    "verified_at",
    "deleted_at",
)


@dataclass(frozen=True, slots=True)
class Person:
    """A team member as the adherence pages see them."""

    user_id: str
    name: str
    email: str
    roles: frozenset[str]
    usual_supervisor_id: str | None = None
    usual_supervisor_name: str = ""
    professional_background: str = ""

    @property
    def teaches(self) -> bool:
        return bool(self.roles & TEACHING_ROLES)

    @property
    def supervises(self) -> bool:
        return "supervisor" in self.roles


@dataclass(frozen=True, slots=True)
class Record:
    """One row of a record table: its own values, and who entered and signed it off."""

    id: str
    teacher_id: str
    values: dict[str, Any]
    created_by: str
    created_at: str
    updated_at: str | None
    verified_by: str | None
    verified_by_name: str | None
    verified_at: str | None

    @property
    def verified(self) -> bool:
        return self.verified_at is not None


@dataclass(frozen=True, slots=True)
class TeamSettings:
    profile_id: str | None = None
    profile_version: int | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    due_soon_days: int = 30
    updated_at: str | None = None


_PEOPLE = (
    "SELECT m.user_id, m.name, m.email, m.roles, p.usual_supervisor_id,"
    " coalesce(p.usual_supervisor_name, '') AS usual_supervisor_name,"
    " coalesce(p.professional_background, '') AS professional_background"
    " FROM members m LEFT JOIN teacher_profiles p ON p.user_id = m.user_id"
    " WHERE m.left_at IS NULL"
)


def _person(row: sqlite3.Row) -> Person:
    return Person(
        row["user_id"],
        row["name"],
        row["email"],
        frozenset(row["roles"].split()),
        row["usual_supervisor_id"],
        row["usual_supervisor_name"],
        row["professional_background"],
    )


def people(conn: sqlite3.Connection) -> list[Person]:
    """Every current member, by name."""
    rows = conn.execute(_PEOPLE + " ORDER BY m.name COLLATE NOCASE").fetchall()
    return [_person(r) for r in rows]


def person(conn: sqlite3.Connection, user_id: str) -> Person | None:
    row = one(conn, _PEOPLE + " AND m.user_id = ?", [user_id])
    return None if row is None else _person(row)


def person_by_email(conn: sqlite3.Connection, email: str) -> Person | None:
    row = one(conn, _PEOPLE + " AND m.email = ? COLLATE NOCASE", [email.strip()])
    return None if row is None else _person(row)


def teachers(conn: sqlite3.Connection) -> list[Person]:
    return [p for p in people(conn) if p.teaches]


def supervisors(conn: sqlite3.Connection) -> list[Person]:
    return [p for p in people(conn) if p.supervises]


def supervisees(conn: sqlite3.Connection, supervisor_id: str) -> list[Person]:
    """Teachers whose usual supervisor is this person, while they hold the supervisor
    role in the team; nobody once they have lost it or left."""
    everyone = people(conn)
    if not any(p.user_id == supervisor_id and p.supervises for p in everyone):
        return []
    return [p for p in everyone if p.teaches and p.usual_supervisor_id == supervisor_id]


def _record(kind: Kind, row: sqlite3.Row) -> Record:
    return Record(
        row["id"],
        row["teacher_id"],
        {name: row[name] for name in kind.columns},
        row["created_by"],
        row["created_at"],
        row["updated_at"],
        row["verified_by"],
        row["verified_by_name"],
        row["verified_at"],
    )


def records(conn: sqlite3.Connection, kind: Kind, teacher_id: str) -> list[Record]:
    """A teacher's records of one kind, newest first (deleted ones left out)."""
    rows = conn.execute(
        f"SELECT * FROM {kind.table} WHERE teacher_id = ? AND deleted_at IS NULL"
        f" ORDER BY {kind.date_column} DESC, created_at DESC",
        [teacher_id],
    ).fetchall()
    return [_record(kind, r) for r in rows]


def record(conn: sqlite3.Connection, kind: Kind, record_id: str) -> Record | None:
    row = one(conn, f"SELECT * FROM {kind.table} WHERE id = ? AND deleted_at IS NULL", [record_id])
    return None if row is None else _record(kind, row)


def rows_for(
    conn: sqlite3.Connection, kind: Kind, teacher_ids: Iterable[str] | None = None
) -> list[sqlite3.Row]:
    """Current rows of one kind, for evaluating (all teachers, or the ones named)."""
    sql = f"SELECT * FROM {kind.table} WHERE deleted_at IS NULL"
    if teacher_ids is None:
        return conn.execute(sql).fetchall()
    ids = list(teacher_ids)
    marks = ", ".join("?" for _ in ids)
    return conn.execute(f"{sql} AND teacher_id IN ({marks})", ids).fetchall()


def unverified_counts(conn: sqlite3.Connection, kinds: Iterable[Kind]) -> dict[str, int]:
    """Per teacher, how many of their current records are not signed off yet."""
    counts: dict[str, int] = {}
    for k in kinds:
        for row in conn.execute(
            f"SELECT teacher_id, count(*) AS n FROM {k.table}"
            " WHERE deleted_at IS NULL AND verified_at IS NULL GROUP BY teacher_id"
        ):
            counts[row["teacher_id"]] = counts.get(row["teacher_id"], 0) + row["n"]
    return counts


def settings_chosen(conn: sqlite3.Connection) -> bool:
    """Whether a lead has chosen the team's standards yet."""
    return one(conn, "SELECT 1 FROM adherence_settings WHERE id = 'team'") is not None


def settings(conn: sqlite3.Connection) -> TeamSettings:
    row = one(conn, "SELECT * FROM adherence_settings WHERE id = 'team'")
    if row is None:
        return TeamSettings()
    return TeamSettings(
        row["profile_id"],
        row["profile_version"],
        json.loads(row["overrides"]),
        row["due_soon_days"],
        row["updated_at"],
    )


def version(conn: sqlite3.Connection) -> int:
    return int(scalar(conn, "SELECT version FROM team"))


def record_counts(
    conn: sqlite3.Connection, kinds: Iterable[Kind], teacher_id: str
) -> dict[str, int]:
    return {
        k.slug: int(
            scalar(
                conn,
                f"SELECT count(*) FROM {k.table} WHERE teacher_id = ? AND deleted_at IS NULL",
                [teacher_id],
            )
        )
        for k in kinds
    }


@dataclass(frozen=True, slots=True)
class CalendarLink:
    """A teacher's live calendar-subscription link (its token is never stored)."""

    id: str
    user_id: str
    created_at: str


# A live link: not stopped, its person still a member, and made since they last joined
# (a link from before someone left the team does not come back if they rejoin).
_LIVE_LINKS = (
    "SELECT c.id, c.user_id, c.created_at FROM calendar_links c"
    " JOIN members m ON m.user_id = c.user_id AND m.left_at IS NULL"
    " WHERE c.revoked_at IS NULL AND c.created_at >= m.joined_at AND c.user_id = ?"
)


def calendar_link(conn: sqlite3.Connection, user_id: str) -> CalendarLink | None:
    """This person's live calendar link, if they have one."""
    row = one(conn, _LIVE_LINKS + " ORDER BY c.created_at DESC LIMIT 1", [user_id])
    return None if row is None else CalendarLink(row["id"], row["user_id"], row["created_at"])


def calendar_link_is_live(conn: sqlite3.Connection, user_id: str, token_hash: str) -> bool:
    """The team file agrees: this hash is this person's live link."""
    return one(conn, _LIVE_LINKS + " AND c.token_hash = ?", [user_id, token_hash]) is not None
