"""Forgot your password? Ask for a link by email; follow it to choose a new password."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromQuery

from backend.accounts import queries, resets
from backend.accounts.passwords import PASSWORD, hash_password
from backend.accounts.routes import set_session_cookie
from backend.validation import Email, Schema, ValidationFailed
from backend.web.auth import device_of, run_sync, services_of
from backend.web.forms import FormState, read_form
from backend.web.render import page, redirect

PUBLIC = {"access": "public"}
FORGOT = Schema([Email("email")])
NEW_PASSWORD = Schema([PASSWORD])


@get("/forgot-password", opt=PUBLIC)
async def forgot_page(request: Request[Any, Any, Any]) -> Response[Any]:
    return page(request, "accounts/forgot.html", form=FormState(schema=FORGOT))


@post("/forgot-password", opt=PUBLIC)
async def forgot(request: Request[Any, Any, Any]) -> Response[Any]:
    data = await read_form(request)
    try:
        clean = FORGOT.validate(data)
    except ValidationFailed as failed:
        form = FormState(values=data, errors=failed.errors, schema=FORGOT)
        return page(request, "accounts/forgot.html", status=422, form=form)
    services = services_of(request)
    email, base = clean["email"], services.settings.base_url
    await services.accounts.write(lambda c: resets.request_reset(c, email, base))
    await services.accounts.write(
        lambda c: queries.record_event(c, email, "reset-asked", device_of(request))
    )
    return page(request, "accounts/forgot_sent.html", email=email)


def _link_gone(request: Request[Any, Any, Any]) -> Response[Any]:
    return page(request, "accounts/reset_gone.html", status=410)


@get("/reset-password", opt=PUBLIC)
async def reset_page(request: Request[Any, Any, Any], token: FromQuery[str] = "") -> Response[Any]:
    if resets.valid_reset(services_of(request).accounts.reader, token) is None:
        return _link_gone(request)
    return page(request, "accounts/reset.html", token=token, form=FormState(schema=NEW_PASSWORD))


@post("/reset-password", opt=PUBLIC)
async def reset(request: Request[Any, Any, Any]) -> Response[Any]:
    data = await read_form(request)
    token = str(data.get("token", ""))
    services = services_of(request)
    if resets.valid_reset(services.accounts.reader, token) is None:
        return _link_gone(request)
    try:
        clean = NEW_PASSWORD.validate(data)
    except ValidationFailed as failed:
        form = FormState(errors=failed.errors, schema=NEW_PASSWORD)
        return page(request, "accounts/reset.html", status=422, token=token, form=form)
    password_hash = await run_sync(hash_password, clean["password"])
    user_id = await services.accounts.write(lambda c: resets.use_reset(c, token, password_hash))
    if user_id is None:  # used a moment ago, in another tab
        return _link_gone(request)
    user = queries.user_by_id(services.accounts.reader, user_id)
    assert user is not None
    device = device_of(request)
    session = await services.accounts.write(
        lambda c: queries.start_session(c, user_id, device, services.settings.session_days, None)
    )
    await services.accounts.write(
        lambda c: queries.record_event(c, user.email, "password-reset", device, user_id)
    )
    response = redirect("/", flash="Your password has been changed. Other devices are signed out")
    set_session_cookie(request, response, session)
    return response
