"""Named reads of a network file and of the networks index in accounts.db."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NetworkLink:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Invitation:
    network_id: str
    network_name: str
    team_id: str


@dataclass(frozen=True, slots=True)
class NetworkTeam:
    team_id: str
    name: str
    status: str
    share_snapshot: bool
    named: bool


@dataclass(frozen=True, slots=True)
class Resource:
    id: str
    team_id: str
    title: str
    summary: str
    url: str
    file_sha: str
    file_name: str
    file_type: str
    file_size: int
    characteristic: str
    stage: str
    theme: str
    kind: str
    published_at: str


def networks_of_teams(conn: sqlite3.Connection, team_ids: list[str]) -> list[NetworkLink]:
    """Networks any of these teams is a member of (from the accounts index)."""
    if not team_ids:
        return []
    marks = ",".join("?" * len(team_ids))
    rows = conn.execute(
        "SELECT DISTINCT n.id, n.name FROM networks n JOIN network_links l ON l.network_id = n.id"
        f" WHERE l.team_id IN ({marks}) AND l.status = 'member' ORDER BY n.name",
        team_ids,
    ).fetchall()
    return [NetworkLink(r["id"], r["name"]) for r in rows]


def networks_led_by(conn: sqlite3.Connection, user_id: str) -> list[NetworkLink]:
    rows = conn.execute(
        "SELECT n.id, n.name FROM networks n JOIN network_leads l ON l.network_id = n.id"
        " WHERE l.user_id = ? ORDER BY n.name",
        [user_id],
    ).fetchall()
    return [NetworkLink(r["id"], r["name"]) for r in rows]


def invitations_for(conn: sqlite3.Connection, team_ids: list[str]) -> list[Invitation]:
    if not team_ids:
        return []
    marks = ",".join("?" * len(team_ids))
    rows = conn.execute(
        "SELECT n.id, n.name, l.team_id FROM networks n JOIN network_links l"
        f" ON l.network_id = n.id WHERE l.team_id IN ({marks}) AND l.status = 'invited'"
        " ORDER BY n.name",
        team_ids,
    ).fetchall()
    return [Invitation(r["id"], r["name"], r["team_id"]) for r in rows]


def network_teams(conn: sqlite3.Connection) -> list[NetworkTeam]:
    rows = conn.execute(
        "SELECT team_id, name, status, share_snapshot, named FROM network_teams"
        " WHERE status IN ('member', 'invited') ORDER BY status DESC, name"
    ).fetchall()
    return [
        NetworkTeam(
            r["team_id"], r["name"], r["status"], bool(r["share_snapshot"]), bool(r["named"])
        )
        for r in rows
    ]


def team_status(conn: sqlite3.Connection, team_id: str) -> str | None:
    row = conn.execute("SELECT status FROM network_teams WHERE team_id = ?", [team_id]).fetchone()
    return None if row is None else str(row["status"])


def version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT version FROM team").fetchone()["version"])


def _match(text: str) -> str:
    """An FTS5 query from what a person typed: each word a prefix, all words wanted."""
    words = re.findall(r"\w+", text)[:10]
    return " ".join(f'"{w}"*' for w in words)


def resources(
    conn: sqlite3.Connection,
    *,
    text: str = "",
    characteristic: str = "",
    stage: str = "",
    kind: str = "",
    limit: int = 200,
) -> list[Resource]:
    """Resources (not removed), best match first when searching, else newest first."""
    where = ["r.removed_at IS NULL"]
    params: list[object] = []
    source = "resources r"
    order = "r.published_at DESC"
    match = _match(text)
    if match:
        source = "resources_fts f JOIN resources r ON r.rowid = f.rowid"
        where.append("resources_fts MATCH ?")
        params.append(match)
        order = "f.rank"
    for column, value in (("characteristic", characteristic), ("stage", stage), ("kind", kind)):
        if value:
            where.append(f"r.{column} IN (?, '')" if column != "kind" else "r.kind = ?")
            params.append(value)
    rows = conn.execute(
        f"SELECT r.* FROM {source} WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [_resource(r) for r in rows]


def _resource(r: sqlite3.Row) -> Resource:
    return Resource(
        r["id"],
        r["team_id"],
        r["title"],
        r["summary"],
        r["url"],
        r["file_sha"],
        r["file_name"],
        r["file_type"],
        r["file_size"],
        r["characteristic"],
        r["stage"],
        r["theme"],
        r["kind"],
        r["published_at"],
    )


def resource(conn: sqlite3.Connection, resource_id: str) -> Resource | None:
    row = conn.execute(
        "SELECT * FROM resources WHERE id = ? AND removed_at IS NULL", [resource_id]
    ).fetchone()
    return None if row is None else _resource(row)


def count_for(conn: sqlite3.Connection, characteristic: str, stage: str) -> int:
    """Resources for this characteristic at this stage (those tagged "any" included), as
    the network page lists them with both filters."""
    row = conn.execute(
        "SELECT count(*) AS n FROM resources WHERE removed_at IS NULL"
        " AND characteristic IN (?, '') AND stage IN (?, '')",
        [characteristic, stage],
    ).fetchone()
    return int(row["n"])


def team_networks(conn: sqlite3.Connection, team_id: str) -> list[NetworkLink]:
    return networks_of_teams(conn, [team_id])
