"""Data out: a team's full export for its leads, and a person's own export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Request, Response, get, post
from litestar.response import Stream

from backend.accounts import public as accounts
from backend.accounts.public import TooMany, check_current_password
from backend.dates import uk_today
from backend.exports import forget
from backend.exports.archive import TeamSource, build_person_export, build_team_export, chunks
from backend.mutations import Actor
from backend.teams.public import apply
from backend.teams.roles import LEAD
from backend.validation import Schema, Text, ValidationFailed
from backend.web.auth import SESSION_COOKIE, device_of, run_sync, services_of, team_of, user_of
from backend.web.forms import FormState, read_form
from backend.web.render import page, redirect

SIGNED_IN = {"access": "signed_in"}
CONFIRM = Schema([Text("current_password", "Your password", max_length=200)])


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


@get("/export.zip", opt=LEAD)
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


def _deletion_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    services = services_of(request)
    user = user_of(request)
    links = accounts.teams_of(services.accounts.reader, user.id)
    blocked = [
        t for t in links if forget.blocker(services.teams.get(t.id).reader, user.id) is not None
    ]
    return {"teams": links, "blocked": blocked}


@get("/profile/delete", opt=SIGNED_IN)
async def delete_account_page(request: Request[Any, Any, Any]) -> Response[Any]:
    return page(
        request, "exports/delete_account.html", form=FormState(), **_deletion_context(request)
    )


@post("/profile/delete", opt=SIGNED_IN)
async def delete_account(request: Request[Any, Any, Any]) -> Response[Any]:
    services = services_of(request)
    user = user_of(request)
    data = await read_form(request)
    context = _deletion_context(request)
    form = FormState(values={}, schema=CONFIRM)
    try:
        clean = CONFIRM.validate(data)
        await check_current_password(request, user, clean["current_password"])
    except ValidationFailed as failed:
        form.errors = failed.errors
        status = 429 if isinstance(failed, TooMany) else 422
        return page(request, "exports/delete_account.html", status=status, form=form, **context)
    if context["blocked"]:
        return page(request, "exports/delete_account.html", status=409, form=form, **context)
    device = device_of(request)

    def forget_everywhere() -> None:
        for link in context["teams"]:
            actor = Actor(user.id, forget.TOMBSTONE, link.roles, device)
            store = services.teams.get(link.id)
            apply(services, store, actor, "member.forget", {}, client_id=forget.CLIENT_ID)
        services.accounts.write_sync(lambda c: forget.delete_account(c, user.id))

    await run_sync(forget_everywhere)
    response = redirect("/sign-in", flash="Your account has been deleted")
    response.delete_cookie(SESSION_COOKIE)
    return response


TEAM_ROUTES = [team_export]
"""Under /teams/{team_id}: the feature's team router (web/routing.py)."""
ROUTES = [person_export, delete_account_page, delete_account]
