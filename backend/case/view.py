"""What the case's pages and documents show, worked out once: labels and the grid."""

from __future__ import annotations

from backend.case.mutations import COST_FIELDS, NEED_FIELDS
from backend.case.queries import Case, Stakeholder

NEED_LABELS = tuple((f.name, f.label) for f in NEED_FIELDS if f.name != "note")
COST_LABELS = tuple((f.name, f.label) for f in COST_FIELDS if f.name != "note")
QUADRANTS = (
    ("high", "high", "Manage closely"),
    ("high", "low", "Keep satisfied"),
    ("low", "high", "Keep informed"),
    ("low", "low", "Monitor"),
)


def quadrants(case: Case) -> list[tuple[str, list[Stakeholder]]]:
    """Each quarter of the power/interest grid with the stakeholders in it."""
    return [
        (label, [p for p in case.stakeholders if p.power == power and p.interest == interest])
        for power, interest, label in QUADRANTS
    ]
