"""Broken content files are refused, and every problem names the file and the item."""

from __future__ import annotations

import copy
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from backend.journey import ContentError, clear_content_cache, load_content, parse_content
from backend.journey.rules.content import default_content_dir

FILES = ("themes.toml", "journey.toml", "starting-out.toml")


def real_docs() -> list[dict[str, Any]]:
    docs = []
    for name in FILES:
        with (default_content_dir() / name).open("rb") as handle:
            docs.append(copy.deepcopy(tomllib.load(handle)))
    return docs


def problems_for(themes: Any, journey: Any, activities: Any) -> tuple[str, ...]:
    with pytest.raises(ContentError) as caught:
        parse_content(themes, journey, activities)
    return caught.value.problems


def one_problem(themes: Any, journey: Any, activities: Any) -> str:
    problems = problems_for(themes, journey, activities)
    assert len(problems) == 1, problems
    return problems[0]


def test_the_real_documents_parse() -> None:
    content = parse_content(*real_docs())
    assert len(content.themes) == 6


def test_a_theme_without_questions_is_refused() -> None:
    themes, journey, activities = real_docs()
    del themes["themes"][3]["questions"]
    problem = one_problem(themes, journey, activities)
    assert problem.startswith("themes.toml: themes[3] (id 'drive')")
    assert "'questions' is missing" in problem


def test_a_theme_with_an_empty_question_list_is_refused() -> None:
    themes, journey, activities = real_docs()
    themes["themes"][0]["questions"] = []
    assert "'questions' is empty (at least one is required)" in one_problem(
        themes, journey, activities
    )


def test_a_characteristic_missing_a_stage_is_refused() -> None:
    themes, journey, activities = real_docs()
    del journey["characteristics"][5]["developmental"]
    problem = one_problem(themes, journey, activities)
    assert "journey.toml: characteristics[5] (id 'structure-and-governance')" in problem
    assert "'developmental' is missing" in problem


def test_a_duplicate_id_across_files_names_both_files() -> None:
    themes, journey, activities = real_docs()
    activities["activities"][0]["id"] = "drive.widen"
    problem = one_problem(themes, journey, activities)
    assert problem.startswith("starting-out.toml: activity id 'drive.widen' is not unique")
    assert "already used by a question in themes.toml" in problem


def test_a_duplicate_question_id_is_refused() -> None:
    themes, journey, activities = real_docs()
    themes["themes"][1]["questions"][1]["id"] = themes["themes"][1]["questions"][0]["id"]
    assert "is not unique" in one_problem(themes, journey, activities)


def test_a_misspelt_key_is_refused() -> None:
    themes, journey, activities = real_docs()
    journey["characteristics"][4]["starting_out"][0]["sugestion"] = True
    problem = one_problem(themes, journey, activities)
    assert "(id 'top-down-buy-in.starting_out.make-the-case')" in problem
    assert "unknown key 'sugestion'" in problem


@pytest.mark.parametrize("bad", ["Make It Fit", "fit--it", "fit.", "", "a b"])
def test_a_badly_formed_id_is_refused(bad: str) -> None:
    themes, journey, activities = real_docs()
    journey["characteristics"][0]["id"] = bad
    problems = problems_for(themes, journey, activities)
    assert any("characteristics[0]" in p and "id" in p for p in problems)


def test_the_local_prefix_is_reserved_for_teams() -> None:
    themes, journey, activities = real_docs()
    themes["themes"][0]["questions"][0]["id"] = "local.question.who"
    assert "reserved prefix 'local.'" in one_problem(themes, journey, activities)


@pytest.mark.parametrize("bad", [0, -1, "1", True, 1.5])
def test_a_version_must_be_a_whole_number_of_one_or_more(bad: object) -> None:
    themes, journey, activities = real_docs()
    themes["themes"][2]["questions"][0]["version"] = bad
    problem = one_problem(themes, journey, activities)
    assert "(id 'context.now')" in problem
    assert f"'version' must be a whole number of 1 or more, not {bad!r}" in problem


def test_a_blank_text_is_refused() -> None:
    themes, journey, activities = real_docs()
    themes["themes"][2]["questions"][0]["text"] = "   "
    assert "'text' must be non-empty text" in one_problem(themes, journey, activities)


def test_suggestion_must_be_a_boolean() -> None:
    themes, journey, activities = real_docs()
    journey["characteristics"][0]["starting_out"][0]["suggestion"] = "yes"
    assert "'suggestion' must be true or false" in one_problem(themes, journey, activities)


def test_previous_wordings_are_kept_and_resolvable() -> None:
    themes, journey, activities = real_docs()
    question = themes["themes"][0]["questions"][0]
    question["version"] = 3
    question["previous"] = [
        {"version": 2, "text": "Second wording?"},
        {"version": 1, "text": "First?"},
    ]
    content = parse_content(themes, journey, activities)
    assert content.text_at("implementer.who", 1) == "First?"
    assert content.text_at("implementer.who", 2) == "Second wording?"
    assert content.text_at("implementer.who", 3) == question["text"]
    assert content.text_at("implementer.who", 4) is None
    ref = content.lookup("implementer.who")
    assert ref is not None
    assert ref.version == 3


def test_previous_versions_must_be_older_and_distinct() -> None:
    themes, journey, activities = real_docs()
    question = themes["themes"][0]["questions"][0]
    question["previous"] = [{"version": 1, "text": "Old?"}, {"version": 1, "text": "Older?"}]
    problems = problems_for(themes, journey, activities)
    assert any("previous version 1 must be lower than the current 1" in p for p in problems)
    assert any("previous version 1 appears twice" in p for p in problems)
    assert all("(id 'implementer.who').previous[" in p for p in problems)


def test_previous_wordings_work_for_actions_too() -> None:
    themes, journey, activities = real_docs()
    action = journey["characteristics"][0]["starting_out"][0]
    action["version"] = 2
    action["previous"] = [{"version": 1, "text": "Old action text."}]
    content = parse_content(themes, journey, activities)
    assert content.text_at(action["id"], 1) == "Old action text."


def test_stages_must_be_the_three_in_order() -> None:
    themes, journey, activities = real_docs()
    journey["stages"].reverse()
    assert "'stages' must list exactly" in one_problem(themes, journey, activities)


def test_an_unknown_stage_is_refused() -> None:
    themes, journey, activities = real_docs()
    journey["stages"][2]["id"] = "thriving"
    problems = problems_for(themes, journey, activities)
    assert any("unknown stage 'thriving'" in p for p in problems)


def test_references_must_point_at_real_items() -> None:
    themes, journey, activities = real_docs()
    journey["characteristics"][0]["related_theme"] = "no-such-theme"
    activities["activities"][1]["related_characteristic"] = "no-such-characteristic"
    problems = problems_for(themes, journey, activities)
    assert len(problems) == 2
    assert "characteristic 'make-it-fit': related_theme 'no-such-theme'" in problems[0]
    assert "activity 'start.network-of-support'" in problems[1]


def test_every_file_must_cite_a_source() -> None:
    themes, journey, activities = real_docs()
    del activities["sources"]
    assert one_problem(themes, journey, activities).startswith(
        "starting-out.toml: 'sources' is missing"
    )


def test_every_problem_is_reported_at_once() -> None:
    themes, journey, activities = real_docs()
    del themes["themes"][0]["summary"]
    journey["characteristics"][1]["version"] = 0
    del activities["activities"][2]["guidance"]
    problems = problems_for(themes, journey, activities)
    assert len(problems) == 3
    assert [p.split(":")[0] for p in problems] == list(FILES)


def test_a_document_that_is_not_a_table_is_refused() -> None:
    themes, journey, activities = real_docs()
    themes["themes"][0] = "implementer"
    assert "themes[0]: must be a table" in " ".join(problems_for(themes, journey, activities))


def copy_content(to: Path) -> Path:
    for name in FILES:
        shutil.copy(default_content_dir() / name, to / name)
    return to


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    copy_content(tmp_path)
    (tmp_path / "journey.toml").unlink()
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path)
    assert caught.value.problems == (f"{tmp_path / 'journey.toml'}: file not found",)


def test_invalid_toml_is_named(tmp_path: Path) -> None:
    copy_content(tmp_path)
    (tmp_path / "themes.toml").write_text("[[themes]\nid = ", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path)
    assert caught.value.problems[0].startswith(f"{tmp_path / 'themes.toml'}: not valid TOML")


def test_problems_from_files_carry_the_full_path(tmp_path: Path) -> None:
    copy_content(tmp_path)
    path = tmp_path / "starting-out.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("guidance =", "guide ="), "utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path)
    assert all(p.startswith(f"{path}: activities[") for p in caught.value.problems)


def test_the_cache_holds_until_cleared(tmp_path: Path) -> None:
    copy_content(tmp_path)
    first = load_content(tmp_path)
    themes = tmp_path / "themes.toml"
    themes.write_text(
        themes.read_text(encoding="utf-8").replace('title = "Drive"', 'title = "Momentum"'),
        encoding="utf-8",
    )
    assert load_content(tmp_path) is first
    clear_content_cache()
    assert load_content(tmp_path).theme("drive").title == "Momentum"  # type: ignore[union-attr]
