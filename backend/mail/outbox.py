"""The outbox table in accounts.db. `queue` joins the caller's transaction, so a message
exists exactly when the change that causes it was committed. The sender claims due
messages with a lease (so several workers never send one message twice at once), then
marks each sent, to retry later, or failed for good."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from backend.accounts.queries import now
from backend.db.connection import immediate

LEASE = timedelta(minutes=2)
"""Longer than one SMTP conversation can take (its timeout is 30 s)."""
MAX_ATTEMPTS = 30
"""With the backoff below, about a day of trying before a message is given up."""


@dataclass(frozen=True, slots=True)
class Email:
    to: str
    subject: str
    text: str
    html: str
    link: str = ""


@dataclass(frozen=True, slots=True)
class Queued:
    id: int
    message_id: str
    email: Email
    attempts: int
    created_at: str
    failed_at: str | None = None
    last_error: str | None = None


def queue(conn: sqlite3.Connection, email: Email, kind: str, dedupe_key: str | None = None) -> bool:
    """Add a message inside the caller's transaction. With a dedupe_key already queued,
    nothing is added (False)."""
    at = now().isoformat()
    domain = email.to.rsplit("@", 1)[-1] if "@" in email.to else "localhost"
    cursor = conn.execute(
        "INSERT OR IGNORE INTO mail_outbox (message_id, dedupe_key, kind, to_address, subject,"
        " text_body, html_body, link, created_at, next_attempt_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            f"<{uuid.uuid4()}@mbp-journey.{domain}>",
            dedupe_key,
            kind,
            email.to,
            email.subject,
            email.text,
            email.html,
            email.link,
            at,
            at,
        ],
    )
    return cursor.rowcount == 1


def _queued(row: sqlite3.Row) -> Queued:
    email = Email(
        row["to_address"], row["subject"], row["text_body"], row["html_body"], row["link"]
    )
    return Queued(
        row["id"],
        row["message_id"],
        email,
        row["attempts"],
        row["created_at"],
        row["failed_at"],
        row["last_error"],
    )


def claim_due(conn: sqlite3.Connection, moment: datetime, limit: int = 20) -> list[Queued]:
    """Due messages no other sender holds, leased to this one."""
    at = moment.isoformat()
    due_sql = (
        " FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?"
        " AND (claimed_until IS NULL OR claimed_until < ?)"
    )
    if conn.execute("SELECT 1" + due_sql + " LIMIT 1", [at, at]).fetchone() is None:
        return []  # the common case: nothing to do, and no write lock taken
    with immediate(conn):
        rows = conn.execute(
            "SELECT *" + due_sql + " ORDER BY id LIMIT ?", [at, at, limit]
        ).fetchall()
        conn.executemany(
            "UPDATE mail_outbox SET claimed_until = ?, attempts = attempts + 1 WHERE id = ?",
            [((moment + LEASE).isoformat(), row["id"]) for row in rows],
        )
    return [
        Queued(q.id, q.message_id, q.email, q.attempts + 1, q.created_at)
        for q in map(_queued, rows)
    ]


def mark_sent(conn: sqlite3.Connection, message_id: int) -> None:
    with immediate(conn):
        conn.execute(
            "UPDATE mail_outbox SET sent_at = ?, claimed_until = NULL, last_error = NULL"
            " WHERE id = ?",
            [now().isoformat(), message_id],
        )


def backoff(attempts: int) -> timedelta:
    """30 s, 1, 2, 4 ... minutes, at most an hour between tries."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def mark_retry(
    conn: sqlite3.Connection,
    message: Queued,
    error: str,
    permanent: bool,
    moment: datetime | None = None,
) -> None:
    """Try again after the backoff, or give up (a permanent refusal, or too many tries)."""
    moment = moment or now()
    give_up = permanent or message.attempts >= MAX_ATTEMPTS
    with immediate(conn):
        conn.execute(
            "UPDATE mail_outbox SET claimed_until = NULL, last_error = ?, next_attempt_at = ?,"
            " failed_at = ? WHERE id = ?",
            [
                error[:500],
                (moment + backoff(message.attempts)).isoformat(),
                moment.isoformat() if give_up else None,
                message.id,
            ],
        )


def failed(conn: sqlite3.Connection, limit: int = 50) -> list[Queued]:
    """Messages given up on, newest first (the admin page shows them)."""
    rows = conn.execute(
        "SELECT * FROM mail_outbox WHERE failed_at IS NOT NULL ORDER BY failed_at DESC LIMIT ?",
        [limit],
    ).fetchall()
    return [_queued(row) for row in rows]


def retry(conn: sqlite3.Connection, message_id: int) -> None:
    """An admin asks for a failed message to be tried again now."""
    with immediate(conn):
        conn.execute(
            "UPDATE mail_outbox SET failed_at = NULL, attempts = 0, next_attempt_at = ?"
            " WHERE id = ? AND sent_at IS NULL",
            [now().isoformat(), message_id],
        )
