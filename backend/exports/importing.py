"""`mbp import-team EXPORT.zip`: a team's export (export.zip's team.db) loaded into a data
folder, under the id it had or a new one. It never overwrites: a team file or a
registered team with that id already there is refused, and nothing is written.

The export holds no accounts (no password hashes), so each current member of the team
who has no account in this data folder gets one with the same id, name and email and
no password: they choose one with "Forgot your password?". A member whose email already
belongs to another account here is left out of the index and named, to be invited again.
Files attached to records and network links are not part of a team export.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
import zipfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backend.accounts import public as accounts
from backend.db.connection import immediate
from backend.db.migrate import NewerSchemaError
from backend.db.stores import TEAM_ID_RE
from backend.teams.public import new_team_id

NO_PASSWORD = "!"  # noqa: S105 - not a hash: no password checks against it


class ImportRefused(Exception):
    """Why the export was not imported (nothing was written)."""


@dataclass
class Imported:
    team_id: str
    name: str
    accounts_made: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def _unpack(export: Path, into: Path) -> None:
    try:
        with (
            zipfile.ZipFile(export) as archive,
            archive.open("team.db") as source,
            into.open("wb") as target,
        ):
            shutil.copyfileobj(source, target, 1024 * 1024)
    except KeyError:
        raise ImportRefused(f"{export} is not a team export: it has no team.db") from None
    except zipfile.BadZipFile:
        raise ImportRefused(f"{export} is not a zip file") from None


def _team_of(path: Path) -> tuple[str, str, list[sqlite3.Row]]:
    try:
        with closing(sqlite3.connect(path)) as conn:
            conn.row_factory = sqlite3.Row
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise ImportRefused("the team.db in the export fails SQLite's check")
            team = conn.execute("SELECT id, name FROM team").fetchone()
            members = conn.execute(
                "SELECT user_id, name, email, roles FROM members WHERE left_at IS NULL"
            ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise ImportRefused(f"the team.db in the export cannot be read ({exc})") from None
    if team is None:
        raise ImportRefused("the team.db in the export has no team")
    return str(team["id"]), str(team["name"]), members


def _rename(path: Path, old: str, new: str) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("UPDATE team SET id = ? WHERE id = ?", [new, old])


def _remove(target: Path) -> None:
    """An imported file that cannot be used, with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def import_team(services: Any, export: Path, team_id: str | None = None) -> Imported:
    """Load the export into this data folder as team `team_id` (default: its own id;
    "new": a new one). Refuses to overwrite a team."""
    teams_dir = services.teams.teams_dir
    teams_dir.mkdir(parents=True, exist_ok=True)
    unpacked = teams_dir / f".import-{uuid.uuid4().hex}.tmp"
    try:
        _unpack(export, unpacked)
        old_id, name, members = _team_of(unpacked)
        new_id = new_team_id() if team_id == "new" else (team_id or old_id)
        if not TEAM_ID_RE.fullmatch(new_id):
            raise ImportRefused(f"{new_id!r} is not a team id (12 letters a-z and digits)")
        target = services.teams.path(new_id)
        registered = services.accounts.reader.execute(
            "SELECT 1 FROM teams WHERE id = ?", [new_id]
        ).fetchone()
        if target.exists() or registered:
            raise ImportRefused(
                f"there is already a team {new_id} in this data folder: nothing imported"
                " (give another id with --team-id, or --team-id new)"
            )
        if new_id != old_id:
            _rename(unpacked, old_id, new_id)
        os.replace(unpacked, target)
    finally:
        unpacked.unlink(missing_ok=True)
    try:
        services.teams.get(new_id)  # checked and migrated now, or found unhealthy
    except NewerSchemaError as newer:
        _remove(target)
        raise ImportRefused(str(newer).rstrip(".")) from None
    except Exception:
        _remove(target)
        raise
    problem = services.teams.unhealthy.get(new_id)
    if problem is not None:
        _remove(target)
        raise ImportRefused(f"the team.db in the export cannot be used here ({problem})")
    done = Imported(new_id, name)
    services.accounts.write_sync(lambda conn: _index(conn, done, members))
    return done


def _index(conn: sqlite3.Connection, done: Imported, members: list[sqlite3.Row]) -> None:
    with immediate(conn):
        accounts.register_team(conn, done.team_id, done.name, None)  # type: ignore[arg-type]
        for member in members:
            user_id, email = str(member["user_id"]), str(member["email"])
            known = conn.execute("SELECT id FROM users WHERE id = ?", [user_id]).fetchone()
            if known is None:
                taken = conn.execute("SELECT 1 FROM users WHERE email = ?", [email]).fetchone()
                if taken is not None:
                    done.left_out.append(email)
                    continue
                conn.execute(
                    "INSERT INTO users (id, email, name, password_hash, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [user_id, email, member["name"], NO_PASSWORD, accounts.now().isoformat()],
                )
                done.accounts_made.append(email)
            roles = frozenset(str(member["roles"]).split())
            accounts.index_membership(conn, user_id, done.team_id, roles)
