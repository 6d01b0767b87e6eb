"""Issue 5 benchmark: push 1,000 queued mutations, pull a year of team changes.

    python -m bench.sync_push_pull

Pushes go through the real server exactly as the outbox sends them (batches of
50, in order, one device). Pulls page through a year of changes. Each is shown
next to raw SQLite doing the same rows on the same machine in the same run.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
import urllib.request
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from backend.accounts.passwords import hash_password
from backend.app import build_services
from backend.db.connection import connect
from backend.mutations import Actor
from backend.settings import Settings
from backend.teams.service import apply, create_team, create_user
from bench.common import PASSWORD, machine, serve, session_cookie

PUSHED = 1000
BATCH = 50
YEAR_OF_CHANGES = 10_000  # about 40 a working day for a busy team
REFLECTION = (
    "Noticed the pull to fix rather than stay with difficulty in week four. " * 12
).strip()


def seed(data_dir: Path, changes: int) -> str:
    services = build_services(Settings(data_dir=data_dir, secret_key="bench-" + "x" * 32))
    lead = create_user(services, "lead@example.nhs.uk", "Lead Person", hash_password(PASSWORD))
    team_id = create_team(services, lead, "Bench team")
    store = services.teams.get(team_id)
    actor = Actor(lead.id, lead.name, frozenset({"admin", "lead"}), "bench")
    for i in range(changes):
        apply(services, store, actor, "team.rename", {"name": f"Bench team {i}"})
    services.close()
    return team_id


def mutation(seq: int) -> dict[str, Any]:
    """A CPD entry with a long reflection: what a teacher queues on a phone."""
    args = {
        "date": (date.today() - timedelta(days=seq % 14)).isoformat(),
        "hours": "1.5",
        "kind": "reading",
        "title": f"Reading {seq}",
        "participatory": "",
        "reflection": REFLECTION,
    }
    return {
        "id": str(uuid.uuid4()),
        "name": "cpd.record",
        "client_id": "bench-device",
        "seq": seq,
        "args": args,
    }


def post(url: str, body: dict[str, Any], cookie: str, csrf: str) -> dict[str, Any]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": csrf},
    )
    with urllib.request.urlopen(request) as response:
        result: dict[str, Any] = json.load(response)
        return result


def get(url: str, cookie: str) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        result: dict[str, Any] = json.load(response)
        return result


def push_over_http(base: str, team_id: str, cookie: str) -> float:
    csrf = cookie.split("mbp_csrf=")[1]
    queue = [mutation(seq) for seq in range(1, PUSHED + 1)]
    start = time.perf_counter()
    for i in range(0, PUSHED, BATCH):
        answer = post(
            f"{base}/api/teams/{team_id}/sync/push",
            {"mutations": queue[i : i + BATCH]},
            cookie,
            csrf,
        )
        assert all(r["status"] == "applied" for r in answer["results"]), answer["results"][:1]
    return time.perf_counter() - start


def pull_over_http(base: str, team_id: str, cookie: str) -> tuple[float, int, int]:
    start = time.perf_counter()
    since, changes, requests = 0, 0, 0
    while True:
        answer = get(f"{base}/api/teams/{team_id}/sync/pull?since={since}&client_id=bench", cookie)
        changes += len(answer["changes"])
        requests += 1
        since = answer["version"]
        if not answer["more"]:
            break
    return time.perf_counter() - start, changes, requests


def raw_sqlite(folder: Path, rows: int) -> tuple[float, float, float]:
    """The same number of rows straight into SQLite: a commit each, one commit, and a read."""
    conn = connect(folder / "raw.db", writer=True)
    conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, version INTEGER, data TEXT)")
    start = time.perf_counter()
    for i in range(rows):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES (?, ?, ?)", [str(uuid.uuid4()), i, REFLECTION])
        conn.execute("COMMIT")
    each = time.perf_counter() - start
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO t VALUES (?, ?, ?)",
        [(str(uuid.uuid4()), i, REFLECTION[:120]) for i in range(rows)],
    )
    conn.execute("COMMIT")
    batch = time.perf_counter() - start
    conn.close()
    return each, batch, 0.0


def raw_read(path: Path) -> float:
    conn = sqlite3.connect(path)
    start = time.perf_counter()
    rows = conn.execute(
        "SELECT version, mutation_id, entity, entity_id, op, data, at FROM changes"
    ).fetchall()
    [json.loads(r[5]) for r in rows]
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        team_id = seed(folder, YEAR_OF_CHANGES)
        with serve(folder) as (url, _):
            cookie = session_cookie(url, "lead@example.nhs.uk")
            pull_time, changes, requests = pull_over_http(url, team_id, cookie)
            push_time = push_over_http(url, team_id, cookie)
        raw_each, raw_batch, _ = raw_sqlite(folder, PUSHED)
        read_time = raw_read(folder / "teams" / f"{team_id}.db")
    report = "\n".join(
        [
            "## Sync push and pull (issue 5)",
            "",
            f"Machine: {machine()}. Real server on loopback, one worker, synchronous=FULL.",
            "",
            "| what | time | target |",
            "|---|---|---|",
            f"| push {PUSHED:,} queued CPD entries (about 850-character reflections) over HTTP, {BATCH} a batch, a savepoint each, one commit a batch | {push_time * 1000:,.0f} ms | under 2,000 ms |",
            f"| raw SQLite: {PUSHED:,} inserts, a commit each | {raw_each * 1000:,.0f} ms | |",
            f"| raw SQLite: {PUSHED:,} inserts, one commit | {raw_batch * 1000:,.0f} ms | |",
            f"| pull a year of changes ({changes:,} changes, {requests} requests of up to 1,000 versions) | {pull_time * 1000:,.0f} ms | under 200 ms |",
            f"| raw SQLite: read and decode the same {changes:,} changes | {read_time * 1000:,.0f} ms | |",
        ]
    )
    print(report)
    return report


if __name__ == "__main__":
    main()
