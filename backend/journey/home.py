"""What the journey adds to the team home page, and to a person's offline set."""

from __future__ import annotations

from typing import Any

from backend.features import FirstStep
from backend.journey import queries, review_queries
from backend.journey.team import shipped
from backend.journey.view import team_snapshot
from backend.journey.web import LABELS
from backend.teams.roles import LEADS
from backend.web.auth import services_of


def home_panel(request: Any, team: Any, user: Any) -> dict[str, Any]:  # noqa: ARG001
    """The journey panel on the team home: stage, overdue plan items, review due, drive."""
    return {
        "snap": team_snapshot(team.store, services_of(request)),
        "base": f"/teams/{team.id}",
        "labels": LABELS,
        "is_lead": team.has(*LEADS),
    }


def first_steps(team: Any) -> list[FirstStep]:
    """Implementers, a first review and the first actions, done once recorded."""
    conn = team.store.reader
    return [
        FirstStep(
            30,
            "Record your implementers",
            "journey/implementers",
            bool(queries.implementers(conn)),
            "The people who drive the work, and their roles",
        ),
        FirstStep(
            40,
            "Start your first reflective review",
            "reviews",
            bool(review_queries.reviews(conn)),
            "The team answers the reflective questions together",
        ),
        FirstStep(
            50,
            "Record your first actions",
            "journey",
            queries.any_action_state(conn),
            "Which actions of the journey are already in place",
        ),
    ]


def offline_paths(team: Any, user: Any) -> list[str]:  # noqa: ARG001
    """The journey pages and reflective questions a member needs when offline: the grid,
    each characteristic, the plan, the timeline, the registers, the reviews and the latest
    review's answer form; for leads also the update form of each action in the plan."""
    base = f"/teams/{team.id}"
    paths = [
        f"{base}/journey",
        f"{base}/journey/plan",
        f"{base}/journey/timeline",
        f"{base}/journey/pivot-points",
        f"{base}/journey/implementers",
        f"{base}/reviews",
        f"{base}/reviews/questions",
        f"{base}/reviews/compare",
    ]
    paths += [f"{base}/journey/characteristics/{ch.id}" for ch in shipped().characteristics]
    store = getattr(team, "store", None)
    if store is None:
        return paths
    latest = review_queries.reviews(store.reader)[:1]
    for review in latest:
        paths += [f"{base}/reviews/{review.id}", f"{base}/reviews/{review.id}/answer"]
    if frozenset(getattr(team, "roles", ())) & LEADS:
        snap = team_snapshot(store, None)
        paths += [f"{base}/journey/actions/{item.action_id}" for item in snap.plan]
    return paths
