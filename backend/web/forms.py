"""The state of a form on a page: the values to show and the messages to show with them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from litestar import Request

from backend.validation import Schema

MAX_FIELDS = 200


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
    """The posted fields as a plain dict; repeated fields become lists."""
    form = await request.form()
    data: dict[str, Any] = {}
    for key, value in form.multi_items():
        if len(data) >= MAX_FIELDS or not isinstance(value, str):
            continue
        if key in data:
            existing = data[key]
            data[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            data[key] = value
    data.pop("_csrf_token", None)
    return data


def posted_mutation_id(data: Mapping[str, Any]) -> str:
    """The id the form was rendered with (so a double submit applies once), or a new one."""
    try:
        return str(uuid.UUID(str(data.get("mutation_id", ""))))
    except ValueError:
        return str(uuid.uuid4())
