"""The pivot points log and the implementers register with its drive panel."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from backend.journey import queries
from backend.journey.rules.drive import Implementer
from backend.journey.view import Snapshot
from backend.journey.web import (
    cached_fragment,
    date_values,
    form_fields,
    journey_page,
    not_found,
    posted_form,
    snapshot_of,
)
from backend.teams.roles import LEAD
from backend.web.auth import team_of
from backend.web.forms import FormState, read_form
from backend.web.mutate import submit
from backend.web.render import redirect


def _themes(snap: Snapshot) -> list[tuple[str, str]]:
    return [(t.id, t.title) for t in snap.content.themes]


@get("/journey/pivot-points")
async def pivot_points(request: Request[Any, Any, Any]) -> Response[str]:
    snap = snapshot_of(request)
    body = cached_fragment(
        request, snap, "journey/_pivots_body.html", theme_titles=dict(_themes(snap))
    )
    return journey_page(request, "journey/pivots.html", snap=snap, body=body)


def _pivot_form(
    request: Request[Any, Any, Any],
    form: FormState,
    pivot: queries.PivotPoint | None = None,
    status: int = 200,
    *,
    posted: bool,
) -> Response[str]:
    snap = snapshot_of(request)
    fields = form_fields(
        request,
        snap,
        "journey/_pivot_fields.html",
        form,
        posted=posted,
        variant=pivot.id if pivot else "new",
        pivot=pivot,
        theme_options=_themes(snap),
    )
    return journey_page(
        request,
        "journey/pivot_form.html",
        status=status,
        form=form,
        pivot=pivot,
        fields=fields,
    )


@get("/journey/pivot-points/new", opt=LEAD)
async def new_pivot(request: Request[Any, Any, Any]) -> Response[str]:
    values = date_values("happened_on", snapshot_of(request).today)
    form = FormState(values=values | {"effect": "not_yet_known"})
    return _pivot_form(request, form, posted=False)


@post("/journey/pivot-points/new", opt=LEAD)
async def log_pivot(request: Request[Any, Any, Any], team_id: FromPath[str]) -> Response[Any]:
    data = await read_form(request)
    outcome = await submit(request, team_of(request), "journey.pivot.log", data)
    if not outcome.ok:
        form = posted_form(request, "journey.pivot.log", data, outcome)
        return _pivot_form(request, form, None, 422, posted=True)
    return redirect(
        f"/teams/{team_id}/journey/pivot-points/{outcome.result.get('id', '')}",
        flash="The pivot point has been logged",
    )


def _pivot_or_404(snap: Snapshot, pivot_id: str) -> queries.PivotPoint:
    found = next((p for p in snap.pivots if p.id == pivot_id), None)
    if found is None:
        raise not_found()
    return found


@get("/journey/pivot-points/{pivot_id:str}")
async def pivot_page(request: Request[Any, Any, Any], pivot_id: FromPath[str]) -> Response[str]:
    snap = snapshot_of(request)
    pivot = _pivot_or_404(snap, pivot_id)
    body = cached_fragment(
        request,
        snap,
        "journey/_pivot_body.html",
        variant=pivot.id,
        pivot=pivot,
        reviews=sorted(
            (r for r in snap.reviews if r.pivot_point_id == pivot.id), key=lambda r: r.opened_on
        ),
        theme_titles=dict(_themes(snap)),
    )
    return journey_page(request, "journey/pivot.html", snap=snap, pivot=pivot, body=body)


@get("/journey/pivot-points/{pivot_id:str}/edit", opt=LEAD)
async def edit_pivot(request: Request[Any, Any, Any], pivot_id: FromPath[str]) -> Response[str]:
    snap = snapshot_of(request)
    pivot = _pivot_or_404(snap, pivot_id)
    values: dict[str, Any] = {
        "what_happened": pivot.what_happened,
        "kind": pivot.kind,
        "effect": pivot.effect,
        "response": pivot.response,
        "themes": list(pivot.themes),
        "base_version": snap.version,
    }
    form = FormState(values=values | date_values("happened_on", pivot.happened_on))
    return _pivot_form(request, form, pivot, posted=False)


@post("/journey/pivot-points/{pivot_id:str}/edit", opt=LEAD)
async def update_pivot(
    request: Request[Any, Any, Any], team_id: FromPath[str], pivot_id: FromPath[str]
) -> Response[Any]:
    pivot = _pivot_or_404(snapshot_of(request), pivot_id)
    data = await read_form(request)
    outcome = await submit(
        request, team_of(request), "journey.pivot.update", {**data, "pivot_id": pivot.id}
    )
    if not outcome.ok:
        form = posted_form(request, "journey.pivot.update", data, outcome)
        return _pivot_form(request, form, pivot, 422, posted=True)
    flash = "The pivot point has been changed"
    if outcome.status == "conflict":
        flash = "Someone else changed this pivot point at the same time. Check it below"
    return redirect(f"/teams/{team_id}/journey/pivot-points/{pivot.id}", flash=flash)


@get("/journey/implementers")
async def implementers(request: Request[Any, Any, Any]) -> Response[str]:
    snap = snapshot_of(request)
    body = cached_fragment(
        request,
        snap,
        "journey/_implementers_body.html",
        by_id={p.id: p for p in snap.implementers},
    )
    return journey_page(request, "journey/implementers.html", snap=snap, body=body)


def _implementer_form(
    request: Request[Any, Any, Any],
    form: FormState,
    person: Implementer | None = None,
    status: int = 200,
    *,
    posted: bool,
) -> Response[str]:
    snap = snapshot_of(request)
    others = [p for p in snap.implementers if person is None or p.id != person.id]
    fields = form_fields(
        request,
        snap,
        "journey/_implementer_fields.html",
        form,
        posted=posted,
        variant=person.id if person else "new",
        person=person,
        successor_options=[("", "No successor named")] + [(p.id, p.label) for p in others],
    )
    return journey_page(
        request,
        "journey/implementer_form.html",
        status=status,
        form=form,
        person=person,
        fields=fields,
    )


@get("/journey/implementers/new", opt=LEAD)
async def new_implementer(request: Request[Any, Any, Any]) -> Response[str]:
    return _implementer_form(request, FormState(values={"seniority": "practitioner"}), posted=False)


@post("/journey/implementers/new", opt=LEAD)
async def add_implementer(request: Request[Any, Any, Any], team_id: FromPath[str]) -> Response[Any]:
    data = await read_form(request)
    outcome = await submit(request, team_of(request), "journey.implementer.add", data)
    if not outcome.ok:
        form = posted_form(request, "journey.implementer.add", data, outcome)
        return _implementer_form(request, form, None, 422, posted=True)
    return redirect(
        f"/teams/{team_id}/journey/implementers",
        flash=f"{data.get('name', 'The implementer')} has been added",
    )


def _implementer_or_404(request: Request[Any, Any, Any], implementer_id: str) -> Implementer:
    found = next((p for p in snapshot_of(request).implementers if p.id == implementer_id), None)
    if found is None:
        raise not_found()
    return found


@get("/journey/implementers/{implementer_id:str}", opt=LEAD)
async def edit_implementer(
    request: Request[Any, Any, Any], implementer_id: FromPath[str]
) -> Response[str]:
    person = _implementer_or_404(request, implementer_id)
    hours = person.protected_hours_per_week
    values: dict[str, Any] = {
        "name": person.name,
        "role": person.role,
        "seniority": person.seniority.value,
        "skills": ", ".join(person.skills),
        "passion": person.passion,
        "support_needed": person.support_needed,
        "protected_hours_per_week": "" if hours is None else f"{hours:g}",
        "top_down_sponsor": ["yes"] if person.top_down_sponsor else [],
        "successor_id": person.successor_id or "",
        "base_version": snapshot_of(request).version,
    }
    values |= date_values("expected_leaving_on", person.expected_leaving)
    return _implementer_form(request, FormState(values=values), person, posted=False)


@post("/journey/implementers/{implementer_id:str}", opt=LEAD)
async def update_implementer(
    request: Request[Any, Any, Any], team_id: FromPath[str], implementer_id: FromPath[str]
) -> Response[Any]:
    person = _implementer_or_404(request, implementer_id)
    data = await read_form(request)
    outcome = await submit(
        request,
        team_of(request),
        "journey.implementer.update",
        {**data, "implementer_id": person.id},
    )
    if not outcome.ok:
        form = posted_form(request, "journey.implementer.update", data, outcome)
        return _implementer_form(request, form, person, 422, posted=True)
    return redirect(
        f"/teams/{team_id}/journey/implementers",
        flash=f"{data.get('name', person.name)}'s details have been changed",
    )


@post("/journey/implementers/{implementer_id:str}/remove", opt=LEAD)
async def remove_implementer(
    request: Request[Any, Any, Any], team_id: FromPath[str], implementer_id: FromPath[str]
) -> Response[Any]:
    person = _implementer_or_404(request, implementer_id)
    data = await read_form(request)
    outcome = await submit(
        request,
        team_of(request),
        "journey.implementer.remove",
        {**data, "implementer_id": person.id},
    )
    if not outcome.ok:
        raise not_found()
    return redirect(
        f"/teams/{team_id}/journey/implementers",
        flash=f"{person.name} has been removed from the implementers",
    )


TEAM_ROUTES = [
    pivot_points,
    new_pivot,
    log_pivot,
    pivot_page,
    edit_pivot,
    update_pivot,
    implementers,
    new_implementer,
    add_implementer,
    edit_implementer,
    update_implementer,
    remove_implementer,
]
"""Under /teams/{team_id}: the feature's team router (web/routing.py)."""
