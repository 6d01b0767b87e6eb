"""The resource library: publishing (a link or a file), reading, the file, removing."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath

from backend.networks import files, queries, tags
from backend.networks.web import MODERATORS, NETWORK, PUBLISHERS, network_of, submit_network
from backend.web.auth import run_sync, services_of
from backend.web.forms import FormState
from backend.web.render import page, redirect

UPLOAD_LIMIT = files.MAX_BYTES + 256 * 1024  # the 10 MB limit is checked with a clear message


def _form_page(
    request: Request[Any, Any, Any], form: FormState, status: int = 200
) -> Response[Any]:
    return page(
        request,
        "networks/resource_new.html",
        status=status,
        network=network_of(request),
        form=form,
        tags=tags.tags_of(services_of(request)),
    )


@get("/networks/{network_id:str}/resources/new", opt=PUBLISHERS)
async def new_resource_page(request: Request[Any, Any, Any]) -> Response[Any]:
    network = network_of(request)
    first = next(iter(network.led), "")
    return _form_page(request, FormState(values={"team_id": first}))


@post(
    "/networks/{network_id:str}/resources/new",
    opt=PUBLISHERS,
    request_max_body_size=UPLOAD_LIMIT,
)
async def publish(request: Request[Any, Any, Any], network_id: FromPath[str]) -> Response[Any]:
    network = network_of(request)
    form = await request.form()
    data: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    data.pop("_csrf_token", None)
    if len(network.led) == 1:
        data["team_id"] = next(iter(network.led))
    upload = form.get("file")
    data["file_sha"] = ""
    if isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read()
        try:
            sha, _ = await run_sync(files.keep, services_of(request), network_id, content)
        except ValueError as problem:
            return _form_page(request, FormState(values=data, errors={"file": str(problem)}), 422)
        data["file_sha"] = sha
        data["file_name"] = upload.filename[-200:]
    outcome = await submit_network(request, network_id, network.roles, "resource.publish", data)
    if not outcome.ok:
        errors = dict(outcome.errors)
        if "" in errors:
            errors["team_id"] = errors.pop("")
        return _form_page(request, FormState(values=data, errors=errors), 422)
    resource_id = outcome.result.get("id")
    target = (
        f"/networks/{network_id}/resources/{resource_id}"
        if resource_id
        else f"/networks/{network_id}"
    )
    return redirect(target, flash="The resource has been published")


def _resource(request: Request[Any, Any, Any], resource_id: str) -> queries.Resource:
    found = queries.resource(network_of(request).store.reader, resource_id)
    if found is None:
        raise NotFoundException()
    return found


@get("/networks/{network_id:str}/resources/{resource_id:str}", opt=NETWORK)
async def resource(request: Request[Any, Any, Any], resource_id: FromPath[str]) -> Response[Any]:
    network = network_of(request)
    found = _resource(request, resource_id)
    teams = {t.team_id: t.name for t in queries.network_teams(network.store.reader)}
    return page(
        request,
        "networks/resource.html",
        network=network,
        resource=found,
        team_name=teams.get(found.team_id, "A service that has left the network"),
        may_remove=network.has("network_lead") or found.team_id in network.led,
        tags=tags.tags_of(services_of(request)),
        file_label=files.TYPES.get(found.file_type, ("", ""))[1],
    )


@get("/networks/{network_id:str}/resources/{resource_id:str}/file", opt=NETWORK)
async def resource_file(
    request: Request[Any, Any, Any], network_id: FromPath[str], resource_id: FromPath[str]
) -> Response[Any]:
    found = _resource(request, resource_id)
    content = (
        await run_sync(files.read, services_of(request), network_id, found.file_sha)
        if found.file_sha
        else None
    )
    if content is None:
        raise NotFoundException()
    media_type = files.TYPES[found.file_type][0]
    inline = media_type == "application/pdf" or media_type.startswith("image/")
    name = "".join(c for c in found.file_name if c.isalnum() or c in " ._-")[:100] or "resource"
    disposition = "inline" if inline else "attachment"
    return Response(
        content=content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{name}"',
            "Cache-Control": "private, max-age=3600",
        },
    )


@post("/networks/{network_id:str}/resources/{resource_id:str}/remove", opt=MODERATORS)
async def remove(
    request: Request[Any, Any, Any], network_id: FromPath[str], resource_id: FromPath[str]
) -> Response[Any]:
    network = network_of(request)
    _resource(request, resource_id)
    data = {**dict(await request.form()), "resource_id": resource_id}
    outcome = await submit_network(request, network_id, network.roles, "resource.remove", data)
    if not outcome.ok:
        raise PermissionDeniedException("Only its team's leads or a network lead can remove this")
    return redirect(f"/networks/{network_id}", flash="The resource has been removed")


ROUTES = [new_resource_page, publish, resource, resource_file, remove]
