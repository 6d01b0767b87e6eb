"""The journey pages: the overall picture and grid, a characteristic, an action, the
action plan and the timeline; adding local actions, hiding and showing items."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs, quote, urlsplit

from litestar import Request, Response, get, post
from litestar.params import FromPath, QueryParameter

from backend.hooks import CHARACTERISTIC_NOTES, provided
from backend.journey import queries
from backend.journey.history import describe_change
from backend.journey.mutations import find_action
from backend.journey.queries import ActionRecord
from backend.journey.rules.labels import STAGE_LABELS, STATUS_LABELS
from backend.journey.rules.logic import ESTABLISHED_PERCENT
from backend.journey.rules.model import STAGE_ORDER
from backend.journey.view import Snapshot
from backend.journey.web import (
    cached_fragment,
    date_values,
    form_fields,
    is_lead,
    journey_page,
    not_found,
    posted_form,
    snapshot_of,
)
from backend.teams.roles import LEAD
from backend.web.auth import services_of, team_of, user_of
from backend.web.forms import FormState, read_form
from backend.web.mutate import submit
from backend.web.render import redirect
from backend.web.spreadsheet import write

HISTORY_ON_CHARACTERISTIC = 25


@get("/journey")
async def overview(request: Request[Any, Any, Any]) -> Response[str]:
    snap = snapshot_of(request)
    body = cached_fragment(request, snap, "journey/_overview.html")
    return journey_page(request, "journey/overview.html", snap=snap, body=body)


def _characteristic_page(
    request: Request[Any, Any, Any],
    snap: Snapshot,
    characteristic_id: str,
    form: FormState | None = None,
    status: int = 200,
) -> Response[str]:
    ch = snap.characteristic(characteristic_id)
    picture = snap.picture_of(characteristic_id)
    if ch is None or picture is None:
        raise not_found()
    hidden = [a for a in snap.team.journey.hidden_actions if a.characteristic_id == ch.id]
    reader = team_of(request).store.reader

    def history() -> dict[str, Any]:
        ids = [a.id for stage in ch.stages for a in stage.actions] + [a.id for a in hidden]
        texts = {a.id: a.text for stage in ch.stages for a in stage.actions}
        return {
            "history": queries.history(reader, ids, HISTORY_ON_CHARACTERISTIC),
            "texts": texts | {a.id: a.text for a in hidden},
            "describe": lambda entry: describe_change(entry, snap.name_of),
        }

    stages = cached_fragment(
        request,
        snap,
        "journey/_characteristic_stages.html",
        variant=ch.id,
        ch=ch,
        picture=picture,
        settled=all(s.reaches(ESTABLISHED_PERCENT) for s in picture.strengths),
    )
    changes = cached_fragment(
        request, snap, "journey/_characteristic_history.html", variant=ch.id, build=history
    )
    posted = form is not None
    form = form or FormState()
    fields = None
    stage = (picture.stage or STAGE_ORDER[0]).value
    services = services_of(request)
    notes = [
        note
        for notes_of in provided(services.features, CHARACTERISTIC_NOTES)
        for note in notes_of(services, team_of(request).id, ch.id, stage)
    ]
    if is_lead(request):
        template = "journey/_local_action_fields.html"
        fields = form_fields(request, snap, template, form, posted=posted)
    return journey_page(
        request,
        "journey/characteristic.html",
        status=status,
        snap=snap,
        ch=ch,
        hidden=hidden,
        stages=stages,
        changes=changes,
        fields=fields,
        form=form,
        notes=notes,
    )


@get("/journey/characteristics/{characteristic_id:str}")
async def characteristic(
    request: Request[Any, Any, Any], characteristic_id: FromPath[str]
) -> Response[str]:
    return _characteristic_page(request, snapshot_of(request), characteristic_id)


@post("/journey/characteristics/{characteristic_id:str}", opt=LEAD)
async def add_local_action(
    request: Request[Any, Any, Any], team_id: FromPath[str], characteristic_id: FromPath[str]
) -> Response[Any]:
    if snapshot_of(request).characteristic(characteristic_id) is None:
        raise not_found()
    data = await read_form(request)
    outcome = await submit(
        request,
        team_of(request),
        "journey.local_action.add",
        {**data, "characteristic_id": characteristic_id},
    )
    if not outcome.ok:
        form = posted_form(request, "journey.local_action.add", data, outcome)
        return _characteristic_page(request, snapshot_of(request), characteristic_id, form, 422)
    return redirect(
        f"/teams/{team_id}/journey/characteristics/{characteristic_id}",
        flash="Your local action has been added",
    )


def _action_page(
    request: Request[Any, Any, Any],
    action_id: str,
    form: FormState | None = None,
    status: int = 200,
) -> Response[str]:
    """An action, its history and (for leads) its update form; `form` when re-shown with
    what someone posted."""
    snap = snapshot_of(request)
    action, hidden = find_action(snap.team, action_id)
    if action is None:
        raise not_found()
    record = snap.records.get(action_id)
    ch = snap.characteristic(action.characteristic_id)
    reader = team_of(request).store.reader
    about = cached_fragment(
        request,
        snap,
        "journey/_action_about.html",
        variant=action_id,
        action=action,
        hidden=hidden,
        record=record,
        ch=ch,
    )
    history = cached_fragment(
        request,
        snap,
        "journey/_action_history.html",
        variant=action_id,
        build=lambda: {
            "history": queries.history(reader, [action_id]),
            "describe": lambda entry: describe_change(entry, snap.name_of),
        },
    )
    posted = form is not None
    form = form or FormState(values=_saved_values(snap, record))
    fields = None
    if is_lead(request) and not hidden:
        members = [p for p in snap.people.values() if p.active]
        fields = form_fields(
            request,
            snap,
            "journey/_action_fields.html",
            form,
            posted=posted,
            variant=action_id,
            owner_options=[("", "No owner")] + [(p.user_id, p.name) for p in members],
        )
    return journey_page(
        request,
        "journey/action.html",
        status=status,
        plan_url=_plan_url(request, form),
        snap=snap,
        action=action,
        hidden=hidden,
        ch=ch,
        about=about,
        history=history,
        fields=fields,
        form=form,
    )


def _plan_url(request: Request[Any, Any, Any], form: FormState) -> str | None:
    """The action plan (with its filter) when the person came from it: said by the page
    that linked here (Referer, same origin only), or by the form posted back."""
    plan = f"/teams/{team_of(request).id}/journey/plan"
    wanted = str(form.values.get("return_to", "")) or request.headers.get("referer", "")
    parts = urlsplit(wanted)
    if parts.path != plan or (parts.netloc and parts.netloc != request.headers.get("host")):
        return None
    show = parse_qs(parts.query).get("show", [""])[0]
    return f"{plan}?show={quote(show)}" if show.isidentifier() else plan


def _saved_values(snap: Snapshot, record: ActionRecord | None) -> dict[str, Any]:
    """The update form as the action stands, dated today, at this version."""
    values: dict[str, Any] = {"base_version": snap.version, "status": "not_started"}
    values |= date_values("evidence_date", snap.today)
    if record is not None:
        values |= {"status": record.status.value, "owner_id": record.owner_id or ""}
        values |= {"evidence": record.evidence} | date_values("due", record.due_on)
    return values


@get("/journey/actions/{action_id:str}")
async def action_page(request: Request[Any, Any, Any], action_id: FromPath[str]) -> Response[str]:
    return _action_page(request, action_id)


@post("/journey/actions/{action_id:str}", opt=LEAD)
async def update_action(
    request: Request[Any, Any, Any], team_id: FromPath[str], action_id: FromPath[str]
) -> Response[Any]:
    action, _ = find_action(snapshot_of(request).team, action_id)
    if action is None:
        raise not_found()
    data = await read_form(request)
    outcome = await submit(
        request, team_of(request), "journey.action.update", {**data, "action_id": action_id}
    )
    if not outcome.ok:
        form = posted_form(request, "journey.action.update", data, outcome)
        return _action_page(request, action_id, form, 422)
    flash = "The action has been updated"
    if outcome.status == "conflict":
        flash = (
            "Someone else changed this action while you were editing. Their changes were "
            "kept where you both changed the same thing; nothing you typed has been lost"
        )
    back = _plan_url(request, FormState(values={"return_to": data.get("return_to", "")}))
    return redirect(
        back or f"/teams/{team_id}/journey/characteristics/{action.characteristic_id}",
        flash=flash,
    )


@post("/journey/hide", opt=LEAD)
async def hide(request: Request[Any, Any, Any], team_id: FromPath[str]) -> Response[Any]:
    return await _hide_or_show(request, team_id, "journey.item.hide")


@post("/journey/unhide", opt=LEAD)
async def unhide(request: Request[Any, Any, Any], team_id: FromPath[str]) -> Response[Any]:
    return await _hide_or_show(request, team_id, "journey.item.unhide")


async def _hide_or_show(request: Request[Any, Any, Any], team_id: str, name: str) -> Response[Any]:
    data = await read_form(request)
    item_id = str(data.get("item_id", ""))[:120]
    snap = snapshot_of(request)
    action, _ = find_action(snap.team, item_id)
    question = snap.team.questions.find(item_id)
    if action is None and question is None:
        raise not_found()
    outcome = await submit(request, team_of(request), name, data)
    back = (
        f"/teams/{team_id}/journey/characteristics/{action.characteristic_id}"
        if action is not None
        else f"/teams/{team_id}/reviews/questions"
    )
    hiding = name == "journey.item.hide"
    if not outcome.ok:
        return redirect(back, flash=next(iter(outcome.errors.values()), "Nothing was changed"))
    what = "action" if action is not None else "question"
    flash = f"The {what} has been hidden" if hiding else f"The {what} is shown again"
    return redirect(back, flash=flash)


SHOW_OPTIONS = [("all", "Everything in the plan"), ("overdue", "Overdue only"), ("mine", "Mine")]


@get("/journey/plan")
async def plan(
    request: Request[Any, Any, Any],
    show: Annotated[str, QueryParameter(name="show", max_length=20)] = "all",
) -> Response[str]:
    snap = snapshot_of(request)
    show = show if show in {key for key, _ in SHOW_OPTIONS} else "all"
    me = user_of(request).id

    def grouped() -> dict[str, Any]:
        items = [
            item
            for item in snap.plan
            if show == "all"
            or (show == "overdue" and item.overdue)
            or (show == "mine" and item.owner == me)
        ]
        groups: dict[str, list[Any]] = {}
        for item in items:
            groups.setdefault(item.characteristic_title, []).append(item)
        return {"groups": groups, "shown": len(items)}

    items = cached_fragment(
        request,
        snap,
        "journey/_plan_items.html",
        variant=f"{show}:{me if show == 'mine' else ''}",
        build=grouped,
        show=show,
    )
    filter_form = cached_fragment(
        request,
        snap,
        "journey/_plan_filter.html",
        variant=show,
        form=FormState(values={"show": show}),
        show_options=SHOW_OPTIONS,
    )
    return journey_page(
        request,
        "journey/plan.html",
        fragment="journey/_cached.html",
        snap=snap,
        cached=items,
        filter=filter_form,
    )


def stage_moves(snap: Snapshot) -> list[tuple[Any, str, Any, Any]]:
    """Every change of a characteristic's stage, newest first."""
    moves = []
    previous = None
    for point in snap.timeline:
        if previous is not None:
            before = dict(previous.stages)
            for ch_id, stage in point.stages:
                if before.get(ch_id) != stage:
                    moves.append((point.on, ch_id, before.get(ch_id), stage))
        previous = point
    return list(reversed(moves))


@get("/journey/timeline")
async def timeline(request: Request[Any, Any, Any]) -> Response[str]:
    snap = snapshot_of(request)
    body = cached_fragment(
        request,
        snap,
        "journey/_timeline_body.html",
        build=lambda: {
            "chart": snap.timeline_chart,
            "moves": stage_moves(snap),
            "titles": {ch.id: ch.title for ch in snap.team.journey.characteristics},
        },
    )
    return journey_page(request, "journey/timeline.html", snap=snap, body=body)


PLAN_COLUMNS = (
    "characteristic",
    "stage",
    "action",
    "status",
    "owner",
    "due",
    "overdue",
    "suggested",
    "local",
    "action_id",
)


@get("/journey/plan.csv")
async def plan_csv(request: Request[Any, Any, Any]) -> Response[str]:
    """The whole action plan as a spreadsheet: what the plan page lists, unfiltered."""
    snap = snapshot_of(request)
    rows = [
        {
            "characteristic": item.characteristic_title,
            "stage": STAGE_LABELS[item.stage],
            "action": item.text,
            "status": STATUS_LABELS[item.status],
            "owner": snap.name_of(item.owner),
            "due": item.due.isoformat() if item.due else "",
            "overdue": item.overdue,
            "suggested": item.suggestion,
            "local": item.local,
            "action_id": item.action_id,
        }
        for item in snap.plan
    ]
    return Response(
        content=write(PLAN_COLUMNS, rows),
        media_type="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="action-plan-{snap.today.isoformat()}.csv"',
            "Cache-Control": "private, no-store",
        },
    )


TEAM_ROUTES = [
    overview,
    plan_csv,
    characteristic,
    add_local_action,
    action_page,
    update_action,
    hide,
    unhide,
    plan,
    timeline,
]
"""Under /teams/{team_id}: the feature's team router (web/routing.py)."""
