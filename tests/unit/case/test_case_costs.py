"""Make the case: the cost maths and the sections' validation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backend.case.costs import CostInputs, cost_of, pounds
from backend.case.mutations import SCHEMAS, lines_of
from backend.validation import ValidationFailed


def _inputs(**changed: object) -> CostInputs:
    values: dict[str, object] = {
        "courses_per_year": 4,
        "participants_per_course": 12,
        "sessions_per_course": 9,
        "teachers_per_session": 2,
        "staff_hours_per_session": Decimal("3.5"),
        "staff_cost_per_hour": Decimal("40"),
        "room_cost_per_session": Decimal("25"),
        "supervision_cost_per_course": Decimal("300"),
        "retreat_cost_per_year": Decimal("1200"),
        "cpd_cost_per_year": Decimal("800"),
    }
    return CostInputs(**{**values, **changed})  # type: ignore[arg-type]


def test_a_course_costs_its_staff_rooms_supervision_and_a_share_of_the_year() -> None:
    result = cost_of(_inputs())
    assert [(line.label, line.amount) for line in result.lines] == [
        ("Staff time", Decimal("2520.00")),
        ("Rooms", Decimal("225.00")),
        ("Supervision", Decimal("300.00")),
        ("Share of the year's retreat and CPD", Decimal("500.00")),
    ]
    assert result.per_course == Decimal("3545.00")
    assert result.per_participant == Decimal("295.42")
    assert result.per_year == Decimal("14180.00")
    assert result.messages == ()


def test_zero_participants_gives_a_message_not_a_division_error() -> None:
    result = cost_of(_inputs(participants_per_course=0))
    assert result.per_course == Decimal("3545.00")
    assert result.per_participant is None
    assert result.messages == (
        "The cost per participant cannot be worked out with no participants:"
        " enter how many people take part in a course",
    )
    assert pounds(result.per_participant) == "not worked out"


def test_zero_courses_a_year_gives_a_message_not_a_division_error() -> None:
    result = cost_of(_inputs(courses_per_year=0))
    assert result.per_course is None
    assert result.per_participant is None
    assert result.lines == ()
    assert "no courses a year" in result.messages[0]


def test_pence_round_half_up() -> None:
    result = cost_of(
        _inputs(participants_per_course=8, supervision_cost_per_course=Decimal("0.04"))
    )
    assert result.per_participant == (result.per_course / 8).quantize(Decimal("0.01"))  # type: ignore[operator]
    assert pounds(Decimal("1234.5")) == "£1,234.50"


COSTS = {
    "courses_per_year": "4",
    "participants_per_course": "12",
    "sessions_per_course": "9",
    "teachers_per_session": "2",
    "staff_hours_per_session": "3.5",
    "staff_cost_per_hour": "40",
    "room_cost_per_session": "25",
    "supervision_cost_per_course": "300",
    "retreat_cost_per_year": "1200",
    "cpd_cost_per_year": "800",
}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("room_cost_per_session", "-1", "Room cost per session must be 0 or more"),
        ("staff_cost_per_hour", "forty", "Staff cost per hour must be a number, like 1.5"),
        ("courses_per_year", "2.5", "Courses a year must be a whole number"),
        ("participants_per_course", "", "Enter participants on a course"),
        ("teachers_per_session", "-2", "Teachers at each session must be 0 or more"),
    ],
)
def test_bad_costs_name_the_field(field: str, value: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as failed:
        SCHEMAS["costs"].validate({**COSTS, field: value})
    assert failed.value.errors == {field: message}


def test_over_long_text_names_the_field() -> None:
    with pytest.raises(ValidationFailed) as failed:
        SCHEMAS["need"].validate({"note": "x" * 2001})
    assert failed.value.errors == {"note": "Note must be 2,000 characters or fewer"}
    with pytest.raises(ValidationFailed) as failed:
        SCHEMAS["evidence"].validate({"evidence_2_text": "x" * 1001, "evidence_2_source": "S"})
    assert failed.value.errors == {
        "evidence_2_text": "Evidence 2 must be 1,000 characters or fewer"
    }


def test_evidence_needs_its_source_and_stakeholders_their_place() -> None:
    with pytest.raises(ValidationFailed) as failed:
        SCHEMAS["evidence"].validate({"evidence_1_text": "A", "evidence_3_source": "B"})
    assert failed.value.errors == {
        "evidence_1_source": "Enter the source of evidence 1",
        "evidence_3_text": "Enter what evidence 3 shows, or remove its source",
    }
    with pytest.raises(ValidationFailed) as failed:
        SCHEMAS["stakeholders"].validate(
            {"stakeholder_1_name": "Board", "stakeholder_1_power": "high"}
        )
    assert failed.value.errors == {"stakeholder_1_interest": "Select the interest of stakeholder 1"}


def test_lists_are_one_item_a_line_and_capped() -> None:
    assert lines_of("  one \n\n two  words\r\n") == ["one", "two words"]
    with pytest.raises(ValidationFailed) as failed:
        SCHEMAS["outcomes"].validate({"outcomes": "\n".join(f"o{i}" for i in range(31))})
    assert failed.value.errors == {"outcomes": "Enter 30 items or fewer, one a line"}
