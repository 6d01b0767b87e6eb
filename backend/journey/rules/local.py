"""A team's own additions to the shipped content, and the merged view the team sees.

The shipped content is never edited in place. A lead can:
- add local actions (to any characteristic and stage) and local questions (to any
  theme); their ids start with `local.`, a prefix shipped content may not use;
- hide shipped or local actions and questions by id. Hidden items drop out of the
  grid and the review form but stay resolvable, so old statuses and answers still show.

Delete a local question by hiding it, not by removing it: old answers point at its id
and version. A local question that is reworded keeps its old wordings in `previous`
and raises `version`, exactly like shipped content.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from backend.journey.rules.content import LOCAL_PREFIX
from backend.journey.rules.model import (
    STAGE_ORDER,
    Content,
    StageName,
    Wording,
    wording_at,
)
from backend.journey.rules.toml_reader import ID_PATTERN, MAX_ID_LENGTH

MAX_LOCAL_TEXT = 500


@dataclass(frozen=True)
class LocalAction:
    id: str
    characteristic_id: str
    stage: StageName
    text: str


@dataclass(frozen=True)
class LocalQuestion:
    id: str
    theme_id: str
    text: str
    version: int = 1
    previous: tuple[Wording, ...] = ()


@dataclass(frozen=True)
class TeamAdditions:
    """Everything a team has added or hidden. Order of local items is display order."""

    actions: tuple[LocalAction, ...] = ()
    questions: tuple[LocalQuestion, ...] = ()
    hidden: frozenset[str] = frozenset()


@dataclass(frozen=True)
class JourneyAction:
    """An action as the team sees it, shipped or local."""

    id: str
    version: int
    text: str
    characteristic_id: str
    stage: StageName
    suggestion: bool = False
    local: bool = False


@dataclass(frozen=True)
class JourneyStage:
    name: StageName
    title: str
    actions: tuple[JourneyAction, ...]


@dataclass(frozen=True)
class JourneyCharacteristic:
    id: str
    title: str
    summary: str
    related_theme: str | None
    stages: tuple[JourneyStage, ...]

    def stage(self, name: StageName) -> JourneyStage:
        for stage in self.stages:
            if stage.name == name:
                return stage
        raise KeyError(name)


@dataclass(frozen=True)
class TeamJourney:
    """The grid a team sees: visible actions per characteristic and stage."""

    characteristics: tuple[JourneyCharacteristic, ...]
    hidden_actions: tuple[JourneyAction, ...] = ()
    suggestion_note: str = ""


@dataclass(frozen=True)
class TeamQuestion:
    id: str
    version: int
    text: str
    theme_id: str
    local: bool = False
    previous: tuple[Wording, ...] = ()

    def text_at(self, version: int) -> str | None:
        return wording_at(version, self.version, self.text, self.previous)


@dataclass(frozen=True)
class TeamTheme:
    id: str
    title: str
    summary: str
    questions: tuple[TeamQuestion, ...]


@dataclass(frozen=True, eq=False)
class TeamQuestions:
    """The review form a team sees, plus every question it could have answered."""

    themes: tuple[TeamTheme, ...]
    hidden: tuple[TeamQuestion, ...] = ()
    everything: Mapping[str, TeamQuestion] = field(default_factory=dict, repr=False)

    def find(self, question_id: str) -> TeamQuestion | None:
        """Any shipped or local question by id, visible or hidden."""
        return self.everything.get(question_id)

    def text_at(self, question_id: str, version: int) -> str | None:
        question = self.everything.get(question_id)
        return question.text_at(version) if question is not None else None


@dataclass(frozen=True)
class TeamContent:
    journey: TeamJourney
    questions: TeamQuestions


def merge_team_content(content: Content, additions: TeamAdditions) -> TeamContent:
    """Shipped content plus a team's additions, minus what it hid."""
    return TeamContent(team_journey(content, additions), team_questions(content, additions))


def team_journey(content: Content, additions: TeamAdditions) -> TeamJourney:
    """Raises ValueError for a local action that names an unknown characteristic."""
    _check_local_ids(additions)
    known = {c.id for c in content.characteristics}
    for local in additions.actions:
        if local.characteristic_id not in known:
            raise ValueError(f"local action '{local.id}': unknown characteristic")
    hidden: list[JourneyAction] = []
    characteristics = []
    for ch in content.characteristics:
        stages = []
        for name in STAGE_ORDER:
            everything = [
                JourneyAction(a.id, a.version, a.text, ch.id, name, a.suggestion)
                for a in ch.stage(name).actions
            ] + [
                JourneyAction(la.id, 1, la.text, ch.id, name, local=True)
                for la in additions.actions
                if la.characteristic_id == ch.id and la.stage == name
            ]
            hidden += [a for a in everything if a.id in additions.hidden]
            visible = tuple(a for a in everything if a.id not in additions.hidden)
            stages.append(JourneyStage(name, content.stage_info(name).title, visible))
        characteristics.append(
            JourneyCharacteristic(ch.id, ch.title, ch.summary, ch.related_theme, tuple(stages))
        )
    return TeamJourney(tuple(characteristics), tuple(hidden), content.suggestion_note)


def team_questions(content: Content, additions: TeamAdditions) -> TeamQuestions:
    """Raises ValueError for a local question that names an unknown theme."""
    _check_local_ids(additions)
    known = {t.id for t in content.themes}
    for local in additions.questions:
        if local.theme_id not in known:
            raise ValueError(f"local question '{local.id}': unknown theme")
    everything: dict[str, TeamQuestion] = {}
    themes = []
    for theme in content.themes:
        questions = [
            TeamQuestion(q.id, q.version, q.text, theme.id, previous=q.previous)
            for q in theme.questions
        ] + [
            TeamQuestion(lq.id, lq.version, lq.text, theme.id, local=True, previous=lq.previous)
            for lq in additions.questions
            if lq.theme_id == theme.id
        ]
        everything.update((q.id, q) for q in questions)
        visible = tuple(q for q in questions if q.id not in additions.hidden)
        themes.append(TeamTheme(theme.id, theme.title, theme.summary, visible))
    hidden = tuple(q for q in everything.values() if q.id in additions.hidden)
    return TeamQuestions(tuple(themes), hidden, MappingProxyType(everything))


def _check_local_ids(additions: TeamAdditions) -> None:
    seen: set[str] = set()
    for item_id in [a.id for a in additions.actions] + [q.id for q in additions.questions]:
        if not item_id.startswith(LOCAL_PREFIX):
            raise ValueError(f"local id '{item_id}' must start with '{LOCAL_PREFIX}'")
        if item_id in seen:
            raise ValueError(f"local id '{item_id}' is used twice")
        seen.add(item_id)


def local_action_problems(
    content: Content, characteristic_id: str, stage: str, text: str
) -> dict[str, str]:
    """Field-level messages for a proposed local action (empty when it is valid)."""
    problems = _text_problems(text)
    if content.characteristic(characteristic_id) is None:
        problems["characteristic_id"] = "Choose a characteristic from the list"
    if stage not in {s.value for s in StageName}:
        problems["stage"] = "Choose starting out, developmental or sustainable"
    return problems


def local_question_problems(content: Content, theme_id: str, text: str) -> dict[str, str]:
    """Field-level messages for a proposed local question (empty when it is valid)."""
    problems = _text_problems(text)
    if content.theme(theme_id) is None:
        problems["theme_id"] = "Choose a theme from the list"
    return problems


def hide_problem(content: Content, additions: TeamAdditions, item_id: str) -> str | None:
    """Why `item_id` cannot be hidden, or None: only actions and questions can be."""
    ref = content.lookup(item_id)
    if ref is not None and ref.kind in ("action", "question"):
        return None
    local_ids = {a.id for a in additions.actions} | {q.id for q in additions.questions}
    if item_id in local_ids:
        return None
    return f"'{item_id}' is not an action or a question"


def new_local_id(kind: str, taken: Sequence[str] | set[str], stem: str) -> str:
    """A fresh `local.<kind>.<stem>[-n]` id not in `taken`; `stem` is slugified."""
    slug = "-".join(
        "".join(c if c.isascii() and c.isalnum() else " " for c in stem.lower()).split()
    )[:40].rstrip("-")
    base = f"{LOCAL_PREFIX}{kind}.{slug or 'item'}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    if not ID_PATTERN.match(candidate) or len(candidate) > MAX_ID_LENGTH:
        raise ValueError(f"cannot make an id from {stem!r}")
    return candidate


def _text_problems(text: str) -> dict[str, str]:
    if not text.strip():
        return {"text": "Enter the text"}
    if len(text) > MAX_LOCAL_TEXT:
        return {"text": f"Text must be {MAX_LOCAL_TEXT} characters or fewer"}
    return {}
