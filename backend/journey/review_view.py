"""Reviews as the pages show them: the team's shared answers and ratings per review,
ratings over time, and a review's answers grouped by theme and question."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from backend.journey import review_queries
from backend.journey.review_queries import AnswerRow, RatingRow, ReviewInfo
from backend.journey.rules.charts import RatingsChart, ratings_chart
from backend.journey.rules.model import TeamQuestions
from backend.journey.rules.ratings import team_rating
from backend.journey.rules.reviews import Answer, Review


def short_label(review: ReviewInfo) -> str:
    return f"{review.opened_on:%b} {review.opened_on:%y}"


def shared_reviews(conn: sqlite3.Connection, infos: Sequence[ReviewInfo]) -> list[Review]:
    """Every review with its shared answers and team ratings, oldest first."""
    answers = review_queries.shared_answers_by_review(conn)
    ratings = review_queries.shared_ratings_by_review(conn)
    return [
        as_review(info, answers.get(info.id, []), ratings.get(info.id, []))
        for info in sorted(infos, key=lambda r: (r.opened_on, r.id))
    ]


def as_review(
    info: ReviewInfo, answers: Sequence[AnswerRow], ratings: Sequence[RatingRow]
) -> Review:
    by_theme: dict[str, list[int]] = defaultdict(list)
    for row in ratings:
        if row.rating is not None:
            by_theme[row.theme_id].append(row.rating)
    team = {theme: team_rating(values) for theme, values in by_theme.items()}
    return Review(
        info.id,
        info.opened_on,
        tuple(Answer(a.question_id, a.question_version, a.text, a.author_name) for a in answers),
        {theme: value for theme, value in team.items() if value is not None},
    )


@dataclass(frozen=True)
class RatingsTable:
    themes: tuple[tuple[str, str], ...]
    rows: tuple[tuple[ReviewInfo, tuple[int | None, ...]], ...]


def ratings_over_time(
    infos: Sequence[ReviewInfo],
    reviews: Sequence[Review],
    questions: TeamQuestions,
    highlight: frozenset[str] = frozenset(),
) -> tuple[RatingsChart | None, RatingsTable]:
    """The chart (a panel per theme) and the same numbers as a table, oldest first."""
    by_id = {info.id: info for info in infos}
    ordered = [r for r in reviews if r.id in by_id]
    themes = tuple((t.id, t.title) for t in questions.themes)
    series = [(tid, title, [r.ratings.get(tid) for r in ordered]) for tid, title in themes]
    columns = [(r.id, short_label(by_id[r.id])) for r in ordered]
    chart = ratings_chart(columns, series, highlight) if ordered else None
    rows = tuple((by_id[r.id], tuple(r.ratings.get(tid) for tid, _ in themes)) for r in ordered)
    return chart, RatingsTable(themes, rows)


@dataclass(frozen=True)
class QuestionAnswers:
    id: str
    text: str
    local: bool
    answers: tuple[AnswerRow, ...]


@dataclass(frozen=True)
class ThemeAnswers:
    id: str
    title: str
    questions: tuple[QuestionAnswers, ...]
    ratings: tuple[RatingRow, ...]
    team_rating: int | None


def by_theme(
    questions: TeamQuestions, answers: Sequence[AnswerRow], ratings: Sequence[RatingRow]
) -> list[ThemeAnswers]:
    """A review's answers under each theme and question (hidden questions only if answered)."""
    grouped: dict[str, list[AnswerRow]] = defaultdict(list)
    for answer in answers:
        grouped[answer.question_id].append(answer)
    themes = []
    for theme in questions.themes:
        shown = list(theme.questions) + [
            q for q in questions.hidden if q.theme_id == theme.id and q.id in grouped
        ]
        theme_ratings = tuple(r for r in ratings if r.theme_id == theme.id)
        shared = [r.rating for r in theme_ratings if r.shared and r.rating is not None]
        themes.append(
            ThemeAnswers(
                theme.id,
                theme.title,
                tuple(
                    QuestionAnswers(q.id, q.text, q.local, tuple(grouped.get(q.id, ())))
                    for q in shown
                ),
                theme_ratings,
                team_rating(shared),
            )
        )
    return themes
