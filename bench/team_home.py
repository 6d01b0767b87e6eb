"""Issue 2 benchmark: the team home page under load, and memory after 100 team stores.

    python -m bench.team_home

Seeds a team with 50 members and a year of records through the mutation path,
then measures with wrk (20 connections, loopback) the team home page next to
/healthz and a bare Litestar endpoint in the same run. Then opens 100 team
stores in one server process and reports its peak resident memory.
"""

from __future__ import annotations

import tempfile
import urllib.request
from pathlib import Path

from backend.accounts import queries as accounts
from backend.accounts.passwords import hash_password
from backend.app import build_services
from backend.mutations import Actor
from backend.settings import Settings
from backend.teams.service import apply, create_team, create_user
from bench.common import (
    PASSWORD,
    TABLE_HEAD,
    bare_litestar,
    machine,
    peak_rss_mb,
    serve,
    session_cookie,
    wrk,
)

MEMBERS = 50


def seed(data_dir: Path, teams: int = 1) -> list[str]:
    services = build_services(Settings(data_dir=data_dir, secret_key="bench-" + "x" * 32))
    password_hash = hash_password(PASSWORD)
    lead = create_user(services, "lead@example.nhs.uk", "Lead Person", password_hash)
    ids = []
    for t in range(teams):
        team_id = create_team(services, lead, f"Bench team {t + 1}")
        ids.append(team_id)
        store = services.teams.get(team_id)
        actor = Actor(lead.id, lead.name, frozenset({"admin", "lead"}), "bench")
        members = MEMBERS if t == 0 else 3
        for i in range(members):
            token = accounts.new_token()
            invited = apply(
                services,
                store,
                actor,
                "member.invite",
                {
                    "email": f"person{i}.team{t}@example.nhs.uk",
                    "roles": ["practitioner"],
                    "token_hash": accounts.token_hash(token),
                },
            )
            person = create_user(
                services, f"person{i}.team{t}@example.nhs.uk", f"Person {i}", password_hash
            )
            apply(
                services,
                store,
                Actor(person.id, person.name, frozenset(), "bench"),
                "member.join",
                {"invite_id": invited.result["invite_id"], "token": token},
            )
        for r in range(200 if t == 0 else 2):
            apply(services, store, actor, "team.rename", {"name": f"Bench team {t + 1} ({r})"})
    services.close()
    return ids


def load_test() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        [team_id] = seed(data_dir)
        lines = []
        for workers in (1, 2):
            with serve(data_dir, workers=workers) as (url, _):
                cookie = session_cookie(url, "lead@example.nhs.uk")
                home = wrk(
                    f"team home ({workers} worker{'s' if workers > 1 else ''})",
                    f"{url}/teams/{team_id}",
                    cookie=cookie,
                )
                health = wrk(
                    f"/healthz ({workers} worker{'s' if workers > 1 else ''})", f"{url}/healthz"
                )
                lines += [home.row(), health.row()]
        with bare_litestar() as bare_url:
            lines.append(wrk("bare Litestar endpoint (1 worker)", bare_url).row())
    return "\n".join([TABLE_HEAD, *lines])


def memory_test(teams: int = 100) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        ids = seed(data_dir, teams=teams)
        with serve(data_dir) as (url, process):
            cookie = session_cookie(url, "lead@example.nhs.uk")
            for round_ in range(2):
                for team_id in ids:
                    request = urllib.request.Request(
                        f"{url}/teams/{team_id}", headers={"Cookie": cookie}
                    )
                    with urllib.request.urlopen(request) as response:
                        assert response.status == 200, (round_, team_id)
            peak = peak_rss_mb(process.pid)
    return (
        f"Peak resident memory of the server after opening {teams} team stores twice "
        f"over (at most 32 kept open): **{peak:.0f} MB** (target: under 150 MB)."
    )


def main() -> str:
    report = "\n\n".join(
        [
            "## Team home page (issue 2)",
            f"Machine: {machine()}. wrk, 20 connections, 10 s per row, loopback; the team has "
            f"{MEMBERS} members and 200+ audited changes; signed in as its lead.",
            load_test(),
            memory_test(),
        ]
    )
    print(report)
    return report


if __name__ == "__main__":
    main()
