"""The adherence panel on the team home: your own standards at a glance and, for a
supervisor or lead, how many of the people they look after need attention (evaluated
on a worker thread when not cached: see web.visible_evaluations)."""

from __future__ import annotations

from typing import Any

from backend.adherence import queries, view
from backend.adherence.evaluations import evaluate_teacher
from backend.adherence.rules.results import Status
from backend.adherence.web import SUPERVISORS, base_of, visible_evaluations
from backend.dates import uk_today
from backend.web.auth import TeamAccess


async def home_panel(_request: Any, team: TeamAccess, user: Any) -> dict[str, Any]:
    conn = team.store.reader
    person = queries.person(conn, user.id)
    today = uk_today()
    context: dict[str, Any] = {"base": base_of(team), "v": view, "mine": None, "team_view": False}
    if person is not None and person.teaches:
        mine = evaluate_teacher(conn, person, today, str(team.store.path))
        context |= {"mine": mine, "counts": view.counts(mine)}
    if team.roles & SUPERVISORS:
        found = await visible_evaluations(team, user.id, today)
        evaluations = found.evaluations.values()

        def having(status: Status) -> int:
            return sum(
                1
                for e in evaluations
                if any(c.status is status and not c.advisory for c in e.checks)
            )

        context |= {
            "team_view": True,
            "lead": bool(team.roles & {"lead", "admin"}),
            "people": len(found.teachers),
            "not_met": having(Status.NOT_MET),
            "due_soon": having(Status.DUE_SOON),
        }
    return context
