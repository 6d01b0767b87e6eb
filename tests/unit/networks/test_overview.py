"""Where the network stands: every count below 3 is suppressed, whatever the mix."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from backend.networks.overview import FEWER, overview

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
        assert (cell.text == FEWER) == (cell.count is None)
    for _, _, row in view.rows:  # what is shown never exceeds the truth
        assert sum(c.count or 0 for c in row) <= len(shared)
    assert view.named == sorted(name for name, named, _ in shared if named)


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
