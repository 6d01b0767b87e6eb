"""The team pages: home, your teams, creating a team, settings and the audit trail."""

from __future__ import annotations

import logging
import sqlite3
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from markupsafe import Markup

from backend.accounts import queries as accounts
from backend.accounts import server
from backend.dates import uk_today
from backend.db.stores import StoreUnhealthy, is_corruption
from backend.teams import queries
from backend.teams.mutations import TEACHES_ANSWER, TEAM_NAME
from backend.teams.roles import LEAD, LEADS
from backend.teams.service import create_team
from backend.validation import Schema, ValidationFailed
from backend.web.auth import (
    current_session,
    device_of,
    run_sync,
    services_of,
    team_access,
    team_of,
    user_of,
)
from backend.web.forms import FormState, posted_mutation_id, read_form
from backend.web.mutate import submit
from backend.web.render import keep, kept, page, redirect, render_string

PUBLIC = {"access": "public"}
SIGNED_IN = {"access": "signed_in"}
AUDIT_PER_PAGE = 50
log = logging.getLogger("mbp")


@get("/", opt=PUBLIC)
async def root(request: Request[Any, Any, Any]) -> Response[Any]:
    session = current_session(request)
    if session is None:
        return redirect("/sign-in")
    return redirect(landing_of(request, session.user.id, session.team_id))


def landing_of(request: Request[Any, Any, Any], user_id: str, last_team: str | None) -> str:
    """Where a person starts: over every team, the page where they have most to do (a
    lead's team home, a supervisor's supervisees, a practitioner's own practice); the
    team used last breaks a tie. No team: the list of teams."""
    services = services_of(request)
    best: tuple[int, bool, str] | None = None
    for link in accounts.teams_of(services.accounts.reader, user_id):
        try:
            team = team_access(services, link.id, user_id)
            if team is None:
                continue
            landings = [f.landing(team, user_id) if f.landing else None for f in services.features]
        except (StoreUnhealthy, sqlite3.DatabaseError) as exc:  # a damaged team's file
            if not is_corruption(exc):
                raise
            log.error("landing skips team %s: %s", link.id, exc)  # stays isolated to it
            continue
        for found in landings:
            if found is None:
                continue
            path = f"/teams/{team.id}/{found.path}" if found.path else f"/teams/{team.id}"
            candidate = (found.weight, team.id == last_team, path)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    return best[2] if best else "/teams"


@get("/teams", opt=SIGNED_IN)
async def your_teams(request: Request[Any, Any, Any]) -> Response[Any]:
    user = user_of(request)
    teams = accounts.teams_of(services_of(request).accounts.reader, user.id)
    session = current_session(request)
    return page(
        request, "teams/list.html", teams=teams, current_id=session.team_id if session else None
    )


def may_create_team(request: Request[Any, Any, Any]) -> bool:
    """As the server admin chose: anyone signed in, admins only, or some email domains."""
    conn = services_of(request).accounts.reader
    user = user_of(request)
    return server.team_creation(conn).allows(user.email, server.is_admin(conn, user.id))


def _not_allowed(request: Request[Any, Any, Any]) -> Response[Any]:
    return page(request, "teams/new.html", status=403, form=FormState(), allowed=False)


@get("/teams/new", opt=SIGNED_IN)
async def new_team_page(request: Request[Any, Any, Any]) -> Response[Any]:
    if not may_create_team(request):
        return _not_allowed(request)
    form = FormState(values={"teaches": "yes"})
    return page(request, "teams/new.html", form=form, allowed=True)


@post("/teams/new", opt=SIGNED_IN)
async def new_team(request: Request[Any, Any, Any]) -> Response[Any]:
    user = user_of(request)
    if not may_create_team(request):
        return _not_allowed(request)
    data = await read_form(request)
    services = services_of(request)
    try:
        clean = Schema([TEAM_NAME, TEACHES_ANSWER]).validate(data)
    except ValidationFailed as failed:
        form = FormState(values=data, errors=failed.errors)
        return page(request, "teams/new.html", status=422, form=form, allowed=True)
    form_id = posted_mutation_id(data)
    try:
        earlier = await services.accounts.write(
            lambda c: accounts.claim_team_creation(c, form_id, user.id)
        )
    except accounts.TooManyTeams:
        limit = accounts.TEAMS_PER_DAY
        form = FormState(
            values=data, errors={"name": f"You can create {limit} teams a day. Try again tomorrow"}
        )
        return page(request, "teams/new.html", status=429, form=form, allowed=True)
    if earlier is not None:  # the same form sent again: one team
        return redirect(f"/teams/{earlier}" if earlier else "/teams")
    device = device_of(request)
    team_id: str | None = None
    try:
        teaches = clean["teaches"] != "no"  # not sent (an older page): yes, as before
        team_id = await run_sync(
            lambda: create_team(services, user, clean["name"], device, teaches=teaches)
        )
    finally:
        await services.accounts.write(lambda c: accounts.record_team_creation(c, form_id, team_id))
    return redirect(f"/teams/{team_id}", flash=f"{clean['name']} has been created")


@get("/")
async def home(request: Request[Any, Any, Any]) -> Response[Any]:
    team = team_of(request)
    conn = team.store.reader
    user = user_of(request)
    # Read before the rest: what is rendered is at least this version, never older.
    key = ("home", str(team.store.path), queries.version(conn), uk_today(), user.id, team.roles)
    html = kept(key)
    if html is None:
        html = render_string(request, "teams/_home_main.html", await _home_main(request))
        keep(key, html)
    return page(request, "teams/home.html", main_html=Markup(html))  # noqa: S704 - our template


async def _home_main(request: Request[Any, Any, Any]) -> dict[str, Any]:
    team = team_of(request)
    conn = team.store.reader
    user = user_of(request)
    panels = []
    for feature in services_of(request).features:
        for panel in feature.home_panels:
            panels.append((panel.order, panel.template, await panel.fill(request, team, user)))
    panels.sort(key=lambda p: p[0])
    steps = sorted(
        (s for f in services_of(request).features if f.first_steps for s in f.first_steps(team)),
        key=lambda s: s.order,
    )
    return {
        "activity": queries.recent_activity(conn, user.id, everything=team.has(*LEADS)),
        "members": queries.members(conn),
        "conflicts": queries.open_conflicts(conn, user.id),
        "panels": [(template, context) for _, template, context in panels],
        "steps": steps if team.has(*LEADS) and not all(s.done for s in steps) else [],
    }


@get("/settings", opt=LEAD)
async def settings_page(request: Request[Any, Any, Any]) -> Response[Any]:
    team = team_of(request)
    form = FormState(values={"name": team.name, "base_version": queries.version(team.store.reader)})
    return page(request, "teams/settings.html", form=form)


@post("/settings", opt=LEAD)
async def rename(request: Request[Any, Any, Any], team_id: FromPath[str]) -> Response[Any]:
    team = team_of(request)
    data = await read_form(request)
    outcome = await submit(request, team, "team.rename", data)
    if not outcome.ok:
        form = FormState(values=data, errors=dict(outcome.errors))
        return page(request, "teams/settings.html", status=422, form=form)
    if outcome.status == "conflict":
        return redirect(
            f"/teams/{team_id}/settings",
            flash="Someone else renamed the team while you were editing. Their name was kept",
        )
    return redirect(f"/teams/{team_id}", flash="The team's name has been changed")


@get("/audit", opt=LEAD)
async def audit(
    request: Request[Any, Any, Any],
    page_number: Annotated[int, QueryParameter(name="page", ge=1, le=100_000)] = 1,
    person: Annotated[str | None, QueryParameter(max_length=64)] = None,
) -> Response[Any]:
    team = team_of(request)
    conn = team.store.reader
    members = queries.members(conn)
    person = person if person in {m.user_id for m in members} else None
    entries, total = queries.audit_page(conn, page_number, AUDIT_PER_PAGE, person)
    pages = max(1, -(-total // AUDIT_PER_PAGE))
    return page(
        request,
        "teams/audit.html",
        entries=entries,
        total=total,
        page_number=page_number,
        pages=pages,
        members=members,
        person=person,
    )
