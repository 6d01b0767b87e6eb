"""The shipped ASPIRE content as frozen dataclasses.

Every item has a stable `id` and a `version`. Questions and actions also keep the
wordings they had before (`previous`), so an answer stored as (id, version) can always
be shown with the words the person actually answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal


class StageName(StrEnum):
    """The three stages of the journey, in order."""

    STARTING_OUT = "starting_out"
    DEVELOPMENTAL = "developmental"
    SUSTAINABLE = "sustainable"

    @property
    def rank(self) -> int:
        """0 for starting out, 1 for developmental, 2 for sustainable."""
        return STAGE_ORDER.index(self)


STAGE_ORDER: tuple[StageName, ...] = (
    StageName.STARTING_OUT,
    StageName.DEVELOPMENTAL,
    StageName.SUSTAINABLE,
)


@dataclass(frozen=True)
class Wording:
    """One superseded wording of a question or an action."""

    version: int
    text: str


def wording_at(
    version: int, current_version: int, current_text: str, previous: tuple[Wording, ...]
) -> str | None:
    """The text an item had at `version`, or None if that version never existed."""
    if version == current_version:
        return current_text
    for old in previous:
        if old.version == version:
            return old.text
    return None


@dataclass(frozen=True)
class Source:
    citation: str
    url: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    version: int
    text: str
    theme_id: str
    previous: tuple[Wording, ...] = ()

    def text_at(self, version: int) -> str | None:
        return wording_at(version, self.version, self.text, self.previous)


@dataclass(frozen=True)
class Theme:
    id: str
    version: int
    title: str
    summary: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Action:
    id: str
    version: int
    text: str
    characteristic_id: str
    stage: StageName
    suggestion: bool = False
    previous: tuple[Wording, ...] = ()

    def text_at(self, version: int) -> str | None:
        return wording_at(version, self.version, self.text, self.previous)


@dataclass(frozen=True)
class StageInfo:
    """A stage's name, title and one-line summary, as written in journey.toml."""

    name: StageName
    title: str
    summary: str


@dataclass(frozen=True)
class Stage:
    """One cell of the grid: a characteristic's actions at one stage."""

    name: StageName
    title: str
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class Characteristic:
    id: str
    version: int
    title: str
    summary: str
    related_theme: str | None
    stages: tuple[Stage, ...]

    def stage(self, name: StageName) -> Stage:
        for stage in self.stages:
            if stage.name == name:
                return stage
        raise KeyError(name)


@dataclass(frozen=True)
class Activity:
    id: str
    version: int
    title: str
    guidance: str
    related_characteristic: str | None = None


Kind = Literal["theme", "question", "characteristic", "action", "activity"]
Item = Theme | Question | Characteristic | Action | Activity


@dataclass(frozen=True)
class ContentRef:
    """What an id points at: its kind, its current version and the item itself."""

    kind: Kind
    id: str
    version: int
    item: Item


@dataclass(frozen=True, eq=False)
class Content:
    """All shipped content, validated. Build it with `load_content`."""

    themes: tuple[Theme, ...]
    stages: tuple[StageInfo, ...]
    characteristics: tuple[Characteristic, ...]
    activities: tuple[Activity, ...]
    suggestion_note: str
    sources: Mapping[str, tuple[Source, ...]]
    index: Mapping[str, ContentRef] = field(repr=False)

    def lookup(self, item_id: str) -> ContentRef | None:
        """Map any content id to its item and current version."""
        return self.index.get(item_id)

    def question(self, item_id: str) -> Question | None:
        ref = self.index.get(item_id)
        return ref.item if ref is not None and isinstance(ref.item, Question) else None

    def action(self, item_id: str) -> Action | None:
        ref = self.index.get(item_id)
        return ref.item if ref is not None and isinstance(ref.item, Action) else None

    def theme(self, item_id: str) -> Theme | None:
        ref = self.index.get(item_id)
        return ref.item if ref is not None and isinstance(ref.item, Theme) else None

    def characteristic(self, item_id: str) -> Characteristic | None:
        ref = self.index.get(item_id)
        return ref.item if ref is not None and isinstance(ref.item, Characteristic) else None

    def text_at(self, item_id: str, version: int) -> str | None:
        """The wording of a question or action at a given version, if it existed."""
        ref = self.index.get(item_id)
        if ref is None or not isinstance(ref.item, Question | Action):
            return None
        return ref.item.text_at(version)

    def stage_info(self, name: StageName) -> StageInfo:
        for info in self.stages:
            if info.name == name:
                return info
        raise KeyError(name)
