"""The overall status follows the sources: our own suggestions never change it."""

from datetime import date, timedelta

import pytest

from backend.adherence import (
    CourseTaught,
    CPDActivity,
    ParticipantCourse,
    Retreat,
    RetreatMode,
    Role,
    Status,
    SupervisionFormat,
    SupervisionSession,
    TeacherRecords,
    TeacherTraining,
    TrainingPathway,
    evaluate,
    load_profiles,
)

PROFILES = load_profiles()
AS_OF = date(2026, 6, 30)


def _good_teacher() -> TeacherRecords:
    """An experienced teacher teaching now, with every sourced requirement met and no
    yearly declaration (our suggestion) at all."""
    courses = [
        CourseTaught(
            f"c{n}",
            "MBCT",
            date(2021, 1, 5) + timedelta(weeks=10 * n),
            8,
            Role.LEAD,
            closely_supervised=True,
        )
        for n in range(2)
    ]
    courses.append(CourseTaught("now", "MBCT", date(2026, 5, 5), 8, Role.LEAD))
    courses.append(CourseTaught("last", "MBCT", date(2025, 9, 2), 8, Role.LEAD))
    sessions = [
        SupervisionSession(f"s{d.isoformat()}", d, 90, SupervisionFormat.ONE_TO_ONE, "sup")
        for d in (
            *(date(2021, 1, 12) + timedelta(weeks=10 * n + w) for n in range(2) for w in (0, 3)),
            date(2025, 9, 9),
            date(2025, 10, 7),
            date(2026, 5, 12),
            date(2026, 6, 9),
        )
    ]
    return TeacherRecords(
        "t",
        TrainingPathway(
            participant_courses=(ParticipantCourse("p", date(2019, 1, 1), "MBCT"),),
            trainings=(TeacherTraining("tr", "Exeter", date(2019, 6, 1), date(2020, 12, 31), 130),),
            professional_background="Clinical psychologist",
        ),
        courses=tuple(courses),
        supervision=tuple(sessions),
        retreats=(
            Retreat("r0", date(2020, 4, 1), 7, True, RetreatMode.RESIDENTIAL),
            Retreat("r1", date(2025, 10, 20), 6, True, RetreatMode.RESIDENTIAL),
        ),
        cpd=(CPDActivity("cpd", date(2026, 2, 1), 8, "workshop", True, credits=12),),
    )


@pytest.mark.parametrize("profile_id", sorted(PROFILES))
def test_a_teacher_meeting_every_sourced_rule_is_overall_met(profile_id: str) -> None:
    profile = PROFILES[profile_id]
    evaluation = evaluate(_good_teacher(), profile, AS_OF)
    own = {s.id for s in profile.sources if s.ours}
    for check in evaluation.checks:
        rule = profile.rule(check.rule_id)
        if rule.source in own:
            assert check.advisory, rule.id
        elif not rule.advisory:
            assert check.status in (Status.MET, Status.NOT_APPLICABLE), (rule.id, check.reason)
    declaration = evaluation.check("annual-declaration")
    assert declaration.status is Status.NOT_MET
    assert declaration.advisory
    assert evaluation.overall is Status.MET


def test_a_rule_citing_our_own_source_is_advice_whatever_the_file_says() -> None:
    for profile in PROFILES.values():
        own = {s.id for s in profile.sources if s.ours}
        assert own == {"mbp-journey"}
        for rule in profile.rules:
            if rule.source in own:
                assert rule.advisory, (profile.id, rule.id)
