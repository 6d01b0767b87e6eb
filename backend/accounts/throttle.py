"""Slowing password guessing without locking the owner out.

Each attempt is claimed before the password is checked, in one write transaction that
counts the recent failures (and attempts still being checked) for the email and for the
client address, and records the attempt as pending. So concurrent guesses see each
other and cannot get past the limit together. Past the limit, attempts are not refused
for a long time: they are spaced out (one a minute per email, one every 30 seconds per
address), so guessing is slow while the owner, with the right password, gets in after
a short wait, or at once after a password reset by email.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from backend.accounts.queries import now
from backend.db.connection import immediate


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str
    """'sign-in' or 'password-check' (the current password on the change form)."""
    limit: int
    """Failures in the window before attempts are spaced out."""
    spacing: timedelta
    window: timedelta = timedelta(minutes=15)


SIGN_IN_BY_EMAIL = Rule("sign-in", 10, timedelta(minutes=1))
SIGN_IN_BY_CLIENT = Rule("sign-in", 30, timedelta(seconds=30))
PASSWORD_CHECK = Rule("password-check", 5, timedelta(minutes=1))


def _wait(
    conn: sqlite3.Connection, rule: Rule, column: str, value: str, moment: datetime
) -> timedelta:
    since = (moment - rule.window).isoformat()
    # A password reset starts the count again: the owner is never kept out after one.
    reset = conn.execute(
        "SELECT max(at) FROM account_events WHERE email = ? AND kind = 'password-reset'",
        [value if column == "email" else ""],
    ).fetchone()[0]
    since = max(since, reset or "")
    row = conn.execute(
        f"SELECT count(*), max(at) FROM account_events WHERE {column} = ? AND at > ?"
        " AND kind IN (?, ?)",
        [value, since, f"{rule.kind}-failed", f"{rule.kind}-pending"],
    ).fetchone()
    if row[0] < rule.limit:
        return timedelta(0)
    return max(timedelta(0), datetime.fromisoformat(row[1]) + rule.spacing - moment)


def claim(
    conn: sqlite3.Connection,
    rules: tuple[tuple[Rule, str], ...],
    email: str,
    client: str,
    device: str,
) -> int | timedelta:
    """The pending attempt's id, or how long to wait before trying again."""
    moment = now()
    email = email.strip().lower()[:254]
    values = {"email": email, "client": client}
    with immediate(conn):
        wait = max(_wait(conn, rule, column, values[column], moment) for rule, column in rules)
        if wait > timedelta(0):
            return wait
        kind = rules[0][0].kind
        cursor = conn.execute(
            "INSERT INTO account_events (email, kind, at, device, client) VALUES (?, ?, ?, ?, ?)",
            [email, f"{kind}-pending", moment.isoformat(), device[:200], client[:64]],
        )
    return int(cursor.lastrowid or 0)


def settle(
    conn: sqlite3.Connection, attempt: int, kind: str, ok: bool, user_id: str | None = None
) -> None:
    """Record how a claimed attempt went (a success no longer counts against anyone)."""
    outcome = {"sign-in": "signed-in"}.get(kind, f"{kind}-ok") if ok else f"{kind}-failed"
    with immediate(conn):
        conn.execute(
            "UPDATE account_events SET kind = ?, user_id = ? WHERE id = ?",
            [outcome, user_id, attempt],
        )


def wait_words(wait: timedelta) -> str:
    seconds = int(wait.total_seconds()) + 1
    return "a minute" if seconds > 30 else f"{seconds} seconds"
