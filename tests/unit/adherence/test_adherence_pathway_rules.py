"""One-off requirements: training pathway, background, co-teaching, MBI-TAC readiness."""

from datetime import date

import pytest

from backend.adherence import (
    CheckResult,
    CourseTaught,
    MbiTacRating,
    ParticipantCourse,
    RatedBy,
    Retreat,
    RetreatMode,
    Role,
    Seniority,
    Status,
    TeacherRecords,
    TeacherTraining,
    TrainingPathway,
    evaluate,
    load_profiles,
)
from backend.adherence.rules.pathway import whole_months
from backend.adherence.rules.records import MBI_TAC_DOMAINS
from backend.adherence.rules.standards import Profile

PROFILES = load_profiles()
GPG = PROFILES["gpg"]
TRUST = PROFILES["local-trust"]


def training(ident: str, start: date, end: date, hours: float = 60) -> TeacherTraining:
    return TeacherTraining(ident, "Bangor", start, end, hours)


def check(
    rule_id: str,
    as_of: date,
    *trainings: TeacherTraining,
    profile: Profile = GPG,
    background: str = "",
    **records: object,
) -> CheckResult:
    pathway = TrainingPathway(
        participant_courses=records.pop("participant", ()),  # type: ignore[arg-type]
        trainings=trainings,
        professional_background=background,
    )
    teacher = TeacherRecords("t", pathway, **records)  # type: ignore[arg-type]
    return evaluate(teacher, profile, as_of).check(rule_id)


@pytest.mark.parametrize(
    ("start", "last_day", "months"),
    [
        (date(2020, 1, 15), date(2021, 1, 14), 12),
        (date(2020, 1, 15), date(2021, 1, 13), 11),
        (date(2020, 1, 1), date(2020, 12, 31), 12),
        (date(2020, 2, 29), date(2021, 2, 28), 12),
        (date(2020, 2, 29), date(2021, 2, 27), 11),
        (date(2025, 1, 31), date(2025, 2, 28), 1),
        (date(2025, 1, 31), date(2025, 2, 27), 0),
        (date(2025, 5, 1), date(2025, 5, 1), 0),
    ],
)
def test_whole_months_of_training(start: date, last_day: date, months: int) -> None:
    assert whole_months(start, last_day) == months


def test_training_of_12_months_and_120_hours_is_met() -> None:
    parts = (
        training("one", date(2023, 1, 10), date(2023, 6, 30), 60),
        training("two", date(2023, 9, 1), date(2024, 1, 9), 60),
    )
    duration = check("training-duration", date(2024, 2, 1), *parts)
    assert duration.status is Status.MET
    assert duration.amount == 12
    assert duration.reason == (
        "Teacher training over 12 months (10 January 2023 to 9 January 2024); 12 months needed."
    )
    hours = check("training-hours", date(2024, 2, 1), *parts)
    assert hours.status is Status.MET
    assert hours.evidence == ("one", "two")


def test_training_one_day_short_of_12_months_is_not_met() -> None:
    result = check(
        "training-duration", date(2024, 2, 1), training("t", date(2023, 1, 10), date(2024, 1, 8))
    )
    assert result.status is Status.NOT_MET
    assert result.shortfall == 1
    assert result.next_due is None


def test_training_in_progress_is_not_met_with_its_end_as_next_due() -> None:
    result = check(
        "training-hours", date(2024, 2, 1), training("t", date(2023, 9, 1), date(2024, 8, 31))
    )
    assert result.status is Status.NOT_MET
    assert result.next_due == date(2024, 8, 31)
    assert result.reason == "Teacher training in progress; it ends 31 August 2024."


def test_hours_short_of_120_are_not_met() -> None:
    result = check(
        "training-hours", date(2024, 2, 1), training("t", date(2022, 1, 1), date(2023, 1, 1), 119.5)
    )
    assert result.status is Status.NOT_MET
    assert result.shortfall == pytest.approx(0.5)


def test_training_retreat_needs_one_block_of_five_days_before_completion() -> None:
    done = training("t", date(2023, 1, 1), date(2024, 1, 31), 130)
    split = (
        Retreat("a", date(2023, 5, 1), 3, True, RetreatMode.RESIDENTIAL),
        Retreat("b", date(2023, 8, 1), 3, True, RetreatMode.ONLINE),
    )
    assert check("training-retreat", date(2024, 6, 1), done, retreats=split).status is (
        Status.NOT_MET
    )
    after = Retreat("late", date(2024, 2, 1), 7, True, RetreatMode.RESIDENTIAL)
    assert check("training-retreat", date(2024, 6, 1), done, retreats=(*split, after)).status is (
        Status.NOT_MET
    )
    within = Retreat("five", date(2024, 1, 31), 5, True, RetreatMode.ONLINE)
    result = check("training-retreat", date(2024, 6, 1), done, retreats=(*split, within))
    assert result.status is Status.MET
    assert result.evidence == ("five",)


def test_participant_course_and_background() -> None:
    course = ParticipantCourse("p", date(2021, 3, 1), "MBSR")
    met = check("participant-course", date(2022, 1, 1), participant=(course,))
    assert met.status is Status.MET
    assert met.reason.startswith("Took part in the MBSR course of 1 March 2021")
    before = check("participant-course", date(2021, 2, 28), participant=(course,))
    assert before.status is Status.NOT_MET
    assert check("professional-background", date(2022, 1, 1)).status is Status.NOT_MET
    assert check("professional-background", date(2022, 1, 1), background="  ").status is (
        Status.NOT_MET
    )
    assert check("professional-background", date(2022, 1, 1), background="Nurse").status is (
        Status.MET
    )


# Local trust: co-teach 2 with a senior and 2 more with a senior or peer before leading.


def co(ident: str, start: date, seniority: Seniority | None) -> CourseTaught:
    return CourseTaught(ident, "MBCT", start, 8, Role.CO_TEACHER, False, seniority)


def co_teaching(*courses: CourseTaught, as_of: date = date(2026, 1, 1)) -> CheckResult:
    return check("co-teaching", as_of, profile=TRUST, courses=courses)


def test_co_teaching_counts_senior_then_senior_or_peer() -> None:
    seniors = (
        co("a", date(2024, 1, 8), Seniority.SENIOR),
        co("b", date(2024, 4, 8), Seniority.SENIOR),
    )
    assert co_teaching(*seniors).status is Status.NOT_MET
    three_seniors = co_teaching(*seniors, co("c", date(2024, 9, 2), Seniority.SENIOR))
    assert three_seniors.status is Status.NOT_MET
    assert "1 of 2 more with a senior teacher or a peer" in three_seniors.reason
    met = co_teaching(
        *seniors,
        co("c", date(2024, 9, 2), Seniority.SENIOR),
        co("d", date(2025, 1, 6), Seniority.PEER),
    )
    assert met.status is Status.MET


def test_peers_alone_do_not_satisfy_the_senior_part() -> None:
    peers = [co(f"p{i}", date(2024, 1 + 2 * i, 1), Seniority.PEER) for i in range(4)]
    result = co_teaching(*peers)
    assert result.status is Status.NOT_MET
    assert "co-taught 0 of 2 courses with a senior teacher" in result.reason


def test_co_teaching_must_be_complete_before_the_first_lead_course() -> None:
    seniors = [co(f"s{i}", date(2024, 1 + 3 * i, 1), Seniority.SENIOR) for i in range(4)]
    # The fourth co-taught course runs 1 October to 25 November 2024.
    lead_too_early = CourseTaught("lead", "MBCT", date(2024, 11, 25), 8, Role.LEAD)
    result = co_teaching(*seniors, lead_too_early)
    assert result.status is Status.NOT_MET
    assert result.reason.startswith("Before leading the MBCT course starting 25 November 2024")
    lead_in_time = CourseTaught("lead", "MBCT", date(2024, 11, 26), 8, Role.LEAD)
    assert co_teaching(*seniors, lead_in_time).status is Status.MET


def test_mbi_tac_readiness_needs_supervisor_ratings_of_competent_in_every_domain() -> None:
    def rating(ident: str, domain: str, level: str, by: RatedBy, day: date) -> MbiTacRating:
        return MbiTacRating(ident, day, domain, level, by)

    selfs = tuple(
        rating(f"s{i}", d, "proficient", RatedBy.SELF, date(2025, 5, 1))
        for i, d in enumerate(MBI_TAC_DOMAINS)
    )
    supervisor = tuple(
        rating(f"v{i}", d, "competent", RatedBy.SUPERVISOR, date(2025, 6, 1))
        for i, d in enumerate(MBI_TAC_DOMAINS)
    )
    assert check("readiness", date(2025, 7, 1), profile=TRUST, mbi_tac=selfs).status is (
        Status.NOT_MET
    )
    result = check("readiness", date(2025, 7, 1), profile=TRUST, mbi_tac=selfs + supervisor)
    assert result.status is Status.MET
    assert result.advisory
    lower = rating(
        "later", "embodiment", "advanced-beginner", RatedBy.SUPERVISOR, date(2025, 6, 20)
    )
    slipped = check("readiness", date(2025, 7, 1), profile=TRUST, mbi_tac=(*supervisor, lower))
    assert slipped.status is Status.NOT_MET
    assert slipped.reason == "Not yet rated by a supervisor competent or above in: embodiment."
