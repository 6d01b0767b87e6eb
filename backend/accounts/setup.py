"""First run: the one-time set-up link `mbp serve` prints on a data folder with no
accounts. Whoever opens it makes the first account, a server admin."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery

from backend.accounts import server
from backend.accounts.passwords import PASSWORD, hash_password
from backend.accounts.queries import record_event, start_session
from backend.accounts.routes import NAME, set_session_cookie
from backend.validation import Email, Schema, ValidationFailed
from backend.web.auth import device_of, run_sync, services_of
from backend.web.forms import FormState, read_form
from backend.web.render import page, redirect

PUBLIC = {"access": "public"}
FIRST_ACCOUNT = Schema([Email("email"), NAME, PASSWORD])


def _valid_or_404(request: Request[Any, Any, Any], token: str) -> None:
    if not server.setup_token_valid(services_of(request).accounts.reader, token):
        raise NotFoundException()


@get("/setup", opt=PUBLIC)
async def setup_page(request: Request[Any, Any, Any], token: FromQuery[str] = "") -> Response[Any]:
    _valid_or_404(request, token)
    return page(request, "accounts/setup.html", token=token, form=FormState(schema=FIRST_ACCOUNT))


@post("/setup", opt=PUBLIC)
async def setup(request: Request[Any, Any, Any]) -> Response[Any]:
    data = await read_form(request)
    token = str(data.get("token", ""))
    _valid_or_404(request, token)
    try:
        clean = FIRST_ACCOUNT.validate(data)
    except ValidationFailed as failed:
        values = {k: data.get(k, "") for k in ("email", "name")}
        form = FormState(values=values, errors=failed.errors, schema=FIRST_ACCOUNT)
        return page(request, "accounts/setup.html", status=422, token=token, form=form)
    services = services_of(request)
    password_hash = await run_sync(hash_password, clean["password"])
    user = await services.accounts.write(
        lambda c: server.complete_setup(c, token, clean["email"], clean["name"], password_hash)
    )
    if user is None:  # used by someone else a moment ago
        raise NotFoundException()
    device = device_of(request)
    session = await services.accounts.write(
        lambda c: start_session(c, user.id, device, services.settings.session_days, None)
    )
    await services.accounts.write(lambda c: record_event(c, user.email, "set-up", device, user.id))
    response = redirect("/admin", flash="Your account has been made. You are the server admin")
    set_session_cookie(request, response, session)
    return response
