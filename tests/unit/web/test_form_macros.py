"""The shared form macros (app/form.html) post what validation reads."""

from __future__ import annotations

from datetime import date

from lxml import html as lxml_html

from backend.validation import Date, Schema
from backend.web.forms import FormState
from backend.web.templating import environment


def date_field(form: FormState) -> lxml_html.HtmlElement:
    module = environment([]).get_template("app/form.html").module
    return lxml_html.fragment_fromstring(
        str(module.date(form, "happened_on", "Date it happened")), create_parent="div"
    )


def test_a_date_posts_the_three_parts_the_date_field_reads():
    shown = date_field(FormState(values={"happened_on-day": "3", "happened_on-year": "2026"}))
    inputs = shown.xpath("//input")
    assert [i.get("name") for i in inputs] == [
        "happened_on-day",
        "happened_on-month",
        "happened_on-year",
    ]
    assert [i.get("value") for i in inputs] == ["3", "", "2026"]
    posted = {"happened_on-day": "3", "happened_on-month": "3", "happened_on-year": "2026"}
    assert Schema([Date("happened_on", "Date")]).validate(posted)["happened_on"] == date(2026, 3, 3)


def test_a_date_with_a_message_marks_every_part_and_keeps_what_was_typed():
    form = FormState(
        values={"happened_on-day": "32", "happened_on-month": "13", "happened_on-year": "2026"},
        errors={"happened_on": "Date it happened must be a real date"},
    )
    shown = date_field(form)
    assert "Date it happened must be a real date" in shown.text_content()
    for part in shown.xpath("//input"):
        assert "nhsuk-input--error" in part.get("class")
    assert [i.get("value") for i in shown.xpath("//input")] == ["32", "13", "2026"]
