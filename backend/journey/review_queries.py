"""Named reads for reflective reviews.

Privacy lives here: every read of answers and ratings takes the viewer, and returns
shared rows plus the viewer's own drafts, never anyone else's drafts. Reads for the
team picture (comparison, ratings over time) return shared rows only.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from backend.db.connection import one


@dataclass(frozen=True, slots=True)
class ReviewInfo:
    id: str
    title: str
    opened_on: date
    reason: str
    pivot_point_id: str | None
    opened_by_name: str
    shared_count: int


@dataclass(frozen=True, slots=True)
class Response:
    id: str
    review_id: str
    author_id: str
    author_name: str
    shared_at: str | None
    updated_at: str

    @property
    def shared(self) -> bool:
        return self.shared_at is not None


@dataclass(frozen=True, slots=True)
class AnswerRow:
    id: str
    review_id: str
    question_id: str
    question_version: int
    text: str
    author_id: str
    author_name: str
    shared: bool


@dataclass(frozen=True, slots=True)
class RatingRow:
    id: str
    review_id: str
    theme_id: str
    rating: int | None
    author_id: str
    author_name: str
    shared: bool


REVIEW_SQL = (
    "SELECT r.*, (SELECT count(*) FROM review_responses p WHERE p.review_id = r.id"
    " AND p.shared_at IS NOT NULL) AS shared_count FROM reflective_reviews r"
)


def _review(row: sqlite3.Row) -> ReviewInfo:
    return ReviewInfo(
        id=row["id"],
        title=row["title"],
        opened_on=date.fromisoformat(row["opened_on"]),
        reason=row["reason"],
        pivot_point_id=row["pivot_point_id"],
        opened_by_name=row["opened_by_name"],
        shared_count=int(row["shared_count"]),
    )


def reviews(conn: sqlite3.Connection) -> list[ReviewInfo]:
    """Newest first."""
    rows = conn.execute(f"{REVIEW_SQL} ORDER BY r.opened_on DESC, r.opened_at DESC")
    return [_review(r) for r in rows]


def review(conn: sqlite3.Connection, review_id: str) -> ReviewInfo | None:
    row = one(conn, f"{REVIEW_SQL} WHERE r.id = ?", [review_id])
    return None if row is None else _review(row)


def _response(row: sqlite3.Row) -> Response:
    return Response(
        row["id"],
        row["review_id"],
        row["author_id"],
        row["author_name"],
        row["shared_at"],
        row["updated_at"],
    )


def response(conn: sqlite3.Connection, review_id: str, author_id: str) -> Response | None:
    row = one(
        conn,
        "SELECT * FROM review_responses WHERE review_id = ? AND author_id = ?",
        [review_id, author_id],
    )
    return None if row is None else _response(row)


def responses_of(conn: sqlite3.Connection, author_id: str) -> dict[str, Response]:
    """This person's own responses (draft or shared), by review id."""
    rows = conn.execute("SELECT * FROM review_responses WHERE author_id = ?", [author_id])
    return {r["review_id"]: _response(r) for r in rows}


def shared_responses(conn: sqlite3.Connection, review_id: str) -> list[Response]:
    rows = conn.execute(
        "SELECT * FROM review_responses WHERE review_id = ? AND shared_at IS NOT NULL"
        " ORDER BY shared_at",
        [review_id],
    )
    return [_response(r) for r in rows]


ANSWER_SQL = (
    "SELECT a.id, a.review_id, a.question_id, a.question_version, a.text, a.author_id,"
    " a.shared, p.author_name FROM review_answers a JOIN review_responses p"
    " ON p.id = a.response_id WHERE a.text != ''"
)
RATING_SQL = (
    "SELECT g.id, g.review_id, g.theme_id, g.rating, g.author_id, g.shared, p.author_name"
    " FROM review_ratings g JOIN review_responses p ON p.id = g.response_id"
    " WHERE g.rating IS NOT NULL"
)


def _answer(row: sqlite3.Row) -> AnswerRow:
    return AnswerRow(
        row["id"],
        row["review_id"],
        row["question_id"],
        int(row["question_version"]),
        row["text"],
        row["author_id"],
        row["author_name"],
        bool(row["shared"]),
    )


def _rating(row: sqlite3.Row) -> RatingRow:
    return RatingRow(
        row["id"],
        row["review_id"],
        row["theme_id"],
        row["rating"],
        row["author_id"],
        row["author_name"],
        bool(row["shared"]),
    )


def visible_answers(conn: sqlite3.Connection, review_id: str, viewer_id: str) -> list[AnswerRow]:
    """Shared answers, and the viewer's own drafts; never anyone else's drafts."""
    rows = conn.execute(
        f"{ANSWER_SQL} AND a.review_id = ? AND (a.shared = 1 OR a.author_id = ?)"
        " ORDER BY p.shared_at, p.author_name",
        [review_id, viewer_id],
    )
    return [_answer(r) for r in rows]


def visible_ratings(conn: sqlite3.Connection, review_id: str, viewer_id: str) -> list[RatingRow]:
    rows = conn.execute(
        f"{RATING_SQL} AND g.review_id = ? AND (g.shared = 1 OR g.author_id = ?)"
        " ORDER BY p.shared_at, p.author_name",
        [review_id, viewer_id],
    )
    return [_rating(r) for r in rows]


def own_answers(conn: sqlite3.Connection, review_id: str, author_id: str) -> dict[str, AnswerRow]:
    """This person's answers to a review (draft or shared), by question id, empty included."""
    rows = conn.execute(
        "SELECT a.id, a.review_id, a.question_id, a.question_version, a.text, a.author_id,"
        " a.shared, p.author_name FROM review_answers a JOIN review_responses p"
        " ON p.id = a.response_id WHERE a.review_id = ? AND a.author_id = ?",
        [review_id, author_id],
    )
    return {r["question_id"]: _answer(r) for r in rows}


def own_ratings(conn: sqlite3.Connection, review_id: str, author_id: str) -> dict[str, int | None]:
    rows = conn.execute(
        "SELECT theme_id, rating FROM review_ratings WHERE review_id = ? AND author_id = ?",
        [review_id, author_id],
    )
    return {r["theme_id"]: r["rating"] for r in rows}


def shared_answers_by_review(conn: sqlite3.Connection) -> dict[str, list[AnswerRow]]:
    """Every shared answer, grouped by review (for comparisons)."""
    grouped: dict[str, list[AnswerRow]] = defaultdict(list)
    for row in conn.execute(f"{ANSWER_SQL} AND a.shared = 1 ORDER BY p.shared_at"):
        grouped[row["review_id"]].append(_answer(row))
    return dict(grouped)


def shared_ratings_by_review(conn: sqlite3.Connection) -> dict[str, list[RatingRow]]:
    grouped: dict[str, list[RatingRow]] = defaultdict(list)
    for row in conn.execute(f"{RATING_SQL} AND g.shared = 1 ORDER BY p.shared_at"):
        grouped[row["review_id"]].append(_rating(row))
    return dict(grouped)


def reviews_of_pivot(conn: sqlite3.Connection, pivot_id: str) -> list[ReviewInfo]:
    rows = conn.execute(f"{REVIEW_SQL} WHERE r.pivot_point_id = ? ORDER BY r.opened_on", [pivot_id])
    return [_review(r) for r in rows]
