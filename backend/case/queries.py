"""Reading the team's case: every section as saved, and the risks from the drive register."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from backend.case.costs import CostInputs, CostResult, cost_of
from backend.case.mutations import COST_FIELDS, NEED_FIELDS, SWOT
from backend.case.seeds import SEED_EVIDENCE
from backend.db.connection import snapshot
from backend.features import Feature
from backend.hooks import DRIVE_RISKS, provided_one
from backend.validation import Integer

SECTIONS = (
    ("need", "The local need"),
    ("evidence", "The evidence"),
    ("costs", "The costs"),
    ("stakeholders", "Stakeholders"),
    ("swot", "Strengths, weaknesses, opportunities and threats"),
    ("risks", "Risks from the drive register"),
    ("outcomes", "The outcomes the service will report"),
)
TITLES = dict(SECTIONS)


@dataclass(frozen=True)
class Stakeholder:
    name: str
    power: str
    interest: str


@dataclass
class Case:
    team_name: str
    saved: dict[str, str] = field(default_factory=dict)
    need: dict[str, Any] | None = None
    costs: dict[str, Any] | None = None
    evidence: list[tuple[str, str]] = field(default_factory=list)
    stakeholders: list[Stakeholder] = field(default_factory=list)
    swot: dict[str, list[str]] = field(default_factory=dict)
    outcomes: list[str] = field(default_factory=list)
    risks: list[tuple[str, str]] = field(default_factory=list)

    @property
    def evidence_seeded(self) -> bool:
        """Nothing saved yet: the evidence shown is the suggested starting list."""
        return "evidence" not in self.saved

    @property
    def cost_result(self) -> CostResult | None:
        return None if self.costs is None else cost_of(cost_inputs(self.costs))


def cost_inputs(values: dict[str, Any]) -> CostInputs:
    """A saved (or validated) costs row as the pure function's inputs."""
    made: dict[str, Any] = {}
    for f in COST_FIELDS:
        if isinstance(f, Integer):
            made[f.name] = int(values[f.name])
        elif f.name != "note":
            made[f.name] = Decimal(str(values[f.name]))
    return CostInputs(**made)


def read_case(
    conn: sqlite3.Connection, team_name: str, today: date, features: Iterable[Feature]
) -> Case:
    """The team's case, in one snapshot of its file; its risks from the feature that keeps
    the drive register (hook `DRIVE_RISKS`: the journey)."""
    with snapshot(conn):
        case = Case(team_name=team_name)
        for row in conn.execute("SELECT id, saved_at FROM case_sections"):
            case.saved[row["id"]] = row["saved_at"]
        need = conn.execute("SELECT * FROM case_need WHERE id = 'need'").fetchone()
        if need is not None:
            case.need = {f.name: need[f.name] for f in NEED_FIELDS}
        costs = conn.execute("SELECT * FROM case_costs WHERE id = 'costs'").fetchone()
        if costs is not None:
            case.costs = {f.name: costs[f.name] for f in COST_FIELDS}
        items = conn.execute("SELECT * FROM case_items ORDER BY section, position").fetchall()
        risks_of = provided_one(features, DRIVE_RISKS)
        risks = risks_of(conn, today) if risks_of is not None else []
    case.evidence = [(r["text"], r["source"]) for r in items if r["section"] == "evidence"]
    if case.evidence_seeded:
        case.evidence = list(SEED_EVIDENCE)
    case.stakeholders = [
        Stakeholder(r["text"], r["power"] or "low", r["interest"] or "low")
        for r in items
        if r["section"] == "stakeholder"
    ]
    case.swot = {name: [r["text"] for r in items if r["section"] == kind] for name, kind, _ in SWOT}
    case.outcomes = [r["text"] for r in items if r["section"] == "outcome"]
    case.risks = [(risk.title, risk.reason) for risk in risks]
    return case
