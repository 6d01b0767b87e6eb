"""Stage progress over time, replayed from status changes."""

from __future__ import annotations

import itertools
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from backend.journey import (
    STAGE_ORDER,
    Action,
    ActionStatus,
    Characteristic,
    Stage,
    StatusChange,
    TeamJourney,
    assess_journey,
    stage_timeline,
)

SO, DEV, SUS = STAGE_ORDER
IN = ActionStatus.IN_PLACE
NS = ActionStatus.NOT_STARTED


def characteristic(cid: str) -> Characteristic:
    """One action per stage: <cid>.so, <cid>.dev, <cid>.sus."""
    return Characteristic(
        cid,
        1,
        cid,
        "",
        None,
        tuple(
            Stage(name, name.value, (Action(f"{cid}.{short}", 1, "x", cid, name),))
            for name, short in zip(STAGE_ORDER, ("so", "dev", "sus"), strict=True)
        ),
    )


JOURNEY = TeamJourney((characteristic("a"), characteristic("b")))


def test_points_follow_the_changes_in_date_order() -> None:
    changes = [
        StatusChange("a.dev", IN, date(2024, 3, 1)),
        StatusChange("a.so", IN, date(2024, 1, 1)),
        StatusChange("b.so", IN, date(2024, 2, 1)),
    ]
    points = stage_timeline(JOURNEY, changes)
    assert [(p.on, dict(p.stages)) for p in points] == [
        (date(2024, 1, 1), {"a": SO, "b": SO}),
        (date(2024, 3, 1), {"a": DEV, "b": SO}),
    ]
    assert [p.typical for p in points] == [SO, SO]


def test_same_day_changes_apply_in_order_and_the_last_wins() -> None:
    day = date(2024, 5, 5)
    changes = [
        StatusChange("a.so", IN, day),
        StatusChange("a.dev", IN, day),
        StatusChange("a.dev", NS, day),
    ]
    assert dict(stage_timeline(JOURNEY, changes)[-1].stages)["a"] == SO


def test_changes_to_unknown_actions_are_ignored() -> None:
    points = stage_timeline(JOURNEY, [StatusChange("hidden.one", IN, date(2024, 1, 1))])
    assert [dict(p.stages) for p in points] == [{"a": SO, "b": SO}]


def test_initial_statuses_are_the_starting_point() -> None:
    points = stage_timeline(JOURNEY, [StatusChange("a.dev", IN, date(2024, 1, 1))], {"a.so": IN})
    assert dict(points[0].stages)["a"] == DEV


def test_no_changes_no_points() -> None:
    assert stage_timeline(JOURNEY, []) == ()


changes_strategy = st.lists(
    st.builds(
        StatusChange,
        st.sampled_from(["a.so", "a.dev", "a.sus", "b.so", "b.dev", "b.sus", "other"]),
        st.sampled_from(list(ActionStatus)),
        st.dates(date(2020, 1, 1), date(2025, 12, 31)),
    ),
    max_size=30,
)


@given(changes_strategy)
def test_the_last_point_matches_assessing_the_final_statuses(changes: list[StatusChange]) -> None:
    points = stage_timeline(JOURNEY, changes)
    final: dict[str, ActionStatus] = {}
    for change in sorted(changes, key=lambda c: c.on):
        final[change.action_id] = change.status
    if not changes:
        assert points == ()
        return
    expected = {
        p.characteristic_id: p.stage for p in assess_journey(JOURNEY, final).characteristics
    }
    assert dict(points[-1].stages) == expected
    assert [p.on for p in points] == sorted({p.on for p in points})
    assert all(a.stages != b.stages for a, b in itertools.pairwise(points))
