"""Issue 13: the whole of the NHS on one server, about 1,000 services.

    python -m bench.many_teams                       # 1,000 teams, 30 s
    BENCH_TEAMS=200 BENCH_SECONDS=10 python -m bench.many_teams

One team of 30 people is made through the mutation path (its lead, 29 invited people who
joined, a few hundred audited changes), then copied as a whole file to 999 more team ids
(the team row renamed, each registered in accounts.db with the same lead as a member) so
seeding takes seconds, not an hour. The real server (one worker; at most 32 team files
open, MBP_MAX_OPEN_TEAM_STORES) then gets team home pages spread evenly at random over
every team, from wrk with 20 connections, signed in as the lead. Reported: p50/p99,
requests/s, errors, the server's peak memory (VmHWM) and the most files it held open
(sampled from /proc every 0.2 s). Targets: p99 under 100 ms, memory under 300 MB.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

from backend.teams.service import new_team_id
from bench.common import ROOT, machine, peak_rss_mb, serve, session_cookie, wrk
from bench.team_home import seed

PEOPLE = 30


def make_teams(data_dir: Path, count: int) -> list[str]:
    import bench.team_home as team_home

    team_home.MEMBERS = PEOPLE - 1  # the lead and 29 others
    [template] = seed(data_dir)
    source = data_dir / "teams" / f"{template}.db"
    accounts = sqlite3.connect(data_dir / "accounts.db")
    lead, roles = accounts.execute(
        "SELECT user_id, roles FROM memberships WHERE team_id = ?", [template]
    ).fetchone()
    ids = [template]
    for n in range(1, count):
        team_id = new_team_id()
        target = data_dir / "teams" / f"{team_id}.db"
        shutil.copyfile(source, target)
        conn = sqlite3.connect(target)
        conn.execute("UPDATE team SET id = ?, name = ?", [team_id, f"Bench team {n + 1}"])
        conn.commit()
        conn.close()
        accounts.execute(
            "INSERT INTO teams (id, name, created_by, created_at)"
            " VALUES (?, ?, ?, '2026-01-01T00:00:00Z')",
            [team_id, f"Bench team {n + 1}", lead],
        )
        accounts.execute(
            "INSERT INTO memberships (user_id, team_id, roles) VALUES (?, ?, ?)",
            [lead, team_id, roles],
        )
        ids.append(team_id)
    accounts.commit()
    accounts.close()
    return ids


def open_files(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


def main() -> str:
    teams = int(os.environ.get("BENCH_TEAMS", "1000"))
    seconds = int(float(os.environ.get("BENCH_SECONDS", "30")))
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        started = time.perf_counter()
        ids = make_teams(data_dir, teams)
        seeded = time.perf_counter() - started
        size_mb = sum(p.stat().st_size for p in (data_dir / "teams").glob("*.db")) / 1e6
        paths = ",\n".join(f'  "/teams/{team_id}"' for team_id in ids)
        script = out / "many_teams.lua"
        script.write_text(
            "local paths = {\n" + paths + "\n}\n"
            "function setup(thread) thread:set('seed', math.random(1, 100000)) end\n"
            "function init(args) math.randomseed(seed) end\n"
            "function request() return wrk.format('GET', paths[math.random(#paths)]) end\n"
        )
        with serve(data_dir, workers=1) as (url, process):
            cookie = session_cookie(url, "lead@example.nhs.uk")
            most_open = [open_files(process.pid)]
            stop = threading.Event()

            def sample() -> None:
                while not stop.wait(0.2):
                    most_open.append(open_files(process.pid))

            sampler = threading.Thread(target=sample)
            sampler.start()
            try:
                result = wrk(
                    f"team home, {teams:,} teams, evenly at random",
                    url,
                    cookie=cookie,
                    seconds=seconds,
                    script=str(script),
                )
            finally:
                stop.set()
                sampler.join()
            rss = peak_rss_mb(process.pid)
    report = "\n".join(
        [
            f"Machine: {machine()}. {teams:,} team files of {PEOPLE} people each "
            f"({size_mb:,.0f} MB in all; seeded in {seeded:.0f} s), one worker, at most 32 "
            f"open; wrk, 20 connections, {seconds} s, loopback, signed in as a lead of every team.",
            "",
            "| what | p50 (ms) | p99 (ms) | requests/s | errors | peak memory | most open files |",
            "|---|---|---|---|---|---|---|",
            f"| {result.label} | {result.p50_ms:.1f} | {result.p99_ms:.1f} | "
            f"{result.requests_per_s:,.0f} | {result.errors} | {rss:.0f} MB | {max(most_open)} |",
        ]
    )
    print(report)
    return report


if __name__ == "__main__":
    main()
