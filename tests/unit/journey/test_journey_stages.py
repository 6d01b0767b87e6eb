"""Strength, derived stage, focus stage, overall picture and action plan."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.journey import (
    STAGE_ORDER,
    Action,
    ActionState,
    ActionStatus,
    Characteristic,
    Stage,
    StageName,
    StageStrength,
    TeamAdditions,
    TeamJourney,
    action_plan,
    assess_characteristic,
    assess_journey,
    derive_stage,
    load_content,
    stage_strength,
    team_journey,
)
from backend.journey.rules.logic import summarise

SO, DEV, SUS = STAGE_ORDER
NS = ActionStatus.NOT_STARTED
PART = ActionStatus.PARTLY_IN_PLACE
IN = ActionStatus.IN_PLACE
NA = ActionStatus.NOT_APPLICABLE


def characteristic(counts: tuple[int, int, int], cid: str = "c") -> Characteristic:
    """A characteristic with `counts` actions per stage, ids like c.starting_out.0."""
    return Characteristic(
        id=cid,
        version=1,
        title=cid.upper(),
        summary="",
        related_theme=None,
        stages=tuple(
            Stage(
                name,
                name.value,
                tuple(
                    Action(f"{cid}.{name.value}.{n}", 1, f"do {n}", cid, name) for n in range(count)
                ),
            )
            for name, count in zip(STAGE_ORDER, counts, strict=True)
        ),
    )


def statuses_for(
    cid: str, so: list[ActionStatus], dev: list[ActionStatus], sus: list[ActionStatus]
) -> dict[str, ActionStatus]:
    found = {}
    for name, statuses in zip(STAGE_ORDER, (so, dev, sus), strict=True):
        for n, status in enumerate(statuses):
            found[f"{cid}.{name.value}.{n}"] = status
    return found


def picture(
    so: list[ActionStatus], dev: list[ActionStatus], sus: list[ActionStatus]
) -> tuple[StageName | None, StageName | None]:
    ch = characteristic((len(so), len(dev), len(sus)))
    assessed = assess_characteristic(ch, statuses_for("c", so, dev, sus))
    return assessed.stage, assessed.focus


def strength(name: StageName, points: int, applicable: int) -> StageStrength:
    return StageStrength(name, points, applicable)


# --- strength -------------------------------------------------------------------------


def test_strength_counts_points_and_leaves_out_not_applicable() -> None:
    ch = characteristic((4, 0, 0))
    statuses = statuses_for("c", [IN, IN, PART, NA], [], [])
    result = stage_strength(ch.stage(SO), statuses)
    assert (result.points, result.applicable, result.not_applicable) == (5, 3, 1)
    assert result.possible == 6
    assert result.percent == 83


def test_an_action_without_a_status_counts_as_not_started() -> None:
    ch = characteristic((2, 0, 0))
    result = stage_strength(ch.stage(SO), {"c.starting_out.0": IN})
    assert (result.points, result.applicable, result.percent) == (2, 2, 50)


def test_a_stage_with_nothing_applicable_has_no_strength() -> None:
    ch = characteristic((2, 0, 0))
    assert stage_strength(ch.stage(SO), statuses_for("c", [NA, NA], [], [])).percent is None
    assert stage_strength(ch.stage(DEV), {}).percent is None


def test_percent_rounds_down_and_thresholds_are_exact() -> None:
    just_under = strength(SO, 127, 80)  # 79.375%
    assert just_under.percent == 79
    assert not just_under.reaches(80)
    exactly = strength(SO, 8, 5)  # 80%
    assert exactly.percent == 80
    assert exactly.reaches(80)
    assert strength(SO, 2, 3).percent == 33


def test_statuses_may_arrive_as_plain_strings() -> None:
    ch = characteristic((2, 0, 0))
    from_db: dict[str, Any] = {"c.starting_out.0": "in_place", "c.starting_out.1": "not_applicable"}
    result = stage_strength(ch.stage(SO), from_db)
    assert (result.points, result.applicable) == (2, 1)


# --- derived stage ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("so", "dev", "sus", "expected"),
    [
        ([NS, NS], [NS], [NS], SO),
        ([IN, PART], [IN], [IN], SO),  # starting out 75%: not established
        ([IN, IN, IN, IN, PART], [IN], [IN], SUS),  # 90%, 100%, 100%
        ([IN, IN], [NS], [NS], SO),  # developmental 0%: not under way
        ([IN, IN], [IN, NS], [NS], DEV),  # developmental exactly 50%
        ([IN, IN], [PART, NS], [NS], SO),  # developmental 25%
        ([IN, IN], [IN, IN, IN, PART, NS], [IN], DEV),  # developmental 70%: sustainable waits
        ([IN, IN], [IN, IN, IN, IN, NS], [IN], SUS),  # developmental exactly 80%
        ([IN, IN], [IN, IN, IN, IN, PART], [IN, NS], SUS),  # 100, 90, 50
        ([IN, IN], [IN, IN, IN, IN, PART], [PART, NS], DEV),  # sustainable 25%
        ([NA, NA], [NA], [NA], None),
        ([], [], [], None),
        ([NA], [NA], [NS], DEV),  # empty stages count as established
        ([NA], [NA], [IN], SUS),
        ([NS], [NA], [NA], SO),
        ([IN], [NA], [NA], SUS),
    ],
)
def test_derived_stage(
    so: list[ActionStatus],
    dev: list[ActionStatus],
    sus: list[ActionStatus],
    expected: StageName | None,
) -> None:
    assert picture(so, dev, sus)[0] == expected


def test_derive_stage_needs_one_strength_per_stage() -> None:
    with pytest.raises(ValueError, match="exactly one strength"):
        derive_stage([strength(SO, 0, 1), strength(SO, 0, 1), strength(SUS, 0, 1)])
    with pytest.raises(ValueError, match="exactly one strength"):
        derive_stage([strength(SO, 0, 1)])


def test_derive_stage_accepts_strengths_in_any_order() -> None:
    ordered = [strength(SO, 2, 1), strength(DEV, 1, 1), strength(SUS, 0, 1)]
    assert derive_stage(ordered) == derive_stage(list(reversed(ordered))) == DEV


@pytest.mark.parametrize(
    ("so", "dev", "sus", "expected"),
    [
        ([NS], [NS], [NS], SO),
        ([IN], [NS], [NS], DEV),  # working towards developmental while still starting out
        ([IN], [IN, PART], [NS], DEV),
        ([IN], [IN], [NS], SUS),
        ([IN], [IN], [IN], SUS),
        ([NA], [NA], [NA], None),
        ([NA], [NS], [NS], DEV),
    ],
)
def test_focus_stage(
    so: list[ActionStatus],
    dev: list[ActionStatus],
    sus: list[ActionStatus],
    expected: StageName | None,
) -> None:
    assert picture(so, dev, sus)[1] == expected


# --- overall picture ----------------------------------------------------------------------


def test_overall_picture_counts_typical_and_weakest() -> None:
    chars = [characteristic((1, 1, 1), f"c{n}") for n in range(5)]
    statuses = {
        **statuses_for("c0", [IN], [IN], [IN]),  # sustainable
        **statuses_for("c1", [IN], [IN], [NS]),  # developmental
        **statuses_for("c2", [IN], [IN], [NS]),  # developmental
        **statuses_for("c3", [NS], [NS], [NS]),  # starting out
        **statuses_for("c4", [NA], [NA], [NA]),  # not assessed
    }
    overall = assess_journey(TeamJourney(tuple(chars)), statuses)
    assert dict(overall.counts) == {SO: 1, DEV: 2, SUS: 1}
    assert overall.not_assessed == ("c4",)
    assert overall.typical == DEV
    assert overall.weakest == SO
    assert overall.weakest_ids == ("c3",)
    pooled = {s.stage: (s.points, s.applicable, s.not_applicable) for s in overall.stage_strengths}
    assert pooled == {SO: (6, 4, 1), DEV: (6, 4, 1), SUS: (2, 4, 1)}


def test_typical_is_the_lower_median() -> None:
    chars = [characteristic((1, 1, 1), f"c{n}") for n in range(2)]
    statuses = {**statuses_for("c0", [IN], [IN], [IN]), **statuses_for("c1", [NS], [NS], [NS])}
    overall = assess_journey(TeamJourney(tuple(chars)), statuses)
    assert overall.typical == SO


def test_nothing_assessed_means_no_overall_stage() -> None:
    overall = assess_journey(TeamJourney((characteristic((0, 0, 0)),)), {})
    assert (overall.typical, overall.weakest, overall.weakest_ids) == (None, None, ())
    assert overall.not_assessed == ("c",)


def test_a_new_team_is_starting_out_everywhere() -> None:
    journey = team_journey(load_content(), TeamAdditions())
    overall = assess_journey(journey, {})
    assert dict(overall.counts) == {SO: 7, DEV: 0, SUS: 0}
    assert overall.typical == overall.weakest == SO
    assert all(p.strength(SO).percent == 0 for p in overall.characteristics)


# --- action plan ------------------------------------------------------------------------


AS_OF = date(2025, 6, 1)


def test_plan_lists_gaps_up_to_the_focus_stage() -> None:
    ch = characteristic((3, 2, 1))
    states = {
        "c.starting_out.0": ActionState(IN),
        "c.starting_out.1": ActionState(IN),
        "c.starting_out.2": ActionState(NA),
        "c.developmental.0": ActionState(PART),
    }
    plan = action_plan(TeamJourney((ch,)), states, AS_OF)
    assert [item.action_id for item in plan] == ["c.developmental.0", "c.developmental.1"]
    assert plan[0].status == PART
    assert plan[1].status == NS
    assert plan[0].characteristic_title == "C"


def test_plan_keeps_gaps_left_behind_in_earlier_stages() -> None:
    ch = characteristic((5, 1, 1))
    states = {f"c.starting_out.{n}": ActionState(IN) for n in range(4)}
    states["c.developmental.0"] = ActionState(IN)
    plan = action_plan(TeamJourney((ch,)), states, AS_OF)
    assert [item.action_id for item in plan] == ["c.starting_out.4", "c.sustainable.0"]


def test_plan_includes_later_actions_that_already_have_an_owner_or_due_date() -> None:
    ch = characteristic((1, 2, 1))
    states = {
        "c.developmental.1": ActionState(NS, owner="Sam"),
        "c.sustainable.0": ActionState(NS, due=date(2026, 1, 1)),
    }
    plan = action_plan(TeamJourney((ch,)), states, AS_OF)
    assert [item.action_id for item in plan] == [
        "c.starting_out.0",
        "c.developmental.1",
        "c.sustainable.0",
    ]
    assert plan[1].owner == "Sam"


def test_plan_marks_overdue_items_as_of_a_date() -> None:
    ch = characteristic((3, 0, 0))
    states = {
        "c.starting_out.0": ActionState(NS, owner="Ali", due=date(2025, 5, 31)),
        "c.starting_out.1": ActionState(PART, due=AS_OF),
        "c.starting_out.2": ActionState(IN, due=date(2020, 1, 1)),
    }
    plan = action_plan(TeamJourney((ch,)), states, AS_OF)
    assert [(i.action_id, i.overdue) for i in plan] == [
        ("c.starting_out.0", True),
        ("c.starting_out.1", False),
    ]


def test_plan_for_a_new_team_is_every_starting_out_action() -> None:
    content = load_content()
    plan = action_plan(team_journey(content, TeamAdditions()), {}, AS_OF)
    expected = [a.id for ch in content.characteristics for a in ch.stage(SO).actions]
    assert [item.action_id for item in plan] == expected
    assert any(item.suggestion for item in plan)
    assert not any(item.overdue for item in plan)


# --- properties -----------------------------------------------------------------------------

statuses_list = st.lists(st.sampled_from(list(ActionStatus)), max_size=6)
UPGRADES = {NS: [PART, IN], PART: [IN], NA: [IN], IN: []}


@st.composite
def graded(draw: st.DrawFn, cid: str = "c") -> tuple[Characteristic, dict[str, ActionStatus]]:
    so, dev, sus = draw(statuses_list), draw(statuses_list), draw(statuses_list)
    ch = characteristic((len(so), len(dev), len(sus)), cid)
    return ch, statuses_for(cid, so, dev, sus)


def rank(stage: StageName | None) -> int:
    return -1 if stage is None else stage.rank


@given(graded(), st.data())
def test_moving_one_action_up_never_lowers_strength_or_stage(
    case: tuple[Characteristic, dict[str, ActionStatus]], data: st.DataObject
) -> None:
    ch, statuses = case
    movable = [k for k, v in statuses.items() if UPGRADES[v]]
    if not movable:
        return
    action_id = data.draw(st.sampled_from(movable))
    better = {**statuses, action_id: data.draw(st.sampled_from(UPGRADES[statuses[action_id]]))}
    before, after = assess_characteristic(ch, statuses), assess_characteristic(ch, better)
    for old, new in zip(before.strengths, after.strengths, strict=True):
        if old.percent is not None:
            assert new.percent is not None
            assert new.percent >= old.percent
    if before.stage is not None:
        assert after.stage is not None
        assert after.stage.rank >= before.stage.rank
    assert after.stage is not None


@given(graded())
def test_focus_is_never_below_the_derived_stage(
    case: tuple[Characteristic, dict[str, ActionStatus]],
) -> None:
    ch, statuses = case
    result = assess_characteristic(ch, statuses)
    assert (result.stage is None) == (result.focus is None)
    assert rank(result.focus) >= rank(result.stage)


@given(graded())
def test_strength_is_a_percentage_consistent_with_the_thresholds(
    case: tuple[Characteristic, dict[str, ActionStatus]],
) -> None:
    ch, statuses = case
    for s in assess_characteristic(ch, statuses).strengths:
        if s.percent is None:
            assert s.applicable == 0
            assert s.reaches(80)
        else:
            assert 0 <= s.percent <= 100
            assert s.reaches(80) == (s.percent >= 80)
            assert s.reaches(50) == (s.percent >= 50)


@given(graded())
def test_stages_are_nested(case: tuple[Characteristic, dict[str, ActionStatus]]) -> None:
    ch, statuses = case
    result = assess_characteristic(ch, statuses)
    start, developing, lasting = result.strengths
    if result.stage == SUS:
        assert start.reaches(80)
        assert developing.reaches(80)
        assert lasting.reaches(50)
    if result.stage == DEV:
        assert start.reaches(80)
        assert developing.reaches(50)
        assert not (developing.reaches(80) and lasting.reaches(50))


@given(st.tuples(*(graded(f"c{n}") for n in range(7))))
def test_overall_counts_add_up_and_weakest_is_not_above_typical(
    cases: tuple[tuple[Characteristic, dict[str, ActionStatus]], ...],
) -> None:
    pictures = [assess_characteristic(ch, statuses) for ch, statuses in cases]
    overall = summarise(pictures)
    assert sum(n for _, n in overall.counts) + len(overall.not_assessed) == len(pictures)
    assert rank(overall.weakest) <= rank(overall.typical)
    at_weakest = {
        p.characteristic_id for p in pictures if p.stage is not None and p.stage == overall.weakest
    }
    assert set(overall.weakest_ids) == at_weakest
    ranks = sorted(rank(p.stage) for p in pictures if p.stage is not None)
    if ranks:
        assert sum(r <= rank(overall.typical) for r in ranks) * 2 >= len(ranks)
        assert sum(r >= rank(overall.typical) for r in ranks) * 2 > len(ranks)


@given(graded())
def test_plan_holds_only_open_applicable_actions_and_every_gap_in_focus(
    case: tuple[Characteristic, dict[str, ActionStatus]],
) -> None:
    ch, statuses = case
    states = {k: ActionState(v) for k, v in statuses.items()}
    plan = action_plan(TeamJourney((ch,)), states, AS_OF)
    assert all(item.status in (NS, PART) for item in plan)
    focus = assess_characteristic(ch, statuses).focus
    if focus is not None:
        gaps = {a.id for a in ch.stage(focus).actions if statuses[a.id] in (NS, PART)}
        assert gaps <= {item.action_id for item in plan}
