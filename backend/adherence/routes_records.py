"""A teacher's own record pages: a list per kind of record, add, change, delete; and
their practice profile (usual supervisor, professional background).

Every form works without JavaScript and offline: it names its mutation, what a waiting
card shows, and the list to return to (docs/architecture.md, "Making a form work offline").
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from markupsafe import Markup

from backend.adherence import evidence, queries, view
from backend.adherence.comments import comments_of
from backend.adherence.evaluations import FRAGMENTS
from backend.adherence.queries import Person, Record
from backend.adherence.rules import kinds as k
from backend.adherence.web import adherence_page, base_of, may_sign_for, me
from backend.dates import uk_today
from backend.db.connection import snapshot
from backend.web.auth import team_of
from backend.web.forms import FormState, read_form, read_upload
from backend.web.mutate import submit
from backend.web.render import redirect, render_string

LATEST = 25


def kind_or_404(slug: str) -> k.Kind:
    kind = k.kind_of(slug)
    if kind is None:
        raise NotFoundException()
    return kind


def choices(conn: Any, kind: k.Kind, person: Person) -> dict[str, Any]:
    """The options a form offers: supervisors in the team, the teacher's courses."""
    if kind is not k.SUPERVISION:
        return {}
    supervisors = [
        (p.user_id, p.name) for p in queries.supervisors(conn) if p.user_id != person.user_id
    ]
    courses = [
        (r.id, f"{r.values['programme']} starting {view.day(r.values['start_date'])}")
        for r in queries.records(conn, k.COURSE, person.user_id)[:12]
    ]
    return {
        "supervisor_options": [*supervisors, (k.OUTSIDE, "Someone outside this team")],
        "course_options": [("", "Not linked to a course"), *courses],
    }


def defaults(kind: k.Kind, person: Person) -> dict[str, Any]:
    """A new record's values: today, the usual supervisor, an hour, one-to-one..."""
    values = view.date_parts(kind.date_column, uk_today())
    if kind is k.SUPERVISION:
        values |= {"minutes": "60", "format": "one_to_one", "own_work_discussed": "yes"}
        if person.usual_supervisor_id:
            values["supervisor_id"] = person.usual_supervisor_id
        elif person.usual_supervisor_name:
            values |= {"supervisor_id": k.OUTSIDE, "supervisor_name": person.usual_supervisor_name}
    elif kind is k.RETREAT:
        values |= {"teacher_led": "yes", "mode": "residential", "mostly_silent": "yes"}
    elif kind is k.CPD:
        values |= {"participatory": "yes", "kind": "workshop"}
    elif kind is k.COURSE:
        values |= {
            "sessions": "8",
            "role": "co_teacher",
            "co_teacher_seniority": "senior",
            "work": "teaching",
        }
    elif kind is k.MBI_TAC:
        values["rated_by"] = "self"
    return values


def form_values(kind: k.Kind, record: Record) -> dict[str, Any]:
    """A stored record as the values its edit form shows."""
    values: dict[str, Any] = {}
    for f in kind.fields:
        value = record.values.get(f.name)
        if f.name in ("date", "start_date", "end_date") and value:
            values |= view.date_parts(f.name, date.fromisoformat(value))
        elif f.name in ("teacher_led", "participatory", "closely_supervised"):
            values[f.name] = "yes" if value else ""
        elif f.name in k.YES_NO:
            values[f.name] = "yes" if value else "no"
        elif isinstance(value, float):
            values[f.name] = view.number(value)
        else:
            values[f.name] = "" if value is None else str(value)
    if (
        kind is k.SUPERVISION
        and not record.values.get("supervisor_id")
        and record.values.get("supervisor_name")
    ):
        values["supervisor_id"] = k.OUTSIDE
    if kind is k.COURSE and not record.values.get("co_teacher_seniority"):
        values["co_teacher_seniority"] = k.NO_CO_TEACHER
    return values


def own_record(request: Request[Any, Any, Any], kind: k.Kind, record_id: str) -> Record:
    person = me(request)
    found = (
        queries.record(team_of(request).store.reader, kind, record_id)
        if len(record_id) <= 36
        else None
    )
    if found is None:
        raise NotFoundException()
    if found.teacher_id != person.user_id:  # entered for them, and the role still held
        teacher = queries.person(team_of(request).store.reader, found.teacher_id)
        entered = found.created_by == person.user_id
        if not entered or teacher is None or not may_sign_for(request, teacher):
            raise NotFoundException()
    return found


@get("/practice/{slug:str}")
async def record_list(request: Request[Any, Any, Any], slug: FromPath[str]) -> Response[Any]:
    kind = kind_or_404(slug)
    person = me(request)
    team = team_of(request)
    conn = team.store.reader
    everything = request.query_params.get("all") == "1"

    def context() -> dict[str, Any]:
        records = queries.records(conn, kind, person.user_id)
        return {
            "base": base_of(team),
            "kind": kind,
            "records": records if everything else records[:LATEST],
            "total": len(records),
            "comments": comments_of(conn, person.user_id),
        }

    with snapshot(conn):  # the records, and the team version they were read at
        key = (str(team.store.path), queries.version(conn), uk_today(), person, kind.slug)
        html = FRAGMENTS.get_or_make(
            ("record-list", *key, everything),
            lambda: render_string(
                request, "adherence/_records_list.html", {"v": view, **context()}
            ),
        )
    return adherence_page(
        request,
        "adherence/records.html",
        kind=kind,
        records_html=Markup(html),  # noqa: S704 - rendered by our autoescaping templates
    )


def record_form_page(
    request: Request[Any, Any, Any],
    kind: k.Kind,
    form: FormState,
    record: Record | None = None,
    status: int = 200,
) -> Response[Any]:
    """A record's add form, or its own page (its edit form, and its certificates and
    letters for a training, retreat or CPD record)."""
    team = team_of(request)
    person = me(request)
    form.schema = kind.schema
    takes_files = kind.slug in evidence.SLUGS
    return adherence_page(
        request,
        "adherence/record_form.html",
        status=status,
        kind=kind,
        form=form,
        record=record,
        version=queries.version(team.store.reader),
        takes_files=takes_files,
        attachments=evidence.for_record(team.store.reader, record.id)
        if record and takes_files
        else [],
        may_attach=bool(record and takes_files and record.teacher_id == person.user_id),
        **choices(team.store.reader, kind, person),
    )


@get("/practice/{slug:str}/new")
async def new_record(request: Request[Any, Any, Any], slug: FromPath[str]) -> Response[Any]:
    kind = kind_or_404(slug)
    return record_form_page(request, kind, FormState(values=defaults(kind, me(request))))


@post(
    "/practice/{slug:str}",
    request_max_body_size=evidence.UPLOAD_LIMIT,  # a new record's certificate comes with it
)
async def create_record(request: Request[Any, Any, Any], slug: FromPath[str]) -> Response[Any]:
    kind = kind_or_404(slug)
    team = team_of(request)
    data = await read_form(request)
    data.pop("teacher_id", None)  # the form is always for yourself
    file: dict[str, Any] = {}
    if kind.slug in evidence.SLUGS:
        content, name = await read_upload(request, "file")
        file = {"file": content, "file_name": name} if content is not None else {}
    outcome = await submit(request, team, kind.mutations[0], {**data, **file})
    if not outcome.ok:
        data.pop("file_name", None)
        return record_form_page(
            request, kind, FormState(values=data, errors=dict(outcome.errors)), status=422
        )
    return redirect(f"{base_of(team)}/practice/{kind.slug}", flash=_saved(kind, data))


def _saved(kind: k.Kind, data: dict[str, Any]) -> str:
    """'Course taught saved', or for a course that starts later (as of uk_today()):
    'Course taught saved as planned: it counts from 5 January 2027'."""
    said = f"{kind.title} saved"
    if kind is k.COURSE:
        try:
            start = date(*(int(data[f"start_date-{part}"]) for part in ("year", "month", "day")))
        except (KeyError, TypeError, ValueError):  # saved, so it was a date: never here
            return said
        if start > uk_today():
            said += f" as planned: it counts from {view.day(start)}"
    return said


@get("/practice/{slug:str}/{record_id:str}")
async def edit_record_page(
    request: Request[Any, Any, Any], slug: FromPath[str], record_id: FromPath[str]
) -> Response[Any]:
    kind = kind_or_404(slug)
    record = own_record(request, kind, record_id)
    return record_form_page(request, kind, FormState(values=form_values(kind, record)), record)


@post("/practice/{slug:str}/{record_id:str}")
async def edit_record(
    request: Request[Any, Any, Any], slug: FromPath[str], record_id: FromPath[str]
) -> Response[Any]:
    kind = kind_or_404(slug)
    record = own_record(request, kind, record_id)
    team = team_of(request)
    data = await read_form(request)
    outcome = await submit(request, team, kind.mutations[1], {**data, "record_id": record.id})
    if not outcome.ok:
        form = FormState(values=data, errors=dict(outcome.errors))
        return record_form_page(request, kind, form, record, status=422)
    back = f"{base_of(team)}/practice/{kind.slug}"
    if outcome.status == "conflict":
        return redirect(
            back,
            flash="Someone changed this record while you were editing. See 'Changes to check' on the team home",
        )
    return redirect(back, flash=f"{kind.title} changed")


@post("/practice/{slug:str}/{record_id:str}/delete")
async def delete_record(
    request: Request[Any, Any, Any], slug: FromPath[str], record_id: FromPath[str]
) -> Response[Any]:
    kind = kind_or_404(slug)
    record = own_record(request, kind, record_id)
    team = team_of(request)
    data = await read_form(request)
    outcome = await submit(request, team, kind.mutations[2], {**data, "record_id": record.id})
    if not outcome.ok:
        raise NotFoundException()
    return redirect(f"{base_of(team)}/practice/{kind.slug}", flash=f"{kind.title} deleted")


def _profile_page(
    request: Request[Any, Any, Any], form: FormState, status: int = 200
) -> Response[Any]:
    conn = team_of(request).store.reader
    person = me(request)
    options = [
        (p.user_id, p.name) for p in queries.supervisors(conn) if p.user_id != person.user_id
    ]
    return adherence_page(
        request,
        "adherence/profile.html",
        status=status,
        form=form,
        person=person,
        supervisor_options=[
            *options,
            (k.OUTSIDE, "Someone outside this team"),
            ("", "No usual supervisor"),
        ],
        version=queries.version(conn),
    )


@get("/practice/profile")
async def profile_page(request: Request[Any, Any, Any]) -> Response[Any]:
    person = me(request)
    chosen = person.usual_supervisor_id or (k.OUTSIDE if person.usual_supervisor_name else "")
    values = {
        "usual_supervisor_id": chosen,
        "usual_supervisor_name": person.usual_supervisor_name,
        "professional_background": person.professional_background,
    }
    return _profile_page(request, FormState(values=values))


@post("/practice/profile")
async def save_profile(request: Request[Any, Any, Any]) -> Response[Any]:
    team = team_of(request)
    data = await read_form(request)
    outcome = await submit(request, team, "practice.profile", data)
    if not outcome.ok:
        return _profile_page(request, FormState(values=data, errors=dict(outcome.errors)), 422)
    return redirect(f"{base_of(team)}/practice", flash="Your practice profile has been saved")


TEAM_ROUTES = [
    profile_page,
    save_profile,
    record_list,
    new_record,
    create_record,
    edit_record_page,
    edit_record,
    delete_record,
]
"""Under /teams/{team_id}: the feature's team router (web/routing.py)."""
