"""Single sign-on through OpenID Connect (Microsoft Entra ID, NHS CIS2, ...), on only
when MBP_OIDC_ISSUER is set. An account is matched by the verified email address, or
made on first sign-in if self sign-up allows that address's domain."""

from __future__ import annotations

import logging
import sqlite3
from datetime import timedelta
from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery, QueryParameter
from litestar.response import Redirect

from backend.accounts import oidc_client, queries
from backend.accounts.routes import safe_next, set_session_cookie
from backend.db.connection import immediate, one
from backend.web.auth import device_of, run_sync, services_of
from backend.web.render import page, redirect

PUBLIC = {"access": "public"}
STATE_FOR = timedelta(minutes=10)
log = logging.getLogger("mbp.oidc")


def _save_state(conn: sqlite3.Connection, begun: oidc_client.Start, next_path: str) -> None:
    start = queries.now()
    with immediate(conn):
        conn.execute(
            "DELETE FROM oidc_states WHERE created_at < ?", [(start - STATE_FOR).isoformat()]
        )
        conn.execute(
            "INSERT INTO oidc_states (state_hash, nonce, code_verifier, next, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                queries.token_hash(begun.state),
                begun.nonce,
                begun.code_verifier,
                next_path,
                start.isoformat(),
            ],
        )


def _take_state(conn: sqlite3.Connection, state: str) -> sqlite3.Row | None:
    """The sign-on this state began (once only, within 10 minutes)."""
    with immediate(conn):
        row = one(
            conn,
            "SELECT * FROM oidc_states WHERE state_hash = ? AND created_at > ?",
            [queries.token_hash(state), (queries.now() - STATE_FOR).isoformat()],
        )
        conn.execute("DELETE FROM oidc_states WHERE state_hash = ?", [queries.token_hash(state)])
    return row


def _account_for(
    conn: sqlite3.Connection, identity: oidc_client.Identity, domains: tuple[str, ...]
) -> queries.User | None:
    found = queries.user_by_email(conn, identity.email)
    if found is not None:
        return found[0]
    if identity.email.rsplit("@", 1)[-1].lower() not in domains:
        return None
    with immediate(conn):  # no password: this person signs in through the provider
        return queries.insert_user(conn, identity.email, identity.name, "!sso")


@get("/sign-in/oidc", opt=PUBLIC)
async def begin(
    request: Request[Any, Any, Any], next: FromQuery[str | None] = None
) -> Response[Any]:
    services = services_of(request)
    if not services.settings.oidc_issuer:
        raise NotFoundException()
    try:
        begun = await run_sync(oidc_client.start, services.settings)
    except (OSError, oidc_client.SignOnFailed, KeyError, ValueError) as error:
        log.warning("single sign-on could not start: %r", error)
        return _failed(request, "We could not reach the sign-in service. Try again later")
    await services.accounts.write(lambda c: _save_state(c, begun, safe_next(next)))
    return Redirect(path=begun.url, status_code=303)


def _failed(request: Request[Any, Any, Any], message: str, status: int = 502) -> Response[Any]:
    return page(request, "accounts/sso_failed.html", status=status, message=message)


@get("/sign-in/oidc/callback", opt=PUBLIC)
async def callback(
    request: Request[Any, Any, Any],
    code: FromQuery[str] = "",
    given_state: Annotated[str, QueryParameter(name="state")] = "",
    error: FromQuery[str] = "",
) -> Response[Any]:
    services = services_of(request)
    settings = services.settings
    if not settings.oidc_issuer:
        raise NotFoundException()
    row = await services.accounts.write(lambda c: _take_state(c, given_state[:200]))
    if row is None or error or not code:
        return _failed(request, "Signing in did not finish. Start again from the sign-in page", 400)
    try:
        identity = await run_sync(
            oidc_client.finish, settings, code[:2000], row["nonce"], row["code_verifier"]
        )
    except (OSError, oidc_client.SignOnFailed, KeyError, ValueError) as failure:
        log.warning("single sign-on failed: %r", failure)
        return _failed(request, "Signing in did not finish. Start again from the sign-in page")
    user = await services.accounts.write(
        lambda c: _account_for(c, identity, settings.signup_domains)
    )
    if user is None:
        return _failed(
            request,
            f"There is no MBP Journey account for {identity.email}. Ask your service lead to invite you",
            403,
        )
    device = device_of(request)
    session = await services.accounts.write(
        lambda c: queries.start_session(c, user.id, device, settings.session_days, None)
    )
    await services.accounts.write(
        lambda c: queries.record_event(c, user.email, "signed-in-sso", device, user.id)
    )
    response = redirect(row["next"])
    set_session_cookie(request, response, session)
    return response
