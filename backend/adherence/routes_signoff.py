"""Signing a teacher's records off from their page: one record in place, all of them after
a confirmation that lists them, withdrawing a sign-off, and leaving the teacher a comment.

Each post ends on the teacher's page at the record's anchor (`?done=<id>#record-<id>`):
htmx selects just that record from the page and swaps it, and the record takes focus;
without JavaScript the browser opens the page at the record.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from backend.adherence import evidence, queries, view
from backend.adherence.comments import comments_of
from backend.adherence.queries import Person, Record
from backend.adherence.routes_adherence import person_page_response
from backend.adherence.rules import kinds as k
from backend.adherence.signoff_mutations import COMMENT
from backend.adherence.web import (
    SUPERVISING,
    adherence_page,
    base_of,
    may_sign_for,
    viewable,
)
from backend.validation import Schema
from backend.web.auth import team_of
from backend.web.forms import FormState, read_form
from backend.web.mutate import submit
from backend.web.render import redirect
from backend.words import plural

PEOPLE = "/adherence/people/{user_id:str}"


def _here(request: Request[Any, Any, Any], user_id: str) -> str:
    return f"{base_of(team_of(request))}/adherence/people/{user_id}"


def _their_record(
    request: Request[Any, Any, Any], person: Person, slug: str, record_id: str
) -> tuple[k.Kind, Record]:
    """One of this teacher's records (404 for anything else)."""
    kind = k.kind_of(slug)
    record = queries.record(team_of(request).store.reader, kind, record_id[:36]) if kind else None
    if kind is None or record is None or record.teacher_id != person.user_id:
        raise NotFoundException()
    return kind, record


def _record_page(
    request: Request[Any, Any, Any],
    person: Person,
    kind: k.Kind,
    record: Record,
    form: FormState | None = None,
    status: int = 200,
) -> Response[Any]:
    if not may_sign_for(request, person):
        raise NotFoundException()
    conn = team_of(request).store.reader
    return adherence_page(
        request,
        "adherence/supervisee_record.html",
        status=status,
        person=person,
        kind=kind,
        record=record,
        notes=comments_of(conn, person.user_id).get(record.id, []),
        here=_here(request, person.user_id),
        form=form or FormState(schema=Schema([COMMENT])),
        takes_files=kind.slug in evidence.SLUGS,
        attachments=evidence.for_record(conn, record.id),
    )


@get(f"{PEOPLE}/records/{{slug:str}}/{{record_id:str}}", opt=SUPERVISING)
async def supervisee_record(
    request: Request[Any, Any, Any],
    user_id: FromPath[str],
    slug: FromPath[str],
    record_id: FromPath[str],
) -> Response[Any]:
    person = viewable(request, user_id)
    kind, record = _their_record(request, person, slug, record_id)
    return _record_page(request, person, kind, record)


async def _on_record(
    request: Request[Any, Any, Any], user_id: str, name: str, said: str
) -> Response[Any]:
    """Apply a mutation about one of this teacher's records; back to the record."""
    team = team_of(request)
    person = viewable(request, user_id)
    data = await read_form(request)
    kind, record = _their_record(
        request, person, str(data.get("kind", "")), str(data.get("record_id", ""))
    )
    outcome = await submit(request, team, name, data)
    if not outcome.ok and name == "practice.comment":
        form = FormState(values=data, errors=dict(outcome.errors), schema=Schema([COMMENT]))
        return _record_page(request, person, kind, record, form, 422)
    if not outcome.ok:
        message = next(iter(outcome.errors.values()), "This record could not be changed")
        return person_page_response(request, user_id, FormState(errors={"": message}), 422)
    when = view.day(record.values[kind.date_column])
    return redirect(
        f"{_here(request, user_id)}?done={record.id}#record-{record.id}",
        flash=f"{kind.title} from {when}: {said}",
    )


@post(f"{PEOPLE}/verify", opt=SUPERVISING)
async def sign_off(request: Request[Any, Any, Any], user_id: FromPath[str]) -> Response[Any]:
    return await _on_record(request, user_id, "practice.verify", "signed off")


@post(f"{PEOPLE}/withdraw", opt=SUPERVISING)
async def withdraw(request: Request[Any, Any, Any], user_id: FromPath[str]) -> Response[Any]:
    return await _on_record(request, user_id, "practice.withdraw_sign_off", "sign-off withdrawn")


@post(f"{PEOPLE}/comment", opt=SUPERVISING)
async def comment(request: Request[Any, Any, Any], user_id: FromPath[str]) -> Response[Any]:
    return await _on_record(request, user_id, "practice.comment", "comment saved")


@get(f"{PEOPLE}/verify-all", opt=SUPERVISING)
async def confirm_sign_off_all(
    request: Request[Any, Any, Any], user_id: FromPath[str]
) -> Response[Any]:
    person = viewable(request, user_id)
    if not may_sign_for(request, person):
        raise NotFoundException()
    conn = team_of(request).store.reader
    waiting = [
        (kind, record)
        for kind in k.KINDS
        for record in queries.records(conn, kind, person.user_id)
        if not record.verified
    ]
    return adherence_page(
        request,
        "adherence/verify_all.html",
        person=person,
        waiting=waiting,
        here=_here(request, user_id),
    )


@post(f"{PEOPLE}/verify-all", opt=SUPERVISING)
async def sign_off_all(request: Request[Any, Any, Any], user_id: FromPath[str]) -> Response[Any]:
    team = team_of(request)
    person = viewable(request, user_id)
    data = await read_form(request)
    outcome = await submit(
        request, team, "practice.verify_all", {**data, "teacher_id": person.user_id}
    )
    if not outcome.ok:
        message = next(iter(outcome.errors.values()), "These records could not be signed off")
        return person_page_response(request, user_id, FormState(errors={"": message}), 422)
    signed = outcome.result.get("signed", 0)
    return redirect(
        _here(request, user_id),
        flash=f"{plural(signed, 'record')} signed off for {person.name}",
    )


TEAM_ROUTES = [supervisee_record, sign_off, withdraw, comment, confirm_sign_off_all, sign_off_all]
"""Under /teams/{team_id}: the feature's team router (web/routing.py)."""
