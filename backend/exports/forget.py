"""Being forgotten (UK GDPR): deleting one's account.

Each of the person's teams applies the mutation `member.forget` (one code path, in the
team file's own transaction, audited). What a team must keep as its records (practice
records, sign-offs, review answers that were shared, actions) stays, but no longer
names the person: every name column that names them (`<x>_name` beside `<x>` or
`<x>_id`, discovered from the schema, so a feature's new table is covered) becomes
"Deleted account", through `ctx.update` so devices receive the change. Their member row
keeps its opaque id with the name and email removed; their teacher profile, unshared
review drafts, calendar links and the certificates and letters attached to their records
(rows and bytes) go. The change history and the audit keep a tombstone:
names and emails in earlier changes and in audit summaries are replaced too.

Only the account-deletion page may apply it (its client id cannot be sent by a device:
sync keys every device's id with the person's id).

Then the account itself (accounts.db) is anonymised: the users row stays as a
tombstone (teams name their creator by id), with no name, email or password; sessions,
memberships, calendar tokens and pending links go (`delete_account`).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from backend.db.connection import immediate
from backend.mutations import Context, MutationSpec
from backend.mutations.context import Forbidden
from backend.mutations.core import now_iso
from backend.validation import Schema, ValidationFailed

TOMBSTONE = "Deleted account"
CLIENT_ID = "account-deletion"
REVIEW_DRAFTS = ("review_answers", "review_ratings")


def _tables(ctx: Context) -> list[str]:
    return [
        str(r[0])
        for r in ctx.all(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\'"
            " AND name NOT IN ('changes', 'audit', 'mutations', 'clients', 'conflicts')"
        )
    ]


def _columns(ctx: Context, table: str) -> list[str]:
    return [str(r[1]) for r in ctx.all(f'PRAGMA table_info("{table}")')]


def name_columns(columns: list[str]) -> list[tuple[str, str]]:
    """(name column, the column with the id it names) pairs in a table."""
    pairs = []
    for column in columns:
        if column.endswith("_name") and column != "name":
            stem = column.removesuffix("_name")
            for partner in (stem, f"{stem}_id"):
                if partner in columns:
                    pairs.append((column, partner))
                    break
    return pairs


def _private_to(ctx: Context, table: str, entity_id: str) -> str | None:
    row = ctx.one(
        "SELECT visible_to FROM changes WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1",
        [table, entity_id],
    )
    return None if row is None else row["visible_to"]


def _scrub_history(ctx: Context, table: str, entity_id: str, column: str, value: str) -> None:
    ctx.conn.execute(
        "UPDATE changes SET data = json_set(data, ?, ?) WHERE entity = ? AND entity_id = ?"
        " AND json_valid(data) AND json_type(data, ?) IS NOT NULL",
        [f"$.{column}", value, table, entity_id, f"$.{column}"],
    )


def _admins(ctx: Context) -> int:
    rows = ctx.all("SELECT roles FROM members WHERE left_at IS NULL")
    return sum(1 for r in rows if "admin" in r["roles"].split())


def blocker(conn: sqlite3.Connection, user_id: str) -> str | None:
    """Why this person cannot leave this team yet, if they cannot."""
    row = conn.execute(
        "SELECT roles FROM members WHERE user_id = ? AND left_at IS NULL", [user_id]
    ).fetchone()
    if row is None or "admin" not in row["roles"].split():
        return None
    admins = conn.execute(
        "SELECT count(*) FROM members WHERE left_at IS NULL AND ' ' || roles || ' ' LIKE '% admin %'"
    ).fetchone()[0]
    return "only_admin" if admins <= 1 else None


def _distinctive(name: str) -> bool:
    """A name worth replacing in free text: a full name, not one short word (replacing
    "Jo" everywhere would garble other words)."""
    return len(name) >= 6 and " " in name.strip()


def _replace_in_text(ctx: Context, name: str) -> None:
    """Free text written by anyone that names the person names a deleted account."""
    for table in _tables(ctx):
        columns = _columns(ctx, table)
        key = "user_id" if table in {"members", "teacher_profiles"} else "id"
        if key not in columns:
            continue
        for column in columns:
            if column == key or (table == "members" and column in {"name", "email"}):
                continue
            rows = ctx.all(
                f'SELECT "{key}", "{column}" FROM "{table}"'
                f' WHERE typeof("{column}") = \'text\' AND instr("{column}", ?)',
                [name],
            )
            for row in rows:
                entity_id = str(row[key])
                ctx.update(
                    table,
                    entity_id,
                    {column: str(row[column]).replace(name, TOMBSTONE)},
                    key=key,
                    merge=False,
                    private_to=_private_to(ctx, table, entity_id),
                )


def _forget_evidence(ctx: Context, me: str) -> None:
    """The certificates and letters on their records go, bytes and all: the freed pages
    are overwritten (secure_delete), so the file keeps no copy of them."""
    if ctx.one("SELECT 1 FROM sqlite_master WHERE name = 'evidence_files'") is None:
        return
    rows = ctx.all("SELECT id FROM evidence WHERE teacher_id = ?", [me])
    if not rows:
        return
    ctx.conn.execute("PRAGMA secure_delete = ON")
    try:
        for row in rows:
            ctx.delete("evidence", row["id"])
            _scrub_history(ctx, "evidence", row["id"], "file_name", "")
        ctx.conn.execute(
            "DELETE FROM evidence_files WHERE NOT EXISTS"
            " (SELECT 1 FROM evidence e WHERE e.sha256 = evidence_files.sha256)"
        )
    finally:
        ctx.conn.execute("PRAGMA secure_delete = OFF")


def forget_member(ctx: Context, _args: dict[str, Any]) -> None:
    me = ctx.actor.user_id
    if ctx.mutation.client_id != CLIENT_ID:
        raise Forbidden("Delete your account from your profile page")
    member = ctx.one("SELECT * FROM members WHERE user_id = ?", [me])
    if member is None:
        raise ValidationFailed({"": "You are not a member of this team"})
    if blocker(ctx.conn, me):
        raise ValidationFailed(
            {"": "You are this team's only team admin. Make someone else a team admin first"}
        )
    name, email = member["name"], member["email"]
    for table in _tables(ctx):
        columns = _columns(ctx, table)
        key = "user_id" if table in {"members", "teacher_profiles"} else "id"
        if key not in columns:
            continue
        for name_column, id_column in name_columns(columns):
            rows = ctx.all(f'SELECT "{key}" FROM "{table}" WHERE "{id_column}" = ?', [me])
            for row in rows:
                entity_id = str(row[key])
                private = _private_to(ctx, table, entity_id)
                ctx.update(
                    table,
                    entity_id,
                    {name_column: TOMBSTONE},
                    key=key,
                    merge=False,
                    private_to=private,
                )
                _scrub_history(ctx, table, entity_id, name_column, TOMBSTONE)
    if _distinctive(name):
        _replace_in_text(ctx, name)
    # Their own drafts and profile go; the team's record of them keeps only an id.
    for table in REVIEW_DRAFTS:
        for row in ctx.all(f"SELECT id FROM {table} WHERE author_id = ? AND shared = 0", [me]):
            ctx.delete(table, row["id"])
    for row in ctx.all(
        "SELECT id FROM review_responses WHERE author_id = ? AND shared_at IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM review_answers a WHERE a.response_id = review_responses.id)"
        " AND NOT EXISTS (SELECT 1 FROM review_ratings r WHERE r.response_id = review_responses.id)",
        [me],
    ):
        ctx.delete("review_responses", row["id"])
    if ctx.one("SELECT 1 FROM teacher_profiles WHERE user_id = ?", [me]):
        ctx.delete("teacher_profiles", me, key="user_id")
    _forget_evidence(ctx, me)
    for row in ctx.all(
        "SELECT id FROM calendar_links WHERE user_id = ? AND revoked_at IS NULL", [me]
    ):
        ctx.update("calendar_links", row["id"], {"revoked_at": ctx.now}, merge=False)
    for row in ctx.all("SELECT id FROM invites WHERE accepted_by = ?", [me]):
        ctx.update("invites", row["id"], {"email": ""}, merge=False)
        _scrub_history(ctx, "invites", row["id"], "email", "")
    gone = {"name": TOMBSTONE, "email": ""}
    if member["left_at"] is None:
        gone["left_at"] = ctx.now
    ctx.update("members", me, gone, key="user_id", merge=False)
    for column, value in (("name", TOMBSTONE), ("email", "")):
        _scrub_history(ctx, "members", me, column, value)
    ctx.conn.execute("UPDATE audit SET actor_name = ? WHERE actor_id = ?", [TOMBSTONE, me])
    for old, new in ((name, TOMBSTONE), (email, "a deleted account's email")):
        if old:
            ctx.conn.execute(
                "UPDATE audit SET summary = replace(summary, ?, ?) WHERE instr(summary, ?)",
                [old, new, old],
            )
            quoted = json.dumps(old)[1:-1]
            ctx.conn.execute(
                "UPDATE changes SET data = replace(data, ?, ?) WHERE instr(data, ?)",
                [quoted, json.dumps(new)[1:-1], quoted],
            )
    ctx.summary = "An account was deleted: its name and email were removed"


def delete_account(conn: sqlite3.Connection, user_id: str) -> None:
    """The account becomes a tombstone: no name, email, password, sessions or links."""
    with immediate(conn):
        row = conn.execute("SELECT email FROM users WHERE id = ?", [user_id]).fetchone()
        email = row["email"] if row else ""
        conn.execute(
            "UPDATE users SET name = ?, email = ?, password_hash = '!', disabled_at = ?,"
            " last_team_id = NULL, server_admin = 0 WHERE id = ?",
            [TOMBSTONE, f"deleted-{user_id}@invalid", now_iso(), user_id],
        )
        for table in _account_tables(conn):
            columns = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
            if "user_id" in columns:
                conn.execute(f'DELETE FROM "{table}" WHERE user_id = ?', [user_id])
            elif "email" in columns and email:
                conn.execute(f'DELETE FROM "{table}" WHERE email = ? COLLATE NOCASE', [email])
        conn.execute("DELETE FROM mail_outbox WHERE to_address = ? COLLATE NOCASE", [email])


def _account_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables of accounts.db that hold a person's rows. The users row stays as a tombstone,
    and team_creations (an id and a team, no personal data) keeps a replayed creation from
    making a second team."""
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT IN ('users', 'teams', 'team_creations')"
        )
    ]


MUTATIONS = [
    MutationSpec("member.forget", "Deleted their account", Schema([]), forget_member),
]
