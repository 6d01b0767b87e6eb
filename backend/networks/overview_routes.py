"""Where the network stands (the overview) and a team's choice to share with it."""

from __future__ import annotations

import json
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath

from backend.networks import tags
from backend.networks.overview import overview
from backend.networks.web import NETWORK, PUBLISHERS, network_of, submit_network
from backend.web.auth import services_of
from backend.web.forms import read_form
from backend.web.render import page, redirect


@get("/networks/{network_id:str}/overview", opt=NETWORK)
async def network_overview(request: Request[Any, Any, Any]) -> Response[Any]:
    network = network_of(request)
    rows = network.store.reader.execute(
        "SELECT name, named, snapshot FROM network_teams"
        " WHERE status = 'member' AND share_snapshot = 1"
    ).fetchall()
    shared = [(r["name"], bool(r["named"]), r["snapshot"]) for r in rows]
    mine = network.store.reader.execute(
        "SELECT team_id, name, share_snapshot, named FROM network_teams WHERE status = 'member'"
    ).fetchall()
    choices = [r for r in mine if r["team_id"] in network.led]
    return page(
        request,
        "networks/overview.html",
        network=network,
        view=overview(shared, tags.characteristics(), tags.stages()),
        choices=choices,
    )


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
        for feature in services.features:
            if "journey_stages" in feature.extra:
                snapshot.update(feature.extra["journey_stages"](store, services))
    args = {
        **data,
        "share_snapshot": share,
        "named": share and data.get("named") == "yes",
        "snapshot": json.dumps(snapshot),
    }
    outcome = await submit_network(request, network_id, network.roles, "network.sharing", args)
    if not outcome.ok:
        raise PermissionDeniedException(next(iter(outcome.errors.values()), ""))
    flash = (
        "Your service's journey is shared with the network"
        if share
        else "Your service no longer shares its journey with the network"
    )
    return redirect(f"/networks/{network_id}/overview", flash=flash)


ROUTES = [network_overview, sharing]
