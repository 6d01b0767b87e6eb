from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.validation import (
    Boolean,
    Choice,
    Date,
    Decimal,
    Email,
    Identifier,
    Integer,
    MultiChoice,
    Schema,
    Text,
    ValidationFailed,
)


def errors_of(schema: Schema, data: dict) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as failed:
        schema.validate(data)
    return failed.value.errors


def test_missing_required_text_says_enter_the_label():
    assert errors_of(Schema([Text("name", "Team name")]), {}) == {"name": "Enter team name"}


def test_acronyms_keep_their_capitals_in_messages():
    assert errors_of(Schema([Text("p", "MBCT course")]), {"p": " "}) == {"p": "Enter MBCT course"}


def test_over_long_text_names_the_limit():
    schema = Schema([Text("name", "Team name", max_length=100)])
    assert errors_of(schema, {"name": "x" * 101}) == {
        "name": "Team name must be 100 characters or fewer"
    }


def test_single_line_text_collapses_whitespace_and_multiline_keeps_lines():
    schema = Schema([Text("a", "A"), Text("b", "B", multiline=True, max_length=50)])
    clean = schema.validate({"a": "  two   words \n", "b": " line one\r\nline two "})
    assert clean == {"a": "two words", "b": "line one\nline two"}


def test_every_message_is_returned_at_once_in_form_order():
    schema = Schema([Text("name", "Full name"), Email("email"), Integer("n", "Minutes")])
    errors = errors_of(schema, {"email": "not-an-email", "n": "ten"})
    assert list(errors) == ["name", "email", "n"]
    assert errors["email"].startswith("Enter an email address in the correct format")
    assert errors["n"] == "Minutes must be a whole number"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("-5", "Minutes must be 1 minute or more"),
        ("100000", "Minutes must be 600 minutes or fewer"),
        ("1e3", "Minutes must be a whole number"),
        (True, "Minutes must be a whole number"),
    ],
)
def test_integer_bounds(raw, message):
    schema = Schema([Integer("n", "Minutes", minimum=1, maximum=600, unit="minutes")])
    assert errors_of(schema, {"n": raw}) == {"n": message}


def test_decimal_accepts_two_places():
    assert Schema([Decimal("h", "Hours", maximum=24)]).validate({"h": "1.5"}) == {"h": 1.5}
    assert errors_of(Schema([Decimal("h", "Hours")]), {"h": "1.555"}) == {
        "h": "Hours must be a number, like 1.5"
    }


def test_optional_blank_fields_get_defaults():
    schema = Schema(
        [
            Text("a", "A", required=False),
            MultiChoice("m", "M", required=False, options=[("x", "X")]),
            Boolean("b", "B"),
            Date("d", "D", required=False),
        ]
    )
    assert schema.validate({}) == {"a": "", "m": [], "b": False, "d": None}


def test_choices_accept_only_listed_options():
    schema = Schema([Choice("c", "Format", options=[("one", "One to one"), ("group", "Group")])])
    assert schema.validate({"c": "group"}) == {"c": "group"}
    assert errors_of(schema, {"c": "<script>"}) == {"c": "Select format from the list"}
    assert errors_of(schema, {}) == {"c": "Select format"}


def test_multichoice_keeps_option_order_and_accepts_repeated_or_comma_values():
    field = MultiChoice("r", "Role", options=[("a", "A"), ("b", "B"), ("c", "C")])
    schema = Schema([field])
    assert schema.validate({"r": ["c", "a"]}) == {"r": ["a", "c"]}
    assert schema.validate({"r": "b,a"}) == {"r": ["a", "b"]}
    assert errors_of(schema, {"r": ["a", "z"]}) == {"r": "Select role from the list"}


def test_dates_from_iso_or_nhs_parts():
    schema = Schema([Date("when", "Date of session")])
    assert schema.validate({"when": "2024-02-29"}) == {"when": date(2024, 2, 29)}
    parts = {"when-day": "3", "when-month": "3", "when-year": "2026"}
    assert schema.validate(parts) == {"when": date(2026, 3, 3)}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"when": "2023-02-29"}, "Date of session must be a real date"),
        ({"when": "29/02/2024"}, "Date of session must be a real date"),
        (
            {"when-day": "31", "when-month": "4", "when-year": "2026"},
            "Date of session must be a real date",
        ),
        ({"when-day": "1", "when-year": "2026"}, "Date of session must include a month"),
        (
            {"when-day": "1", "when-month": "1", "when-year": "26"},
            "Date of session must be a real date",
        ),
        ({"when": "1066-10-14"}, "Date of session must be a real date within 100 years of today"),
    ],
)
def test_bad_dates_get_specific_messages(data, message):
    assert errors_of(Schema([Date("when", "Date of session")]), data) == {"when": message}


def test_past_only_dates_refuse_the_future():
    field = Date("when", "Date of session", past_only=True, today=lambda: date(2026, 11, 26))
    assert errors_of(Schema([field]), {"when": "2026-11-27"}) == {
        "when": "Date of session must be today or in the past"
    }
    assert Schema([field]).validate({"when": "2026-11-26"}) == {"when": date(2026, 11, 26)}


def test_identifiers_must_be_uuids_never_paths():
    schema = Schema([Identifier("id", "Record")])
    assert errors_of(schema, {"id": "../../etc/passwd"}) == {
        "id": "Record is not a valid reference"
    }


def test_partial_validation_checks_only_present_fields():
    schema = Schema([Text("a", "A"), Text("b", "B")])
    assert schema.validate({"b": "x"}, partial=True) == {"b": "x"}


def test_cross_field_checks_run_after_fields_are_clean():
    def end_after_start(clean):
        return (
            {"end": "End date must be after the start date"}
            if clean["end"] < clean["start"]
            else {}
        )

    schema = Schema(
        [Date("start", "Start date"), Date("end", "End date")], checks=[end_after_start]
    )
    assert errors_of(schema, {"start": "2026-05-01", "end": "2026-04-01"}) == {
        "end": "End date must be after the start date"
    }


@given(
    st.dictionaries(
        st.text(max_size=20),
        st.one_of(st.text(max_size=300), st.integers(), st.none(), st.lists(st.text(max_size=5))),
    )
)
def test_hostile_input_never_raises_anything_but_validation_failed(data):
    schema = Schema(
        [
            Text("name", "Name"),
            Integer("n", "N"),
            Date("d", "D"),
            Choice("c", "C", options=[("a", "A")]),
            MultiChoice("m", "M", options=[("a", "A")]),
        ]
    )
    errors: dict[str, str] = {}
    try:
        schema.validate(data)
    except ValidationFailed as failed:
        errors = failed.errors
    assert all(isinstance(v, str) and v for v in errors.values())
