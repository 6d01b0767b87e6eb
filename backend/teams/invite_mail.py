"""The invitation email: queued with the accounts index of the invitation, so it exists
exactly when the invitation does. The link is built from MBP_BASE_URL and the token the
inviting form made; the token itself is never stored (only its sha256)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from backend.mail.compose import compose
from backend.mail.outbox import queue


def queue_invitation(
    conn: sqlite3.Connection,
    *,
    to: str,
    team_name: str,
    inviter: str,
    roles: str,
    link: str,
    expires_at: str,
) -> None:
    expires = datetime.fromisoformat(expires_at).strftime("%-d %B %Y")
    email = compose(
        to,
        f"Join {team_name} on MBP Journey",
        [
            f"{inviter} has invited you to join {team_name} on MBP Journey, as {roles}.",
            "MBP Journey helps NHS mindfulness services track their implementation journey "
            "and good practice.",
        ],
        link=link,
        action="Accept the invitation",
        footer=[f"The link works once and expires on {expires}."],
    )
    queue(conn, email, "invitation")
