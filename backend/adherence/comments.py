"""Reading a supervisor's comments on a teacher's records (written by practice.comment)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Comment:
    id: str
    kind: str
    record_id: str
    author_name: str
    body: str
    created_at: str


def comments_of(conn: sqlite3.Connection, teacher_id: str) -> dict[str, list[Comment]]:
    """A teacher's comments by record id, oldest first."""
    found: dict[str, list[Comment]] = {}
    for row in conn.execute(
        "SELECT id, kind, record_id, author_name, body, created_at FROM record_comments"
        " WHERE teacher_id = ? ORDER BY created_at, id",
        [teacher_id],
    ):
        found.setdefault(row["record_id"], []).append(Comment(*row))
    return found


def latest_comments(conn: sqlite3.Connection, teacher_id: str, limit: int = 5) -> list[Comment]:
    """A teacher's newest comments, for their practice page."""
    rows = conn.execute(
        "SELECT id, kind, record_id, author_name, body, created_at FROM record_comments"
        " WHERE teacher_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
        [teacher_id, limit],
    ).fetchall()
    return [Comment(*row) for row in rows]
