"""Form fields whose options come from the content files, read when a value is checked
(never at import time), with the same NHS-style messages as `backend.validation`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from backend.journey.content import load_content
from backend.validation import Field, Invalid, Raw, _lower_first


def theme_ids() -> list[str]:
    return [t.id for t in load_content().themes]


def characteristic_ids() -> list[str]:
    return [c.id for c in load_content().characteristics]


def _none() -> Sequence[str]:
    return ()


@dataclass(frozen=True, slots=True)
class ContentChoice(Field):
    """One id from a content list (a theme, a characteristic)."""

    ids: Callable[[], Sequence[str]] = _none

    def missing_message(self) -> str:
        return f"Select {_lower_first(self.label)}"

    def parse(self, data: Raw) -> str:
        value = str(self.raw(data) or "").strip()
        if value not in self.ids():
            raise Invalid(f"Select {_lower_first(self.label)} from the list")
        return value


@dataclass(frozen=True, slots=True)
class ContentChoices(Field):
    """Any number of ids from a content list, returned in the list's order."""

    required: bool = False
    ids: Callable[[], Sequence[str]] = _none

    def raw(self, data: Raw) -> Any:
        value = data.get(self.name)
        if value is None:
            return []
        if isinstance(value, str):
            return [part for part in value.split(",") if part] if "," in value else [value]
        return list(value) if isinstance(value, list | tuple) else [value]

    def is_blank(self, data: Raw) -> bool:
        value = self.raw(data)
        return not value or all(str(v).strip() == "" for v in value)

    def default(self) -> Any:
        return []

    def parse(self, data: Raw) -> list[str]:
        known = list(self.ids())
        values = {str(v).strip() for v in self.raw(data)} - {""}
        if not values <= set(known):
            raise Invalid(f"Select {_lower_first(self.label)} from the list")
        return [key for key in known if key in values]
