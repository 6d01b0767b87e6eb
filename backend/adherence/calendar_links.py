"""Secret calendar links: a teacher's due dates for a calendar app, which cannot sign in.

The link is `/calendar/<token>.ics`. The token is made by the server inside the mutation
(a client never chooses it, so no guessable link can be registered) and handed back once
in the outcome's result (`calendar_token`, never stored); only its sha256 is kept: in the team file (`calendar_links`, private to the teacher in
the sync feed) and in the accounts index (`calendar_tokens`), which says which team file
the public feed opens. A person has at most one live link per team: making a new one
stops the old one. Both indexes are written by these mutations, on the one mutation path.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from backend.accounts import public as accounts
from backend.db.connection import immediate
from backend.mutations import Context, MutationSpec
from backend.validation import Schema, ValidationFailed

TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
"""What accounts.new_token() makes (32 random bytes, URL-safe base64)."""
NEW_LINK = "practice.calendar_link_new"
STOP_LINK = "practice.calendar_link_stop"
SHOWN_AS = "calendar_token"


def _index(ctx: Context, user_id: str, token_hash: str | None) -> None:
    """Update the accounts index just before this change commits (see Context)."""
    team = ctx.one("SELECT id FROM team")
    assert team is not None
    team_id = str(team["id"])
    store = ctx.services.accounts

    def run(conn: sqlite3.Connection) -> None:
        with immediate(conn):
            accounts.index_calendar_token(conn, team_id, user_id, token_hash)

    ctx.before_commit.append(lambda: store.write_sync(run))


def _stop_live(ctx: Context, user_id: str) -> int:
    live = ctx.all(
        "SELECT id FROM calendar_links WHERE user_id = ? AND revoked_at IS NULL", [user_id]
    )
    for row in live:
        ctx.update(
            "calendar_links", row["id"], {"revoked_at": ctx.now}, private_to=user_id, merge=False
        )
    return len(live)


def new_link(ctx: Context, _args: dict[str, Any]) -> None:
    """A new link for the person making the change; their old one stops working. The
    server makes the token (any token or hash the client sent is ignored)."""
    me = ctx.actor.user_id
    token = accounts.new_token()
    token_hash = accounts.token_hash(token)
    if ctx.one("SELECT 1 FROM calendar_links WHERE token_hash = ?", [token_hash]):
        raise ValidationFailed({"": "The calendar link could not be made. Try again"})
    stopped = _stop_live(ctx, me)
    ctx.insert(
        "calendar_links",
        {"user_id": me, "token_hash": token_hash, "created_at": ctx.now},
        private_to=me,
    )
    _index(ctx, me, token_hash)
    ctx.shown_once[SHOWN_AS] = token
    ctx.summary = "Made a new calendar link" + ("; the old one stopped working" if stopped else "")


def stop_link(ctx: Context, _args: dict[str, Any]) -> None:
    me = ctx.actor.user_id
    if not _stop_live(ctx, me):
        raise ValidationFailed({"": "You do not have a calendar link to stop"})
    _index(ctx, me, None)
    ctx.summary = "Stopped their calendar link"


SPECS = [
    MutationSpec(NEW_LINK, "Made a calendar link", Schema([]), new_link),
    MutationSpec(STOP_LINK, "Stopped a calendar link", Schema([]), stop_link),
]
