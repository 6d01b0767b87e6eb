"""Reflective reviews: a lead opens one; each member answers and rates, then shares.

Privacy: until a person shares, their response, answers and ratings are written with
`private_to` set to them, so sync pull shows them to nobody else (and every page
query filters on `shared`). Sharing re-publishes the same rows (same ids) as team
rows: a change-log update would carry only the changed columns, and the rest of the
team never saw the draft insert, so the rows are deleted and inserted again whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from backend.journey.mutations import short
from backend.journey.rules.model import TeamQuestions
from backend.journey.team import merged
from backend.mutations import Context, MutationSpec, NotFound
from backend.teams.roles import LEADS
from backend.validation import Date, Identifier, Schema, Text, ValidationFailed

MAX_ANSWER = 2000
ANSWER_PREFIX = "answer-"
RATING_PREFIX = "rating-"
REVIEW_ID = Identifier("review_id", "Review")
OPEN_FIELDS = [
    Text("title", "Title", max_length=120),
    Date("opened_on", "Date of the review"),
    Text("reason", "Reason for the review", required=False, multiline=True, max_length=1000),
    Text("pivot_point_id", "Pivot point", required=False, max_length=64),
]
RATING_RE = re.compile(r"[+-]?[0-2]")


def open_review(ctx: Context, args: dict[str, Any]) -> None:
    pivot = args["pivot_point_id"] or None
    if pivot is not None and ctx.one("SELECT 1 FROM pivot_points WHERE id = ?", [pivot]) is None:
        raise ValidationFailed({"pivot_point_id": "Select a pivot point from the list"})
    review_id = ctx.insert(
        "reflective_reviews",
        {
            "title": args["title"],
            "opened_on": args["opened_on"],
            "reason": args["reason"],
            "pivot_point_id": pivot,
            "opened_at": ctx.now,
            "opened_by": ctx.actor.user_id,
            "opened_by_name": ctx.actor.name,
        },
    )
    ctx.summary = f"Opened the reflective review “{short(args['title'])}”"
    ctx.result = {"id": review_id}


def _one_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return "" if value is None else str(value)


def _short(text: str, most: int = 80) -> str:
    """A question's words, cut at a word near `most` characters, to name it in a message."""
    if len(text) <= most:
        return text.rstrip("?.")
    return text[:most].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def parse_answers(
    raw: Mapping[str, Any], questions: TeamQuestions
) -> tuple[dict[str, tuple[int, str]], dict[str, int | None]]:
    """Answers (question id -> (version, text)) and ratings (theme id -> -2..+2 or None)
    from the answer form's `answer-<question id>` and `rating-<theme id>` fields."""
    answers: dict[str, tuple[int, str]] = {}
    ratings: dict[str, int | None] = {}
    errors: dict[str, str] = {}
    themes = {t.id for t in questions.themes}
    for key, value in raw.items():
        if key.startswith(ANSWER_PREFIX):
            question = questions.find(key.removeprefix(ANSWER_PREFIX))
            text = _one_text(value).replace("\r\n", "\n").replace("\x00", "").strip()
            if question is None:
                errors[key] = "This question is not one of your team's reflective questions"
            elif len(text) > MAX_ANSWER:
                errors[key] = (
                    f"Your answer to “{_short(question.text)}” must be"
                    f" {MAX_ANSWER:,} characters or fewer"
                )
            else:
                answers[question.id] = (question.version, text)
        elif key.startswith(RATING_PREFIX):
            theme_id = key.removeprefix(RATING_PREFIX)
            text = _one_text(value).strip()
            if theme_id not in themes:
                errors[key] = "This theme is not one of the ASPIRE themes"
            elif text == "":
                ratings[theme_id] = None
            elif RATING_RE.fullmatch(text):
                ratings[theme_id] = int(text)
            else:
                errors[key] = "Select a rating from -2 to +2, or no rating"
    if errors:
        raise ValidationFailed(errors)
    return answers, ratings


def _review_or_404(ctx: Context, review_id: str) -> Any:
    row = ctx.one("SELECT id, title FROM reflective_reviews WHERE id = ?", [review_id])
    if row is None:
        raise NotFound("That review does not exist")
    return row


def _response(ctx: Context, review_id: str, has_content: bool) -> tuple[str, str | None]:
    """This person's response (made as a private draft if new) and who may see its rows."""
    me = ctx.actor.user_id
    row = ctx.one(
        "SELECT id, shared_at FROM review_responses WHERE review_id = ? AND author_id = ?",
        [review_id, me],
    )
    if row is None:
        if not has_content:
            raise ValidationFailed(
                {"": "Write an answer to at least one question, or give a rating"}
            )
        values = {
            "review_id": review_id,
            "author_id": me,
            "author_name": ctx.actor.name,
            "shared_at": None,
            "updated_at": ctx.now,
        }
        return ctx.insert("review_responses", values, private_to=me), me
    private = None if row["shared_at"] else me
    ctx.update(
        "review_responses", row["id"], {"updated_at": ctx.now}, merge=False, private_to=private
    )
    return str(row["id"]), private


def answer_review(ctx: Context, args: dict[str, Any]) -> None:
    review = _review_or_404(ctx, args["review_id"])
    answers, ratings = parse_answers(ctx.mutation.args, merged(ctx.conn, ctx.services).questions)
    has_content = any(text for _, text in answers.values()) or any(
        r is not None for r in ratings.values()
    )
    response_id, private = _response(ctx, review["id"], has_content)
    common = {"response_id": response_id, "review_id": review["id"]}
    common |= {"author_id": ctx.actor.user_id, "shared": 0 if private else 1}
    rows = Rows(ctx, response_id, common, private)
    for question_id, (version, text) in answers.items():
        rows.save(
            "review_answers",
            "question_id",
            question_id,
            "text",
            text,
            {"question_version": version},
        )
    for theme_id, rating in ratings.items():
        rows.save("review_ratings", "theme_id", theme_id, "rating", rating, {})
    # The audit trail is read by leads: it says that answers were saved, never what
    # they say, nor whether they are still a draft.
    ctx.summary = f"Saved answers to the review “{short(review['title'])}”"
    ctx.result = {"review_id": review["id"], "shared": private is None}


class Rows:
    """One person's answers or ratings in one response: written only when they change,
    and inserted only when there is something to keep."""

    def __init__(
        self, ctx: Context, response_id: str, common: dict[str, Any], private: str | None
    ) -> None:
        self.ctx, self.response_id, self.common, self.private = ctx, response_id, common, private

    def save(
        self,
        table: str,
        key: str,
        key_value: str,
        field: str,
        value: Any,
        extra: dict[str, Any],
    ) -> None:
        old = self.ctx.one(
            f"SELECT id, {field} FROM {table} WHERE response_id = ? AND {key} = ?",
            [self.response_id, key_value],
        )
        values = {field: value, **extra, "updated_at": self.ctx.now}
        if old is not None and old[field] != value:
            self.ctx.update(table, old["id"], values, private_to=self.private)
        elif old is None and value not in (None, ""):
            self.ctx.insert(
                table, {**self.common, key: key_value, **values}, private_to=self.private
            )


def share_answers(ctx: Context, args: dict[str, Any]) -> None:
    review = _review_or_404(ctx, args["review_id"])
    response = ctx.one(
        "SELECT * FROM review_responses WHERE review_id = ? AND author_id = ?",
        [review["id"], ctx.actor.user_id],
    )
    if response is None:
        raise ValidationFailed({"": "Answer at least one question before sharing your answers"})
    if response["shared_at"]:
        raise ValidationFailed({"": "Your answers are already shared with the team"})
    answers = ctx.all("SELECT * FROM review_answers WHERE response_id = ?", [response["id"]])
    ratings = ctx.all("SELECT * FROM review_ratings WHERE response_id = ?", [response["id"]])
    kept_answers = [dict(a) for a in answers if a["text"]]
    kept_ratings = [dict(r) for r in ratings if r["rating"] is not None]
    if not kept_answers and not kept_ratings:
        raise ValidationFailed({"": "Answer at least one question before sharing your answers"})
    for row in answers:
        ctx.delete("review_answers", row["id"])
    for row in ratings:
        ctx.delete("review_ratings", row["id"])
    ctx.delete("review_responses", response["id"])
    ctx.insert("review_responses", {**dict(response), "shared_at": ctx.now, "updated_at": ctx.now})
    for answer in kept_answers:
        ctx.insert("review_answers", {**answer, "shared": 1})
    for rating in kept_ratings:
        ctx.insert("review_ratings", {**rating, "shared": 1})
    ctx.summary = f"Shared answers to the review “{short(review['title'])}” with the team"
    ctx.result = {"review_id": review["id"]}


REVIEW_MUTATIONS = [
    MutationSpec(
        "journey.review.open",
        "Opened a reflective review",
        Schema(OPEN_FIELDS),
        open_review,
        LEADS,
    ),
    MutationSpec(
        "journey.review.answer",
        "Saved answers to a reflective review",
        Schema([REVIEW_ID]),
        answer_review,
    ),
    MutationSpec(
        "journey.review.share",
        "Shared answers to a reflective review",
        Schema([REVIEW_ID]),
        share_answers,
    ),
]
