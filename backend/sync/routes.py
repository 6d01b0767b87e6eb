"""Pages and files that make the app work offline, and settling clashes."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from backend.hooks import OFFLINE_PATHS_BEYOND_TEAM, provided
from backend.teams.public import team_version
from backend.teams.roles import MEMBER
from backend.web.auth import services_of, team_of, user_of
from backend.web.forms import FormState, read_form
from backend.web.mutate import submit
from backend.web.render import page, redirect, static_url

PUBLIC = {"access": "public"}
SHELL_ASSETS = [
    "vendor/nhsuk-frontend/nhsuk-frontend.css",
    "vendor/nhsuk-frontend/nhsuk-frontend.min.js",
    "vendor/htmx/htmx.min.js",
    "vendor/idb/idb.js",
    "app/app.css",
    "app/app.js",
    "app/offline.js",
    "app/outbox.js",
    "app/outbox_page.js",
    "app/offline_page.js",
    "app/sync_notice.js",
    "app/pending_summary.js",
    "app/saved_forms.js",
    "app/markup.js",
    "vendor/nhsuk-frontend/assets/images/favicon.ico",
    "vendor/nhsuk-frontend/assets/images/favicon.svg",
    "vendor/nhsuk-frontend/assets/images/nhsuk-icon-192.png",
    "vendor/nhsuk-frontend/assets/images/nhsuk-icon-512.png",
    "vendor/nhsuk-frontend/assets/images/nhsuk-icon-arrow-down.svg",
    "vendor/nhsuk-frontend/assets/images/nhsuk-icon-arrow-up.svg",
    "vendor/nhsuk-frontend/assets/images/nhsuk-icon-arrow-up-down.svg",
    "vendor/nhsuk-frontend/assets/images/nhsuk-icon-cross.svg",
]
# Modules import each other without a version query, so cache those URLs too.
MODULE_URLS = [
    "/static/vendor/nhsuk-frontend/nhsuk-frontend.min.js",
    "/static/vendor/idb/idb.js",
    "/static/app/offline.js",
    "/static/app/outbox.js",
    "/static/app/outbox_page.js",
    "/static/app/offline_page.js",
    "/static/app/sync_notice.js",
    "/static/app/pending_summary.js",
    "/static/app/saved_forms.js",
    "/static/app/markup.js",
]


@cache
def _service_worker(static_dir: Path, release: str, assets: tuple[str, ...]) -> tuple[str, str]:
    """The worker's source and its version: a digest of the release and every shell file."""
    source = (static_dir / "sw.js").read_text()
    digest = hashlib.sha256(f"{release}\n{source}".encode())
    for name in assets:
        path = static_dir / name
        digest.update(path.read_bytes() if path.exists() else name.encode())
    version = digest.hexdigest()[:12]
    return source, version


@get("/sw.js", opt=PUBLIC, include_in_schema=False)
async def service_worker(request: Request[Any, Any, Any]) -> Response[str]:
    services = services_of(request)
    settings = services.settings
    assets = (*SHELL_ASSETS, *(name for f in services.features for name in f.stylesheets))
    source, version = _service_worker(settings.static_dir, settings.release, assets)
    shell = [static_url(request, name) for name in assets]
    shell += [*MODULE_URLS, "/offline", "/manifest.webmanifest"]
    body = source.replace("__VERSION__", version).replace("__SHELL__", json.dumps(shell))
    return Response(
        body,
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


@get("/offline", opt=PUBLIC, include_in_schema=False)
async def offline(request: Request[Any, Any, Any]) -> Response[Any]:
    request.state.session = None  # the same page for everyone: it is kept in the app shell
    response = page(request, "sync/offline.html", offline_machinery=True)
    del response.headers["X-MBP-User"]  # it belongs to nobody
    return response


@get("/sync", opt={"access": "signed_in"})
async def changes_on_device(request: Request[Any, Any, Any]) -> Response[Any]:
    return page(request, "sync/outbox.html")


@get(
    "/api/teams/{team_id:str}/offline-set",
    opt=MEMBER,
    tags=["sync"],
    summary="Pages to keep on this device for reading offline",
)
async def offline_set(request: Request[Any, Any, Any]) -> dict[str, list[str]]:
    team = team_of(request)
    user = user_of(request)
    # Where the app opens (the manifest's start_url, wherever it leads for this person)
    # and their list of teams come first, so the installed app opens offline soonest.
    # Then each feature's main page (the first it names), then the rest.
    mains: list[str] = []
    rest: list[str] = []
    services = services_of(request)
    for feature in services.features:
        if feature.offline_paths is not None:
            first, *others = feature.offline_paths(team, user) or [""]
            mains += [first] if first else []
            rest += others
    # Pages outside the team that belong with it (its networks'), read from services.
    for beyond in provided(services.features, OFFLINE_PATHS_BEYOND_TEAM):
        rest += beyond(services, team, user)
    urls = [*LANDING, *mains, CHANGES_ON_DEVICE, *offline_order(rest)]
    return {"urls": list(dict.fromkeys(urls))}


LANDING = ["/", "/teams"]
CHANGES_ON_DEVICE = "/sync"
"""Read from the device's own storage: it is most needed without signal."""


def offline_order(urls: list[str]) -> list[str]:
    """Each page once, the shallowest first (a team's home, then its main pages, then
    their forms and details): on a slow connection the pages a person opens first are
    saved first. The order among pages of one depth is kept."""
    unique = list(dict.fromkeys(urls))
    return sorted(unique, key=lambda url: url.rstrip("/").count("/"))


def _open_conflicts(team: Any, user_id: str) -> list[dict[str, Any]]:
    conn = team.store.reader
    rows = conn.execute(
        "SELECT * FROM conflicts WHERE status = 'open' AND user_id = ? ORDER BY created_at",
        [user_id],
    ).fetchall()
    return [
        {
            "id": r["id"],
            "what": f"{r['entity'].replace('_', ' ')}: {r['field'].replace('_', ' ')}",
            "mine": json.loads(r["client_value"]),
            "theirs": _saved_now(conn, r),
            "at": r["created_at"],
        }
        for r in rows
    ]


def _saved_now(conn: Any, clash: Any) -> Any:
    """The field's value as saved now (it may have changed since the clash)."""
    names = (clash["entity"], clash["field"], clash["entity_key"])
    if not all(n.replace("_", "").isalnum() for n in names):
        return json.loads(clash["server_value"])
    row = conn.execute(
        f'SELECT "{names[1]}" FROM "{names[0]}" WHERE "{names[2]}" = ?',
        [clash["entity_id"]],
    ).fetchone()
    return json.loads(clash["server_value"]) if row is None else row[0]


@get("/conflicts")
async def conflicts(request: Request[Any, Any, Any]) -> Response[Any]:
    team = team_of(request)
    return page(
        request,
        "sync/conflicts.html",
        conflicts=_open_conflicts(team, user_of(request).id),
        form=FormState(),
        version=team_version(team.store.reader),
    )


@post("/conflicts/{conflict_id:str}")
async def resolve(request: Request[Any, Any, Any], conflict_id: FromPath[str]) -> Response[Any]:
    team = team_of(request)
    data = await read_form(request)
    outcome = await submit(request, team, "conflict.resolve", {**data, "conflict_id": conflict_id})
    if outcome.status == "rejected" and "" in outcome.errors:
        raise NotFoundException()
    if not outcome.ok:
        form = FormState(
            values=data, errors={f"choice-{conflict_id}": outcome.errors.get("choice", "")}
        )
        return page(
            request,
            "sync/conflicts.html",
            status=422,
            form=form,
            conflicts=_open_conflicts(team, user_of(request).id),
            version=team_version(team.store.reader),
        )
    return redirect(f"/teams/{team.id}/conflicts", flash="The clash has been resolved")


TEAM_ROUTES = [conflicts, resolve]
"""Under /teams/{team_id}: the feature's team router (web/routing.py)."""
ROUTES = [service_worker, offline, changes_on_device, offline_set]
