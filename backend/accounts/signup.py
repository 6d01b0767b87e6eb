"""Optional self sign-up, off unless MBP_SIGNUP_DOMAINS is set: an address in one of
those domains is sent a confirmation link; following it makes the account. The answer
is the same whether or not an account exists."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery

from backend.accounts import queries
from backend.accounts.passwords import PASSWORD, hash_password
from backend.accounts.routes import NAME, set_session_cookie
from backend.db.connection import immediate, one
from backend.mail.compose import compose
from backend.mail.outbox import queue
from backend.validation import Email, Schema, ValidationFailed
from backend.web.auth import device_of, run_sync, services_of
from backend.web.forms import FormState, read_form
from backend.web.render import page, redirect

PUBLIC = {"access": "public"}
START = Schema([Email("email")])
FINISH = Schema([NAME, PASSWORD])
CONFIRM_FOR = timedelta(days=1)
PER_HOUR = 3


def allowed(domains: tuple[str, ...], email: str) -> bool:
    return email.rsplit("@", 1)[-1].lower() in domains


def request_signup(conn: sqlite3.Connection, email: str, base_url: str) -> None:
    if queries.user_by_email(conn, email) is not None:
        return
    start = queries.now()
    with immediate(conn):
        recent = one(
            conn,
            "SELECT count(*) AS n FROM signup_requests WHERE email = ? AND created_at > ?",
            [email.lower(), (start - timedelta(hours=1)).isoformat()],
        )
        if recent is not None and recent["n"] >= PER_HOUR:
            return
        token = queries.new_token()
        conn.execute(
            "INSERT INTO signup_requests (token_hash, email, created_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            [
                queries.token_hash(token),
                email.lower(),
                start.isoformat(),
                (start + CONFIRM_FOR).isoformat(),
            ],
        )
        message = compose(
            email,
            "Confirm your email address for MBP Journey",
            ["To make your MBP Journey account, confirm that this email address is yours."],
            link=f"{base_url}/sign-up/confirm?token={token}",
            action="Confirm and make my account",
            footer=["The link works once and expires in a day. Not you? Ignore this email."],
        )
        queue(conn, message, "signup")


def pending_email(conn: sqlite3.Connection, token: str) -> str | None:
    if not 20 < len(token) < 100:
        return None
    row = one(
        conn,
        "SELECT email FROM signup_requests WHERE token_hash = ? AND used_at IS NULL"
        " AND expires_at > ?",
        [queries.token_hash(token), queries.now().isoformat()],
    )
    return None if row is None else str(row["email"])


def make_account(
    conn: sqlite3.Connection, token: str, name: str, password_hash: str
) -> queries.User | None:
    with immediate(conn):
        email = pending_email(conn, token)
        if email is None or queries.user_by_email(conn, email) is not None:
            return None
        conn.execute(
            "UPDATE signup_requests SET used_at = ? WHERE email = ? AND used_at IS NULL",
            [queries.now().isoformat(), email],
        )
        return queries.insert_user(conn, email, name, password_hash)


def _domains_or_404(request: Request[Any, Any, Any]) -> tuple[str, ...]:
    domains = services_of(request).settings.signup_domains
    if not domains:
        raise NotFoundException()
    return domains


@get("/sign-up", opt=PUBLIC)
async def start_page(request: Request[Any, Any, Any]) -> Response[Any]:
    domains = _domains_or_404(request)
    return page(request, "accounts/sign_up.html", form=FormState(schema=START), domains=domains)


@post("/sign-up", opt=PUBLIC)
async def start(request: Request[Any, Any, Any]) -> Response[Any]:
    domains = _domains_or_404(request)
    data = await read_form(request)
    try:
        email = START.validate(data)["email"]
        if not allowed(domains, email):
            listed = ", ".join(domains)
            raise ValidationFailed({"email": f"Enter an email address ending in {listed}"})
    except ValidationFailed as failed:
        form = FormState(values=data, errors=failed.errors, schema=START)
        return page(request, "accounts/sign_up.html", status=422, form=form, domains=domains)
    services = services_of(request)
    base = services.settings.base_url
    await services.accounts.write(lambda c: request_signup(c, email, base))
    return page(request, "accounts/sign_up_sent.html", email=email)


@get("/sign-up/confirm", opt=PUBLIC)
async def confirm_page(
    request: Request[Any, Any, Any], token: FromQuery[str] = ""
) -> Response[Any]:
    _domains_or_404(request)
    email = pending_email(services_of(request).accounts.reader, token)
    if email is None:
        return page(request, "accounts/reset_gone.html", status=410)
    form = FormState(schema=FINISH)
    return page(request, "accounts/sign_up_confirm.html", token=token, email=email, form=form)


@post("/sign-up/confirm", opt=PUBLIC)
async def confirm(request: Request[Any, Any, Any]) -> Response[Any]:
    _domains_or_404(request)
    data = await read_form(request)
    token = str(data.get("token", ""))
    services = services_of(request)
    email = pending_email(services.accounts.reader, token)
    if email is None:
        return page(request, "accounts/reset_gone.html", status=410)
    try:
        clean = FINISH.validate(data)
    except ValidationFailed as failed:
        form = FormState(values={"name": data.get("name", "")}, errors=failed.errors)
        return page(
            request,
            "accounts/sign_up_confirm.html",
            status=422,
            token=token,
            email=email,
            form=form,
        )
    password_hash = await run_sync(hash_password, clean["password"])
    user = await services.accounts.write(
        lambda c: make_account(c, token, clean["name"], password_hash)
    )
    if user is None:
        return page(request, "accounts/reset_gone.html", status=410)
    device = device_of(request)
    session = await services.accounts.write(
        lambda c: queries.start_session(c, user.id, device, services.settings.session_days, None)
    )
    response = redirect("/teams", flash="Your account has been made")
    set_session_cookie(request, response, session)
    return response
