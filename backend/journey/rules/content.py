"""Load and validate the shipped ASPIRE content (`content/aspire/*.toml`).

`load_content()` reads the three files once per process (cached by directory) and
returns a `Content` whose items are frozen dataclasses. Any problem raises
`ContentError`, listing every problem with the file and the key path of the item it is
in (read with the core's `backend/toml_reader.py`).

Rules checked here (see also the comments at the top of each content file):
- every table has only known keys, every text is non-blank, every version is >= 1;
- ids are lower-case slugs, unique across all three files, never starting with
  `local.` (that prefix is reserved for a team's own actions and questions);
- every theme has at least one question; journey.toml lists exactly the three stages
  in order, and every characteristic has at least one action in each stage;
- `previous` wordings have distinct versions lower than the current version;
- `related_theme` and `related_characteristic` name items that exist;
- each file cites at least one source.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from backend.journey.rules.model import (
    ID_PATTERN,
    LOCAL_PREFIX,
    MAX_ID_LENGTH,
    STAGE_ORDER,
    Action,
    Activity,
    Characteristic,
    Content,
    ContentRef,
    Question,
    Source,
    Stage,
    StageInfo,
    StageName,
    Theme,
    Wording,
)
from backend.toml_reader import Table, TomlError, read_toml

THEMES_FILE = "themes.toml"
JOURNEY_FILE = "journey.toml"
ACTIVITIES_FILE = "starting-out.toml"
ID_RULE = "lower-case letters and digits joined by '-', '_' or '.'"


class ContentError(TomlError):
    """The content files failed validation. `problems` lists every problem found."""


@functools.cache
def default_content_dir() -> Path:
    """`content/aspire` at the root of the repository."""
    return Path(__file__).resolve().parents[3] / "content" / "aspire"


def load_content(directory: Path | None = None) -> Content:
    """The validated content in `directory` (default: `content/aspire`), cached."""
    return _load_cached(default_content_dir() if directory is None else directory.resolve())


def clear_content_cache() -> None:
    """Forget loaded content (for tests and for tools that edit the files)."""
    _load_cached.cache_clear()


@functools.lru_cache(maxsize=8)
def _load_cached(directory: Path) -> Content:
    themes, journey, activities = (
        directory / name for name in (THEMES_FILE, JOURNEY_FILE, ACTIVITIES_FILE)
    )
    return parse_content(
        _read_toml(themes),
        _read_toml(journey),
        _read_toml(activities),
        labels=(str(themes), str(journey), str(activities)),
    )


def _read_toml(path: Path) -> dict[str, object]:
    return read_toml(path, ContentError)


def parse_content(
    themes_doc: Mapping[str, object],
    journey_doc: Mapping[str, object],
    activities_doc: Mapping[str, object],
    *,
    labels: tuple[str, str, str] = (THEMES_FILE, JOURNEY_FILE, ACTIVITIES_FILE),
) -> Content:
    """Validate three parsed TOML documents into `Content`, or raise `ContentError`."""
    problems: list[str] = []
    themes_t, journey_t, activities_t = (
        Table(doc, label, problems)
        for doc, label in zip((themes_doc, journey_doc, activities_doc), labels, strict=True)
    )
    themes_t.only("sources", "themes")
    journey_t.only("sources", "suggestion_note", "stages", "characteristics")
    activities_t.only("sources", "activities")
    sources = {
        labels[0]: _sources(themes_t),
        labels[1]: _sources(journey_t),
        labels[2]: _sources(activities_t),
    }
    themes = tuple(_theme(t) for t in themes_t.tables("themes"))
    stages = _stages(journey_t)
    characteristics = tuple(_characteristic(t, stages) for t in journey_t.tables("characteristics"))
    activities = tuple(_activity(t) for t in activities_t.tables("activities"))
    content = Content(
        themes=themes,
        stages=stages,
        characteristics=characteristics,
        activities=activities,
        suggestion_note=journey_t.text("suggestion_note"),
        sources=MappingProxyType(sources),
        index=MappingProxyType({}),
    )
    index = _index(content, labels, problems)
    _check_references(content, labels, problems)
    if problems:
        raise ContentError(", ".join(labels), problems)
    return replace(content, index=MappingProxyType(index))


def _ident(t: Table) -> str:
    return t.ident(ID_PATTERN, ID_RULE, MAX_ID_LENGTH)


def _version(t: Table) -> int:
    return t.integer("version", minimum=1)


def _sources(doc: Table) -> tuple[Source, ...]:
    found = []
    for t in doc.tables("sources"):
        t.only("citation", "url")
        found.append(Source(citation=t.text("citation"), url=t.optional_text("url")))
    return tuple(found)


def _previous(t: Table, current: int) -> tuple[Wording, ...]:
    wordings = []
    seen: set[int] = set()
    for p in t.tables("previous", required=False):
        p.only("version", "text")
        version, text = _version(p), p.text("text")
        if version >= current:
            p.problem(f"previous version {version} must be lower than the current {current}")
        if version in seen:
            p.problem(f"previous version {version} appears twice")
        seen.add(version)
        wordings.append(Wording(version=version, text=text))
    return tuple(sorted(wordings, key=lambda w: w.version))


def _question(t: Table, theme_id: str) -> Question:
    item_id, version = _ident(t), _version(t)
    t.only("id", "version", "text", "previous")
    return Question(
        id=item_id,
        version=version,
        text=t.text("text"),
        theme_id=theme_id,
        previous=_previous(t, version),
    )


def _theme(t: Table) -> Theme:
    theme_id = _ident(t)
    t.only("id", "version", "title", "summary", "questions")
    return Theme(
        id=theme_id,
        version=_version(t),
        title=t.text("title"),
        summary=t.text("summary"),
        questions=tuple(_question(q, theme_id) for q in t.tables("questions")),
    )


def _stages(doc: Table) -> tuple[StageInfo, ...]:
    infos = []
    for t in doc.tables("stages"):
        t.only("id", "title", "summary")
        name = t.text("id")
        if name not in {s.value for s in StageName}:
            t.problem(f"unknown stage '{name}'")
            continue
        infos.append(StageInfo(StageName(name), t.text("title"), t.text("summary")))
    if tuple(info.name for info in infos) != STAGE_ORDER:
        expected = ", ".join(STAGE_ORDER)
        doc.problem(f"'stages' must list exactly {expected}, in that order")
    return tuple(infos)


def _action(t: Table, characteristic_id: str, stage: StageName) -> Action:
    item_id, version = _ident(t), _version(t)
    t.only("id", "version", "text", "suggestion", "previous")
    return Action(
        id=item_id,
        version=version,
        text=t.text("text"),
        characteristic_id=characteristic_id,
        stage=stage,
        suggestion=t.flag("suggestion"),
        previous=_previous(t, version),
    )


def _characteristic(t: Table, infos: tuple[StageInfo, ...]) -> Characteristic:
    item_id = _ident(t)
    t.only("id", "version", "title", "summary", "related_theme", *STAGE_ORDER)
    titles = {info.name: info.title for info in infos}
    stages = tuple(
        Stage(
            name=name,
            title=titles.get(name, name.value),
            actions=tuple(_action(a, item_id, name) for a in t.tables(name.value)),
        )
        for name in STAGE_ORDER
    )
    return Characteristic(
        id=item_id,
        version=_version(t),
        title=t.text("title"),
        summary=t.text("summary"),
        related_theme=t.optional_text("related_theme"),
        stages=stages,
    )


def _activity(t: Table) -> Activity:
    item_id = _ident(t)
    t.only("id", "version", "title", "guidance", "related_characteristic")
    return Activity(
        id=item_id,
        version=_version(t),
        title=t.text("title"),
        guidance=t.text("guidance"),
        related_characteristic=t.optional_text("related_characteristic"),
    )


def _refs(content: Content, labels: tuple[str, str, str]) -> list[tuple[ContentRef, str]]:
    """Every item with a reference and the file it came from."""
    found: list[tuple[ContentRef, str]] = []
    for theme in content.themes:
        found.append((ContentRef("theme", theme.id, theme.version, theme), labels[0]))
        found += [(ContentRef("question", q.id, q.version, q), labels[0]) for q in theme.questions]
    for ch in content.characteristics:
        found.append((ContentRef("characteristic", ch.id, ch.version, ch), labels[1]))
        for stage in ch.stages:
            found += [(ContentRef("action", a.id, a.version, a), labels[1]) for a in stage.actions]
    for act in content.activities:
        found.append((ContentRef("activity", act.id, act.version, act), labels[2]))
    return found


def _index(
    content: Content, labels: tuple[str, str, str], problems: list[str]
) -> dict[str, ContentRef]:
    index: dict[str, ContentRef] = {}
    origin: dict[str, str] = {}
    for ref, label in _refs(content, labels):
        if not ref.id:
            continue  # already reported as missing
        if ref.id.startswith(LOCAL_PREFIX):
            problems.append(f"{label}: {ref.kind} id '{ref.id}' uses the reserved prefix 'local.'")
        if ref.id in index:
            problems.append(
                f"{label}: {ref.kind} id '{ref.id}' is not unique "
                f"(already used by a {index[ref.id].kind} in {origin[ref.id]})"
            )
            continue
        index[ref.id] = ref
        origin[ref.id] = label
    return index


def _check_references(content: Content, labels: tuple[str, str, str], problems: list[str]) -> None:
    theme_ids = {t.id for t in content.themes}
    characteristic_ids = {c.id for c in content.characteristics}
    for ch in content.characteristics:
        if ch.related_theme is not None and ch.related_theme not in theme_ids:
            problems.append(
                f"{labels[1]}: characteristic '{ch.id}': related_theme "
                f"'{ch.related_theme}' is not a theme in {labels[0]}"
            )
    for act in content.activities:
        ref = act.related_characteristic
        if ref is not None and ref not in characteristic_ids:
            problems.append(
                f"{labels[2]}: activity '{act.id}': related_characteristic "
                f"'{ref}' is not a characteristic in {labels[1]}"
            )
