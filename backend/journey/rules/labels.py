"""Words people see for the journey's codes, and the options of its forms."""

from __future__ import annotations

from backend.journey.rules.drive import SENIORITY_LABELS, Seniority
from backend.journey.rules.logic import ActionStatus
from backend.journey.rules.model import StageName

STATUS_LABELS: dict[str, str] = {
    ActionStatus.NOT_STARTED: "Not started",
    ActionStatus.PARTLY_IN_PLACE: "Partly in place",
    ActionStatus.IN_PLACE: "In place",
    ActionStatus.NOT_APPLICABLE: "Not applicable",
}
STATUS_COLOURS: dict[str, str] = {
    ActionStatus.NOT_STARTED: "grey",
    ActionStatus.PARTLY_IN_PLACE: "yellow",
    ActionStatus.IN_PLACE: "green",
    ActionStatus.NOT_APPLICABLE: "white",
}
STATUS_OPTIONS = [(key.value, STATUS_LABELS[key]) for key in ActionStatus]

STAGE_LABELS: dict[str, str] = {
    StageName.STARTING_OUT: "Starting out",
    StageName.DEVELOPMENTAL: "Developmental",
    StageName.SUSTAINABLE: "Sustainable",
}
STAGE_OPTIONS = [(key.value, STAGE_LABELS[key]) for key in StageName]

KIND_LABELS: dict[str, str] = {
    "funding": "Funding",
    "restructure": "Restructure",
    "leadership_change": "Leadership change",
    "commissioning_policy": "Commissioning or policy",
    "workforce": "Workforce",
    "other": "Other",
}
KIND_OPTIONS = list(KIND_LABELS.items())

EFFECT_LABELS: dict[str, str] = {
    "stronger": "Made the service stronger",
    "more_fragile": "Made the service more fragile",
    "both": "Both stronger and more fragile",
    "not_yet_known": "Not yet known",
}
EFFECT_SHORT: dict[str, str] = {
    "stronger": "Stronger",
    "more_fragile": "More fragile",
    "both": "Both",
    "not_yet_known": "Not yet known",
}
EFFECT_COLOURS: dict[str, str] = {
    "stronger": "green",
    "more_fragile": "red",
    "both": "purple",
    "not_yet_known": "grey",
}
EFFECT_OPTIONS = list(EFFECT_LABELS.items())

SENIORITY_OPTIONS = [(key.value, SENIORITY_LABELS[key]) for key in Seniority]

RATING_LABELS: dict[int, str] = {
    -2: "-2 strong barrier",
    -1: "-1 barrier",
    0: "0 neither",
    1: "+1 facilitator",
    2: "+2 strong facilitator",
}
RATING_OPTIONS = [(str(value), text) for value, text in RATING_LABELS.items()] + [("", "No rating")]


def signed(value: int | None) -> str:
    """+1, 0, -2; an empty string for no value."""
    if value is None:
        return ""
    return f"+{value}" if value > 0 else str(value)
