"""The shipped ASPIRE content in content/aspire/ is complete, valid and in our own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backend.journey import (
    ESTABLISHED_PERCENT,
    LEAVING_WINDOW_MONTHS,
    STAGE_ORDER,
    UNDER_WAY_PERCENT,
    Action,
    Question,
    StageName,
    load_content,
)
from backend.journey.rules.content import default_content_dir

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared"
DOMAIN = SHARED / "domain.md"
SEED = SHARED / "seeds" / "000_cea497197462a205.txt"

THEME_IDS = ["implementer", "making-it-fit", "context", "drive", "good-practice", "pivot-points"]
CHARACTERISTICS = {
    "Make it fit": "make-it-fit",
    "Evaluate and learn": "evaluate-and-learn",
    "Networks and culture": "networks-and-culture",
    "Build a team to deliver": "build-a-team",
    "Top-down buy-in": "top-down-buy-in",
    "Structure and governance": "structure-and-governance",
    "Nourish and sustain yourselves": "nourish-and-sustain",
}
# Copied from the seven characteristics x three stages table in shared/domain.md;
# test_unverified_cells_match_domain_brief checks this copy against the brief.
UNVERIFIED = {
    (characteristic, stage)
    for characteristic in ("top-down-buy-in", "structure-and-governance", "nourish-and-sustain")
    for stage in STAGE_ORDER
}


def all_actions() -> list[Action]:
    content = load_content()
    return [a for ch in content.characteristics for s in ch.stages for a in s.actions]


def all_questions() -> list[Question]:
    return [q for theme in load_content().themes for q in theme.questions]


def test_the_six_themes_are_there_in_order() -> None:
    assert [t.id for t in load_content().themes] == THEME_IDS


def test_every_theme_has_a_summary_and_questions() -> None:
    for theme in load_content().themes:
        assert len(theme.summary) > 80, theme.id
        assert len(theme.questions) >= 2, theme.id
        assert all(q.theme_id == theme.id for q in theme.questions)
        assert all(q.text.endswith("?") for q in theme.questions), theme.id


def test_the_seven_characteristics_are_there_in_order() -> None:
    content = load_content()
    assert [(c.title, c.id) for c in content.characteristics] == list(CHARACTERISTICS.items())


def test_every_characteristic_has_all_three_stages_with_actions() -> None:
    for ch in load_content().characteristics:
        assert tuple(s.name for s in ch.stages) == STAGE_ORDER, ch.id
        for stage in ch.stages:
            assert stage.actions, (ch.id, stage.name)
            assert all(
                a.characteristic_id == ch.id and a.stage == stage.name for a in stage.actions
            )


def test_stage_titles() -> None:
    content = load_content()
    assert [(s.name, s.title) for s in content.stages] == [
        (StageName.STARTING_OUT, "Starting out"),
        (StageName.DEVELOPMENTAL, "Developmental"),
        (StageName.SUSTAINABLE, "Sustainable"),
    ]


def test_ids_are_unique_across_all_content_files() -> None:
    content = load_content()
    ids = (
        [t.id for t in content.themes]
        + [q.id for q in all_questions()]
        + [c.id for c in content.characteristics]
        + [a.id for a in all_actions()]
        + [a.id for a in content.activities]
    )
    assert len(ids) == len(set(ids))
    assert set(content.index) == set(ids)


# "Make a case" and "business case" come from ASPIRE's resources (the overview's "make a
# case for the programme"; the site's business and financial cases), cited in journey.toml.
FROM_BUY_IN_RESOURCES = {
    "top-down-buy-in.starting_out.make-the-case",
    "top-down-buy-in.starting_out.business-case",
}


def test_unverified_rows_ship_as_suggestions_and_verified_rows_do_not() -> None:
    for action in all_actions():
        expected = (action.characteristic_id, action.stage) in UNVERIFIED
        expected = expected and action.id not in FROM_BUY_IN_RESOURCES
        assert action.suggestion is expected, action.id


def test_the_buy_in_resources_are_cited_and_the_source_words_kept() -> None:
    content = load_content()
    [buy_in] = [
        s for found in content.sources.values() for s in found if "business cases" in s.citation
    ]
    assert buy_in.url == "https://implementing-mindfulness.co.uk/overview/"
    # The source's words, exactly: the overview's starting activity, the site's examples
    # (domain brief) and the NHS Mindfulness Network summary's top-down "buy in".
    for words in (
        '"make a case for the programme"',
        "examples of how services made the case, business cases and a financial case",
        'top-down "buy in"',
        "NIHR HS&DR project 12/64/187",
    ):
        assert words in buy_in.citation, words
    assert "resources on top-down buy-in" not in buy_in.citation  # no such page is known
    texts = {a.id: a.text for a in all_actions()}
    assert texts["build-a-team.sustainable.new-training-approaches"] == (
        "Develop and innovate new training approaches."
    )
    visible = texts["networks-and-culture.sustainable.visible"]
    assert all(w in visible for w in ("conferences", "publications", "newsletters", "social media"))
    themes = " ".join(t.summary for t in content.themes)
    assert "overnight" not in themes
    assert "only around a medical model" not in themes
    [network] = [a for a in content.activities if a.id == "start.network-of-support"]
    assert "SWOT" in network.guidance
    assert all(
        "strengths, weaknesses" not in a.guidance
        for a in content.activities
        if a.id != "start.network-of-support"
    )


def test_suggestions_carry_a_visible_note() -> None:
    note = load_content().suggestion_note
    assert "suggest" in note.lower()
    assert "not taken from" in note.lower()


def _domain_table_rows(text: str) -> dict[str, list[str]]:
    section = text.split("Seven characteristics x three stages", 1)[1]
    rows: dict[str, list[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and cells[0] in CHARACTERISTICS:
            rows[cells[0]] = cells[1:]
        elif rows and not line.startswith("|"):
            break
    return rows


@pytest.mark.skipif(not DOMAIN.exists(), reason="shared/domain.md is not beside the repository")
def test_unverified_cells_match_domain_brief() -> None:
    rows = _domain_table_rows(DOMAIN.read_text(encoding="utf-8"))
    assert set(rows) == set(CHARACTERISTICS)
    from_brief = {
        (CHARACTERISTICS[title], stage)
        for title, cells in rows.items()
        for stage, cell in zip(STAGE_ORDER, cells, strict=True)
        if "*unverified*" in cell
    }
    assert from_brief == UNVERIFIED


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def _shingles(words: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _content_text() -> str:
    content = load_content()
    parts = [t.summary for t in content.themes] + [q.text for q in all_questions()]
    parts += [a.text for a in all_actions()] + [a.guidance for a in content.activities]
    parts += [c.summary for c in content.characteristics]
    return "\n".join(parts)


@pytest.mark.skipif(not SEED.exists(), reason="the founding document is not beside the repository")
def test_content_paraphrases_and_never_quotes_the_founding_document() -> None:
    # No run of five words in a row from the source appears in our text.
    seed = _shingles(_words(SEED.read_text(encoding="utf-8")), 5)
    ours = set()
    for part in _content_text().splitlines():
        ours |= _shingles(_words(part), 5)
    assert not ours & seed


def test_every_file_cites_its_source() -> None:
    sources = load_content().sources
    assert {Path(label).name for label in sources} == {
        "themes.toml",
        "journey.toml",
        "starting-out.toml",
    }
    for label, cited in sources.items():
        assert cited, label
        assert any("ASPIRE" in s.citation for s in cited), label
    themes = next(v for k, v in sources.items() if k.endswith("themes.toml"))
    citations = " ".join(s.citation for s in themes)
    assert "12/64/187" in citations
    assert "Rycroft-Malone" in citations
    assert "NHS Mindfulness Network" in citations


def test_related_themes_and_characteristics_point_at_real_items() -> None:
    content = load_content()
    for ch in content.characteristics:
        if ch.related_theme is not None:
            assert content.theme(ch.related_theme) is not None
    assert content.characteristic("make-it-fit") is not None
    assert content.characteristic("make-it-fit").related_theme == "making-it-fit"  # type: ignore[union-attr]


def test_starting_out_activities() -> None:
    activities = load_content().activities
    assert [a.id for a in activities] == [
        "start.make-a-case",
        "start.network-of-support",
        "start.trained-teachers",
    ]
    for activity in activities:
        assert activity.guidance
        assert load_content().characteristic(activity.related_characteristic or "") is not None


def test_lookup_maps_every_id_to_its_item_and_version() -> None:
    content = load_content()
    for question in all_questions():
        ref = content.lookup(question.id)
        assert ref is not None
        assert (ref.kind, ref.version, ref.item) == ("question", question.version, question)
        assert content.text_at(question.id, question.version) == question.text
        assert content.text_at(question.id, question.version + 1) is None
    for action in all_actions():
        ref = content.lookup(action.id)
        assert ref is not None
        assert ref.kind == "action"
        assert content.action(action.id) == action
    assert content.lookup("no-such-id") is None
    assert content.question("make-it-fit") is None
    assert content.text_at("make-it-fit", 1) is None


def test_loading_is_cached_per_process() -> None:
    assert load_content() is load_content()
    assert load_content(default_content_dir()) is load_content()


def test_rules_doc_states_the_numbers_the_code_uses() -> None:
    doc = (REPO / "docs" / "journey-rules.md").read_text(encoding="utf-8")
    assert f"at least **{ESTABLISHED_PERCENT}%**" in doc
    assert f"at least **{UNDER_WAY_PERCENT}%**" in doc
    assert f"+ **{LEAVING_WINDOW_MONTHS}** calendar months" in doc
