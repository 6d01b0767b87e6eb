"""Form fields whose options come from the content files, read when a value is checked
(never at import time), with the same NHS-style messages as `backend.validation`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from backend.journey.rules.content import load_content
from backend.validation import Choice, MultiChoice


def theme_ids() -> list[str]:
    return [t.id for t in load_content().themes]


def characteristic_ids() -> list[str]:
    return [c.id for c in load_content().characteristics]


def _none() -> Sequence[str]:
    return ()


@dataclass(frozen=True, slots=True)
class ContentChoice(Choice):
    """One id from a content list (a theme, a characteristic)."""

    ids: Callable[[], Sequence[str]] = _none

    def keys(self) -> Sequence[str]:
        return self.ids()


@dataclass(frozen=True, slots=True)
class ContentChoices(MultiChoice):
    """Any number of ids from a content list, returned in the list's order."""

    required: bool = False
    ids: Callable[[], Sequence[str]] = _none

    def keys(self) -> Sequence[str]:
        return self.ids()
