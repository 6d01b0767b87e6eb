"""The answer form's fields, rendered once and filled in per person, are exactly what
the NHS.UK macros render for that person's words (journey/answer_fields.py)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import backend.journey
from backend.journey import TeamAdditions, load_content, team_questions
from backend.journey.answer_fields import TEMPLATE, fill, render_fields, with_text
from backend.journey.rules.labels import RATING_OPTIONS
from backend.web.forms import FormState
from backend.web.templating import environment

QUESTIONS = team_questions(load_content(), TeamAdditions())
THEME = QUESTIONS.themes[0]
QUESTION = THEME.questions[0]
ANSWER = f"answer-{QUESTION.id}"
RATING = f"rating-{THEME.id}"


@cache
def env() -> Any:
    return environment([Path(backend.journey.__file__).parent / "templates"])


@cache
def rendered() -> Any:
    return render_fields(env(), QUESTIONS)


def macros() -> Any:
    return env().get_template(TEMPLATE).module


@settings(deadline=None)  # the first example compiles the templates
@given(st.text(max_size=300))
def test_a_filled_in_answer_is_what_the_macro_renders(text):
    form = FormState(values={ANSWER: text})
    assert fill(rendered(), form)[ANSWER] == macros().answer(form, QUESTION)


def test_markup_in_an_answer_is_escaped():
    form = FormState(values={ANSWER: "</textarea><script>alert(1)</script> & more"})
    html = fill(rendered(), form)[ANSWER]
    assert "<script>" not in html
    assert html.count("</textarea>") == 1
    assert html == macros().answer(form, QUESTION)


def test_every_rating_choice_is_what_the_macro_renders():
    for value, _ in RATING_OPTIONS:
        form = FormState(values={RATING: value})
        assert fill(rendered(), form)[RATING] == macros().rating(form, THEME, RATING_OPTIONS)


def test_every_field_of_the_form_is_there_and_empty_ones_are_shared():
    fields = fill(rendered(), FormState())
    names = {f"answer-{q.id}" for t in QUESTIONS.themes for q in t.questions}
    names |= {f"rating-{t.id}" for t in QUESTIONS.themes}
    assert set(fields) == names
    assert fields[ANSWER] is rendered().empty[ANSWER]


def test_fields_with_a_message_or_an_unknown_choice_are_left_to_the_page():
    form = FormState(
        values={ANSWER: "x" * 3000, RATING: "7"},
        errors={ANSWER: "Answers must be 2000 characters or fewer"},
    )
    fields = fill(rendered(), form)
    assert ANSWER not in fields
    assert RATING not in fields


def test_nothing_anyone_typed_is_kept():
    before = (dict(rendered().empty), {k: dict(v) for k, v in rendered().ratings.items()})
    fill(rendered(), FormState(values={ANSWER: "my private draft", RATING: "2"}))
    assert (rendered().empty, rendered().ratings) == before
    assert "my private draft" not in str(rendered())


def test_a_field_that_is_not_one_textarea_is_never_filled():
    assert with_text(rendered().empty[ANSWER], "words") is not None
    assert with_text(rendered().ratings[RATING][""], "words") is None
