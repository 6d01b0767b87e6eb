"""Helpers the adherence routes share: who may see whom, the "as of" date, page context."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from litestar import Request, Response
from litestar.exceptions import NotFoundException
from markupsafe import Markup

from backend.adherence import queries, view
from backend.adherence.evaluations import (
    FRAGMENTS,
    TeamEvaluations,
    cached_team_evaluations,
    read_team_evaluations,
    team_profile,
)
from backend.adherence.queries import Person
from backend.adherence.rules import kinds
from backend.adherence.rules.results import Evaluation
from backend.adherence.rules.standards import Profile
from backend.dates import uk_today
from backend.teams.roles import LEADS
from backend.web.auth import TeamAccess, run_sync, team_of, user_of
from backend.web.render import cached_forms as forms_fragment
from backend.web.render import page, render_string

SUPERVISORS = frozenset({"supervisor", *LEADS})
SUPERVISING = {"access": "team", "roles": SUPERVISORS}
EARLIEST = date(1990, 1, 1)


def base_of(team: TeamAccess) -> str:
    return f"/teams/{team.id}"


def me(request: Request[Any, Any, Any]) -> Person:
    found = queries.person(team_of(request).store.reader, user_of(request).id)
    if found is None:
        raise NotFoundException()
    return found


def is_lead(team: TeamAccess) -> bool:
    return team.has(*LEADS)


def visible_teachers(conn: sqlite3.Connection, team: TeamAccess, user_id: str) -> list[Person]:
    """Whose adherence this person may see besides their own: everyone for a lead,
    a supervisor's supervisees, else nobody."""
    if is_lead(team):
        return queries.teachers(conn)
    if "supervisor" in team.roles:
        return queries.supervisees(conn, user_id)
    return []


async def visible_evaluations(team: TeamAccess, user_id: str, as_of: date) -> TeamEvaluations:
    """The teachers this person may see (visible_teachers) and their evaluations, read at
    one team version: from the cache on the event loop, else read and evaluated on a
    worker thread (0.15 s for 200 teachers), so other requests are not held up."""

    def choose(conn: sqlite3.Connection) -> list[Person]:
        return visible_teachers(conn, team, user_id)

    path = team.store.path
    found = cached_team_evaluations(team.store.reader, choose, as_of, str(path))
    if found is None:
        found = await run_sync(read_team_evaluations, path, choose, as_of)
    return found


def supervises(team: TeamAccess, viewer: str, person: Person) -> bool:
    """Whether the viewer is this teacher's usual supervisor and still holds the
    supervisor role in the team (a former supervisor named on an old profile is not)."""
    return person.usual_supervisor_id == viewer and "supervisor" in team.roles


def viewable(request: Request[Any, Any, Any], user_id: str) -> Person:
    """A teacher the signed-in person may look at; 404 for anyone else."""
    team = team_of(request)
    conn = team.store.reader
    found = queries.person(conn, user_id)
    viewer = user_of(request).id
    if found is None or not (
        found.user_id == viewer or supervises(team, viewer, found) or is_lead(team)
    ):
        raise NotFoundException()
    return found


def may_sign_for(request: Request[Any, Any, Any], person: Person) -> bool:
    """Whether the signed-in person signs off, and adds records for, this teacher: their
    usual supervisor (while a supervisor here), or a lead; never for themself. The
    mutations check the same."""
    team = team_of(request)
    viewer = user_of(request).id
    return person.user_id != viewer and (supervises(team, viewer, person) or is_lead(team))


def latest_as_of() -> date:
    """The latest "as of" date anyone may ask about: a year from today."""
    return uk_today() + timedelta(days=366)


def as_of_of(request: Request[Any, Any, Any]) -> tuple[date, dict[str, str]]:
    """The "as of" date from ?as_of=YYYY-MM-DD (today if absent), and any message about it."""
    raw = request.query_params.get("as_of", "").strip()
    today = uk_today()
    if not raw:
        return today, {}
    try:
        chosen = date.fromisoformat(raw)
    except ValueError:
        return today, {"as_of": "As of must be a real date, like 2026-03-31"}
    if chosen < EARLIEST or chosen > latest_as_of():
        return today, {"as_of": "As of must be between 1 January 1990 and a year from today"}
    return chosen, {}


def cached_fragment(
    request: Request[Any, Any, Any], key: tuple[Any, ...], template: str, context: dict[str, Any]
) -> Markup:
    """A fragment rendered once per key (which must name everything the fragment shows:
    the team version, the date, the person). Only for fragments with no form token."""

    def render() -> Markup:
        return Markup(render_string(request, template, {"v": view, "kinds": kinds, **context}))  # noqa: S704

    found: Markup = FRAGMENTS.get_or_make(key, render)
    return found


def cached_forms(
    request: Request[Any, Any, Any],
    key: tuple[Any, ...],
    template: str,
    context: Callable[[], dict[str, Any]],
) -> Markup:
    """A fragment with forms rendered once per key (see backend.web.render.cached_forms);
    `context` is called only when it is rendered."""
    return forms_fragment(request, key, template, lambda: {"v": view, "kinds": kinds, **context()})


def checks_html(
    request: Request[Any, Any, Any], evaluation: Evaluation, profile: Profile, own: bool
) -> Markup:
    """The list of standards for one teacher (see adherence/_checks.html)."""
    team = team_of(request)
    key = (
        "checks",
        str(team.store.path),
        queries.version(team.store.reader),
        evaluation.as_of,
        evaluation.teacher_id,
        own,
    )
    context = {"evaluation": evaluation, "profile": profile, "own": own, "base": base_of(team)}
    return cached_fragment(request, key, "adherence/_checks.html", context)


def adherence_page(
    request: Request[Any, Any, Any], template: str, *, status: int = 200, **context: Any
) -> Response[str]:
    team = team_of(request)
    chosen = queries.settings(team.store.reader)
    context.setdefault("profile", team_profile(chosen))
    return page(
        request,
        template,
        status=status,
        fragment=context.pop("fragment", None),
        base=base_of(team),
        v=view,
        new_id=view.new_id,
        kinds=kinds,
        is_lead=is_lead(team),
        **context,
    )
