"""Comparing reflective reviews, ratings over time, and when a review is due."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.journey import (
    Answer,
    QuestionRow,
    Review,
    TeamAdditions,
    TeamQuestions,
    Wording,
    compare_reviews,
    load_content,
    local_question,
    rating_series,
    review_due,
    team_questions,
)

ROOMS = local_question(
    "local.question.rooms",
    "context",
    "Do we have the rooms we need, when we need them?",
    version=2,
    previous=(Wording(1, "Do we have rooms?"),),
)


def questions(hidden: frozenset[str] = frozenset()) -> TeamQuestions:
    return team_questions(load_content(), TeamAdditions(questions=(ROOMS,), hidden=hidden))


def row(comparison_rows: tuple[QuestionRow, ...], question_id: str) -> QuestionRow:
    (found,) = [r for r in comparison_rows if r.question_id == question_id]
    return found


SPRING = Review(
    "r1",
    date(2024, 3, 1),
    answers=(
        Answer("implementer.who", 1, "Just Asha.", "asha"),
        Answer("local.question.rooms", 1, "No.", "asha"),
        Answer("drive.widen", 1, "Our manager, maybe.", "ben"),
    ),
    ratings={"implementer": -1, "drive": 0},
)
AUTUMN = Review(
    "r2",
    date(2024, 9, 1),
    answers=(
        Answer("implementer.who", 1, "Asha and Ben.", "asha"),
        Answer("local.question.rooms", 2, "No.", "ben"),
        Answer("drive.widen", 1, "  Our manager, maybe. ", "asha"),
    ),
    ratings={"implementer": 1, "context": 2},
)


def test_rows_cover_the_whole_form_in_order() -> None:
    comparison = compare_reviews(SPRING, AUTUMN, questions())
    expected = [q.id for theme in questions().themes for q in theme.questions]
    assert [r.question_id for r in comparison.rows] == expected
    assert (comparison.before_id, comparison.after_id) == ("r1", "r2")


def test_a_changed_answer_is_flagged() -> None:
    who = row(compare_reviews(SPRING, AUTUMN, questions()).rows, "implementer.who")
    assert who.answers_changed
    assert not who.wording_changed
    assert [a.text for a in who.before.answers] == ["Just Asha."]
    assert [a.text for a in who.after.answers] == ["Asha and Ben."]
    assert who.theme_id == "implementer"


def test_same_answer_by_someone_else_or_with_spaces_is_not_a_change() -> None:
    widen = row(compare_reviews(SPRING, AUTUMN, questions()).rows, "drive.widen")
    assert not widen.answers_changed


def test_a_reworded_question_lines_up_and_is_flagged() -> None:
    rooms = row(compare_reviews(SPRING, AUTUMN, questions()).rows, "local.question.rooms")
    assert rooms.wording_changed
    assert not rooms.answers_changed
    assert rooms.before.versions == (1,)
    assert rooms.before.wordings == ("Do we have rooms?",)
    assert rooms.after.versions == (2,)
    assert rooms.after.wordings == (ROOMS.text,)
    assert (rooms.current_text, rooms.current_version) == (ROOMS.text, 2)


def test_unanswered_questions_have_empty_sides_and_no_changes() -> None:
    strengths = row(compare_reviews(SPRING, AUTUMN, questions()).rows, "implementer.strengths")
    assert strengths.before.answers == strengths.after.answers == ()
    assert not strengths.wording_changed
    assert not strengths.answers_changed


def test_answering_only_in_one_review_is_a_change_but_not_a_wording_change() -> None:
    later = Review("r3", date(2025, 1, 1), answers=(Answer("context.now", 1, "Funding is tight."),))
    now = row(compare_reviews(SPRING, later, questions()).rows, "context.now")
    assert now.answers_changed
    assert not now.wording_changed


def test_hidden_and_unknown_questions_still_appear_after_the_form() -> None:
    old = Review(
        "old",
        date(2023, 1, 1),
        answers=(Answer("drive.widen", 1, "x"), Answer("local.question.deleted", 1, "y")),
    )
    comparison = compare_reviews(old, old, questions(hidden=frozenset({"drive.widen"})))
    tail = comparison.rows[-2:]
    assert [(r.question_id, r.visible, r.theme_id) for r in tail] == [
        ("drive.widen", False, "drive"),
        ("local.question.deleted", False, None),
    ]
    assert tail[1].current_text is None
    assert tail[1].before.wordings == (None,)
    assert "drive.widen" not in [r.question_id for r in comparison.rows[:-2]]


def test_rating_changes_per_theme() -> None:
    comparison = compare_reviews(SPRING, AUTUMN, questions())
    changes = {r.theme_id: (r.before, r.after, r.change) for r in comparison.ratings}
    assert list(changes) == [t.id for t in load_content().themes]
    assert changes["implementer"] == (-1, 1, 2)
    assert changes["drive"] == (0, None, None)
    assert changes["context"] == (None, 2, None)
    assert changes["pivot-points"] == (None, None, None)
    assert comparison.has_changes


def test_ratings_for_unknown_themes_are_kept_at_the_end() -> None:
    odd = Review("odd", date(2024, 1, 1), ratings={"zeta": 1, "alpha": -2})
    comparison = compare_reviews(odd, odd, questions())
    assert [r.theme_id for r in comparison.ratings][-2:] == ["alpha", "zeta"]


@pytest.mark.parametrize("bad", [3, -3, True, 1.5, "1"])
def test_ratings_must_be_whole_numbers_from_minus_two_to_two(bad: object) -> None:
    with pytest.raises(ValueError, match="rating for 'drive'"):
        Review("r", date(2024, 1, 1), ratings={"drive": bad})  # type: ignore[dict-item]


def test_ratings_cannot_be_changed_after_the_review_is_built() -> None:
    source = {"drive": 1}
    review = Review("r", date(2024, 1, 1), ratings=source)
    source["drive"] = 2
    assert review.ratings["drive"] == 1
    with pytest.raises(TypeError):
        review.ratings["drive"] = 0  # type: ignore[index]


def test_rating_series_is_oldest_first_with_gaps() -> None:
    middle = Review("r1b", date(2024, 6, 1), ratings={"drive": 2})
    series = {s.theme_id: s.points for s in rating_series([AUTUMN, SPRING, middle], questions())}
    assert [(p.review_id, p.rating) for p in series["implementer"]] == [
        ("r1", -1),
        ("r1b", None),
        ("r2", 1),
    ]
    assert [p.rating for p in series["drive"]] == [0, 2, None]
    assert [p.opened_on for p in series["drive"]] == [
        date(2024, 3, 1),
        date(2024, 6, 1),
        date(2024, 9, 1),
    ]


def test_rating_series_breaks_date_ties_by_review_id() -> None:
    b = Review("b", date(2024, 1, 1), ratings={"drive": 1})
    a = Review("a", date(2024, 1, 1), ratings={"drive": -1})
    (drive,) = [s for s in rating_series([b, a], questions()) if s.theme_id == "drive"]
    assert [p.review_id for p in drive.points] == ["a", "b"]


def test_no_reviews_no_points() -> None:
    assert all(s.points == () for s in rating_series([], questions()))


def test_review_due() -> None:
    assert review_due(None, date(2025, 1, 1)).is_due
    assert review_due(None, date(2025, 1, 1)).due_on is None
    not_yet = review_due(date(2024, 8, 31), date(2025, 2, 27))
    assert (not_yet.due_on, not_yet.is_due) == (date(2025, 2, 28), False)
    assert review_due(date(2024, 8, 31), date(2025, 2, 28)).is_due
    assert review_due(date(2024, 1, 1), date(2024, 5, 1), every_months=3).is_due


QUESTION_IDS = ["implementer.who", "drive.widen", "local.question.rooms", "unknown.q"]
answers = st.lists(
    st.builds(
        Answer,
        st.sampled_from(QUESTION_IDS),
        st.integers(1, 3),
        st.text(max_size=20),
        st.sampled_from(["asha", "ben"]),
    ),
    max_size=8,
)
reviews = st.builds(
    Review,
    st.sampled_from(["r1", "r2", "r3"]),
    st.dates(date(2020, 1, 1), date(2026, 1, 1)),
    answers.map(tuple),
    st.dictionaries(
        st.sampled_from(["implementer", "drive", "context", "other"]), st.integers(-2, 2)
    ),
)


@given(reviews)
def test_a_review_compared_with_itself_shows_no_changes(review: Review) -> None:
    comparison = compare_reviews(review, review, questions())
    assert not comparison.has_changes
    assert all(r.change in (0, None) for r in comparison.ratings)
    assert all(r.before == r.after for r in comparison.rows)


@given(reviews, reviews)
def test_comparison_is_symmetric(first: Review, second: Review) -> None:
    forward = compare_reviews(first, second, questions())
    backward = compare_reviews(second, first, questions())
    assert [r.question_id for r in forward.rows] == [r.question_id for r in backward.rows]
    for f, b in zip(forward.rows, backward.rows, strict=True):
        assert (f.before, f.after) == (b.after, b.before)
        assert (f.wording_changed, f.answers_changed) == (b.wording_changed, b.answers_changed)
    for fr, br in zip(forward.ratings, backward.ratings, strict=True):
        assert fr.change == (None if br.change is None else -br.change)
    answered = {a.question_id for a in first.answers} | {a.question_id for a in second.answers}
    assert answered <= {r.question_id for r in forward.rows}
