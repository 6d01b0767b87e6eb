"""A supervisor (or lead) adds a record for a supervisee, from the supervisee's page: a
supervision session they held, or an MBI-TAC rating they made.

The forms are the teacher's own record forms (the same fields templates) and make the
same mutation, `<kind>.record`, with `teacher_id` naming the supervisee. The page checks
who may add (their usual supervisor, or a lead: 404 for anyone else), and the mutation
checks it again, so an offline copy of the form or a hand-made post cannot get round it.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from backend.adherence import queries, view
from backend.adherence.queries import Person
from backend.adherence.routes_records import choices
from backend.adherence.rules import kinds as k
from backend.adherence.web import SUPERVISING, adherence_page, base_of, may_sign_for, viewable
from backend.dates import uk_today
from backend.web.auth import team_of, user_of
from backend.web.forms import FormState, read_form
from backend.web.mutate import submit
from backend.web.render import redirect

KINDS = {kind.slug: kind for kind in (k.SUPERVISION, k.MBI_TAC)}
"""What a supervisor adds for a supervisee: the sessions they hold and their ratings."""
ADD_TEXT = {"supervision": "Log a supervision session", "mbi-tac": "Add an MBI-TAC rating"}


def _kind(slug: str) -> k.Kind:
    kind = KINDS.get(slug)
    if kind is None:
        raise NotFoundException()
    return kind


def _supervisee(request: Request[Any, Any, Any], user_id: str) -> Person:
    """Someone whose records this person may add: their supervisee, or anyone for a lead."""
    person = viewable(request, user_id)
    if not may_sign_for(request, person):
        raise NotFoundException()
    return person


def _about_them(errors: dict[str, str], person: Person) -> dict[str, str]:
    """The record mutations speak to the teacher ("your supervisor"); say it of them."""
    words = {
        "your supervisor": "the supervisor",
        "one of your own courses": f"one of {person.name}'s courses",
        "someone other than yourself": f"someone other than {person.name}",
    }
    said = {}
    for name, message in errors.items():
        for mine, theirs in words.items():
            message = message.replace(mine, theirs)
        said[name] = message
    return said


def defaults(kind: k.Kind, person: Person, viewer: Person | None) -> dict[str, Any]:
    """Today; for a session an hour, one-to-one, with you as the supervisor."""
    values = view.date_parts(kind.date_column, uk_today())
    if kind is k.MBI_TAC:
        return values | {"rated_by": "supervisor", "sign_off": "yes"}
    values |= {"minutes": "60", "format": "one_to_one", "sign_off": "yes"}
    if viewer is not None and viewer.supervises:
        values["supervisor_id"] = viewer.user_id
    elif person.usual_supervisor_id:
        values["supervisor_id"] = person.usual_supervisor_id
    return values


def _form_page(
    request: Request[Any, Any, Any],
    kind: k.Kind,
    person: Person,
    form: FormState,
    status: int = 200,
) -> Response[Any]:
    conn = team_of(request).store.reader
    form.schema = kind.schema
    options = choices(conn, kind, person)
    viewer = user_of(request).id
    if "supervisor_options" in options:
        options["supervisor_options"] = [
            (key, f"{text} (you)" if key == viewer else text)
            for key, text in options["supervisor_options"]
        ]
    return adherence_page(
        request,
        "adherence/supervisee_form.html",
        status=status,
        kind=kind,
        person=person,
        form=form,
        add_text=ADD_TEXT[kind.slug],
        **options,
    )


@get("/adherence/people/{user_id:str}/records/{slug:str}/new", opt=SUPERVISING)
async def new_supervisee_record(
    request: Request[Any, Any, Any], user_id: FromPath[str], slug: FromPath[str]
) -> Response[Any]:
    kind = _kind(slug)
    team = team_of(request)
    if user_id == user_of(request).id:  # your own records are added on your own pages
        return redirect(f"{base_of(team)}/practice/{kind.slug}/new")
    person = _supervisee(request, user_id)
    viewer = queries.person(team.store.reader, user_of(request).id)
    return _form_page(request, kind, person, FormState(values=defaults(kind, person, viewer)))


@post("/adherence/people/{user_id:str}/records/{slug:str}", opt=SUPERVISING)
async def add_supervisee_record(
    request: Request[Any, Any, Any], user_id: FromPath[str], slug: FromPath[str]
) -> Response[Any]:
    kind = _kind(slug)
    team = team_of(request)
    person = _supervisee(request, user_id)
    data = await read_form(request)
    data["teacher_id"] = person.user_id
    if kind is k.MBI_TAC:
        data["rated_by"] = "supervisor"  # a rating you add is yours
    outcome = await submit(request, team, kind.mutations[0], data)
    if not outcome.ok:
        form = FormState(values=data, errors=_about_them(dict(outcome.errors), person))
        return _form_page(request, kind, person, form, status=422)
    signed = " and signed off" if data.get("sign_off") else ""
    return redirect(
        f"{base_of(team)}/adherence/people/{person.user_id}",
        flash=f"{kind.title} saved{signed} for {person.name}",
    )


TEAM_ROUTES = [new_supervisee_record, add_supervisee_record]
"""Under /teams/{team_id}: the feature's team router (web/routing.py)."""
