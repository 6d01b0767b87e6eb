"""Where the network stands (the overview) and a team's choice to share with it."""

from __future__ import annotations

import json
from collections import OrderedDict
from datetime import date
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath

from backend.dates import uk_today
from backend.hooks import ADHERENCE_COUNTS, JOURNEY_STAGES, StandardCount, provided, provided_one
from backend.networks import queries, tags
from backend.networks.overview import change, overview, standards
from backend.networks.web import NETWORK, PUBLISHERS, network_of, submit_network
from backend.web.auth import run_sync, services_of
from backend.web.forms import read_form
from backend.web.render import page, redirect

_VIEWS: OrderedDict[tuple[str, int, date], tuple[Any, Any, Any]] = OrderedDict()
VIEWS_KEPT = 64
"""Networks whose counted overview is kept, each at its current version and day: it
holds only what the page shows to everyone in the network (counts, suppressed)."""


def counted(conn: Any, key: str, today: date, known: tags.Tags) -> tuple[Any, Any, Any]:
    """(stages, good-practice counts, change over the year) over the services that chose
    to share, worked out once per network version and day (every change to the network
    raises its version, so a kept answer is never stale)."""
    found_key = (key, queries.version(conn), today)
    found = _VIEWS.get(found_key)
    if found is not None:
        _VIEWS.move_to_end(found_key)
        return found
    rows = conn.execute(
        "SELECT name, named, snapshot FROM network_teams"
        " WHERE status = 'member' AND share_snapshot = 1"
    ).fetchall()
    shared = [(r["name"], bool(r["named"]), r["snapshot"]) for r in rows]
    counts = conn.execute(
        "SELECT adherence FROM network_teams"
        " WHERE status = 'member' AND share_adherence = 1 ORDER BY team_id"
    ).fetchall()
    made = (
        overview(shared, known.characteristics(), known.stages()),
        standards([r["adherence"] for r in counts]),
        change(year_apart(conn, today), known.characteristics(), known.stages()),
    )
    for stale in [k for k in _VIEWS if k[0] == key]:
        del _VIEWS[stale]
    _VIEWS[found_key] = made
    while len(_VIEWS) > VIEWS_KEPT:
        _VIEWS.popitem(last=False)
    return made


@get("/networks/{network_id:str}/overview", opt=NETWORK)
async def network_overview(request: Request[Any, Any, Any]) -> Response[Any]:
    network = network_of(request)
    conn = network.store.reader
    known = tags.tags_of(services_of(request))
    view, shared_standards, moved = counted(conn, str(network.store.path), uk_today(), known)
    choices = []
    if network.led:
        marks = ", ".join("?" for _ in network.led)
        choices = conn.execute(
            "SELECT team_id, name, share_snapshot, named, share_adherence FROM network_teams"
            f" WHERE status = 'member' AND team_id IN ({marks}) ORDER BY name",
            list(network.led),
        ).fetchall()
    return page(
        request,
        "networks/overview.html",
        network=network,
        view=view,
        standards=shared_standards,
        change=moved,
        choices=choices,
    )


def year_ago(today: date) -> date:
    """The same day a year before (28 February for 29 February)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def year_apart(conn: Any, today: date) -> list[tuple[str | None, str | None]]:
    """(newest snapshot at least a year old, today's) for each service sharing now."""
    rows = conn.execute(
        "SELECT t.snapshot AS now, ("
        "  SELECT h.snapshot FROM snapshot_history h"
        "  WHERE h.team_id = t.team_id AND h.day <= ? ORDER BY h.day DESC LIMIT 1"
        ") AS earlier FROM network_teams t"
        " WHERE t.status = 'member' AND t.share_snapshot = 1 ORDER BY t.team_id",
        [year_ago(today).isoformat()],
    ).fetchall()
    return [(r["earlier"], r["now"]) for r in rows if r["earlier"] is not None]


def adherence_counts(services: Any, store: Any, as_of: date) -> dict[str, StandardCount]:
    """Per standard (the team's chosen profile), how many of its teachers meet it (met or
    due soon), never who: asked of the adherence feature, which reads the team's file
    read-only (none if the app has no adherence feature). Run on a worker thread."""
    counts = provided_one(services.features, ADHERENCE_COUNTS)
    return counts(store, as_of) if counts is not None else {}


@post("/networks/{network_id:str}/sharing", opt=PUBLISHERS)
async def sharing(request: Request[Any, Any, Any], network_id: FromPath[str]) -> Response[Any]:
    network = network_of(request)
    data = await read_form(request)
    team_id = str(data.get("team_id", ""))
    if team_id not in network.led:
        raise PermissionDeniedException("Only a lead of that team can choose what it shares")
    services = services_of(request)
    share = data.get("share_snapshot") == "yes"
    snapshot: dict[str, str] = {}
    if share:
        store = services.teams.get(team_id)
        for stages in provided(services.features, JOURNEY_STAGES):
            snapshot.update(stages(store, services))
    share_adherence = data.get("share_adherence") == "yes"
    adherence: dict[str, StandardCount] = {}
    if share_adherence:
        store = services.teams.get(team_id)
        adherence = await run_sync(adherence_counts, services, store, uk_today())
    args = {
        **data,
        "share_snapshot": share,
        "named": share and data.get("named") == "yes",
        "snapshot": json.dumps(snapshot),
        # Not asked (an older page): the team's choice stays as it was.
        "share_adherence": ("yes" if share_adherence else "no")
        if "share_adherence" in data
        else "",
        "adherence": json.dumps(adherence),
    }
    outcome = await submit_network(request, network_id, network.roles, "network.sharing", args)
    if not outcome.ok:
        raise PermissionDeniedException(next(iter(outcome.errors.values()), ""))
    flash = (
        "Your service's journey is shared with the network"
        if share
        else "Your service no longer shares its journey with the network"
    )
    if share_adherence:
        flash += (
            " and its good-practice counts are shared"
            if share
            else ", but its good-practice counts are shared"
        )
    return redirect(f"/networks/{network_id}/overview", flash=flash)


ROUTES = [network_overview, sharing]
