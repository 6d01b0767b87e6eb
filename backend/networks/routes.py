"""The network pages: your networks and invitations, creating one, a network's page,
inviting and leaving."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath
from markupsafe import Markup

from backend.db.stores import UnknownTeam
from backend.mutations import Actor
from backend.networks import queries, tags
from backend.networks.access import person_teams
from backend.networks.mutations import NETWORK_NAME
from backend.networks.service import create_network
from backend.networks.web import (
    MODERATORS,
    NETWORK,
    NETWORK_LEADS,
    SIGNED_IN,
    network_of,
    submit_network,
)
from backend.teams.public import may_create_team
from backend.teams.roles import LEADS
from backend.validation import Schema, ValidationFailed
from backend.web.auth import device_of, run_sync, services_of, user_of
from backend.web.forms import FormState, read_form
from backend.web.render import cached_forms, page, redirect, render_string


def _your_networks(
    request: Request[Any, Any, Any], status: int = 200, **extra: Any
) -> Response[Any]:
    services = services_of(request)
    user = user_of(request)
    mine = person_teams(services, user.id)
    led = [(team_id, name) for team_id, name, roles in mine if roles & LEADS]
    conn = services.accounts.reader
    networks = {n.id: n for n in queries.networks_of_teams(conn, [t[0] for t in mine])}
    networks.update({n.id: n for n in queries.networks_led_by(conn, user.id)})
    names = dict(led)
    invitations = [
        (i, names[i.team_id]) for i in queries.invitations_for(conn, [t[0] for t in led])
    ]
    return page(
        request,
        "networks/list.html",
        status=status,
        networks=sorted(networks.values(), key=lambda n: n.name),
        invitations=invitations,
        led=led,
        form=extra.pop("form", FormState()),
        **extra,
    )


@get("/networks", opt=SIGNED_IN)
async def your_networks(request: Request[Any, Any, Any]) -> Response[Any]:
    return _your_networks(request)


@get("/networks/new", opt=SIGNED_IN)
async def new_network_page(request: Request[Any, Any, Any]) -> Response[Any]:
    allowed = may_create_team(request)
    return page(
        request,
        "networks/new.html",
        status=200 if allowed else 403,
        form=FormState(),
        allowed=allowed,
    )


@post("/networks/new", opt=SIGNED_IN)
async def new_network(request: Request[Any, Any, Any]) -> Response[Any]:
    if not may_create_team(request):
        return page(request, "networks/new.html", status=403, form=FormState(), allowed=False)
    data = await read_form(request)
    try:
        clean = Schema([NETWORK_NAME]).validate(data)
    except ValidationFailed as failed:
        form = FormState(values=data, errors=failed.errors)
        return page(request, "networks/new.html", status=422, form=form, allowed=True)
    user = user_of(request)
    actor = Actor(user.id, user.name, frozenset(), device_of(request))
    network_id = await run_sync(create_network, services_of(request), actor, clean["name"])
    return redirect(f"/networks/{network_id}", flash=f"{clean['name']} has been created")


@post("/networks/invitations", opt=SIGNED_IN)
async def answer_invitation(request: Request[Any, Any, Any]) -> Response[Any]:
    """A team's lead accepts or declines an invitation for the team (the mutation checks
    they lead it, from the team's own file)."""
    data = await read_form(request)
    network_id = str(data.get("network_id", ""))
    answer = "network.accept" if data.get("answer") == "accept" else "network.decline"
    try:
        services_of(request).networks.get(network_id)
    except UnknownTeam:
        return _your_networks(request, status=404)
    outcome = await submit_network(request, network_id, frozenset(), answer, data)
    if not outcome.ok:
        message = next(iter(outcome.errors.values()), "That invitation could not be answered")
        return _your_networks(request, status=422, problem=message)
    if answer == "network.accept":
        return redirect(f"/networks/{network_id}", flash="Your team has joined the network")
    return redirect("/networks", flash="The invitation has been declined")


PAGE_SIZE = 50
"""Resources listed at once, best match first: narrow the search or filters for others."""


def _network_page(
    request: Request[Any, Any, Any], status: int = 200, invite_form: FormState | None = None
) -> Response[Any]:
    network = network_of(request)
    conn = network.store.reader
    q = request.query_params
    search = {k: str(q.get(k, ""))[:100] for k in ("q", "characteristic", "stage", "kind")}

    def context() -> dict[str, Any]:
        found = queries.resources(
            conn,
            text=search["q"],
            characteristic=search["characteristic"],
            stage=search["stage"],
            kind=search["kind"],
            limit=PAGE_SIZE + 1,
        )
        return {
            "network": network,
            "resources": found[:PAGE_SIZE],
            "more": len(found) > PAGE_SIZE,
            "search": search,
            "tags": tags.tags_of(services_of(request)),
        }

    def services() -> dict[str, Any]:
        return {
            "network": network,
            "teams": queries.network_teams(conn),
            "invite_form": invite_form or FormState(),
        }

    # The same network version and viewer show the same page (a network of 200 services
    # lists them all), whatever the search above them: each part is rendered once, the
    # form token put in per request.
    viewer = ("network", str(network.store.path), queries.version(conn), network.roles)
    led = tuple(sorted(network.led))
    main = cached_forms(
        request,
        (*viewer, led, tuple(sorted(search.items()))),
        "networks/_network_main.html",
        context,
    )
    if invite_form is None:
        listed = cached_forms(request, (*viewer, led), "networks/_network_services.html", services)
    else:
        html = render_string(request, "networks/_network_services.html", services())
        listed = Markup(html)  # noqa: S704 - rendered by our autoescaping templates
    return page(
        request,
        "networks/network.html",
        status=status,
        network=network,
        main_html=main,
        services_html=listed,
        form=invite_form or FormState(),
    )


@get("/networks/{network_id:str}", opt=NETWORK)
async def network_home(request: Request[Any, Any, Any]) -> Response[Any]:
    return _network_page(request)


@post("/networks/{network_id:str}/invite", opt=NETWORK_LEADS)
async def invite(request: Request[Any, Any, Any], network_id: FromPath[str]) -> Response[Any]:
    network = network_of(request)
    data = await read_form(request)
    data["team_id"] = str(data.get("team_id", "")).strip().lower()
    outcome = await submit_network(request, network_id, network.roles, "network.invite", data)
    if not outcome.ok:
        form = FormState(values=data, errors=dict(outcome.errors))
        return _network_page(request, status=422, invite_form=form)
    return redirect(f"/networks/{network_id}", flash="The team has been invited")


@post("/networks/{network_id:str}/leave", opt=MODERATORS)
async def leave(request: Request[Any, Any, Any], network_id: FromPath[str]) -> Response[Any]:
    network = network_of(request)
    data = await read_form(request)
    outcome = await submit_network(request, network_id, network.roles, "network.leave", data)
    if not outcome.ok:
        return _network_page(request, status=422)
    if network.has("network_lead") or len(network.teams) > 1:
        return redirect(f"/networks/{network_id}", flash="The team has left the network")
    return redirect("/networks", flash="Your team has left the network")


ROUTES = [
    your_networks,
    new_network_page,
    new_network,
    answer_invitation,
    network_home,
    invite,
    leave,
]
