"""Record constructors refuse values the engine cannot judge, naming the record and field."""

from datetime import date

import pytest

from backend.adherence import (
    AnnualDeclaration,
    CourseTaught,
    CPDActivity,
    MbiTacRating,
    RatedBy,
    Retreat,
    RetreatMode,
    Role,
    SupervisionFormat,
    SupervisionSession,
    TeacherTraining,
)

DAY = date(2026, 3, 3)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: SupervisionSession("s1", DAY, 0, SupervisionFormat.ONE_TO_ONE), "s1: minutes"),
        (lambda: SupervisionSession("s1", DAY, 2000, SupervisionFormat.ONE_TO_ONE), "minutes"),
        (lambda: SupervisionSession("s2", DAY, 60, SupervisionFormat.GROUP), "group size"),
        (lambda: SupervisionSession("s3", DAY, 60, SupervisionFormat.GROUP, None, 1), "group size"),
        (lambda: SupervisionSession(" ", DAY, 60, SupervisionFormat.PEER), "id must not be blank"),
        (lambda: TeacherTraining("t", "Org", DAY, date(2026, 3, 2), 10), "end is before start"),
        (lambda: TeacherTraining("t", "Org", DAY, DAY, -1), "hours must not be negative"),
        (lambda: CourseTaught("c", "MBCT", DAY, 0, Role.LEAD), "sessions must be 1 to 52"),
        (lambda: CourseTaught("c", "MBCT", DAY, 8, Role.LEAD, participants=-2), "participants"),
        (lambda: Retreat("r", DAY, 0, True, RetreatMode.ONLINE), "days must be more than 0"),
        (lambda: CPDActivity("d", DAY, -1, "reading", False), "hours must not be negative"),
        (lambda: CPDActivity("d", DAY, 1, "event", True, credits=-1), "credits"),
        (lambda: MbiTacRating("m", DAY, "charisma", "competent", RatedBy.SELF), "unknown domain"),
        (lambda: MbiTacRating("m", DAY, "embodiment", "expert", RatedBy.SELF), "unknown level"),
    ],
)
def test_bad_records_are_refused_with_the_field_named(build: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()  # type: ignore[operator]


def test_a_declaration_is_complete_only_with_all_three_parts() -> None:
    assert AnnualDeclaration("a", DAY, "Daily", "HCPC", "Monthly").complete
    assert not AnnualDeclaration("a", DAY, "Daily", "  ", "Monthly").complete
