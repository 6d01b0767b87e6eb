"""One renderer for pages and their fragments.

A page template includes its fragments; an htmx request for part of a page gets
the fragment alone. The choice is made from the request headers (HX-Request and
htmx 4's HX-Request-Type), never from element ids, and history restores always
get full pages.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from litestar import MediaType, Request, Response
from litestar.response import Redirect
from litestar.utils.scope.state import ScopeState
from markupsafe import Markup, escape

from backend.cache import Lru
from backend.teams.roles import ROLE_LABELS
from backend.web.auth import current_user, services_of
from backend.web.forms import FormState
from backend.web.security import nonce

FLASH_COOKIE = "mbp_flash"
# Sent by the service worker when it refreshes the offline set in the background: such a
# request must not show, nor use up, a success message meant for the page the person sees.
BACKGROUND_HEADER = "X-MBP-Background"
HTML = MediaType.HTML


def is_partial(request: Request[Any, Any, Any]) -> bool:
    headers = request.headers
    return (
        headers.get("hx-request") == "true"
        and headers.get("hx-request-type", "partial") == "partial"
        and headers.get("hx-history-restore-request") != "true"
    )


def csrf_token(request: Request[Any, Any, Any]) -> str:
    token = ScopeState.from_scope(request.scope).csrf_token
    return token if isinstance(token, str) else ""


@cache
def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.exists() else "missing"


def static_url(request: Request[Any, Any, Any], name: str) -> str:
    root = services_of(request).settings.static_dir
    return f"/static/{name}?v={_file_hash(root / name)}"


def navigation(request: Request[Any, Any, Any], team: Any) -> list[dict[str, Any]]:
    if team is None:
        return []
    items = []
    path = request.url.path.rstrip("/")
    base = f"/teams/{team.id}"
    listed = [item for feature in services_of(request).features for item in feature.navigation]
    for item in sorted(listed, key=lambda i: i.order):
        if item.roles and not (item.roles & team.roles):
            continue
        href = f"{base}/{item.path}" if item.path else base
        current = path == href or (item.path and path.startswith(href + "/"))
        items.append({"text": item.label, "href": href, "current": bool(current)})
    return items


def base_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    team = request.state.get("team")
    return {
        "request": request,
        "user": current_user(request),
        "team": team,
        "nav": navigation(request, team),
        "csrf_token": csrf_token(request),
        "nonce": nonce(request.scope),
        "flash": flash_of(request),
        "static": lambda name: static_url(request, name),
        "role_labels": ROLE_LABELS,
        "stylesheets": [name for f in services_of(request).features for name in f.stylesheets],
        "form": FormState(),
    }


def flash_of(request: Request[Any, Any, Any]) -> str:
    """The one-time success message for this page, unless the request is a background one."""
    if request.headers.get(BACKGROUND_HEADER):
        return ""
    return unquote(request.cookies.get(FLASH_COOKIE, ""))[:300]


def render_string(request: Request[Any, Any, Any], template: str, context: dict[str, Any]) -> str:
    env = services_of(request).templates
    return env.get_template(template).render({**base_context(request), **context})


# Stand-ins for the per-request parts of a cached fragment with forms: unguessable, so no
# text anyone writes can be taken for one.
_MARK = secrets.token_hex(12)
CSRF_MARK = f"csrf-{_MARK}"
ID_MARK = f"mutation-{_MARK}"
FORM_FRAGMENTS_KEPT = 4096  # a page per person and team for 1,000 teams, a few KB each
_form_fragments: Lru[tuple[Any, ...], str] = Lru(FORM_FRAGMENTS_KEPT)


def kept(key: tuple[Any, ...]) -> str | None:
    """A fragment kept under `key` by `keep` (or `cached_forms`), if it still is."""
    return _form_fragments.get(key)


def keep(key: tuple[Any, ...], html: str) -> None:
    """Keep a rendered fragment with no token in it, under a key naming all it shows."""
    _form_fragments.put(key, html)


def cached_forms(
    request: Request[Any, Any, Any],
    key: tuple[Any, ...],
    template: str,
    context: dict[str, Any] | Callable[[], dict[str, Any]],
) -> Markup:
    """A fragment with forms rendered once per key, which must name everything the
    fragment shows and what the viewer may do (for data from a team file: the file and
    its version). This request's form token, and a fresh mutation id for each
    `new_id()` (or a form whose mutation_id is ID_MARK), are put in on every request.
    `context` may be a function, called only when the fragment is rendered."""
    html = kept(key)
    if html is None:
        stand_ins = {"csrf_token": CSRF_MARK, "new_id": lambda: ID_MARK}
        found = context() if callable(context) else context
        html = render_string(request, template, {**found, **stand_ins})
        keep(key, html)
    html = html.replace(CSRF_MARK, str(escape(csrf_token(request))))
    pieces = html.split(ID_MARK)
    filled = [pieces[0]]
    for piece in pieces[1:]:
        filled += [str(uuid.uuid4()), piece]
    return Markup("".join(filled))  # noqa: S704 - rendered by our autoescaping templates


def page(
    request: Request[Any, Any, Any],
    template: str,
    *,
    fragment: str | None = None,
    status: int = 200,
    **context: Any,
) -> Response[str]:
    """The full page, or only `fragment` when htmx asks for part of the page."""
    partial = fragment is not None and is_partial(request)
    html = render_string(request, fragment if partial and fragment else template, context)
    response = Response(content=html, status_code=status, media_type=HTML)
    response.headers["Vary"] = f"HX-Request, HX-Request-Type, Cookie, {BACKGROUND_HEADER}"
    # Whose page this is: the service worker keeps saved pages per person.
    user = current_user(request)
    response.headers["X-MBP-User"] = user.id if user is not None else ""
    response.headers["Cache-Control"] = "no-store" if partial else "private, no-cache"
    if not partial and flash_of(request):
        response.delete_cookie(FLASH_COOKIE)
        # A page showing a one-time message is not one to keep for reading offline.
        response.headers["X-MBP-Flash"] = "1"
    return response


def redirect(path: str, flash: str = "") -> Response[Any]:
    """303 See Other after a successful post, with an optional success message."""
    response: Response[Any] = Redirect(path=path, status_code=303)
    if flash:
        response.set_cookie(
            FLASH_COOKIE, quote(flash[:300]), max_age=60, httponly=True, samesite="lax"
        )
    return response
