"""A team's local actions and questions, hidden ids, and the merged view it sees."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.journey import (
    StageName,
    TeamAdditions,
    Wording,
    hide_problem,
    load_content,
    local_action,
    local_action_problems,
    local_question,
    local_question_problems,
    merge_team_content,
    new_local_id,
    team_journey,
    team_questions,
)

DEV = StageName.DEVELOPMENTAL
SHIPPED_ACTION = "make-it-fit.starting_out.evidence"
SHIPPED_QUESTION = "drive.widen"


def shipped_action_ids() -> list[str]:
    return [a.id for ch in load_content().characteristics for s in ch.stages for a in s.actions]


def test_without_additions_the_team_sees_the_shipped_content() -> None:
    content = load_content()
    merged = merge_team_content(content, TeamAdditions())
    seen = [a.id for ch in merged.journey.characteristics for s in ch.stages for a in s.actions]
    assert seen == shipped_action_ids()
    assert merged.journey.hidden_actions == ()
    assert merged.journey.suggestion_note == content.suggestion_note
    asked = [q.id for t in merged.questions.themes for q in t.questions]
    assert asked == [q.id for t in content.themes for q in t.questions]
    buy_in = next(c for c in merged.journey.characteristics if c.id == "top-down-buy-in")
    assert all(not a.local for s in buy_in.stages for a in s.actions)
    assert any(a.suggestion for s in buy_in.stages for a in s.actions)


def test_a_local_action_is_added_to_the_end_of_its_cell() -> None:
    additions = TeamAdditions(
        actions=(local_action("local.action.pathway-map", "make-it-fit", DEV, "Map our pathway"),)
    )
    journey = team_journey(load_content(), additions)
    cell = journey.characteristics[0].stage(DEV)
    assert cell.actions[-1].id == "local.action.pathway-map"
    assert cell.actions[-1].local
    assert not cell.actions[-1].suggestion
    assert cell.actions[-1].text == "Map our pathway"
    assert cell.actions[-1].stage == DEV
    others = [c.stage(DEV).actions for c in journey.characteristics[1:]]
    assert all(a.id != "local.action.pathway-map" for cell_actions in others for a in cell_actions)


def test_a_local_question_is_added_to_the_end_of_its_theme() -> None:
    additions = TeamAdditions(
        questions=(local_question("local.question.sites", "context", "Which sites?"),)
    )
    questions = team_questions(load_content(), additions)
    context = next(t for t in questions.themes if t.id == "context")
    assert context.questions[-1].id == "local.question.sites"
    assert context.questions[-1].local
    found = questions.find("local.question.sites")
    assert found is not None
    assert found.version == 1


def test_hidden_items_leave_the_grid_and_form_but_still_resolve() -> None:
    additions = TeamAdditions(hidden=frozenset({SHIPPED_ACTION, SHIPPED_QUESTION}))
    merged = merge_team_content(load_content(), additions)
    seen = [a.id for ch in merged.journey.characteristics for s in ch.stages for a in s.actions]
    assert SHIPPED_ACTION not in seen
    assert [a.id for a in merged.journey.hidden_actions] == [SHIPPED_ACTION]
    asked = [q.id for t in merged.questions.themes for q in t.questions]
    assert SHIPPED_QUESTION not in asked
    assert [q.id for q in merged.questions.hidden] == [SHIPPED_QUESTION]
    question = merged.questions.find(SHIPPED_QUESTION)
    assert question is not None
    assert merged.questions.text_at(SHIPPED_QUESTION, question.version) == question.text


def test_a_local_item_can_be_hidden_too() -> None:
    additions = TeamAdditions(
        actions=(local_action("local.action.a", "make-it-fit", DEV, "A"),),
        hidden=frozenset({"local.action.a"}),
    )
    journey = team_journey(load_content(), additions)
    assert [a.id for a in journey.hidden_actions] == ["local.action.a"]


def test_unknown_hidden_ids_are_ignored() -> None:
    merged = merge_team_content(load_content(), TeamAdditions(hidden=frozenset({"gone"})))
    assert merged.journey.hidden_actions == ()
    assert merged.questions.hidden == ()


def test_a_reworded_local_question_keeps_its_old_wording() -> None:
    question = local_question(
        "local.question.rooms",
        "context",
        "Do we have the rooms we need, when we need them?",
        version=2,
        previous=(Wording(1, "Do we have rooms?"),),
    )
    questions = team_questions(load_content(), TeamAdditions(questions=(question,)))
    assert questions.text_at("local.question.rooms", 1) == "Do we have rooms?"
    assert questions.text_at("local.question.rooms", 2) == question.text
    assert questions.text_at("local.question.rooms", 3) is None
    assert questions.text_at("no-such-question", 1) is None


@pytest.mark.parametrize(
    ("additions", "message"),
    [
        (TeamAdditions(actions=(local_action("mine", "make-it-fit", DEV, "x"),)), "must start"),
        (
            TeamAdditions(actions=(local_action("local.a", "make-it-fit", DEV, "x"),) * 2),
            "used twice",
        ),
        (
            TeamAdditions(actions=(local_action("local.a", "nope", DEV, "x"),)),
            "unknown characteristic",
        ),
    ],
)
def test_invalid_local_actions_are_refused(additions: TeamAdditions, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        team_journey(load_content(), additions)


def test_a_local_question_in_an_unknown_theme_is_refused() -> None:
    additions = TeamAdditions(questions=(local_question("local.q", "nope", "x"),))
    with pytest.raises(ValueError, match="unknown theme"):
        team_questions(load_content(), additions)


def test_local_action_problems_are_field_level() -> None:
    content = load_content()
    assert local_action_problems(content, "make-it-fit", "developmental", "Fine") == {}
    assert local_action_problems(content, "nope", "later", "  ") == {
        "text": "Enter the text",
        "characteristic_id": "Choose a characteristic from the list",
        "stage": "Choose starting out, developmental or sustainable",
    }
    assert (
        "500 characters"
        in local_action_problems(content, "make-it-fit", "developmental", "x" * 501)["text"]
    )
    assert local_action_problems(content, "make-it-fit", "developmental", "x" * 500) == {}


def test_local_question_problems_are_field_level() -> None:
    content = load_content()
    assert local_question_problems(content, "drive", "Who else?") == {}
    assert local_question_problems(content, "drive.widen", "") == {
        "text": "Enter the text",
        "theme_id": "Choose a theme from the list",
    }


def test_only_actions_and_questions_can_be_hidden() -> None:
    content = load_content()
    additions = TeamAdditions(questions=(local_question("local.q", "drive", "x"),))
    assert hide_problem(content, additions, SHIPPED_ACTION) is None
    assert hide_problem(content, additions, SHIPPED_QUESTION) is None
    assert hide_problem(content, additions, "local.q") is None
    assert hide_problem(content, additions, "drive") == "'drive' is not an action or a question"
    assert hide_problem(content, additions, "start.make-a-case") is not None
    assert hide_problem(content, additions, "no-such-id") is not None


def test_new_local_ids_are_prefixed_slugged_and_fresh() -> None:
    assert new_local_id("action", set(), "Map our referral pathway!") == (
        "local.action.map-our-referral-pathway"
    )
    taken = {"local.action.map", "local.action.map-2"}
    assert new_local_id("action", taken, "Map") == "local.action.map-3"
    assert new_local_id("question", [], "Café?") == "local.question.caf"
    assert new_local_id("question", [], "???") == "local.question.item"


@given(st.sets(st.sampled_from(shipped_action_ids())))
def test_hiding_partitions_the_actions(hidden: set[str]) -> None:
    journey = team_journey(load_content(), TeamAdditions(hidden=frozenset(hidden)))
    visible = [a.id for ch in journey.characteristics for s in ch.stages for a in s.actions]
    assert set(visible) | {a.id for a in journey.hidden_actions} == set(shipped_action_ids())
    assert not set(visible) & hidden
    assert {a.id for a in journey.hidden_actions} == hidden
