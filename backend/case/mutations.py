"""Saving the case: one mutation per section, each replacing what that section held.

`case.need.save`, `case.evidence.save`, `case.costs.save`, `case.stakeholders.save`,
`case.swot.save`, `case.outcomes.save`; leads only. Each form posts every field of its
section, so a save writes the whole section (the draft is the team's, kept as saved).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from backend.mutations import Context, MutationSpec
from backend.teams.roles import LEADS
from backend.validation import Choice, Decimal, Field, Integer, Schema, Text

MAX_EVIDENCE = 10
MAX_STAKEHOLDERS = 12
MAX_LINES = 30
LEVELS = (("high", "High"), ("low", "Low"))
SWOT = (
    ("strengths", "strength", "Strengths"),
    ("weaknesses", "weakness", "Weaknesses"),
    ("opportunities", "opportunity", "Opportunities"),
    ("threats", "threat", "Threats"),
)
NOTE = Text("note", "Note", required=False, multiline=True, max_length=2000)
NEED_FIELDS: list[Field] = [
    Integer("population", "Population served", required=False, minimum=0),
    Integer("referrals_per_year", "Referrals a year", required=False, minimum=0),
    Integer("waiting_list", "People on the waiting list", required=False, minimum=0),
    Integer("eligible_per_year", "People who could benefit each year", required=False, minimum=0),
    NOTE,
]
COUNTS = ("courses_per_year", "participants_per_course", "sessions_per_course")
COST_FIELDS: list[Field] = [
    Integer("courses_per_year", "Courses a year", minimum=0, maximum=1000),
    Integer("participants_per_course", "Participants on a course", minimum=0, maximum=1000),
    Integer("sessions_per_course", "Sessions in a course", minimum=0, maximum=100),
    Integer("teachers_per_session", "Teachers at each session", minimum=0, maximum=20),
    Decimal("staff_hours_per_session", "Staff hours for each session", minimum=0, maximum=100),
    Decimal("staff_cost_per_hour", "Staff cost per hour", minimum=0),
    Decimal("room_cost_per_session", "Room cost per session", minimum=0),
    Decimal("supervision_cost_per_course", "Supervision cost per course", minimum=0),
    Decimal("retreat_cost_per_year", "Retreat costs a year", minimum=0),
    Decimal("cpd_cost_per_year", "CPD costs a year", minimum=0),
    NOTE,
]


def _evidence_fields() -> list[Field]:
    found: list[Field] = []
    for i in range(1, MAX_EVIDENCE + 1):
        found.append(
            Text(
                f"evidence_{i}_text",
                f"Evidence {i}",
                required=False,
                multiline=True,
                max_length=1000,
            )
        )
        found.append(
            Text(f"evidence_{i}_source", f"Source of evidence {i}", required=False, max_length=300)
        )
    return found


def _evidence_pairs(clean: dict[str, Any]) -> Mapping[str, str]:
    errors = {}
    for i in range(1, MAX_EVIDENCE + 1):
        text, source = clean.get(f"evidence_{i}_text"), clean.get(f"evidence_{i}_source")
        if text and not source:
            errors[f"evidence_{i}_source"] = f"Enter the source of evidence {i}"
        elif source and not text:
            errors[f"evidence_{i}_text"] = f"Enter what evidence {i} shows, or remove its source"
    return errors


def _stakeholder_fields() -> list[Field]:
    found: list[Field] = []
    for i in range(1, MAX_STAKEHOLDERS + 1):
        found.append(
            Text(f"stakeholder_{i}_name", f"Stakeholder {i}", required=False, max_length=200)
        )
        found.append(
            Choice(
                f"stakeholder_{i}_power",
                f"Power of stakeholder {i}",
                required=False,
                options=LEVELS,
            )
        )
        found.append(
            Choice(
                f"stakeholder_{i}_interest",
                f"Interest of stakeholder {i}",
                required=False,
                options=LEVELS,
            )
        )
    return found


def _stakeholder_levels(clean: dict[str, Any]) -> Mapping[str, str]:
    errors = {}
    for i in range(1, MAX_STAKEHOLDERS + 1):
        if not clean.get(f"stakeholder_{i}_name"):
            continue
        for part in ("power", "interest"):
            if not clean.get(f"stakeholder_{i}_{part}"):
                errors[f"stakeholder_{i}_{part}"] = f"Select the {part} of stakeholder {i}"
    return errors


def lines_of(text: str) -> list[str]:
    """A list typed one item a line: each line trimmed, blank lines left out."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _line_count(names: tuple[str, ...]) -> Callable[[dict[str, Any]], Mapping[str, str]]:
    def check(clean: dict[str, Any]) -> Mapping[str, str]:
        return {
            name: f"Enter {MAX_LINES} items or fewer, one a line"
            for name in names
            if len(lines_of(clean.get(name) or "")) > MAX_LINES
        }

    return check


def _lines_field(name: str, label: str) -> Text:
    return Text(name, label, required=False, multiline=True, max_length=4000)


def _mark_saved(ctx: Context, section: str) -> None:
    values = {"saved_at": ctx.now, "saved_by": ctx.actor.user_id}
    if ctx.one("SELECT 1 FROM case_sections WHERE id = ?", [section]) is None:
        ctx.insert("case_sections", {"id": section, **values})
    else:
        ctx.update("case_sections", section, values, merge=False)


def _save_row(ctx: Context, table: str, row_id: str, values: dict[str, Any]) -> None:
    if ctx.one(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]) is None:
        ctx.insert(table, {"id": row_id, **values})
    else:
        ctx.update(table, row_id, values)


def _replace_items(ctx: Context, sections: tuple[str, ...], items: list[dict[str, Any]]) -> None:
    marks = ", ".join("?" for _ in sections)
    for row in ctx.all(f"SELECT id FROM case_items WHERE section IN ({marks})", list(sections)):
        ctx.delete("case_items", row["id"])
    for position, item in enumerate(items, start=1):
        ctx.insert("case_items", {"position": position, "source": "", **item})


def save_need(ctx: Context, args: dict[str, Any]) -> None:
    _save_row(ctx, "case_need", "need", {f.name: args[f.name] for f in NEED_FIELDS})
    _mark_saved(ctx, "need")
    ctx.summary = "Saved the local need in the case for the service"


def save_costs(ctx: Context, args: dict[str, Any]) -> None:
    _save_row(ctx, "case_costs", "costs", {f.name: args[f.name] for f in COST_FIELDS})
    _mark_saved(ctx, "costs")
    ctx.summary = "Saved the costs in the case for the service"


def save_evidence(ctx: Context, args: dict[str, Any]) -> None:
    items = [
        {
            "section": "evidence",
            "text": args[f"evidence_{i}_text"],
            "source": args[f"evidence_{i}_source"],
        }
        for i in range(1, MAX_EVIDENCE + 1)
        if args[f"evidence_{i}_text"]
    ]
    _replace_items(ctx, ("evidence",), items)
    _mark_saved(ctx, "evidence")
    ctx.summary = f"Saved the evidence in the case for the service ({len(items)} items)"


def save_stakeholders(ctx: Context, args: dict[str, Any]) -> None:
    items = [
        {
            "section": "stakeholder",
            "text": args[f"stakeholder_{i}_name"],
            "power": args[f"stakeholder_{i}_power"],
            "interest": args[f"stakeholder_{i}_interest"],
        }
        for i in range(1, MAX_STAKEHOLDERS + 1)
        if args[f"stakeholder_{i}_name"]
    ]
    _replace_items(ctx, ("stakeholder",), items)
    _mark_saved(ctx, "stakeholders")
    ctx.summary = f"Saved the stakeholders in the case for the service ({len(items)})"


def save_swot(ctx: Context, args: dict[str, Any]) -> None:
    items = [
        {"section": section, "text": line}
        for name, section, _ in SWOT
        for line in lines_of(args[name])
    ]
    _replace_items(ctx, tuple(section for _, section, _ in SWOT), items)
    _mark_saved(ctx, "swot")
    ctx.summary = "Saved the SWOT in the case for the service"


def save_outcomes(ctx: Context, args: dict[str, Any]) -> None:
    items = [{"section": "outcome", "text": line} for line in lines_of(args["outcomes"])]
    _replace_items(ctx, ("outcome",), items)
    _mark_saved(ctx, "outcomes")
    ctx.summary = "Saved the outcomes in the case for the service"


SWOT_NAMES = tuple(name for name, _, _ in SWOT)
SCHEMAS = {
    "need": Schema(NEED_FIELDS),
    "evidence": Schema(_evidence_fields(), checks=[_evidence_pairs]),
    "costs": Schema(COST_FIELDS),
    "stakeholders": Schema(_stakeholder_fields(), checks=[_stakeholder_levels]),
    "swot": Schema(
        [_lines_field(name, label) for name, _, label in SWOT], checks=[_line_count(SWOT_NAMES)]
    ),
    "outcomes": Schema([_lines_field("outcomes", "Outcomes")], checks=[_line_count(("outcomes",))]),
}
HANDLERS = {
    "need": (save_need, "Saved the local need"),
    "evidence": (save_evidence, "Saved the evidence"),
    "costs": (save_costs, "Saved the costs"),
    "stakeholders": (save_stakeholders, "Saved the stakeholders"),
    "swot": (save_swot, "Saved the SWOT"),
    "outcomes": (save_outcomes, "Saved the outcomes"),
}
MUTATIONS = [
    MutationSpec(f"case.{section}.save", title, SCHEMAS[section], handler, LEADS)
    for section, (handler, title) in HANDLERS.items()
]
