"""Rolling-window and calendar-year rules: retreats, CPD, credits, declarations."""

from datetime import date

import pytest

from backend.adherence import (
    AnnualDeclaration,
    CheckResult,
    CPDActivity,
    Retreat,
    RetreatMode,
    Status,
    SupervisionFormat,
    SupervisionSession,
    TeacherRecords,
    TeacherTraining,
    TrainingPathway,
    apply_overrides,
    evaluate,
    load_profiles,
)
from backend.adherence.rules.standards import Profile

PROFILES = load_profiles()
GPG = PROFILES["gpg"]
BREATHWORKS = PROFILES["breathworks"]
CREDITS = PROFILES["cpd-credits"]
TRAINED_2020 = TeacherTraining("t1", "Oxford", date(2019, 1, 1), date(2020, 1, 1), 130)


def retreat(
    ident: str,
    start: date,
    days: float = 5,
    teacher_led: bool = True,
    mode: RetreatMode = RetreatMode.RESIDENTIAL,
) -> Retreat:
    return Retreat(ident, start, days, teacher_led, mode)


def cpd(ident: str, day: date, hours: float = 3, participatory: bool = True) -> CPDActivity:
    return CPDActivity(ident, day, hours, "workshop", participatory)


def check(
    rule_id: str,
    as_of: date,
    profile: Profile = GPG,
    training: TeacherTraining = TRAINED_2020,
    days: int = 30,
    **records: object,
) -> CheckResult:
    teacher = TeacherRecords(
        "t",
        TrainingPathway(trainings=(training,)),
        **records,  # type: ignore[arg-type]
    )
    return evaluate(teacher, profile, as_of, days).check(rule_id)


def retreat_status(as_of: date, *retreats: Retreat) -> Status:
    return check("retreat-annual", as_of, retreats=retreats).status


# Retreat: 5 teacher-led days in the last 12 months, blocks add up.


def test_retreat_exactly_12_months_ago_no_longer_counts() -> None:
    block = retreat("r", date(2025, 3, 10))
    assert retreat_status(date(2026, 3, 9), block) is Status.DUE_SOON
    assert retreat_status(date(2026, 3, 10), block) is Status.NOT_MET


def test_retreat_is_due_soon_when_it_drops_out_within_the_horizon() -> None:
    block = retreat("r", date(2025, 3, 20))
    result = check("retreat-annual", date(2026, 2, 28), retreats=(block,))
    assert result.status is Status.DUE_SOON
    assert result.next_due == date(2026, 3, 20)
    assert "more is due by 20 March 2026" in result.reason
    earlier = check("retreat-annual", date(2026, 2, 17), retreats=(block,))
    assert earlier.status is Status.MET  # 31 days to go
    assert earlier.next_due == date(2026, 3, 20)
    assert "Met until 19 March 2026" in earlier.reason


def test_retreat_blocks_add_up() -> None:
    blocks = (retreat("a", date(2025, 6, 1), 2), retreat("b", date(2025, 9, 1), 1.5))
    assert retreat_status(date(2025, 12, 1), *blocks) is Status.NOT_MET
    third = retreat("c", date(2025, 11, 1), 1.5)
    result = check("retreat-annual", date(2025, 12, 1), retreats=(*blocks, third))
    assert result.status is Status.MET
    assert result.amount == 5
    assert result.evidence == ("a", "b", "c")
    # The first block leaving on 1 June 2026 drops the total below 5.
    assert result.next_due == date(2026, 6, 1)


def test_retreat_next_due_is_when_the_total_first_falls_short() -> None:
    blocks = (
        retreat("a", date(2025, 6, 1), 2),
        retreat("b", date(2025, 9, 1), 5),
        retreat("c", date(2025, 11, 1), 1),
    )
    result = check("retreat-annual", date(2025, 12, 1), retreats=blocks)
    assert result.amount == 8
    # Losing "a" still leaves 6 days; each of "b"'s days (1 to 5 September 2025) leaves on
    # its own anniversary: 5 days left on 1 September 2026, 4 on 2 September.
    assert result.next_due == date(2026, 9, 2)


def test_retreat_must_be_teacher_led_and_online_counts_unless_tightened() -> None:
    online = retreat("o", date(2025, 10, 1), mode=RetreatMode.ONLINE)
    self_led = retreat("s", date(2025, 10, 1), teacher_led=False)
    assert retreat_status(date(2026, 1, 1), self_led) is Status.NOT_MET
    assert retreat_status(date(2026, 1, 1), online) is Status.MET
    strict = apply_overrides(GPG, {"retreat-annual": {"options": {"online_counts": False}}})
    result = check("retreat-annual", date(2026, 1, 1), strict, retreats=(online,))
    assert result.status is Status.NOT_MET
    assert "in-person teacher-led retreat" in result.reason


def test_retreat_in_one_block_when_blocks_may_not_add_up() -> None:
    strict = apply_overrides(GPG, {"retreat-annual": {"options": {"blocks_add_up": False}}})
    split = (retreat("a", date(2025, 6, 1), 3), retreat("b", date(2025, 9, 1), 3))
    assert check("retreat-annual", date(2026, 1, 1), strict, retreats=split).status is (
        Status.NOT_MET
    )
    whole = (*split, retreat("c", date(2025, 7, 1), 5))
    result = check("retreat-annual", date(2026, 1, 1), strict, retreats=whole)
    assert result.status is Status.MET
    assert result.evidence == ("c",)
    assert result.next_due == date(2026, 7, 1)


def test_leap_day_retreat_counts_through_28_february() -> None:
    leap = retreat("leap", date(2024, 2, 29))
    assert retreat_status(date(2025, 2, 28), leap) is Status.DUE_SOON
    assert check("retreat-annual", date(2025, 2, 28), retreats=(leap,)).next_due == date(2025, 3, 1)
    assert retreat_status(date(2025, 3, 1), leap) is Status.NOT_MET


def test_records_after_as_of_are_ignored() -> None:
    future = retreat("future", date(2026, 1, 2))
    assert retreat_status(date(2026, 1, 1), future) is Status.NOT_MET
    assert retreat_status(date(2026, 1, 2), future) is Status.MET


def test_retreat_rule_does_not_apply_before_training_is_complete() -> None:
    in_training = TeacherTraining("t2", "Bangor", date(2025, 1, 1), date(2026, 6, 30), 120)
    result = check("retreat-annual", date(2026, 1, 1), training=in_training)
    assert result.status is Status.NOT_APPLICABLE
    assert "teacher training ends 30 June 2026" in result.reason


# Calendar-year CPD (Breathworks: 6 hours of participatory CPD events a year).


def cpd_check(as_of: date, *activities: CPDActivity, **kwargs: object) -> CheckResult:
    return check("cpd-events", as_of, BREATHWORKS, cpd=activities, **kwargs)  # type: ignore[arg-type]


def test_calendar_year_met_once_the_hours_are_in() -> None:
    result = cpd_check(date(2026, 5, 1), cpd("a", date(2026, 1, 1), 4), cpd("b", date(2026, 4, 30)))
    assert result.status is Status.MET
    assert result.next_due == date(2027, 12, 31)
    assert result.reason == "7 h of participatory CPD in 2026; 6 h needed each calendar year."


def test_calendar_year_in_progress_is_met_until_december_then_due_soon() -> None:
    last_year = cpd("old", date(2025, 3, 1), 6)
    march = cpd_check(date(2026, 3, 1), last_year, cpd("a", date(2026, 2, 1), 2))
    assert march.status is Status.MET
    assert march.next_due == date(2026, 12, 31)
    assert march.shortfall == 4
    assert "2 h of participatory CPD so far in 2026; 6 h needed by 31 December 2026" in (
        march.reason
    )
    december = cpd_check(date(2026, 12, 1), last_year, cpd("a", date(2026, 2, 1), 2))
    assert december.status is Status.DUE_SOON


def test_calendar_year_boundary_is_midnight_on_new_years_eve() -> None:
    late = cpd("late", date(2025, 12, 31), 6)
    assert cpd_check(date(2025, 12, 31), late).status is Status.MET
    january = cpd_check(date(2026, 1, 1), late)
    assert january.status is Status.MET  # 2025 was met; 2026 has just begun
    assert january.amount == 0


def test_a_short_previous_year_is_not_met_until_this_year_is() -> None:
    short = cpd("short", date(2025, 6, 1), 2)
    result = cpd_check(date(2026, 2, 1), short)
    assert result.status is Status.NOT_MET
    assert result.reason == (
        "2 h of participatory CPD in 2025; 6 h were needed. So far in 2026: none."
    )
    assert [detail.label for detail in result.details] == ["2025", "2026"]
    fixed = cpd_check(date(2026, 2, 1), short, cpd("new", date(2026, 1, 20), 6))
    assert fixed.status is Status.MET


def test_previous_year_is_not_judged_when_the_teacher_was_not_yet_trained() -> None:
    trained_mid_2025 = TeacherTraining("t3", "Bangor", date(2024, 6, 1), date(2025, 6, 30), 130)
    result = cpd_check(date(2026, 2, 1), training=trained_mid_2025)
    assert result.status is Status.MET
    assert result.next_due == date(2026, 12, 31)


def test_non_participatory_cpd_does_not_count_for_events() -> None:
    reading = cpd("reading", date(2026, 1, 5), 10, participatory=False)
    result = cpd_check(date(2026, 1, 6), reading)
    assert result.amount == 0
    suggested = check("cpd-suggested", date(2026, 1, 6), BREATHWORKS, cpd=(reading,))
    assert suggested.amount == 10
    assert suggested.advisory


# CPD credits (MTAI-like): 10 credits a year; supervision earns 1 credit an hour.


def test_credits_add_cpd_and_supervision() -> None:
    supervision = tuple(
        SupervisionSession(f"s{i}", date(2026, i, 10), 60, SupervisionFormat.ONE_TO_ONE)
        for i in range(1, 5)
    )
    peer = SupervisionSession("peer", date(2026, 5, 1), 600, SupervisionFormat.PEER)
    stated = CPDActivity("conf", date(2026, 3, 1), 2, "conference", True, credits=5)
    per_hour = cpd("w", date(2026, 4, 1), 1.5)
    result = check(
        "cpd-credits",
        date(2026, 6, 1),
        CREDITS,
        supervision=(*supervision, peer),
        cpd=(stated, per_hour),
    )
    assert result.amount == pytest.approx(4 + 5 + 1.5)
    assert result.status is Status.MET
    assert "peer" not in result.evidence
    assert result.reason.startswith("10.5 CPD credits in 2026")


def test_credits_short_last_year_are_not_met() -> None:
    result = check("cpd-credits", date(2026, 1, 15), CREDITS, cpd=(cpd("a", date(2025, 5, 1)),))
    assert result.status is Status.NOT_MET
    assert result.reason == "3 CPD credits in 2025; 10 were needed. So far in 2026: none."


# Annual declaration: a complete declaration in the last 12 months.


def test_only_complete_declarations_count() -> None:
    blank = AnnualDeclaration("d0", date(2025, 9, 1), "Daily sitting", "", "Monthly with A")
    full = AnnualDeclaration("d1", date(2025, 9, 1), "Daily sitting", "HCPC", "Monthly with A")
    assert check("annual-declaration", date(2026, 1, 1), declarations=(blank,)).status is (
        Status.NOT_MET
    )
    result = check("annual-declaration", date(2026, 1, 1), declarations=(full,))
    assert result.status is Status.MET
    assert result.next_due == date(2026, 9, 1)


def test_due_soon_days_is_configurable() -> None:
    block = retreat("r", date(2025, 3, 20))
    assert check("retreat-annual", date(2026, 2, 1), retreats=(block,)).status is Status.MET
    wide = check("retreat-annual", date(2026, 2, 1), days=60, retreats=(block,))
    assert wide.status is Status.DUE_SOON
    none = check("retreat-annual", date(2026, 3, 19), days=0, retreats=(block,))
    assert none.status is Status.MET
    zero_day = check("retreat-annual", date(2026, 3, 20), days=0, retreats=(block,))
    assert zero_day.status is Status.NOT_MET
