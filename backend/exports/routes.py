"""Data out: a team's full export for its leads, and a person's own export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Request, get
from litestar.response import Stream

from backend.accounts import queries as accounts
from backend.dates import uk_today
from backend.exports.archive import TeamSource, build_person_export, build_team_export, chunks
from backend.web.auth import LEADS, run_sync, services_of, team_of, user_of

LEAD = {"access": "team", "roles": LEADS}
SIGNED_IN = {"access": "signed_in"}


def _zip(path: Path, filename: str) -> Stream:
    return Stream(
        chunks(path),
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Content-Length": str(path.stat().st_size),
            "Cache-Control": "private, no-store",
        },
    )


@get("/teams/{team_id:str}/export.zip", opt=LEAD)
async def team_export(request: Request[Any, Any, Any]) -> Stream:
    team = team_of(request)
    today = uk_today()
    path = await run_sync(build_team_export, team.store.path, team.name, today)
    return _zip(path, f"team-export-{today.isoformat()}.zip")


def _account(request: Request[Any, Any, Any]) -> tuple[dict[str, Any], list[TeamSource]]:
    services = services_of(request)
    user = user_of(request)
    conn = services.accounts.reader
    row = conn.execute(
        "SELECT id, email, name, created_at, disabled_at FROM users WHERE id = ?", [user.id]
    ).fetchone()
    links = accounts.teams_of(conn, user.id)
    account = dict(row) | {
        "teams": [{"id": t.id, "name": t.name, "roles": sorted(t.roles)} for t in links]
    }
    teams = [TeamSource(t.id, t.name, services.teams.path(t.id)) for t in links]
    return account, [t for t in teams if t.path.exists()]


@get("/profile/export.zip", opt=SIGNED_IN)
async def person_export(request: Request[Any, Any, Any]) -> Stream:
    account, teams = _account(request)
    today = uk_today()
    path = await run_sync(build_person_export, account, teams, today)
    return _zip(path, f"my-data-{today.isoformat()}.zip")


ROUTES = [team_export, person_export]
