"""The journey's parts on the development-only /patterns page (hook `PATTERN_SAMPLES`):
the journey grid with a cell in each colour band, and its legend."""

from __future__ import annotations

from typing import Any

from backend.hooks import PatternSample
from backend.journey.rules.charts import CELL_BANDS, grid_chart
from backend.journey.rules.logic import (
    MAX_POINTS,
    CharacteristicPicture,
    OverallPicture,
    StageStrength,
)
from backend.journey.rules.model import StageName


def journey_grid() -> Any:
    """The journey grid with a cell in each colour band (and one stage not applicable)."""

    def strength(stage: StageName, points: int, applicable: int) -> StageStrength:
        return StageStrength(stage, points, applicable)

    so, dev, sus = StageName.STARTING_OUT, StageName.DEVELOPMENTAL, StageName.SUSTAINABLE
    full = 2 * MAX_POINTS
    rows = (
        CharacteristicPicture(
            "implementer",
            "An implementer",
            (strength(so, full, 2), strength(dev, 3, 2), strength(sus, 0, 2)),
            so,
            dev,
        ),
        CharacteristicPicture(
            "fit",
            "Making it fit",
            (strength(so, full, 2), strength(dev, full, 2), strength(sus, 1, 3)),
            dev,
            sus,
        ),
        CharacteristicPicture(
            "network",
            "A network of support",
            (strength(so, 0, 0), strength(dev, 0, 1), strength(sus, 0, 1)),
            None,
            so,
        ),
    )
    picture = OverallPicture(rows, (), (), None, None, (), ())
    return grid_chart(picture)


def pattern_samples() -> list[PatternSample]:
    grid = {"grid": journey_grid(), "bands": CELL_BANDS}
    return [PatternSample("charts", "", "journey/_patterns_grid.html", grid)]
