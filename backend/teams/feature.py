from __future__ import annotations

from pathlib import Path
from typing import Any

from backend.features import Feature, FirstStep, Landing, NavItem
from backend.teams import api, members, queries, routes, schema
from backend.teams.mutations import MUTATIONS
from backend.teams.roles import LEADS
from backend.web.routing import team_router


def first_steps(team: Any) -> list[FirstStep]:
    together = len(queries.members(team.store.reader)) > 1
    return [
        FirstStep(
            10,
            "Invite your colleagues",
            "members",
            together,
            "Practitioners, supervisors and leads",
        )
    ]


FEATURE = Feature(
    name="teams",
    routes=[
        routes.root,
        routes.your_teams,
        routes.new_team_page,
        routes.new_team,
        team_router(
            routes.home,
            routes.settings_page,
            routes.rename,
            routes.audit,
            members.members,
            members.invite,
            members.resend,
            members.revoke,
            members.member,
            members.change_roles,
            members.remove,
        ),
        members.accept_page,
        members.accept,
        *api.ROUTES,
    ],
    mutations=MUTATIONS,
    team_migrations=schema.migrations,
    templates=Path(__file__).parent / "templates",
    navigation=[
        NavItem("Home", "", order=0),
        NavItem("Members", "members", order=60),
        NavItem("Audit", "audit", LEADS, order=80),
        NavItem("Settings", "settings", LEADS, order=90),
    ],
    first_steps=first_steps,
    landing=lambda team, _user_id: Landing("", 30 if team.has(*LEADS) else 1),
    offline_paths=lambda team, _user: [f"/teams/{team.id}", f"/teams/{team.id}/members"],
)
