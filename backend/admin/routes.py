"""The server admin's pages: every account and team, disabling an account, who may create
teams, and mail that could not be delivered. Only server admins (others get 404)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from backend.accounts import resets, server
from backend.accounts.queries import record_event
from backend.mail import outbox
from backend.validation import Choice, Schema, Text, ValidationFailed
from backend.web.auth import device_of, services_of, user_of
from backend.web.forms import FormState, read_form
from backend.web.render import page, redirect

ADMIN = {"access": "admin"}
WHO_OPTIONS = [
    ("anyone", "Anyone signed in"),
    ("admins", "Server admins only"),
    ("domains", "People with an email address in these domains"),
]
TEAM_CREATION = Schema(
    [
        Choice("who", "Who may create teams", options=WHO_OPTIONS),
        Text("domains", "Email domains", required=False, max_length=500),
    ]
)


def _domains(text: str) -> tuple[str, ...]:
    parts = text.replace(",", " ").lower().split()
    return tuple(dict.fromkeys(p.lstrip("@") for p in parts))


def _page(request: Request[Any, Any, Any], form: FormState, status: int = 200) -> Response[Any]:
    conn = services_of(request).accounts.reader
    return page(
        request,
        "admin/index.html",
        status=status,
        accounts=server.accounts(conn),
        teams=server.teams(conn),
        failed_mail=outbox.failed(conn),
        who_options=WHO_OPTIONS,
        form=form,
        me=user_of(request).id,
    )


@get("/admin", opt=ADMIN)
async def overview(request: Request[Any, Any, Any]) -> Response[Any]:
    rule = server.team_creation(services_of(request).accounts.reader)
    form = FormState(values={"who": rule.who, "domains": ", ".join(rule.domains)})
    return _page(request, form)


async def _set_disabled(
    request: Request[Any, Any, Any], user_id: str, disabled: bool
) -> Response[Any]:
    services = services_of(request)
    found = server.account(services.accounts.reader, user_id)
    if found is None:
        raise NotFoundException()
    if user_id == user_of(request).id:
        return redirect("/admin", flash="You cannot disable your own account")
    await services.accounts.write(lambda c: server.set_disabled(c, user_id, disabled))
    kind = "account-disabled" if disabled else "account-enabled"
    device = device_of(request)
    await services.accounts.write(lambda c: record_event(c, found.email, kind, device, user_id))
    done = "disabled: their sessions have ended" if disabled else "enabled again"
    return redirect("/admin", flash=f"{found.name}'s account has been {done}")


@post("/admin/accounts/{user_id:str}/disable", opt=ADMIN)
async def disable(request: Request[Any, Any, Any], user_id: FromPath[str]) -> Response[Any]:
    return await _set_disabled(request, user_id, True)


@post("/admin/accounts/{user_id:str}/enable", opt=ADMIN)
async def enable(request: Request[Any, Any, Any], user_id: FromPath[str]) -> Response[Any]:
    return await _set_disabled(request, user_id, False)


@post("/admin/accounts/{user_id:str}/reset", opt=ADMIN)
async def send_reset(request: Request[Any, Any, Any], user_id: FromPath[str]) -> Response[Any]:
    services = services_of(request)
    found = server.account(services.accounts.reader, user_id)
    if found is None or found.disabled_at:
        raise NotFoundException()
    base = services.settings.base_url
    sent = await services.accounts.write(lambda c: resets.request_reset(c, found.email, base))
    if not sent:
        return redirect("/admin", flash=f"{found.name} was sent 3 links in the last hour already")
    return redirect("/admin", flash=f"A password-reset email is on its way to {found.email}")


@post("/admin/team-creation", opt=ADMIN)
async def team_creation(request: Request[Any, Any, Any]) -> Response[Any]:
    data = await read_form(request)
    try:
        clean = TEAM_CREATION.validate(data)
        domains = _domains(clean.get("domains") or "")
        if clean["who"] == "domains" and not domains:
            raise ValidationFailed({"domains": "Enter at least one email domain, like nhs.net"})
        if any("." not in d or "@" in d for d in domains):
            raise ValidationFailed({"domains": "Enter email domains like nhs.net, nhs.scot"})
    except ValidationFailed as failed:
        return _page(request, FormState(values=data, errors=failed.errors), status=422)
    services = services_of(request)
    await services.accounts.write(lambda c: server.set_team_creation(c, clean["who"], domains))
    return redirect("/admin", flash="Who may create teams has been saved")
