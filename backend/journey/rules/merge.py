"""A team's merged view: the shipped content plus the team's own additions, minus what
it hid, in the same classes as the shipped content (`model`).

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

from collections.abc import Sequence
from dataclasses import replace
from types import MappingProxyType

from backend.journey.rules.model import (
    ID_PATTERN,
    LOCAL_PREFIX,
    MAX_ID_LENGTH,
    STAGE_ORDER,
    Action,
    Content,
    Question,
    Stage,
    StageName,
    TeamAdditions,
    TeamContent,
    TeamJourney,
    TeamQuestions,
    Theme,
)

MAX_LOCAL_TEXT = 500


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
    hidden: list[Action] = []
    characteristics = []
    for ch in content.characteristics:
        stages = []
        for name in STAGE_ORDER:
            everything = list(ch.stage(name).actions) + [
                la for la in additions.actions if la.characteristic_id == ch.id and la.stage == name
            ]
            hidden += [a for a in everything if a.id in additions.hidden]
            visible = tuple(a for a in everything if a.id not in additions.hidden)
            stages.append(Stage(name, content.stage_info(name).title, visible))
        characteristics.append(replace(ch, stages=tuple(stages)))
    return TeamJourney(tuple(characteristics), tuple(hidden), content.suggestion_note)


def team_questions(content: Content, additions: TeamAdditions) -> TeamQuestions:
    """Raises ValueError for a local question that names an unknown theme."""
    _check_local_ids(additions)
    known = {t.id for t in content.themes}
    for local in additions.questions:
        if local.theme_id not in known:
            raise ValueError(f"local question '{local.id}': unknown theme")
    everything: dict[str, Question] = {}
    themes: list[Theme] = []
    for theme in content.themes:
        questions = list(theme.questions) + [
            lq for lq in additions.questions if lq.theme_id == theme.id
        ]
        everything.update((q.id, q) for q in questions)
        visible = tuple(q for q in questions if q.id not in additions.hidden)
        themes.append(replace(theme, questions=visible))
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
