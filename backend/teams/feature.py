from __future__ import annotations

from pathlib import Path

from backend.features import Feature, NavItem
from backend.teams import api, members, routes, schema
from backend.teams.mutations import MUTATIONS
from backend.web.auth import LEADS

FEATURE = Feature(
    name="teams",
    routes=[
        routes.root,
        routes.your_teams,
        routes.new_team_page,
        routes.new_team,
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
        members.accept_page,
        members.accept,
        *api.ROUTES,
    ],
    mutations=MUTATIONS,
    team_migrations=schema.migrations,
    templates=Path(__file__).parent / "templates",
    navigation=[
        NavItem("Home", ""),
        NavItem("Members", "members"),
        NavItem("Audit", "audit", LEADS),
        NavItem("Settings", "settings", LEADS),
    ],
    offline_paths=lambda team, _user: [f"/teams/{team.id}", f"/teams/{team.id}/members"],
)
