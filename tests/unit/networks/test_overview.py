"""Where the network stands: every count below 3 is suppressed, whatever the mix."""

from __future__ import annotations

import json
from itertools import product

from hypothesis import given
from hypothesis import strategies as st

from backend.networks.overview import FEWER, NOT_SHOWN, change, overview, row_cells, standards

CHARACTERISTICS = [("make-it-fit", "Make it fit"), ("build-a-team", "Build a team")]
STAGES = [("starting_out", "Starting out"), ("developmental", "Developmental")]
stage = st.sampled_from(["starting_out", "developmental", ""])
snapshot = st.fixed_dictionaries({"make-it-fit": stage, "build-a-team": stage})


@given(st.lists(st.tuples(st.text(max_size=5), st.booleans(), snapshot), max_size=12))
def test_no_count_below_three_is_ever_shown(services) -> None:
    shared = [(name, named, json.dumps(snap)) for name, named, snap in services]
    view = overview(shared, CHARACTERISTICS, STAGES)
    cells = [
        view.services,
        *(c for _, _, row in view.rows for c in row),
        *(c for _, c in view.weakest),
    ]
    for cell in cells:
        assert cell.count is None or cell.count >= 3
        assert (cell.text == FEWER) == (cell.count is None and not cell.protected)
    for _, _, row in view.rows:  # what is shown never exceeds the truth
        assert sum(c.count or 0 for c in row) <= len(shared)
    assert view.named == sorted(name for name, named, _ in shared if named)


def _values_a_reader_could_infer(cells, total):
    """For each cell: every count it could hold, given what is shown and the row's total
    (a "fewer than 3" is 0 to 2, a "not shown" 3 or more), by brute force."""
    hidden = [i for i, c in enumerate(cells) if c.count is None]
    rest = total - sum(c.count for c in cells if c.count is not None)
    ranges = [range(3) if not cells[i].protected else range(3, rest + 1) for i in hidden]
    possible = {i: set() for i in hidden}
    for values in product(*ranges):
        if sum(values) == rest:
            for i, v in zip(hidden, values, strict=True):
                possible[i].add(v)
    return possible


@given(st.lists(st.integers(min_value=0, max_value=9), min_size=4, max_size=4))
def test_no_small_count_in_a_row_can_be_worked_out_from_its_total(counts) -> None:
    """The stage table's rows add up to the number of sharing services (shown): a count of
    1 or 2 hidden there must not follow from the others by subtraction."""
    cells = row_cells(counts)
    for i, cell in enumerate(cells):
        assert cell.count in (None, counts[i])
        assert (cell.count is None) == (counts[i] < 3 or cell.protected)
    if all(c.count is None for c in cells):
        return  # the total itself is then left out when it would give them away (below)
    for i, values in _values_a_reader_could_infer(cells, sum(counts)).items():
        assert counts[i] in values
        if not cells[i].protected:
            assert len(values) > 1 or values == {0}, (counts, [c.text for c in cells])


def test_a_total_that_would_give_every_hidden_count_away_is_left_out() -> None:
    stages = [("a", "A"), ("b", "B"), ("c", "C")]
    snaps = [json.dumps({"make-it-fit": s}) for s in ["a", "a", "b", "b", "c", "c", "", ""]]
    view = overview(
        [(f"S{i}", False, snap) for i, snap in enumerate(snaps)], CHARACTERISTICS[:1], stages
    )
    assert [c.text for c in view.rows[0][2]] == [FEWER] * 4
    assert view.services.text == NOT_SHOWN


def test_a_lone_small_count_takes_the_smallest_other_with_it() -> None:
    cells = row_cells([5, 1, 7, 4])
    assert [c.text for c in cells] == ["5", FEWER, "7", NOT_SHOWN]
    assert [c.text for c in row_cells([6, 0, 4, 3])] == ["6", FEWER, "4", "3"]  # none at a stage


def test_counts_of_three_or_more_are_shown() -> None:
    snap = json.dumps({"make-it-fit": "developmental", "build-a-team": "starting_out"})
    view = overview([(f"S{i}", False, snap) for i in range(4)], CHARACTERISTICS, STAGES)
    assert view.services.text == "4"
    assert [c.text for c in view.rows[0][2]] == [FEWER, "4", FEWER]
    assert view.weakest == [("Build a team", view.weakest[0][1])]
    assert view.weakest[0][1].count == 4
    assert view.named == []


def test_a_snapshot_naming_unknown_things_is_ignored() -> None:
    odd = [("X", True, json.dumps({"make-it-fit": "<script>", "nope": "developmental"}))] * 3
    odd.append(("Y", False, "not json"))
    view = overview(odd, CHARACTERISTICS, STAGES)
    assert [c.text for c in view.rows[0][2]] == [FEWER, FEWER, "4"]


# Good-practice counts shared with a network: teachers meeting each standard.

RULES = ["supervision", "retreat", "cpd"]
team_counts = st.dictionaries(st.sampled_from(RULES), st.integers(0, 6))


def _shared(teams: list[dict[str, int]]) -> list[str]:
    return [json.dumps({r: {"title": r.title(), "met": n} for r, n in t.items()}) for t in teams]


@given(st.lists(team_counts, max_size=8))
def test_no_teacher_count_below_three_is_shown_nor_over_fewer_than_three_services(teams) -> None:
    view = standards(_shared(teams))
    assert view.services.count is None or view.services.count >= 3
    if len(teams) < 3:
        assert view.rows == []
    for _, cell in view.rows:
        assert cell.count is None or cell.count >= 3
        assert (cell.text == FEWER) == (cell.count is None and not cell.protected)
    if len(teams) >= 3:
        assert [t for t, _ in view.rows] == sorted({r.title() for t in teams for r in t})


@given(st.lists(team_counts, min_size=3, max_size=8), st.integers(0, 2))
def test_a_suppressed_teacher_count_cannot_be_recovered_from_the_rest(teams, other) -> None:
    """Whatever the true count behind a "fewer than 3" (0, 1 or 2), everything shown is
    the same: no total or other standard's count gives it away by subtraction."""
    view = standards(_shared(teams))
    for rule in RULES:
        holders = [t for t in teams if rule in t]
        if not holders or sum(t[rule] for t in holders) >= 3:
            continue
        changed = [dict(t) for t in teams]
        first = True
        for t in changed:
            if rule in t:
                t[rule], first = (other if first else 0), False
        assert standards(_shared(changed)) == view


def test_teacher_counts_of_three_or_more_across_three_services_are_shown() -> None:
    view = standards(_shared([{"cpd": 2, "retreat": 1}, {"cpd": 1}, {"cpd": 0, "retreat": 1}]))
    assert view.services.text == "3"
    assert [(t, c.text) for t, c in view.rows] == [("Cpd", "3"), ("Retreat", FEWER)]
    assert standards(_shared([{"cpd": 9}, {"cpd": 9}])).rows == []
    odd = standards(["nonsense", json.dumps({"x": {"title": "X", "met": True}}), "[]"])
    assert odd.rows == []


# Change over the last year: services that moved stage, per characteristic.

THREE = [("starting_out", "Starting out"), ("developmental", "Developmental"), ("mature", "M")]
moved_stage = st.sampled_from(["starting_out", "developmental", "mature", ""])
pair = st.tuples(
    st.fixed_dictionaries({"make-it-fit": moved_stage, "build-a-team": moved_stage}),
    st.fixed_dictionaries({"make-it-fit": moved_stage, "build-a-team": moved_stage}),
)


def _pairs(items) -> list[tuple[str, str]]:
    return [(json.dumps(a), json.dumps(b)) for a, b in items]


@given(st.lists(pair, max_size=10))
def test_no_count_of_services_that_moved_below_three_is_shown(items) -> None:
    view = change(_pairs(items), CHARACTERISTICS, THREE)
    if len(items) < 3:
        assert view.rows == []
    for _, on, back in view.rows:
        for cell in (on, back):
            assert cell.count is None or cell.count >= 3
        assert (on.count or 0) + (back.count or 0) <= len(items)


@given(st.lists(pair, min_size=3, max_size=10), st.integers(1, 4))
def test_how_many_services_stayed_put_is_never_shown(items, extra) -> None:
    """Adding services that did not move changes nothing shown: no total is shown beside
    the counts that moved, so a suppressed count cannot be recovered by subtraction."""
    still = {"make-it-fit": "developmental", "build-a-team": "developmental"}
    more = items + [(still, still)] * extra
    assert change(_pairs(more), CHARACTERISTICS, THREE) == change(
        _pairs(items), CHARACTERISTICS, THREE
    )


def test_services_that_moved_on_or_back_are_counted() -> None:
    up = ({"make-it-fit": "starting_out", "build-a-team": "mature"}, {"make-it-fit": "mature"})
    view = change(_pairs([up] * 4), CHARACTERISTICS, THREE)
    assert [(t, on.text, back.text) for t, on, back in view.rows] == [
        ("Make it fit", "4", FEWER),
        ("Build a team", FEWER, FEWER),  # not assessed now: not compared
    ]


def test_a_year_ago_from_a_leap_day_is_the_28th_of_february() -> None:
    from datetime import date

    from backend.networks.overview_routes import year_ago

    assert year_ago(date(2028, 2, 29)) == date(2027, 2, 28)
    assert year_ago(date(2026, 12, 1)) == date(2025, 12, 1)
