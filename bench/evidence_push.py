"""Issue 16 benchmark: a 10 MB certificate pushed by a device's outbox (base64 in the
mutation), and how /healthz answers meanwhile.

    python -m bench.evidence_push

The push goes through the real server as the outbox sends it (one mutation alone, the
file as base64). While it is read, decoded and checked, another thread asks /healthz
every 5 ms; the slowest answer says how long the event loop was held.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

from backend.accounts.passwords import hash_password
from backend.app import build_services
from backend.filetypes import MAX_BYTES
from backend.mutations import Actor
from backend.settings import Settings
from backend.teams.service import apply, create_team, create_user
from bench.common import PASSWORD, machine, serve, session_cookie

CPD = {"date": "2026-11-02", "hours": "3", "kind": "workshop", "participatory": "yes"}


def seed(data_dir: Path) -> tuple[str, str]:
    services = build_services(Settings(data_dir=data_dir, secret_key="bench-" + "x" * 32))
    lead = create_user(services, "lead@example.nhs.uk", "Lead Person", hash_password(PASSWORD))
    team_id = create_team(services, lead, "Bench team")
    store = services.teams.get(team_id)
    roles = store.reader.execute("SELECT roles FROM members WHERE user_id = ?", [lead.id])
    actor = Actor(lead.id, lead.name, frozenset(roles.fetchone()[0].split(",")), "bench")
    outcome = apply(services, store, actor, "cpd.record", CPD)
    services.close()
    return team_id, str(outcome.result["record_id"])


def healthz_times(url: str, stop: threading.Event, found: list[float]) -> None:
    while not stop.is_set():
        start = time.perf_counter()
        with urllib.request.urlopen(url + "/healthz") as response:
            response.read()
        found.append(time.perf_counter() - start)
        time.sleep(0.005)


def push(url: str, team_id: str, record_id: str, cookie: str) -> float:
    content = b"%PDF-" + os.urandom(MAX_BYTES - 5)
    body = {
        "mutations": [
            {
                "id": str(uuid.uuid4()),
                "name": "evidence.attach",
                "client_id": "bench-device",
                "seq": 1,
                "args": {
                    "kind": "cpd",
                    "record_id": record_id,
                    "file": base64.b64encode(content).decode(),
                    "file_name": "certificate.pdf",
                },
            }
        ]
    }
    request = urllib.request.Request(
        f"{url}/api/teams/{team_id}/sync/push",
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Cookie": cookie,
            "X-CSRF-Token": cookie.split("mbp_csrf=")[1],
        },
    )
    start = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        answer = json.load(response)
    elapsed = time.perf_counter() - start
    assert answer["results"][0]["status"] == "applied", answer
    return elapsed


def main() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        team_id, record_id = seed(folder)
        with serve(folder) as (url, _):
            cookie = session_cookie(url, "lead@example.nhs.uk")
            quiet: list[float] = []
            stop = threading.Event()
            watcher = threading.Thread(target=healthz_times, args=(url, stop, quiet))
            watcher.start()
            time.sleep(1)
            stop.set()
            watcher.join()
            busy: list[float] = []
            stop = threading.Event()
            watcher = threading.Thread(target=healthz_times, args=(url, stop, busy))
            watcher.start()
            took = push(url, team_id, record_id, cookie)
            stop.set()
            watcher.join()
    report = "\n".join(
        [
            "## A 10 MB certificate pushed from a device (issue 16)",
            "",
            f"Machine: {machine()}. Real server on loopback, one worker.",
            "",
            "| what | time |",
            "|---|---|",
            f"| push one `evidence.attach` with a 10 MB PDF as base64 (14 MB of JSON) | {took * 1000:,.0f} ms |",
            f"| /healthz, slowest of {len(quiet)} answers with nothing else running | {max(quiet) * 1000:,.0f} ms |",
            f"| /healthz, slowest of {len(busy)} answers during that push | {max(busy) * 1000:,.0f} ms |",
        ]
    )
    print(report)
    return report


if __name__ == "__main__":
    main()
