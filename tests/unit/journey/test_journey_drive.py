"""Drive risks from the implementers register."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.dates import add_months_clamped
from backend.journey import DriveRisk, Implementer, RiskKind, Seniority, drive_risks

AS_OF = date(2025, 1, 15)
ASHA = Implementer("asha", "Asha Patel", "MBCT lead", Seniority.PRACTITIONER)
BEN = Implementer("ben", "Ben Hughes", "Psychologist", Seniority.PRACTITIONER)
CARA = Implementer("cara", "Cara Doyle", "", Seniority.SENIOR_MANAGER, top_down_sponsor=True)


def kinds(risks: tuple[DriveRisk, ...]) -> list[RiskKind]:
    return [r.kind for r in risks]


def only(risks: tuple[DriveRisk, ...], kind: RiskKind) -> DriveRisk:
    (found,) = [r for r in risks if r.kind == kind]
    return found


def test_a_healthy_register_has_no_risks() -> None:
    assert drive_risks([ASHA, BEN, CARA], AS_OF) == ()


def test_nobody_at_all() -> None:
    risks = drive_risks([], AS_OF)
    assert kinds(risks) == [RiskKind.NO_IMPLEMENTER]
    assert risks[0].id == "no-implementer"
    assert risks[0].people == ()


def test_a_single_implementer_is_named() -> None:
    risks = drive_risks([replace(ASHA, top_down_sponsor=True)], AS_OF)
    assert kinds(risks) == [RiskKind.SINGLE_IMPLEMENTER]
    assert risks[0].id == "single-implementer"
    assert "Only Asha Patel (MBCT lead) is driving the programme" in risks[0].reason
    assert risks[0].people == ("asha",)


def test_no_senior_sponsor_names_everyone() -> None:
    risk = only(
        drive_risks([ASHA, BEN, replace(CARA, top_down_sponsor=False)], AS_OF),
        RiskKind.NO_SENIOR_SPONSOR,
    )
    assert risk.title == "No senior sponsor"
    assert "Asha Patel (MBCT lead), Ben Hughes (Psychologist) and Cara Doyle" in risk.reason
    assert risk.people == ("asha", "ben", "cara")


def test_no_senior_sponsor_for_a_lone_implementer_reads_well() -> None:
    risk = only(drive_risks([ASHA], AS_OF), RiskKind.NO_SENIOR_SPONSOR)
    assert risk.reason.startswith(
        "The only implementer, Asha Patel (MBCT lead), is not a top-down sponsor."
    )


def test_everyone_at_one_level() -> None:
    risks = drive_risks([ASHA, replace(BEN, top_down_sponsor=True)], AS_OF)
    assert kinds(risks) == [RiskKind.ONE_LEVEL]
    assert "(practitioner): Asha Patel (MBCT lead) and Ben Hughes (Psychologist)" in risks[0].reason


def test_one_person_is_not_also_flagged_as_one_level() -> None:
    assert RiskKind.ONE_LEVEL not in kinds(drive_risks([ASHA], AS_OF))


def test_leaving_within_six_months_without_a_successor() -> None:
    leaving = replace(ASHA, expected_leaving=date(2025, 7, 15))
    risk = only(drive_risks([leaving, BEN, CARA], AS_OF), RiskKind.LEAVING_NO_SUCCESSOR)
    assert risk.id == "leaving-no-successor:asha"
    assert risk.reason == (
        "Asha Patel (MBCT lead) is expected to leave on 15 July 2025, and no successor is named."
    )
    assert risk.people == ("asha",)


def test_leaving_just_after_six_months_is_not_flagged() -> None:
    leaving = replace(ASHA, expected_leaving=date(2025, 7, 16))
    assert drive_risks([leaving, BEN, CARA], AS_OF) == ()


def test_a_named_active_successor_removes_the_flag() -> None:
    leaving = replace(ASHA, expected_leaving=date(2025, 3, 1), successor_id="ben")
    assert drive_risks([leaving, BEN, CARA], AS_OF) == ()


@pytest.mark.parametrize(
    ("successor_id", "others", "why"),
    [
        ("nobody", [BEN, CARA], "their named successor is not a current implementer"),
        (
            "gone",
            [BEN, CARA, replace(BEN, id="gone", expected_leaving=date(2024, 12, 1))],
            "not a current implementer",
        ),
        ("asha", [BEN, CARA], "they are named as their own successor"),
        (
            "ben",
            [replace(BEN, expected_leaving=date(2025, 2, 1)), CARA],
            "their named successor, Ben Hughes (Psychologist), is also leaving",
        ),
    ],
)
def test_a_successor_who_cannot_take_over_does_not_count(
    successor_id: str, others: list[Implementer], why: str
) -> None:
    leaving = replace(ASHA, expected_leaving=date(2025, 3, 1), successor_id=successor_id)
    risks = [
        r for r in drive_risks([leaving, *others], AS_OF) if r.id == "leaving-no-successor:asha"
    ]
    assert len(risks) == 1
    assert why in risks[0].reason


def test_people_who_have_already_left_do_not_count() -> None:
    left = replace(CARA, expected_leaving=date(2025, 1, 14))
    risks = drive_risks([ASHA, BEN, left], AS_OF)
    assert kinds(risks) == [RiskKind.NO_SENIOR_SPONSOR, RiskKind.ONE_LEVEL]
    assert "Cara" not in " ".join(r.reason for r in risks)


def test_leaving_today_still_counts_as_active_and_leaving() -> None:
    today = replace(CARA, expected_leaving=AS_OF)
    risks = drive_risks([ASHA, BEN, today], AS_OF)
    assert [r.id for r in risks] == ["leaving-no-successor:cara"]


def test_everyone_leaving_soon_gets_a_flag_each() -> None:
    register = [replace(p, expected_leaving=date(2025, 2, 1)) for p in (ASHA, BEN, CARA)]
    ids = [r.id for r in drive_risks(register, AS_OF)]
    assert ids == [
        "leaving-no-successor:asha",
        "leaving-no-successor:ben",
        "leaving-no-successor:cara",
    ]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 15), 6, date(2025, 7, 15)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 12, 1), 1, date(2026, 1, 1)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months_clamped(start, months) == expected


implementers = st.lists(
    st.builds(
        Implementer,
        id=st.sampled_from(["a", "b", "c", "d", "e"]),
        name=st.sampled_from(["Ann", "Bo", "Cy"]),
        role=st.sampled_from(["", "Lead", "Nurse"]),
        seniority=st.sampled_from(list(Seniority)),
        top_down_sponsor=st.booleans(),
        expected_leaving=st.none() | st.dates(date(2024, 1, 1), date(2026, 12, 31)),
        successor_id=st.none() | st.sampled_from(["a", "b", "c", "d", "e"]),
    ),
    max_size=6,
    unique_by=lambda p: p.id,
)


@given(implementers)
def test_risk_ids_are_unique_and_no_implementer_stands_alone(register: list[Implementer]) -> None:
    risks = drive_risks(register, AS_OF)
    assert len({r.id for r in risks}) == len(risks)
    if RiskKind.NO_IMPLEMENTER in kinds(risks):
        assert len(risks) == 1
    known = {p.id for p in register}
    assert all(set(r.people) <= known for r in risks)
    assert all(r.reason and r.title for r in risks)


@given(implementers)
def test_adding_an_active_senior_sponsor_clears_the_sponsor_and_level_flags(
    register: list[Implementer],
) -> None:
    active_levels = {
        p.seniority for p in register if p.expected_leaving is None or p.expected_leaving >= AS_OF
    }
    sponsor = Implementer("z", "Zed", "Director", Seniority.SENIOR_MANAGER, top_down_sponsor=True)
    after = kinds(drive_risks([*register, sponsor], AS_OF))
    assert RiskKind.NO_SENIOR_SPONSOR not in after
    assert RiskKind.NO_IMPLEMENTER not in after
    if active_levels - {Seniority.SENIOR_MANAGER}:
        assert RiskKind.ONE_LEVEL not in after


@given(implementers, st.dates(date(2024, 1, 1), date(2026, 12, 31)))
def test_every_flagged_leaver_leaves_within_six_months(
    register: list[Implementer], as_of: date
) -> None:
    by_id = {p.id: p for p in register}
    for risk in drive_risks(register, as_of):
        if risk.kind == RiskKind.LEAVING_NO_SUCCESSOR:
            leaving = by_id[risk.people[0]].expected_leaving
            assert leaving is not None
            assert as_of <= leaving <= add_months_clamped(as_of, 6)
