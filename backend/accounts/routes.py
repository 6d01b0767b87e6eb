"""Signing in and out, your profile, and accepting an invitation to a team."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromQuery

from backend.accounts import queries, throttle
from backend.accounts.passwords import MIN_LENGTH, hash_password, verify_password
from backend.accounts.server import is_admin
from backend.reminders.digest import reminders_on, set_reminders
from backend.validation import Email, Schema, Text, ValidationFailed
from backend.web.auth import SESSION_COOKIE, current_user, device_of, run_sync, services_of, user_of
from backend.web.forms import FormState, read_form
from backend.web.render import page, redirect

PUBLIC = {"access": "public"}
SIGNED_IN = {"access": "signed_in"}
NAME = Text("name", "Full name", max_length=100)
SIGN_IN = Schema([Email("email"), Text("password", "Password", max_length=200)])
PROFILE = Schema([NAME])
NEW_PASSWORD = Schema(
    [
        Text("current_password", "Current password", max_length=200),
        Text("new_password", "New password", min_length=MIN_LENGTH, max_length=200),
    ]
)


def safe_next(value: str | None) -> str:
    """Only same-site paths: never an open redirect."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value[:500]
    return "/"


def set_session_cookie(
    request: Request[Any, Any, Any], response: Response[Any], token: str
) -> None:
    settings = services_of(request).settings
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_days * 86400,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        path="/",
    )


def sign_in_page_of(request: Request[Any, Any, Any], **context: Any) -> Response[Any]:
    settings = services_of(request).settings
    oidc_name = settings.oidc_name if settings.oidc_issuer else ""
    signup = bool(settings.signup_domains)
    return page(request, "accounts/sign_in.html", signup=signup, oidc_name=oidc_name, **context)


@get("/sign-in", opt=PUBLIC)
async def sign_in_page(
    request: Request[Any, Any, Any], next: FromQuery[str | None] = None
) -> Response[Any]:
    if current_user(request) is not None:
        return redirect(safe_next(next))
    return sign_in_page_of(request, next=safe_next(next), form=FormState())


@post("/sign-in", opt=PUBLIC)
async def sign_in(request: Request[Any, Any, Any]) -> Response[Any]:
    data = await read_form(request)
    target = safe_next(str(data.get("next", "")))
    form = FormState(values={"email": data.get("email", "")}, schema=SIGN_IN)
    try:
        clean = SIGN_IN.validate(data)
    except ValidationFailed as failed:
        form.errors = failed.errors
        return sign_in_page_of(request, status=422, next=target, form=form)
    services = services_of(request)
    accounts = services.accounts
    email, device, client = clean["email"], device_of(request), client_of(request)
    rules = ((throttle.SIGN_IN_BY_EMAIL, "email"), (throttle.SIGN_IN_BY_CLIENT, "client"))
    attempt = await accounts.write(lambda c: throttle.claim(c, rules, email, client, device))
    if not isinstance(attempt, int):
        form.errors = {
            "email": f"Too many attempts to sign in. Wait {throttle.wait_words(attempt)}, then"
            " try again, or reset your password"
        }
        return sign_in_page_of(request, status=429, next=target, form=form)
    found = queries.user_by_email(accounts.reader, email)
    ok = await run_sync(verify_password, found[1] if found else None, clean["password"])
    user_id = found[0].id if ok and found else None
    await accounts.write(lambda c: throttle.settle(c, attempt, "sign-in", ok, user_id))
    if not ok or found is None:
        form.errors = {"email": "Enter a correct email address and password"}
        return sign_in_page_of(request, status=422, next=target, form=form)
    user = found[0]
    token = await accounts.write(
        lambda c: queries.start_session(c, user.id, device, services.settings.session_days, None)
    )
    response = redirect(target)
    set_session_cookie(request, response, token)
    return response


@post("/sign-out", opt={**PUBLIC, "exclude_from_csrf": True, "same_origin_only": True})
async def sign_out(request: Request[Any, Any, Any]) -> Response[Any]:
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        await services_of(request).accounts.write(lambda c: queries.end_session(c, token))
    response = redirect("/sign-in", flash="You have signed out")
    response.delete_cookie(SESSION_COOKIE)
    return response


@get("/profile", opt=SIGNED_IN)
async def profile(request: Request[Any, Any, Any]) -> Response[Any]:
    user = user_of(request)
    return page(
        request,
        "accounts/profile.html",
        form=FormState(values={"name": user.name}),
        password_form=FormState(),
        server_admin=is_admin(services_of(request).accounts.reader, user.id),
        reminders=reminders_on(services_of(request).accounts.reader, user.id),
    )


@post("/profile", opt=SIGNED_IN)
async def update_profile(request: Request[Any, Any, Any]) -> Response[Any]:
    user = user_of(request)
    data = await read_form(request)
    try:
        clean = PROFILE.validate(data)
    except ValidationFailed as failed:
        form = FormState(values=data, errors=failed.errors)
        return page(
            request, "accounts/profile.html", status=422, form=form, password_form=FormState()
        )
    services = services_of(request)
    await services.accounts.write(lambda c: queries.update_user(c, user.id, name=clean["name"]))
    links = queries.teams_of(services.accounts.reader, user.id)
    await run_sync(rename_in_teams, services, user, links, clean["name"], device_of(request))
    return redirect("/profile", flash="Your name has been updated")


def rename_in_teams(
    services: Any, user: queries.User, links: list[queries.TeamLink], name: str, device: str
) -> None:
    """Each of the person's teams records the new name (a mutation on each team file)."""
    from backend.mutations import Actor
    from backend.teams.service import apply

    for link in links:
        store = services.teams.get(link.id)
        apply(
            services, store, Actor(user.id, name, link.roles, device), "member.name", {"name": name}
        )


@post("/profile/reminders", opt=SIGNED_IN)
async def update_reminders(request: Request[Any, Any, Any]) -> Response[Any]:
    user = user_of(request)
    on = (await read_form(request)).get("reminders") == "on"
    await services_of(request).accounts.write(lambda c: set_reminders(c, user.id, on))
    said = "You will get" if on else "You will no longer get"
    return redirect("/profile", flash=f"{said} the weekly reminder email")


@post("/profile/password", opt=SIGNED_IN)
async def change_password(request: Request[Any, Any, Any]) -> Response[Any]:
    user = user_of(request)
    data = await read_form(request)
    accounts = services_of(request).accounts
    form = FormState(values={}, schema=NEW_PASSWORD)
    try:
        clean = NEW_PASSWORD.validate(data)
        await check_current_password(request, user, clean["current_password"])
    except ValidationFailed as failed:
        status = 429 if isinstance(failed, TooMany) else 422
        form.errors = failed.errors
        return page(
            request,
            "accounts/profile.html",
            status=status,
            errors_elsewhere=True,
            form=FormState(values={"name": user.name}),
            password_form=form,
        )
    new_hash = await run_sync(hash_password, clean["new_password"])
    session = request.state.session
    await accounts.write(lambda c: queries.set_password(c, user.id, new_hash, session.token_hash))
    await accounts.write(
        lambda c: queries.record_event(
            c, user.email, "password-changed", device_of(request), user.id
        )
    )
    return redirect(
        "/profile", flash="Your password has been changed. Other devices are signed out"
    )


class TooMany(ValidationFailed):
    """Too many attempts: answered 429."""


async def check_current_password(
    request: Request[Any, Any, Any], user: queries.User, password: str
) -> None:
    """Attempts at the current password are limited and recorded like sign-ins."""
    accounts = services_of(request).accounts
    rules = ((throttle.PASSWORD_CHECK, "email"),)
    device, client = device_of(request), client_of(request)
    attempt = await accounts.write(lambda c: throttle.claim(c, rules, user.email, client, device))
    if not isinstance(attempt, int):
        wait = throttle.wait_words(attempt)
        message = f"Too many attempts at your current password. Wait {wait}, then try again"
        raise TooMany({"current_password": message})
    current = queries.password_hash_of(accounts.reader, user.id)
    ok = await run_sync(verify_password, current, password)
    await accounts.write(lambda c: throttle.settle(c, attempt, "password-check", ok, user.id))
    if not ok:
        raise ValidationFailed({"current_password": "Your current password is not correct"})


def client_of(request: Request[Any, Any, Any]) -> str:
    """The client's address (behind a proxy, as MBP_FORWARDED_ALLOW_IPS lets uvicorn read)."""
    return request.client.host if request.client else "unknown"


@get("/about", opt=PUBLIC)
async def about(request: Request[Any, Any, Any]) -> Response[Any]:
    return page(request, "accounts/about.html")
