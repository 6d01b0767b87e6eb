"""Pure rules behind the journey pages: the team's rating, words for history entries,
the answer form's fields, local ids, and signed numbers."""

from __future__ import annotations

import statistics
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.journey import TeamAdditions, load_content, new_local_id, team_questions
from backend.journey.history import describe_change
from backend.journey.queries import HistoryEntry
from backend.journey.review_mutations import parse_answers
from backend.journey.rules.labels import signed
from backend.journey.rules.logic import ActionStatus
from backend.journey.rules.model import ID_PATTERN, MAX_ID_LENGTH, local_question
from backend.journey.rules.ratings import team_rating
from backend.validation import ValidationFailed


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([], None),
        ([2], 2),
        ([1, 2], 1),
        ([-1, -2], -1),
        ([0, 1], 0),
        ([-1, 1], 0),
        ([-2, 0, 2], 0),
        ([1, 1, 2, 2], 1),
        ([2, 2, -2], 2),
    ],
)
def test_the_team_rating_is_the_median_with_halves_toward_zero(ratings, expected):
    assert team_rating(ratings) == expected


@given(st.lists(st.integers(-2, 2), min_size=1, max_size=12))
def test_the_team_rating_is_a_rating_no_bolder_than_the_median(ratings):
    result = team_rating(ratings)
    assert result is not None
    assert -2 <= result <= 2
    assert abs(result) <= abs(statistics.median(ratings))
    assert abs(result - statistics.median(ratings)) <= 0.5
    assert team_rating([-r for r in ratings]) == -result


def _entry(changed, status=ActionStatus.IN_PLACE, previous=ActionStatus.PARTLY_IN_PLACE, **kw):
    values = {"owner_id": None, "due_on": None, "evidence": ""} | kw
    return HistoryEntry(
        id="h",
        action_id="a",
        changed=tuple(changed),
        status=status,
        previous_status=previous,
        evidence_date=date(2025, 3, 1),
        recorded_at="2025-03-01T10:00:00+00:00",
        recorded_by_name="Alex Morgan",
        **values,
    )


def names(user_id):
    return {"u1": "Sam Patel"}.get(user_id or "", "")


def test_history_entries_say_what_changed():
    assert describe_change(_entry(["status"]), names) == "Partly in place to in place"
    entry = _entry(
        ["owner_id", "due_on", "evidence"],
        status=ActionStatus.PARTLY_IN_PLACE,
        owner_id="u1",
        due_on=date(2025, 6, 30),
        evidence="Minutes",
    )
    assert describe_change(entry, names) == (
        "Owner: Sam Patel. Due 30 June 2025. Evidence note updated"
    )
    removed = _entry(["owner_id", "due_on", "evidence"], status=ActionStatus.PARTLY_IN_PLACE)
    assert describe_change(removed, names) == (
        "Owner removed. Due date removed. Evidence note removed"
    )
    assert describe_change(_entry([], previous=ActionStatus.IN_PLACE), names) == (
        "Checked: still in place"
    )
    first = _entry(["status"], status=ActionStatus.NOT_STARTED, previous=ActionStatus.NOT_STARTED)
    assert describe_change(first, names) == "Not started"


def questions(hidden=frozenset()):
    local = local_question("local.question.ours", "drive", "Our own question?")
    return team_questions(load_content(), TeamAdditions(questions=(local,), hidden=hidden))


def test_the_answer_form_fields_become_answers_and_ratings():
    answers, ratings = parse_answers(
        {
            "review_id": "ignored",
            "answer-implementer.who": "  Alex and Jo \r\n ",
            "answer-local.question.ours": ["first", "last wins"],
            "answer-context.now": "",
            "rating-drive": "+2",
            "rating-context": "-1",
            "rating-implementer": "",
        },
        questions(),
    )
    assert answers == {
        "implementer.who": (1, "Alex and Jo"),
        "local.question.ours": (1, "last wins"),
        "context.now": (1, ""),
    }
    assert ratings == {"drive": 2, "context": -1, "implementer": None}


def test_answers_to_hidden_questions_still_count_but_unknown_ones_do_not():
    answers, _ = parse_answers({"answer-drive.widen": "Yes"}, questions({"drive.widen"}))
    assert answers == {"drive.widen": (1, "Yes")}
    with pytest.raises(ValidationFailed) as failed:
        parse_answers(
            {
                "answer-nope": "x",
                "answer-drive.widen": "y" * 2001,
                "rating-drive": "3",
                "rating-weather": "1",
            },
            questions(),
        )
    assert set(failed.value.errors) == {
        "answer-nope",
        "answer-drive.widen",
        "rating-drive",
        "rating-weather",
    }
    message = failed.value.errors["answer-drive.widen"]
    assert message.startswith("Your answer to “")  # names the question
    assert questions().find("drive.widen").text[:30] in message
    assert message.endswith("” must be 2,000 characters or fewer")


@given(st.text(max_size=200), st.sampled_from(["action", "question"]))
def test_a_local_id_is_always_a_valid_content_id(text, kind):
    made = new_local_id(kind, set(), text)
    assert ID_PATTERN.match(made)
    assert len(made) <= MAX_ID_LENGTH
    assert made.startswith(f"local.{kind}.")
    assert new_local_id(kind, {made}, text) != made


def test_a_long_stem_cut_at_a_space_still_makes_an_id():
    made = new_local_id("question", set(), "Who in senior management asks about the service?")
    assert made == "local.question.who-in-senior-management-asks-about-the"


@pytest.mark.parametrize(("value", "text"), [(2, "+2"), (0, "0"), (-1, "-1"), (None, "")])
def test_signed_numbers(value, text):
    assert signed(value) == text
