"""Issue 14 benchmark: every page a person uses daily, next to the journey page.

    python -m bench.daily_pages            # 10 s per row
    BENCH_SECONDS=3 python -m bench.daily_pages

Seeds the demo (as bench.journey_page does), starts the real server with one worker and
measures with wrk (20 connections, loopback) in the same run: the journey page (the
reference), then each daily page as the person who uses it: a practitioner's own good
practice and a list of their records (Sam), a supervisee's page and the view across
teams (Jo, who supervises Sam), the members, reviews and team home pages (Alex, lead).
Each page is fetched twice before it is measured (the steady state). Targets (issue 14),
as ratios in the same run so the machine's noise cancels: each page's p99 at most 1.5
times the journey page's, and under 50 ms.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from bench.common import PASSWORD, TABLE_HEAD, LoadResult, machine, serve, session_cookie
from bench.journey_page import load, page_size, seed

SAM = "sam.patel@example.nhs.uk"
JO = "jo.clarke@example.nhs.uk"
ALEX = "alex.morgan@example.nhs.uk"
TARGET_MS = 50.0
TARGET_RATIO = 1.5
PAGES = (
    ("good practice (practitioner)", SAM, "/practice"),
    ("a record list (practitioner)", SAM, "/practice/supervision"),
    ("a supervisee's page (supervisor)", JO, "/adherence/people/{sam}"),
    ("supervisees across teams (supervisor)", JO, "@/supervising"),
    ("members", ALEX, "/members"),
    ("reviews", ALEX, "/reviews"),
    ("team home (lead)", ALEX, ""),
)


def sam_id(data_dir: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(data_dir / "accounts.db")
    try:
        return str(conn.execute("SELECT id FROM users WHERE email = ?", [SAM]).fetchone()[0])
    finally:
        conn.close()


def measure(data_dir: Path, team_id: str) -> list[tuple[LoadResult, float]]:
    ids = {"sam": sam_id(data_dir)}
    with serve(data_dir, workers=1) as (url, _):
        cookies = {who: session_cookie(url, who) for who in (SAM, JO, ALEX)}
        journey = f"{url}/teams/{team_id}/journey"
        page_size(journey, cookies[ALEX])
        page_size(journey, cookies[ALEX])
        reference = load("journey page (reference)", journey, cookies[ALEX])
        rows = [(reference, 1.0)]
        for label, who, path in PAGES:
            if path.startswith("@"):
                page = f"{url}{path[1:]}"
            else:
                page = f"{url}/teams/{team_id}{path.format(**ids)}"
            page_size(page, cookies[who])
            page_size(page, cookies[who])
            found = load(label, page, cookies[who])
            rows.append((found, found.p99_ms / reference.p99_ms))
    return rows


def main() -> str:
    os.environ.setdefault("MBP_DEMO_PASSWORD", PASSWORD)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        team_id, _, _ = seed(data_dir)
        rows = measure(data_dir, team_id)
    table = [TABLE_HEAD.replace("| errors |", "| errors | p99 / journey |")]
    table[0] = table[0].replace("|---|---|---|---|---|", "|---|---|---|---|---|---|")
    table += [f"{r.row()} {ratio:.2f} |" for r, ratio in rows]
    missed = [r.label for r, ratio in rows[1:] if ratio > TARGET_RATIO or r.p99_ms >= TARGET_MS]
    seconds = os.environ.get("BENCH_SECONDS", "10")
    report = "\n\n".join(
        [
            "## Daily pages (issue 14)",
            f"Machine: {machine()}. wrk, 20 connections, {seconds} s per row, one worker, "
            "loopback, the demo's Riverside team; each page as the person who uses it.",
            "\n".join(table),
            f"Targets: p99 at most {TARGET_RATIO} times the journey page's in the same run, "
            f"and under {TARGET_MS:.0f} ms. "
            + ("All met." if not missed else f"Missed by: {', '.join(missed)}."),
        ]
    )
    print(report)
    return report


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
