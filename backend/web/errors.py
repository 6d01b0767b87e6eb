"""Error pages and API errors. No stack trace ever reaches a person."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import msgspec
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Redirect
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from backend.db.stores import UnknownTeam, is_corruption
from backend.web.form_limits import TOO_MANY
from backend.web.render import page

log = logging.getLogger("mbp")

MESSAGES = {
    400: ("There is a problem with your request", "The page could not understand what was sent."),
    401: ("Sign in to continue", "You need to sign in to see this page."),
    403: ("You do not have permission to see this page", ""),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("Page not found", "That action is not available here."),
    413: ("What you sent is too large", "Try again with a smaller file or shorter text."),
    429: ("Too many requests", "Wait a minute, then try again."),
    500: ("Sorry, there is a problem with the service", "Try again later."),
    503: ("Sorry, the service is unavailable", "Try again later."),
}
CSRF_FAILED = "CSRF token verification failed"
UNHEALTHY = (
    "This team's records cannot be changed just now",
    "The team's file failed a check when the server opened it, so changes to it are"
    " refused to keep what is there safe. Nothing you sent has been saved. Tell your"
    " server admin: they can check and restore it from a backup (mbp check, mbp restore).",
)
UNHEALTHY_API = "store unhealthy: its writes are refused until it is restored from a backup"


def is_api(request: Request[Any, Any, Any]) -> bool:
    return request.url.path.startswith("/api/")


# Raised by the body decoders on bytes that are not text, or nesting too deep to read.
UNREADABLE_BODY = (UnicodeDecodeError, RecursionError, msgspec.DecodeError)


def _status_and_detail(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, UnknownTeam):
        return 404, ""
    if is_corruption(exc):
        return 503, UNHEALTHY_API
    if isinstance(exc, UNREADABLE_BODY):
        return 400, "The request could not be read: send UTF-8 text or valid JSON"
    if isinstance(exc, HTTPException):
        return exc.status_code, str(exc.detail or "")
    return HTTP_500_INTERNAL_SERVER_ERROR, ""


def field_errors(exc: Exception) -> dict[str, str]:
    """Per query parameter or field, what is wrong with it, for a 400 from the API: from
    our own ValidationException(extra={name: message}) or Litestar's (a list of
    {"key", "message"}). The same shape as a rejected mutation's `errors`."""
    if not isinstance(exc, ValidationException):
        return {}
    extra = exc.extra
    if isinstance(extra, dict):
        return {str(name): str(message) for name, message in extra.items()}
    if isinstance(extra, list):
        return {
            str(item["key"]): str(item["message"])
            for item in extra
            if isinstance(item, dict) and "key" in item and "message" in item
        }
    return {}


def handle(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    status, detail = _status_and_detail(exc)
    if detail == UNHEALTHY_API:
        log.error("refused on %s %r: %s", request.method, request.url.path, exc)
    elif status >= 500:
        log.exception("unhandled error on %s %r", request.method, request.url.path, exc_info=exc)
        detail = "" if detail != UNHEALTHY_API else detail
    if status == 401 and not is_api(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Redirect(path=f"/sign-in?next={quote(target)}", status_code=303)
    title, body = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
    if status == 403 and detail == CSRF_FAILED:
        title = "This page has expired"
        body = "For your security, forms expire. Go back, reload the page and try again."
    if detail == UNHEALTHY_API:
        title, body = UNHEALTHY
    if status == 400 and detail == TOO_MANY:
        body = "The form sent has too many fields. Go back, reload the page and try again."
    if is_api(request):
        message = detail if (400 <= status < 500 or detail == UNHEALTHY_API) and detail else title
        content: dict[str, Any] = {"error": message, "status": status}
        if fields := field_errors(exc):
            content["errors"] = fields
        return Response(
            content=content,
            status_code=status,
            media_type=MediaType.JSON,
            headers={"Cache-Control": "no-store"},
        )
    try:
        return page(request, "app/error.html", status=status, title=title, body=body)
    except Exception:  # the error page itself failed: say so plainly, never a trace
        log.exception("error page failed on %r", request.url.path)
        html = f"<!DOCTYPE html><html lang=en><title>{title} - MBP Journey</title><h1>{title}</h1>"
        return Response(content=html, status_code=status, media_type=MediaType.HTML)


def exception_handlers() -> dict[type[Exception] | int, Any]:
    return {HTTPException: handle, UnknownTeam: handle, Exception: handle}
