"""GET /patterns (development only)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException

from backend.patterns.samples import samples
from backend.web.auth import services_of
from backend.web.render import page


@get("/patterns", opt={"access": "public"}, include_in_schema=False)
async def patterns(request: Request[Any, Any, Any]) -> Response[Any]:
    services = services_of(request)
    if not services.settings.patterns:
        raise NotFoundException()
    # Shown signed in or not, with every feature's styles (the parts it shows are theirs).
    return page(request, "patterns/index.html", all_stylesheets=True, **samples(services.features))
