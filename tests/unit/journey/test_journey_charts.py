"""Geometry of the journey's pictures: the grid, the timeline and ratings over time."""

from __future__ import annotations

from datetime import date

import pytest

from backend.journey import (
    STAGE_ORDER,
    ActionStatus,
    StageStrength,
    TeamAdditions,
    TimelinePoint,
    assess_journey,
    load_content,
    team_journey,
)
from backend.journey.rules.charts import (
    CELL_BANDS,
    EFFECT_MARKS,
    WIDTH,
    PivotMark,
    Tick,
    cell_band,
    grid_chart,
    ratings_chart,
    timeline_chart,
)
from backend.journey.rules.model import StageName

SO, DEV, SUS = STAGE_ORDER


def journey():
    return team_journey(load_content(), TeamAdditions())


@pytest.mark.parametrize(
    ("points", "applicable", "band"),
    [
        (8, 5, "established"),  # exactly 80%
        (7, 5, "under_way"),  # 70%
        (5, 5, "under_way"),  # exactly 50%
        (4, 5, "started"),  # 40%
        (0, 5, "not_started"),
        (0, 0, "none"),
    ],
)
def test_a_cell_is_coloured_by_the_same_thresholds_as_the_stage_rule(points, applicable, band):
    assert cell_band(StageStrength(SO, points, applicable)) is CELL_BANDS[band]


def test_the_grid_has_a_row_per_characteristic_and_outlines_the_stage_reached():
    team = journey()
    statuses = {a.id: ActionStatus.IN_PLACE for a in team.characteristics[0].stage(SO).actions}
    picture = assess_journey(team, statuses)
    chart = grid_chart(picture)
    assert len(chart.rows) == 7
    assert all(len(r.cells) == 3 for r in chart.rows)
    for row, pic in zip(chart.rows, picture.characteristics, strict=True):
        reached = [c.stage for c in row.cells if c.reached]
        assert reached == [pic.stage]
        for cell in row.cells:
            assert cell.x >= 0
            assert cell.x + cell.width <= WIDTH + 0.01
            assert cell.y + cell.height <= chart.height
    first = chart.rows[0].cells[0]
    assert first.label == "100%"
    assert first.band is CELL_BANDS["established"]
    assert [h.text for h in chart.headings] == ["Starting out", "Developmental", "Sustainable"]


def _point(on: date, stage: StageName | None, team) -> TimelinePoint:
    return TimelinePoint(on, tuple((ch.id, stage) for ch in team.characteristics), stage)


def test_no_timeline_until_something_is_recorded():
    assert timeline_chart(journey(), [], [], date(2026, 1, 1)) is None


def test_the_timeline_has_a_lane_per_characteristic_and_the_typical_stage():
    team = journey()
    points = [_point(date(2022, 1, 1), SO, team), _point(date(2024, 1, 1), DEV, team)]
    marks = [
        PivotMark(date(2023, 6, 1), effect, effect)
        for effect in ("stronger", "more_fragile", "both", "not_yet_known")
    ]
    chart = timeline_chart(team, points, marks, date(2026, 1, 1))
    assert chart is not None
    assert len(chart.lanes) == 8
    lane = chart.lanes[1]
    assert [s.band.key for s in lane.segments] == ["starting_out", "developmental"]
    assert lane.segments[0].x == 0
    assert lane.segments[-1].x + lane.segments[-1].width == pytest.approx(WIDTH)
    assert [m.shape for m in chart.markers] == [EFFECT_MARKS[m.effect][0] for m in marks]
    assert [t.label for t in chart.ticks] == ["2023", "2024", "2025", "2026"]


def test_runs_of_the_same_stage_are_merged_and_labels_only_where_they_fit():
    team = journey()
    points = [
        _point(date(2022, 1, 1), SO, team),
        _point(date(2022, 1, 5), SO, team),
        _point(date(2025, 12, 30), DEV, team),
    ]
    chart = timeline_chart(team, points, [], date(2026, 1, 1))
    assert chart is not None
    segments = chart.lanes[0].segments
    assert [s.band.key for s in segments] == ["starting_out", "developmental"]
    assert segments[0].label == "Starting out"
    assert segments[1].label == ""  # a few days wide: no room for words


@pytest.mark.parametrize(("x", "anchor"), [(0, "start"), (160, "middle"), (WIDTH, "end")])
def test_tick_labels_stay_inside_the_picture(x, anchor):
    assert Tick(x, "2024").anchor == anchor


def test_ratings_over_time_have_a_panel_per_theme_and_gaps_where_nobody_rated():
    columns = [("a", "Jan 24"), ("b", "Jul 24"), ("c", "Jan 25")]
    series = [("drive", "Drive", [-2, None, 2]), ("context", "Context", [None, None, None])]
    chart = ratings_chart(columns, series, frozenset({"c"}))
    assert chart is not None
    drive, context = chart.panels
    assert [d.value for d in drive.dots] == [-2, 2]
    assert [d.highlight for d in drive.dots] == [False, True]
    assert drive.dots[0].y > drive.zero_y > drive.dots[1].y  # higher is better
    assert drive.path.startswith("M")
    assert drive.path.count("L") == 1
    assert context.dots == ()
    assert context.path == ""
    assert ratings_chart([], series) is None


def test_review_labels_thin_out_when_there_are_many_reviews():
    columns = [(str(n), f"R{n}") for n in range(12)]
    chart = ratings_chart(columns, [("drive", "Drive", [0] * 12)])
    assert chart is not None
    labels = [t.label for t in chart.columns]
    assert labels[-1] == "R11"
    assert len(labels) < 12
