"""The state of a form on a page: the values to show and the messages to show with them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from litestar import Request
from litestar.datastructures import UploadFile

from backend.validation import Schema
from backend.web.form_limits import MAX_FIELDS, MAX_VALUES_PER_FIELD


@dataclass
class FormState:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    schema: Schema | None = None
    mutation_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def value(self, name: str, default: Any = "") -> Any:
        value = self.values.get(name, default)
        return "" if value is None else value

    def values_of(self, name: str) -> list[str]:
        value = self.values.get(name, [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value]

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    def summary(self) -> list[dict[str, str]]:
        """Error summary items, linking each message to its field."""
        items = []
        for name, message in self.errors.items():
            anchor = self._anchor(name)
            items.append({"text": message, "href": f"#{anchor}"} if anchor else {"text": message})
        return items

    def _anchor(self, name: str) -> str:
        if not name:
            return ""
        if self.schema is not None:
            from backend.validation import Date

            for f in self.schema.fields:
                if f.name == name and isinstance(f, Date) and f"{name}-day" in self.values:
                    return f"{name}-day"
        return name


async def read_form(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """The posted fields as a plain dict; repeated fields become lists.

    Linear in the number of fields; the counts are capped (`web/form_limits.py` refuses
    a url-encoded body beyond them before it is parsed, and a multipart one is cut here).
    """
    form = await request.form()
    values: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if not isinstance(value, str):
            continue
        bucket = values.get(key)
        if bucket is None:
            if len(values) >= MAX_FIELDS:
                continue
            bucket = values[key] = []
        if len(bucket) < MAX_VALUES_PER_FIELD:
            bucket.append(value)
    values.pop("_csrf_token", None)
    return {key: v[0] if len(v) == 1 else v for key, v in values.items()}


async def read_upload(request: Request[Any, Any, Any], name: str) -> tuple[bytes | None, str]:
    """The bytes and name of a file posted in a multipart form's field; (None, "") when
    no file was chosen. The route's body limit bounds the size."""
    form = await request.form()
    upload = form.get(name)
    if isinstance(upload, UploadFile) and upload.filename:
        return await upload.read(), upload.filename
    return None, ""


def posted_mutation_id(data: Mapping[str, Any]) -> str:
    """The id the form was rendered with (so a double submit applies once), or a new one."""
    try:
        return str(uuid.UUID(str(data.get("mutation_id", ""))))
    except ValueError:
        return str(uuid.uuid4())
