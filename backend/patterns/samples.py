"""The sample values the patterns page shows each part with."""

from __future__ import annotations

from datetime import date
from typing import Any

from backend.adherence.rules.results import Status
from backend.journey.rules.charts import CELL_BANDS, grid_chart
from backend.journey.rules.logic import (
    MAX_POINTS,
    CharacteristicPicture,
    OverallPicture,
    StageStrength,
)
from backend.journey.rules.model import StageName
from backend.web.forms import FormState

CHOICES = [("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")]
KINDS = [("retreat", "Retreat"), ("cpd", "CPD"), ("supervision", "Supervision")]


def forms() -> dict[str, FormState]:
    """One form per state: as first shown, filled in, and sent back with a message each."""
    filled = {
        "name": "Riverside Mindfulness Service",
        "notes": "Supervision moved to the first Tuesday of each month.",
        "kinds": ["retreat", "cpd"],
        "answer": "yes",
        "when-day": "3",
        "when-month": "11",
        "when-year": "2026",
    }
    wrong = {
        "name": "",
        "notes": "x" * 30,
        "kinds": [],
        "answer": "",
        "when-day": "31",
        "when-month": "2",
        "when-year": "2026",
    }
    errors = {
        "name": "Enter the team's name",
        "notes": "Notes must be 20 characters or fewer",
        "kinds": "Select at least one kind of record",
        "answer": "Select yes, no or not sure",
        "when": "The date must be a real date",
    }

    def named(state: str, fields: dict[str, Any]) -> dict[str, Any]:
        return {f"{state}-{key}": value for key, value in fields.items()}

    return {
        "empty": FormState(),
        "filled": FormState(values=named("filled", filled)),
        "error": FormState(values=named("error", wrong), errors=named("error", errors)),
    }


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


def stakeholders() -> Any:
    """A case with someone in each quarter of the power/interest grid, and more in one
    quarter than it shows by name."""
    from backend.case.queries import Case, Stakeholder

    people = [
        Stakeholder("Clinical director, adult mental health", "high", "high"),
        Stakeholder("Finance business partner", "high", "low"),
        Stakeholder("Service user group", "low", "high"),
        Stakeholder("Estates", "low", "low"),
    ]
    people += [Stakeholder(f"Referring team {n}", "low", "high") for n in range(1, 8)]
    return Case(team_name="Sample service", stakeholders=people)


def samples() -> dict[str, Any]:
    states = forms()
    return {
        "form": states["error"],  # the page's error summary links to the fields in error
        "states": states,
        "choices": CHOICES,
        "kinds": KINDS,
        "statuses": list(Status),
        "bands": CELL_BANDS,
        "grid": journey_grid(),
        "stakeholder_case": stakeholders(),
        "sample_day": date(2026, 11, 3).isoformat(),
    }
