"""Posted forms are parsed off the event loop, within limits, before anything reads them
(and a path with a NUL byte is not found, before a static file lookup chokes on it).

Litestar's CSRF middleware and `request.form()` parse a url-encoded body on the event
loop, so a hostile 2 MB body of one repeated field would hold up every other request
while it is decoded. This middleware runs first: it reads the body (the route's size
limit applies), counts its fields with one C-speed scan, refuses a body with too many
(400, before any decoding), and decodes the rest on a worker thread. The parsed form is
left in the request's scope state, where the CSRF middleware and `request.form()` find
it, so nothing parses the body again on the loop.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import parse_qsl

import anyio.to_thread
from litestar import Request
from litestar.enums import RequestEncodingType, ScopeType
from litestar.exceptions import ClientException, NotFoundException
from litestar.types import ASGIApp, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

MAX_PAIRS = 1000  # name=value pairs in one posted form
MAX_FIELDS = 200  # distinct field names
MAX_VALUES_PER_FIELD = 100  # values of one repeated field (checkboxes)
TOO_MANY = "The form has too many fields"


def parse_form(body: bytes) -> dict[str, str | list[str]]:
    """A url-encoded body as {name: value or [values]}, in linear time, within the limits."""
    if body.count(b"&") >= MAX_PAIRS:
        raise ClientException(TOO_MANY)
    values: defaultdict[str, list[str]] = defaultdict(list)
    for name, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True):
        bucket = values[name]
        bucket.append(value)
        if len(values) > MAX_FIELDS or len(bucket) > MAX_VALUES_PER_FIELD:
            raise ClientException(TOO_MANY)
    return {name: v if len(v) > 1 else v[0] for name, v in values.items()}


def form_limits(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if "\x00" in scope["path"]:  # no file or route has one; os.stat would raise
            raise NotFoundException()
        if scope["type"] == ScopeType.HTTP and scope["method"] not in {"GET", "HEAD", "OPTIONS"}:
            request: Request[Any, Any, Any] = Request(scope, receive)
            if request.content_type[0] == RequestEncodingType.URL_ENCODED:
                body = await request.body()
                form: dict[str, Any] = await anyio.to_thread.run_sync(parse_form, body)
                ScopeState.from_scope(scope).form = form
        await app(scope, receive, send)

    return middleware
