"""The fields of a review's answer form, rendered once per team version and filled in
for each person on each request.

The form has a long-text field per question and a rating per theme, each an NHS.UK
macro costing about half a millisecond: thirty of them took longer than the rest of
the page. So the macros in `reviews/_answer_fields.html` render the fields once per
team version: each question's field empty, and each theme's rating at every choice.
A person's own words are escaped into their field on each request, where the macro
would put them (the only place a character count shows its value), and never kept.
A field with a message is left out, so the page renders it with its macro.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape

from backend.journey.review_mutations import ANSWER_PREFIX, RATING_PREFIX
from backend.journey.rules.labels import RATING_OPTIONS
from backend.journey.rules.model import TeamQuestions
from backend.web.forms import FormState

TEMPLATE = "reviews/_answer_fields.html"
TEXT_END = "></textarea>"


@dataclass(frozen=True)
class AnswerFields:
    """Every field of the form as the macros render it, holding nothing anyone typed."""

    empty: dict[str, Markup]  # answer-<question id>: the field with no text
    ratings: dict[str, dict[str, Markup]]  # rating-<theme id>: the field at each choice


def render_fields(env: jinja2.Environment, questions: TeamQuestions) -> AnswerFields:
    macros: Any = env.get_template(TEMPLATE).module
    blank = FormState()
    empty: dict[str, Markup] = {}  # each macro returns Markup (autoescaped)
    ratings: dict[str, dict[str, Markup]] = {}
    for theme in questions.themes:
        for question in theme.questions:
            empty[f"{ANSWER_PREFIX}{question.id}"] = macros.answer(blank, question)
        name = f"{RATING_PREFIX}{theme.id}"
        ratings[name] = {
            value: macros.rating(FormState(values={name: value}), theme, RATING_OPTIONS)
            for value, _ in RATING_OPTIONS
        }
    return AnswerFields(empty, ratings)


def fill(fields: AnswerFields, form: FormState) -> dict[str, Markup]:
    """This person's fields, by name; those with a message (or an unexpected value) are
    left for the page to render."""
    filled: dict[str, Markup] = {}
    for name, html in fields.empty.items():
        text = str(form.value(name))
        found = with_text(html, text) if text else html
        if found is not None and not form.error(name):
            filled[name] = found
    for name, choices in fields.ratings.items():
        chosen = choices.get(str(form.value(name)))
        if chosen is not None and not form.error(name):
            filled[name] = chosen
    return filled


def with_text(empty: Markup, text: str) -> Markup | None:
    """An empty long-text field with `text` in it, escaped as the macro escapes its value."""
    head, end, tail = str(empty).partition(TEXT_END)
    if not end or TEXT_END in tail:
        return None
    return Markup(f"{head}>{escape(text)}</textarea>{tail}")  # noqa: S704 (text is escaped)
