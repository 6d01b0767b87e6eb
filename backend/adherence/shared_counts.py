"""A team's good-practice counts, for a network it chooses to share them with: per
standard, how many of its teachers meet it (met or due soon), never who. Read through the
adherence evaluation from the team's file, read-only (hook ADHERENCE_COUNTS)."""

from __future__ import annotations

from datetime import date
from typing import Any

from backend.adherence import queries
from backend.adherence.evaluations import read_team_evaluations
from backend.adherence.rules.results import Status
from backend.hooks import StandardCount


def shared_counts(store: Any, as_of: date) -> dict[str, StandardCount]:
    """Per standard (the team's chosen profile), its title and how many teachers meet it.
    Run on a worker thread."""
    found = read_team_evaluations(store.path, queries.teachers, as_of)
    counts: dict[str, StandardCount] = {}
    for evaluation in found.evaluations.values():
        for check in evaluation.checks:
            if check.status == Status.NOT_APPLICABLE:
                continue
            entry = counts.setdefault(check.rule_id, {"title": check.title, "met": 0})
            entry["met"] += check.status in {Status.MET, Status.DUE_SOON}
    return counts
