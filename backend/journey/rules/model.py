"""The journey's content model: the ASPIRE content as frozen dataclasses, shipped or as a
team sees it.

Every item has a stable `id` and a `version`. Questions and actions also keep the
wordings they had before (`previous`), so an answer stored as (id, version) can always
be shown with the words the person actually answered.

The same classes serve the shipped content (`Content`, built by `content.load_content`)
and a team's merged view (`TeamContent`, built by `merge.merge_team_content`): a team's
own actions and questions are `Action`s and `Question`s with `local` set, and the grid a
team sees is made of the same `Characteristic`s, `Stage`s and `Theme`s, holding only the
items the team has not hidden.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
"""Content ids are lower-case slugs; `.`, `-` and `_` join their parts."""
MAX_ID_LENGTH = 120
LOCAL_PREFIX = "local."
"""Reserved for a team's own actions and questions; shipped content may not use it."""


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
    local: bool = False
    """A team's own question (its id starts with `local.`), not shipped content."""

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
    local: bool = False
    """A team's own action (its id starts with `local.`), not shipped content."""

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
    """All shipped content, validated. Build it with `content.load_content`."""

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


@dataclass(frozen=True)
class TeamAdditions:
    """Everything a team has added or hidden. Order of local items is display order.

    Its actions have version 1; both its actions and its questions have `local` set."""

    actions: tuple[Action, ...] = ()
    questions: tuple[Question, ...] = ()
    hidden: frozenset[str] = frozenset()


def local_action(item_id: str, characteristic_id: str, stage: StageName, text: str) -> Action:
    """A team's own action, as stored in its team file."""
    return Action(item_id, 1, text, characteristic_id, stage, local=True)


def local_question(
    item_id: str, theme_id: str, text: str, version: int = 1, previous: tuple[Wording, ...] = ()
) -> Question:
    """A team's own question, as stored in its team file."""
    return Question(item_id, version, text, theme_id, previous, local=True)


@dataclass(frozen=True)
class TeamJourney:
    """The grid a team sees: visible actions per characteristic and stage."""

    characteristics: tuple[Characteristic, ...]
    hidden_actions: tuple[Action, ...] = ()
    suggestion_note: str = ""


@dataclass(frozen=True, eq=False)
class TeamQuestions:
    """The review form a team sees, plus every question it could have answered."""

    themes: tuple[Theme, ...]
    hidden: tuple[Question, ...] = ()
    everything: Mapping[str, Question] = field(default_factory=dict, repr=False)

    def find(self, question_id: str) -> Question | None:
        """Any shipped or local question by id, visible or hidden."""
        return self.everything.get(question_id)

    def text_at(self, question_id: str, version: int) -> str | None:
        question = self.everything.get(question_id)
        return question.text_at(version) if question is not None else None


@dataclass(frozen=True)
class TeamContent:
    """A team's merged view: shipped content plus its additions, minus what it hid."""

    journey: TeamJourney
    questions: TeamQuestions
