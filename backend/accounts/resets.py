"""Password-reset links: single use, an hour long, kept hashed; the email is queued in
the same transaction that makes the link. Asking never reveals whether an account
exists: the page says the same either way."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from backend.accounts.queries import User, new_token, now, token_hash, user_by_email
from backend.db.connection import immediate, one
from backend.mail.compose import compose
from backend.mail.outbox import Email, queue

RESET_FOR = timedelta(hours=1)
RESETS_PER_HOUR = 3
"""More requests for one account in an hour send nothing (no mail bombing)."""


def request_reset(conn: sqlite3.Connection, email: str, base_url: str) -> bool:
    """Make a link and queue its email, if the account exists and has not asked too often."""
    found = user_by_email(conn, email)
    if found is None:
        return False
    user = found[0]
    start = now()
    with immediate(conn):
        recent = one(
            conn,
            "SELECT count(*) AS n FROM password_resets WHERE user_id = ? AND created_at > ?",
            [user.id, (start - timedelta(hours=1)).isoformat()],
        )
        if recent is not None and recent["n"] >= RESETS_PER_HOUR:
            return False
        token = new_token()
        conn.execute(
            "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            [token_hash(token), user.id, start.isoformat(), (start + RESET_FOR).isoformat()],
        )
        queue(conn, reset_email(user, f"{base_url}/reset-password?token={token}"), "reset")
    return True


def reset_email(user: User, link: str) -> Email:
    return compose(
        user.email,
        "Reset your MBP Journey password",
        [
            f"Hello {user.name},",
            "Someone, probably you, asked to reset the password of your MBP Journey account.",
        ],
        link=link,
        action="Choose a new password",
        footer=[
            "The link works once and expires in an hour. Using it signs you out everywhere.",
            "If you did not ask for this, you can ignore this email: your password stays the same.",
        ],
    )


def valid_reset(conn: sqlite3.Connection, token: str) -> str | None:
    """The account a live link belongs to (None: unknown, used or expired)."""
    if not 20 < len(token) < 100:
        return None
    row = one(
        conn,
        "SELECT r.user_id FROM password_resets r JOIN users u ON u.id = r.user_id"
        " WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ?"
        " AND u.disabled_at IS NULL",
        [token_hash(token), now().isoformat()],
    )
    return None if row is None else str(row["user_id"])


def use_reset(conn: sqlite3.Connection, token: str, password_hash: str) -> str | None:
    """Set the new password, use up every link of that account, end all its sessions."""
    with immediate(conn):
        user_id = valid_reset(conn, token)
        if user_id is None:
            return None
        at = now().isoformat()
        conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", [password_hash, user_id])
        conn.execute(
            "UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL",
            [at, user_id],
        )
        conn.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])
    return user_id
