"""Reflective reviews: side-by-side comparison, ratings over time, when the next is due.

Semantics (also in `docs/journey-rules.md`):
- Answers are matched by question id alone, so a question reworded between two
  reviews still lines up; `wording_changed` says so when both reviews answered it
  but the sets of versions they answered differ.
- `answers_changed` compares the answer texts (surrounding whitespace ignored) as a
  multiset, regardless of author or order.
- Pass only the answers the viewer may see (shared ones); drafts are the store's job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from backend.dates import add_months_clamped
from backend.journey.rules.model import TeamQuestions

RATING_MIN = -2
RATING_MAX = 2
REVIEW_EVERY_MONTHS = 6


@dataclass(frozen=True)
class Answer:
    question_id: str
    question_version: int
    text: str
    author: str = ""


@dataclass(frozen=True, eq=False)
class Review:
    """A review's shared answers and its ratings (theme id -> -2..+2)."""

    id: str
    opened_on: date
    answers: tuple[Answer, ...] = ()
    ratings: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for theme_id, rating in self.ratings.items():
            if isinstance(rating, bool) or not isinstance(rating, int):
                raise ValueError(f"rating for '{theme_id}' must be a whole number")
            if not RATING_MIN <= rating <= RATING_MAX:
                raise ValueError(f"rating for '{theme_id}' must be from -2 to +2, not {rating}")
        object.__setattr__(self, "ratings", MappingProxyType(dict(self.ratings)))


@dataclass(frozen=True)
class ReviewSide:
    """One review's answers to one question, and the wordings they answered."""

    versions: tuple[int, ...]
    wordings: tuple[str | None, ...]
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class QuestionRow:
    question_id: str
    theme_id: str | None
    current_text: str | None
    current_version: int | None
    visible: bool
    before: ReviewSide
    after: ReviewSide
    wording_changed: bool
    answers_changed: bool


@dataclass(frozen=True)
class RatingChange:
    theme_id: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class ReviewComparison:
    before_id: str
    after_id: str
    rows: tuple[QuestionRow, ...]
    ratings: tuple[RatingChange, ...]

    @property
    def has_changes(self) -> bool:
        return any(r.wording_changed or r.answers_changed for r in self.rows) or any(
            r.before != r.after for r in self.ratings
        )


@dataclass(frozen=True)
class RatingPoint:
    review_id: str
    opened_on: date
    rating: int | None


@dataclass(frozen=True)
class RatingSeries:
    theme_id: str
    points: tuple[RatingPoint, ...]


@dataclass(frozen=True)
class ReviewDue:
    due_on: date | None
    is_due: bool


def compare_reviews(before: Review, after: Review, questions: TeamQuestions) -> ReviewComparison:
    """Question by question, then rating by theme.

    Rows: every visible question in form order, then questions answered in either
    review that are now hidden or unknown (theme order, then id).
    """
    answered = {a.question_id for a in before.answers} | {a.question_id for a in after.answers}
    visible = [q.id for theme in questions.themes for q in theme.questions]
    theme_rank = {theme.id: n for n, theme in enumerate(questions.themes)}

    def extra_key(question_id: str) -> tuple[int, str]:
        found = questions.find(question_id)
        rank = theme_rank.get(found.theme_id, len(theme_rank)) if found else len(theme_rank)
        return rank, question_id

    shown = set(visible)
    extras = sorted(answered - shown, key=extra_key)
    rows = tuple(
        _row(question_id, question_id in shown, before, after, questions)
        for question_id in visible + extras
    )
    return ReviewComparison(before.id, after.id, rows, _rating_changes(before, after, questions))


def _side(review: Review, question_id: str, questions: TeamQuestions) -> ReviewSide:
    answers = tuple(a for a in review.answers if a.question_id == question_id)
    versions = tuple(sorted({a.question_version for a in answers}))
    wordings = tuple(questions.text_at(question_id, v) for v in versions)
    return ReviewSide(versions, wordings, answers)


def _row(
    question_id: str, visible: bool, before: Review, after: Review, questions: TeamQuestions
) -> QuestionRow:
    old, new = _side(before, question_id, questions), _side(after, question_id, questions)
    found = questions.find(question_id)
    texts_old = Counter(a.text.strip() for a in old.answers)
    texts_new = Counter(a.text.strip() for a in new.answers)
    return QuestionRow(
        question_id=question_id,
        theme_id=found.theme_id if found else None,
        current_text=found.text if found else None,
        current_version=found.version if found else None,
        visible=visible,
        before=old,
        after=new,
        wording_changed=bool(old.versions and new.versions and old.versions != new.versions),
        answers_changed=texts_old != texts_new,
    )


def _rating_changes(
    before: Review, after: Review, questions: TeamQuestions
) -> tuple[RatingChange, ...]:
    theme_ids = _theme_ids([before, after], questions)
    return tuple(
        RatingChange(theme_id, before.ratings.get(theme_id), after.ratings.get(theme_id))
        for theme_id in theme_ids
    )


def _theme_ids(reviews: Sequence[Review], questions: TeamQuestions) -> list[str]:
    known = [theme.id for theme in questions.themes]
    others = {t for review in reviews for t in review.ratings} - set(known)
    return known + sorted(others)


def rating_series(reviews: Sequence[Review], questions: TeamQuestions) -> tuple[RatingSeries, ...]:
    """Each theme's rating across reviews, oldest first (ties by review id); gaps are None."""
    ordered = sorted(reviews, key=lambda r: (r.opened_on, r.id))
    return tuple(
        RatingSeries(
            theme_id,
            tuple(RatingPoint(r.id, r.opened_on, r.ratings.get(theme_id)) for r in ordered),
        )
        for theme_id in _theme_ids(ordered, questions)
    )


def review_due(
    last_opened: date | None, as_of: date, every_months: int = REVIEW_EVERY_MONTHS
) -> ReviewDue:
    """A review is due `every_months` after the last one opened, or now if none yet."""
    if last_opened is None:
        return ReviewDue(None, True)
    due_on = add_months_clamped(last_opened, every_months)
    return ReviewDue(due_on, due_on <= as_of)
