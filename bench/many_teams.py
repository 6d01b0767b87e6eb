"""Issue 13: the whole of the NHS on one server, about 1,000 services.

    python -m bench.many_teams                       # 1,000 teams, 30 s
    BENCH_TEAMS=200 BENCH_SECONDS=10 python -m bench.many_teams

One team of 30 people is made through the mutation path (its lead, 29 invited people who
joined, a few hundred audited changes), then copied as a whole file to 999 more team ids
(the team row renamed, each registered in accounts.db with the same lead as a member) so
seeding takes seconds, not an hour. The real server (one worker; at most 32 team files
open, MBP_MAX_OPEN_TEAM_STORES) then gets team home pages spread evenly at random over
every team (each opened once first, as on a server that has been running), from wrk
with 20 connections: first each request with that team's own session
(1,000 people each in their own team: the realistic case), then all with one session of
the lead, whose current team changes at every request (a bookkeeping write each).
Reported: p50/p99, requests/s, errors, the server's peak memory (VmHWM) and the most files it held open
(sampled from /proc every 0.2 s). Targets: p99 under 100 ms, memory under 300 MB.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import threading
import time
import urllib.request
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


def sessions_per_team(data_dir: Path, ids: list[str]) -> list[str]:
    """A session of the lead for each team, opened on that team: 1,000 people each working in
    their own team, as far as the server can tell (a session's current team never changes,
    so no request writes to accounts.db), while every team still has the same lead."""
    from backend.accounts import queries
    from backend.db.connection import connect

    conn = connect(data_dir / "accounts.db", writer=True)
    try:
        lead = conn.execute("SELECT id FROM users WHERE email = 'lead@example.nhs.uk'").fetchone()[
            0
        ]
        return [queries.start_session(conn, lead, "bench", 30, team_id) for team_id in ids]
    finally:
        conn.close()


def lua_script(ids: list[str], tokens: list[str] | None) -> str:
    """wrk's script: each request a team home of a team chosen at random (with that team's
    own session when `tokens` are given)."""
    paths = ",\n".join(f'  "/teams/{team_id}"' for team_id in ids)
    lines = ["local paths = {\n" + paths + "\n}\n"]
    if tokens:
        cookies = ",\n".join(f'  "mbp_session={token}"' for token in tokens)
        lines.append("local cookies = {\n" + cookies + "\n}\n")
    lines.append(
        "function setup(thread) thread:set('seed', math.random(1, 100000)) end\n"
        "function init(args) math.randomseed(seed) end\n"
    )
    if tokens:
        lines.append(
            "function request()\n  local i = math.random(#paths)\n"
            "  return wrk.format('GET', paths[i], {['Cookie'] = cookies[i]})\nend\n"
        )
    else:
        lines.append(
            "function request() return wrk.format('GET', paths[math.random(#paths)]) end\n"
        )
    return "".join(lines)


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
        tokens = sessions_per_team(data_dir, ids)
        moving = out / "many_teams.lua"
        moving.write_text(lua_script(ids, None))
        own = out / "many_teams_own.lua"
        own.write_text(lua_script(ids, tokens))
        with serve(data_dir, workers=1) as (url, process):
            cookie = session_cookie(url, "lead@example.nhs.uk")
            # A server runs for days: each file's first opening in a process (its quick_check
            # and schema check) is paid once, so every team is opened once before measuring.
            for i, team_id in enumerate(ids):
                warm = urllib.request.Request(
                    f"{url}/teams/{team_id}", headers={"Cookie": f"mbp_session={tokens[i]}"}
                )
                with urllib.request.urlopen(warm) as answer:  # a 303 to sign in would fail
                    assert answer.url.endswith(f"/teams/{team_id}"), answer.url
            most_open = [open_files(process.pid)]
            stop = threading.Event()

            def sample() -> None:
                while not stop.wait(0.2):
                    most_open.append(open_files(process.pid))

            sampler = threading.Thread(target=sample)
            sampler.start()
            try:
                results = [
                    wrk(
                        f"team home, {teams:,} teams at random, each by its own person",
                        url,
                        seconds=seconds,
                        script=str(own),
                    ),
                    wrk(
                        f"team home, {teams:,} teams at random, one lead moving between them",
                        url,
                        cookie=cookie,
                        seconds=seconds,
                        script=str(moving),
                    ),
                ]
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
            *(
                f"| {r.label} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.requests_per_s:,.0f} | "
                f"{r.errors} | {rss:.0f} MB | {max(most_open)} |"
                for r in results
            ),
        ]
    )
    print(report)
    return report


if __name__ == "__main__":
    main()
