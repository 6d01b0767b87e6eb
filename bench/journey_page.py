"""Issue 3 benchmark: the journey page of a team with five years of history.

    python -m bench.journey_page

Seeds the demo (Riverside has five years of journey history: hundreds of dated action
changes, 10 reflective reviews, 30 pivot points, implementers) through the mutation
path, starts the real server (`python -m backend.cli serve --no-demo`) and measures
with wrk (20 connections, loopback, signed in as the service lead) the journey page
next to /healthz in the same run; then a few more journey pages for reference.
Target (issue 3): p99 under 50 ms at 20 concurrent clients on a 2-core machine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from bench.common import PASSWORD, TABLE_HEAD, LoadResult, machine, serve, session_cookie, wrk

LEAD = "alex.morgan@example.nhs.uk"
SECONDS = 10


def seed(data_dir: Path) -> tuple[str, dict[str, int]]:
    """The demo teams in data_dir; Riverside's id and the size of its history."""
    os.environ["MBP_DEMO_PASSWORD"] = PASSWORD
    from backend.app import build_services
    from backend.demo import seed as seed_demo
    from backend.settings import Settings

    services = build_services(Settings(data_dir=data_dir, secret_key="bench-" + "x" * 32))
    demo = seed_demo(services)
    team_id = demo.teams["riverside"]
    conn = services.teams.get(team_id).reader
    counts = {
        name: int(conn.execute(sql).fetchone()[0])
        for name, sql in (
            ("action changes", "SELECT count(*) FROM action_history"),
            (
                "status changes",
                "SELECT count(*) FROM action_history WHERE status != previous_status",
            ),
            ("reviews", "SELECT count(*) FROM reflective_reviews"),
            ("shared answers", "SELECT count(*) FROM review_answers WHERE shared = 1"),
            ("pivot points", "SELECT count(*) FROM pivot_points"),
            ("team version", "SELECT version FROM team"),
        )
    }
    services.close()
    return team_id, counts


def wrk_gzip(label: str, url: str, cookie: str) -> LoadResult:
    """Like bench.common.wrk, but asking for gzip as every browser does."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for load tests: apt-get install wrk")
    command = ["wrk", "-t2", "-c20", f"-d{SECONDS}s", "--latency", url]
    command[1:1] = ["-H", f"Cookie: {cookie}", "-H", "Accept-Encoding: gzip"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    found = {
        p: float(v) * units[u]
        for p, v, u in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)$", out, re.M)
    }
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return LoadResult(label, found["50"], found["99"], rate, int(bad.group(1)) if bad else 0)


def page_size(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        assert response.status == 200, url
        return len(response.read())


def load_test(data_dir: Path, team_id: str, workers: int) -> tuple[list[LoadResult], int]:
    suffix = f"({workers} worker{'s' if workers > 1 else ''})"
    with serve(data_dir, workers=workers) as (url, _):
        cookie = session_cookie(url, LEAD)
        journey = f"{url}/teams/{team_id}/journey"
        size = page_size(journey, cookie)
        page_size(journey, cookie)  # warm: the first request computes the snapshot
        results = [
            wrk(f"journey page {suffix}", journey, cookie=cookie, seconds=SECONDS),
            wrk_gzip(f"journey page, gzip {suffix}", journey, cookie),
            wrk(f"/healthz {suffix}", f"{url}/healthz", seconds=SECONDS),
        ]
        if workers == 1:
            for label, path in (
                ("characteristic page", "/journey/characteristics/make-it-fit"),
                ("action plan", "/journey/plan"),
                ("timeline", "/journey/timeline"),
                ("compare two reviews", "/reviews/compare"),
            ):
                results.append(
                    wrk(
                        f"{label} {suffix}",
                        f"{url}/teams/{team_id}{path}",
                        cookie=cookie,
                        seconds=SECONDS,
                    )
                )
    return results, size


def main() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        team_id, counts = seed(data_dir)
        rows: list[LoadResult] = []
        size = 0
        for workers in (1, 2):
            found, size = load_test(data_dir, team_id, workers)
            rows += found
    history = ", ".join(f"{n:,} {name}" for name, n in counts.items())
    p99 = next(r.p99_ms for r in rows if r.label == "journey page (1 worker)")
    verdict = "met" if p99 < 50 else "missed"
    report = "\n\n".join(
        [
            "## Journey page (issue 3)",
            f"Machine: {machine()}. wrk, 20 connections, {SECONDS} s per row, loopback; "
            f"signed in as the Riverside service lead. Riverside's history: {history}. "
            f"The journey page is {size:,} bytes of HTML.",
            "\n".join([TABLE_HEAD, *(r.row() for r in rows)]),
            f"Target: p99 under 50 ms at 20 concurrent clients. One worker: p99 {p99:.1f} ms "
            f"({verdict}).",
        ]
    )
    print(report)
    return report


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
