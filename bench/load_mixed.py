"""Issue 13: a repeatable mixed load on loopback, with every change accounted for.

    python -m bench.load_mixed               # 60 s, 20 clients
    BENCH_SECONDS=10 python -m bench.load_mixed

The real server (one worker, synchronous=FULL) on a team of 50 members seeded through the
mutation path (bench.team_home.seed). 20 clients, each a loop with no think time: of every
ten requests, three are team home pages, two pulls, two good-practice pages, three pushes
of one CPD entry each (a new mutation id, a unique title). At the end the team file is
read directly: every push the server acknowledged (status "applied") must be there, as a
settled mutation and as its CPD row; one missing is a lost change. Errors are any answer
other than 200, any refused push and any failed request. The clients share the machine
with the server (asyncio and httpx in one process), so the latencies include their cost.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from bench.common import machine, peak_rss_mb, serve, session_cookie
from bench.team_home import seed

CLIENTS = 20
MIX = ("home", "pull", "push", "practice", "home", "push", "pull", "home", "practice", "push")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] if ordered else 0.0


class Tally:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = {kind: [] for kind in set(MIX)}
        self.errors: dict[str, int] = dict.fromkeys(set(MIX), 0)
        self.acknowledged: list[tuple[str, str]] = []  # (mutation id, title)


async def client(
    number: int, base: str, team: str, cookie: str, until: float, tally: Tally
) -> None:
    csrf = cookie.split("mbp_csrf=")[1]
    headers = {"Cookie": cookie}
    device = f"load-{number}"
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as http:
        step = number  # the clients start at different points of the mix
        while time.monotonic() < until:
            kind = MIX[step % len(MIX)]
            step += 1
            start = time.perf_counter()
            try:
                if kind == "home":
                    response = await http.get(f"/teams/{team}")
                elif kind == "practice":
                    response = await http.get(f"/teams/{team}/practice")
                elif kind == "pull":
                    response = await http.get(
                        f"/api/teams/{team}/sync/pull", params={"client_id": device}
                    )
                else:
                    title = f"Load {number}-{step}"
                    mutation = {
                        "id": str(uuid.uuid4()),
                        "name": "cpd.record",
                        "client_id": device,
                        "args": {
                            "date": "2026-01-10",
                            "hours": "1",
                            "kind": "reading",
                            "title": title,
                            "participatory": "",
                        },
                    }
                    response = await http.post(
                        f"/api/teams/{team}/sync/push",
                        json={"mutations": [mutation]},
                        headers={"X-CSRF-Token": csrf},
                    )
                    if response.status_code == 200:
                        [result] = response.json()["results"]
                        if result["status"] == "applied":
                            tally.acknowledged.append((mutation["id"], title))
                        else:
                            tally.errors[kind] += 1
                if response.status_code != 200:
                    tally.errors[kind] += 1
            except httpx.HTTPError:
                tally.errors[kind] += 1
            tally.latency[kind].append((time.perf_counter() - start) * 1000)


def lost(data_dir: Path, team: str, acknowledged: list[tuple[str, str]]) -> int:
    conn = sqlite3.connect(data_dir / "teams" / f"{team}.db")
    try:
        settled = {r[0] for r in conn.execute("SELECT id FROM mutations WHERE status = 'applied'")}
        titles = {r[0] for r in conn.execute("SELECT title FROM cpd_activities")}
    finally:
        conn.close()
    return sum(1 for mid, title in acknowledged if mid not in settled or title not in titles)


async def run(base: str, team: str, cookie: str, seconds: float) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    await asyncio.gather(*(client(n, base, team, cookie, until, tally) for n in range(CLIENTS)))
    return tally


def main() -> str:
    seconds = float(os.environ.get("BENCH_SECONDS", "60"))
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        [team] = seed(data_dir)
        with serve(data_dir, workers=1) as (url, process):
            cookie = session_cookie(url, "lead@example.nhs.uk")
            tally = asyncio.run(run(url, team, cookie, seconds))
            rss = peak_rss_mb(process.pid)
        missing = lost(data_dir, team, tally.acknowledged)
    every = [ms for values in tally.latency.values() for ms in values]
    rows = [
        "| requests | p50 (ms) | p99 (ms) | count | errors |",
        "|---|---|---|---|---|",
    ]
    labels = {
        "home": "team home",
        "practice": "good practice",
        "pull": "pull",
        "push": "push (one CPD entry)",
    }
    for kind, label in labels.items():
        values = tally.latency[kind]
        rows.append(
            f"| {label} | {percentile(values, 50):.1f} | {percentile(values, 99):.1f} "
            f"| {len(values):,} | {tally.errors[kind]} |"
        )
    errors = sum(tally.errors.values())
    rows.append(
        f"| all | {percentile(every, 50):.1f} | {percentile(every, 99):.1f} "
        f"| {len(every):,} | {errors} |"
    )
    report = "\n".join(
        [
            f"Machine: {machine()}. {CLIENTS} clients, {seconds:.0f} s, one worker, loopback; "
            f"{len(every) / seconds:,.0f} requests/s in all.",
            "",
            *rows,
            "",
            f"Pushes acknowledged: {len(tally.acknowledged):,}; lost changes: **{missing}**; "
            f"errors: **{errors}**; server peak memory {rss:.0f} MB.",
        ]
    )
    print(report)
    return report


if __name__ == "__main__":
    main()
