"""Public pages on privacy, accessibility and cookies, and /.well-known/security.txt."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from litestar import Request, Response, get

from backend.dates import uk_today
from backend.legal.notices import Notices, NoticesError, notices_for
from backend.web.auth import services_of
from backend.web.render import page

PUBLIC = {"access": "public"}
LOG = logging.getLogger(__name__)
# Every cookie the app sets, and why. tests/integration/legal/test_legal.py checks this list
# against the Set-Cookie headers the app really sends.
COOKIES = [
    {
        "name": "mbp_session",
        "purpose": "Keeps you signed in. It holds a random token, not your details.",
        "expires": "when you sign out, or after {session_days} days",
    },
    {
        "name": "mbp_csrf",
        "purpose": "Proves that a form you send came from this service, not another website.",
        "expires": "when you close your browser",
    },
    {
        "name": "mbp_flash",
        "purpose": "Carries a one-time message, such as 'Record saved', to the next page.",
        "expires": "after 1 minute, or once shown",
    },
]


def notices(request: Request[Any, Any, Any]) -> Notices:
    """This deployment's wording; the defaults (and an error in the log) if its file is bad."""
    try:
        return notices_for(services_of(request).settings.data_dir)
    except NoticesError as problem:
        LOG.error("%s: showing the default wording", problem)
        return Notices()


@get("/privacy", opt=PUBLIC)
async def privacy(request: Request[Any, Any, Any]) -> Response[Any]:
    return page(request, "legal/privacy.html", notices=notices(request))


@get("/accessibility", opt=PUBLIC)
async def accessibility(request: Request[Any, Any, Any]) -> Response[Any]:
    return page(request, "legal/accessibility.html", notices=notices(request))


@get("/cookies", opt=PUBLIC)
async def cookies(request: Request[Any, Any, Any]) -> Response[Any]:
    days = services_of(request).settings.session_days
    listed = [{**c, "expires": c["expires"].format(session_days=days)} for c in COOKIES]
    return page(request, "legal/cookies.html", cookies=listed)


@get("/.well-known/security.txt", opt=PUBLIC, include_in_schema=False)
async def security_txt(request: Request[Any, Any, Any]) -> Response[str]:
    """RFC 9116: who to tell about a vulnerability, valid for the next 180 days."""
    base = str(request.base_url).rstrip("/")
    contact = notices(request).security_contact or f"mailto:security@{request.url.hostname}"
    expires = uk_today() + timedelta(days=180)
    body = (
        f"Contact: {contact}\n"
        f"Expires: {expires.isoformat()}T00:00:00Z\n"
        "Preferred-Languages: en\n"
        f"Canonical: {base}/.well-known/security.txt\n"
    )
    return Response(
        body,
        media_type="text/plain; charset=utf-8",
        headers={"Cache-Control": "public, max-age=86400"},
    )
