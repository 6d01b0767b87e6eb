"""Headers every response carries: a nonce-based content security policy and friends.

They are added by a `before_send` hook, which sees every response the app sends,
including the router's own 404 and 405 and the CSRF middleware's 403 (a middleware
only sees responses from the routes it wraps). A background request (the service worker
saving pages for offline reading, X-MBP-Background) never sets the CSRF cookie: answered
while the person signs in again, a new cookie would break the form they are about to
send. With secure cookies (the site is served
over HTTPS) browsers are told to keep to HTTPS; JSON under /api/ is never stored.
"""

from __future__ import annotations

import secrets
from typing import Any

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import BeforeMessageSendHookHandler, Message, Scope

POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; "
    "worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
CSRF_COOKIE = b"mbp_csrf="
BACKGROUND = b"x-mbp-background"


def nonce(scope: Scope | Any) -> str:
    """This request's CSP nonce, made the first time it is asked for."""
    state: dict[str, Any] = scope.setdefault("state", {})
    found = state.get("csp_nonce")
    if not found:
        found = state["csp_nonce"] = secrets.token_urlsafe(16)
    return str(found)


def security_headers(secure: bool) -> BeforeMessageSendHookHandler:
    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start" or scope["type"] != ScopeType.HTTP:
            return
        if any(name == BACKGROUND for name, _ in scope.get("headers", [])):
            message["headers"] = [
                (name, value)
                for name, value in message.get("headers", [])
                if not (name.lower() == b"set-cookie" and value.startswith(CSRF_COOKIE))
            ]
        headers = MutableScopeHeaders.from_message(message)
        headers.setdefault("Content-Security-Policy", POLICY.format(nonce=nonce(scope)))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        if scope["path"].startswith("/api/"):
            headers.setdefault("Cache-Control", "no-store")

    return add_headers
