"""Geometry for the journey's pictures, rendered on the server as SVG by the templates.

Pure functions: they take the journey's numbers and return shapes (positions, sizes,
fills, labels) in viewBox units. The charts are drawn 320 units wide, the width of
a small phone, and scale up. Colours are NHS.UK palette colours, always paired with a
text label, a shape or a legend entry, and the same data is always in a table.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from backend.journey.rules.logic import (
    ESTABLISHED_PERCENT,
    UNDER_WAY_PERCENT,
    OverallPicture,
    StageStrength,
)
from backend.journey.rules.model import STAGE_ORDER, StageName, TeamJourney
from backend.journey.rules.timeline import TimelinePoint

WIDTH = 320
TEXT = "#212b32"
SECONDARY = "#4c6272"
WHITE = "#ffffff"


@dataclass(frozen=True)
class Band:
    """One category a cell or segment can fall in: its key, words and colours."""

    key: str
    label: str
    fill: str
    text: str


CELL_BANDS: dict[str, Band] = {
    band.key: band
    for band in (
        Band("established", f"Established ({ESTABLISHED_PERCENT}% or more)", "#007f3b", WHITE),
        Band(
            "under_way",
            f"Under way ({UNDER_WAY_PERCENT}% to {ESTABLISHED_PERCENT - 1}%)",
            "#78be20",
            TEXT,
        ),
        Band("started", f"Started (1% to {UNDER_WAY_PERCENT - 1}%)", "#ffeb3b", TEXT),
        Band("not_started", "Not started (0%)", "#d8dde0", TEXT),
        Band("none", "Nothing applies (n/a)", WHITE, SECONDARY),
    )
}
STAGE_BANDS: dict[str, Band] = {
    band.key: band
    for band in (
        Band(StageName.STARTING_OUT.value, "Starting out", "#c8e0f4", TEXT),
        Band(StageName.DEVELOPMENTAL.value, "Developmental", "#41b6e6", TEXT),
        Band(StageName.SUSTAINABLE.value, "Sustainable", "#005eb8", WHITE),
        Band("not_assessed", "Not assessed", WHITE, SECONDARY),
    )
}
EFFECT_MARKS: dict[str, tuple[str, str]] = {
    # effect -> (shape, fill); the shape carries the meaning as well as the colour
    "stronger": ("up", "#007f3b"),
    "more_fragile": ("down", "#d5281b"),
    "both": ("diamond", "#330072"),
    "not_yet_known": ("circle", "#4c6272"),
}


def cell_band(strength: StageStrength) -> Band:
    if strength.applicable == 0:
        return CELL_BANDS["none"]
    if strength.reaches(ESTABLISHED_PERCENT):
        return CELL_BANDS["established"]
    if strength.reaches(UNDER_WAY_PERCENT):
        return CELL_BANDS["under_way"]
    if strength.points > 0:
        return CELL_BANDS["started"]
    return CELL_BANDS["not_started"]


def wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [text]


@dataclass(frozen=True)
class GridCell:
    x: float
    y: float
    width: float
    height: float
    band: Band
    label: str
    reached: bool
    stage: StageName


@dataclass(frozen=True)
class GridRow:
    characteristic_id: str
    title: str
    label_y: float
    cells: tuple[GridCell, ...]


@dataclass(frozen=True)
class Heading:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class GridChart:
    width: int
    height: int
    headings: tuple[Heading, ...]
    rows: tuple[GridRow, ...]


GRID_GAP = 4
GRID_HEADER = 22
GRID_LABEL = 20
GRID_CELL = 30
GRID_ROW = GRID_LABEL + GRID_CELL + 10


def grid_chart(picture: OverallPicture) -> GridChart:
    """Characteristics down, stages across; each row's title sits above its cells."""
    cell_w = (WIDTH - GRID_GAP * (len(STAGE_ORDER) - 1)) / len(STAGE_ORDER)
    headings = tuple(
        Heading(n * (cell_w + GRID_GAP) + cell_w / 2, 15, name_title(name))
        for n, name in enumerate(STAGE_ORDER)
    )
    rows = []
    for i, ch in enumerate(picture.characteristics):
        top = GRID_HEADER + i * GRID_ROW
        cells = tuple(
            GridCell(
                x=n * (cell_w + GRID_GAP),
                y=top + GRID_LABEL,
                width=cell_w,
                height=GRID_CELL,
                band=cell_band(strength),
                label="n/a" if strength.percent is None else f"{strength.percent}%",
                reached=ch.stage == name,
                stage=name,
            )
            for n, (name, strength) in enumerate(zip(STAGE_ORDER, ch.strengths, strict=True))
        )
        rows.append(GridRow(ch.characteristic_id, ch.title, top + 14, cells))
    height = GRID_HEADER + len(rows) * GRID_ROW
    return GridChart(WIDTH, height, headings, tuple(rows))


def name_title(name: StageName) -> str:
    return STAGE_BANDS[name.value].label


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    band: Band
    label: str
    """The stage's name when it fits inside the segment, else empty."""


@dataclass(frozen=True)
class Lane:
    title: str
    label_y: float
    bar_y: float
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Marker:
    x: float
    shape: str
    fill: str
    points: str
    label: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str

    @property
    def anchor(self) -> str:
        """Keep a label near either edge inside the picture."""
        if self.x < 16:
            return "start"
        return "end" if self.x > WIDTH - 16 else "middle"


@dataclass(frozen=True)
class TimelineChart:
    width: int
    height: int
    start: date
    end: date
    lanes: tuple[Lane, ...]
    markers: tuple[Marker, ...]
    ticks: tuple[Tick, ...]
    axis_y: float
    marker_y: float
    bar_height: float


@dataclass(frozen=True)
class PivotMark:
    """What the timeline needs of a pivot point."""

    on: date
    effect: str
    label: str


LANE_LABEL = 16
LANE_BAR = 18
LANE = LANE_LABEL + LANE_BAR + 10
TIMELINE_TOP = 30
CHAR_WIDTH = 6.2  # average width of a 10-unit character, for fitting labels


def _x(day: date, start: date, end: date) -> float:
    span = max((end - start).days, 1)
    return round(WIDTH * (day - start).days / span, 2)


def _segments(
    values: Sequence[tuple[date, str | None]], start: date, end: date
) -> tuple[Segment, ...]:
    segments = []
    for n, (day, stage) in enumerate(values):
        until = values[n + 1][0] if n + 1 < len(values) else end
        x0, x1 = _x(day, start, end), _x(until, start, end)
        if x1 <= x0 and n + 1 < len(values):
            continue
        band = STAGE_BANDS[stage or "not_assessed"]
        width = max(x1 - x0, 1.0)
        fits = len(band.label) * CHAR_WIDTH + 6 <= width
        segments.append(Segment(x0, width, band, band.label if fits else ""))
    merged: list[Segment] = []
    for seg in segments:
        if merged and merged[-1].band == seg.band:
            last = merged.pop()
            width = seg.x + seg.width - last.x
            fits = len(last.band.label) * CHAR_WIDTH + 6 <= width
            seg = Segment(last.x, width, last.band, last.band.label if fits else "")
        merged.append(seg)
    return tuple(merged)


def _marker(mark: PivotMark, start: date, end: date, y: float) -> Marker:
    shape, fill = EFFECT_MARKS.get(mark.effect, EFFECT_MARKS["not_yet_known"])
    x = _x(mark.on, start, end)
    r = 5
    shapes = {
        "up": f"{x - r},{y + r} {x + r},{y + r} {x},{y - r}",
        "down": f"{x - r},{y - r} {x + r},{y - r} {x},{y + r}",
        "diamond": f"{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}",
        "circle": "",
    }
    return Marker(x, shape, fill, shapes[shape], mark.label)


def timeline_chart(
    journey: TeamJourney,
    points: Sequence[TimelinePoint],
    pivots: Sequence[PivotMark],
    end: date,
) -> TimelineChart | None:
    """A lane per characteristic (and one for the typical stage) coloured by stage over
    time, with pivot points marked along the top. None when nothing has been recorded."""
    if not points:
        return None
    days = [p.on for p in points] + [m.on for m in pivots]
    start = min(days)
    end = max(end, max(days))
    lanes = [
        Lane(
            "Typical stage (overall)",
            TIMELINE_TOP + 12,
            TIMELINE_TOP + LANE_LABEL,
            _segments([(p.on, p.typical.value if p.typical else None) for p in points], start, end),
        )
    ]
    for i, ch in enumerate(journey.characteristics, start=1):
        top = TIMELINE_TOP + i * LANE
        values = [(p.on, _stage_of(p, ch.id)) for p in points]
        lanes.append(Lane(ch.title, top + 12, top + LANE_LABEL, _segments(values, start, end)))
    axis_y = TIMELINE_TOP + len(lanes) * LANE + 4
    markers = tuple(_marker(m, start, end, 10) for m in pivots if start <= m.on <= end)
    ticks = tuple(
        Tick(_x(date(year, 1, 1), start, end), str(year))
        for year in range(start.year + 1, end.year + 1)
    )
    return TimelineChart(
        WIDTH, int(axis_y + 20), start, end, tuple(lanes), markers, ticks, axis_y, 10, LANE_BAR
    )


def _stage_of(point: TimelinePoint, characteristic_id: str) -> str | None:
    for ch_id, stage in point.stages:
        if ch_id == characteristic_id:
            return stage.value if stage else None
    return None


@dataclass(frozen=True)
class RatingDot:
    x: float
    y: float
    value: int
    label: str
    highlight: bool


@dataclass(frozen=True)
class RatingPanel:
    theme_id: str
    title: str
    label_y: float
    top: float
    zero_y: float
    dots: tuple[RatingDot, ...]
    path: str


@dataclass(frozen=True)
class RatingsChart:
    width: int
    height: int
    panels: tuple[RatingPanel, ...]
    columns: tuple[Tick, ...]
    axis_y: float


RATING_STEP = 9
RATING_PLOT = RATING_STEP * 4
RATING_PANEL = 16 + RATING_PLOT + 16


def ratings_chart(
    columns: Sequence[tuple[str, str]],
    series: Sequence[tuple[str, str, Sequence[int | None]]],
    highlight: frozenset[str] = frozenset(),
) -> RatingsChart | None:
    """Small multiples: a panel per theme, a dot per review (oldest on the left).

    `columns` are (review id, short label); `series` are (theme id, title, one rating
    or None per column). None when there are no reviews.
    """
    if not columns:
        return None
    left, right = 30, 14  # room on the left for the +2, 0, -2 scale
    step = (WIDTH - left - right) / max(len(columns) - 1, 1)
    xs = [left + n * step if len(columns) > 1 else WIDTH / 2 for n in range(len(columns))]
    panels = []
    for i, (theme_id, title, values) in enumerate(series):
        offset = i * RATING_PANEL
        top = offset + 18
        zero_y = top + 2 * RATING_STEP
        dots = tuple(
            RatingDot(
                xs[n],
                zero_y - value * RATING_STEP,
                value,
                _signed(value),
                columns[n][0] in highlight,
            )
            for n, value in enumerate(values)
            if value is not None
        )
        path = " ".join(f"{'M' if n == 0 else 'L'}{d.x:.1f},{d.y:.1f}" for n, d in enumerate(dots))
        panels.append(RatingPanel(theme_id, title, offset + 12, top, zero_y, dots, path))
    axis_y = len(panels) * RATING_PANEL + 10
    every = 1 if step >= 40 else int(-(-40 // step))
    ticks = tuple(
        Tick(xs[n], label)
        for n, (_, label) in enumerate(columns)
        if (len(columns) - 1 - n) % every == 0
    )
    return RatingsChart(WIDTH, int(axis_y + 8), tuple(panels), ticks, axis_y)


def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else str(value)
