"""The OpenAPI document at /schema, made true: only the JSON API (`/api/...`) is in it (the
HTML pages answer with pages, redirects and forms, which a JSON description would only
misstate), and every error it documents has the shape the API really sends
(backend/web/errors.py): `{"error": text, "status": code, "errors"?: {field: message}}`."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.openapi.plugins import JsonRenderPlugin, YamlRenderPlugin

API_PREFIX = "/api/"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every error from the JSON API.",
    "required": ["error", "status"],
    "properties": {
        "error": {"type": "string", "description": "What went wrong, in words"},
        "status": {"type": "integer", "description": "The HTTP status, repeated"},
        "errors": {
            "type": "object",
            "description": "Per query parameter or field, what is wrong with it",
            "additionalProperties": {"type": "string"},
        },
    },
    "additionalProperties": False,
}
ERRORS = {
    "400": "The request could not be read, or a value in it is wrong (see errors)",
    "401": "Not signed in (or the session has ended)",
    "403": "Not allowed: not a member with the role needed, or no valid x-csrf-token",
    "404": "No such team or record (or not one you may know of)",
    "413": "The body is too large",
    "503": "The team's file failed its check when opened: its writes are refused",
}
DESCRIPTION = (
    "The JSON API of MBP Journey, used by its own pages' offline outbox. Sign in through"
    " the /sign-in form: the session is the `mbp_session` cookie. Every POST sends the"
    " `mbp_csrf` cookie's value in the `x-csrf-token` header (GET /api/session returns it)."
    " The HTML pages are not described here."
)
MARK = "x-mbp-made-true"


def true_document(doc: dict[str, Any]) -> dict[str, Any]:
    """Make Litestar's generated document true, in place (once; later calls do nothing)."""
    if doc.get(MARK):
        return doc
    doc["paths"] = {path: ops for path, ops in doc["paths"].items() if path.startswith(API_PREFIX)}
    doc.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    doc.setdefault("info", {})["description"] = DESCRIPTION
    error_ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for ops in doc["paths"].values():
        for op in ops.values():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            kept = {code: r for code, r in op["responses"].items() if code.startswith("2")}
            for code, text in ERRORS.items():
                kept[code] = {"description": text, "content": error_ref}
            op["responses"] = kept
    doc[MARK] = True
    return doc


class TrueJsonRenderPlugin(JsonRenderPlugin):
    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, true_document(openapi_schema))


class TrueYamlRenderPlugin(YamlRenderPlugin):
    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, true_document(openapi_schema))
