"""Certificates and letters on a teacher's training, retreat and CPD records: attach (on
the record's own page), download, remove.

Only the teacher attaches and removes; the teacher, their usual supervisor (while a
supervisor here) and the team's leads may download (`viewable`): anyone else gets 404,
as for the record itself. A download is always an attachment, of the type checked from
its bytes, with `nosniff` and a sandboxing CSP, so a file can never run as a page here.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from backend.adherence import evidence
from backend.adherence.routes_records import form_values, kind_or_404, own_record, record_form_page
from backend.adherence.web import base_of, me, viewable
from backend.teams.roles import MEMBER
from backend.web.auth import run_sync, team_of
from backend.web.forms import FormState, read_form, read_upload
from backend.web.mutate import submit
from backend.web.render import redirect


@post(
    "/teams/{team_id:str}/practice/{slug:str}/{record_id:str}/evidence",
    opt=MEMBER,
    request_max_body_size=evidence.UPLOAD_LIMIT,
)
async def attach(
    request: Request[Any, Any, Any], slug: FromPath[str], record_id: FromPath[str]
) -> Response[Any]:
    kind = kind_or_404(slug)
    if kind.slug not in evidence.SLUGS:
        raise NotFoundException()
    record = own_record(request, kind, record_id)
    if record.teacher_id != me(request).user_id:
        raise NotFoundException()
    team = team_of(request)
    data = await read_form(request)
    content, name = await read_upload(request, "file")
    args = {**data, "kind": kind.slug, "record_id": record.id}
    outcome = await submit(
        request, team, "evidence.attach", args | {"file": content or "", "file_name": name}
    )
    if not outcome.ok:
        message = next(iter(outcome.errors.values()), "The selected file could not be attached")
        form = FormState(values=form_values(kind, record), errors={"file": message})
        return record_form_page(request, kind, form, record, status=422)
    here = f"{base_of(team)}/practice/{kind.slug}/{record.id}"
    return redirect(f"{here}#evidence", flash="Your file has been attached")


def _visible(request: Request[Any, Any, Any], evidence_id: str) -> evidence.Evidence:
    found = evidence.find(team_of(request).store.reader, evidence_id)
    if found is None:
        raise NotFoundException()
    viewable(request, found.teacher_id)  # the teacher, their supervisor, a lead; else 404
    return found


@get("/teams/{team_id:str}/evidence/{evidence_id:str}", opt=MEMBER)
async def download(request: Request[Any, Any, Any], evidence_id: FromPath[str]) -> Response[Any]:
    found = _visible(request, evidence_id)
    content = await run_sync(evidence.content, str(team_of(request).store.path), found.id)
    if content is None:
        raise NotFoundException()
    plain = "".join(c for c in found.file_name if c.isascii() and (c.isalnum() or c in " ._-"))
    return Response(
        content=content,
        media_type=found.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{plain or "evidence"}";'
            f" filename*=UTF-8''{quote(found.file_name)}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox; default-src 'none'",
            "Cache-Control": "private, no-store",
        },
    )


@post("/teams/{team_id:str}/evidence/{evidence_id:str}/remove", opt=MEMBER)
async def remove(request: Request[Any, Any, Any], evidence_id: FromPath[str]) -> Response[Any]:
    found = _visible(request, evidence_id)
    if found.teacher_id != me(request).user_id:
        raise NotFoundException()
    team = team_of(request)
    data = await read_form(request)
    outcome = await submit(request, team, "evidence.remove", {**data, "evidence_id": found.id})
    if not outcome.ok:
        raise NotFoundException()
    here = f"{base_of(team)}/practice/{found.kind}/{found.record_id}"
    return redirect(f"{here}#evidence", flash=f"{found.file_name} has been removed")


ROUTES = [attach, download, remove]
