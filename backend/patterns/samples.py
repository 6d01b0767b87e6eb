"""The sample values the patterns page shows each part with: the core's parts here, every
feature's own (its charts, tags and grids) from the feature (hook `PATTERN_SAMPLES`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from backend.features import Feature
from backend.hooks import PATTERN_SAMPLES, provided
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


def samples(features: Iterable[Feature]) -> dict[str, Any]:
    states = forms()
    return {
        "form": states["error"],  # the page's error summary links to the fields in error
        "states": states,
        "choices": CHOICES,
        "kinds": KINDS,
        "sample_day": date(2026, 11, 3).isoformat(),
        "samples": [sample for of in provided(features, PATTERN_SAMPLES) for sample in of()],
    }
