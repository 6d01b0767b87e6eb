"""What features may use of teams (the core's public surface; decision 0024).

A feature imports this module (or `backend.teams.roles`), never the package's other
modules: tests/unit/test_import_rules.py enforces it."""

from __future__ import annotations

from backend.teams.mutations import index_team_name
from backend.teams.queries import version as team_version
from backend.teams.roles import LEADS, MEMBER, ROLE_LABELS, ROLES
from backend.teams.routes import may_create_team
from backend.teams.service import actor_for, apply, create_team, create_user, new_team_id

__all__ = [
    "LEADS",
    "MEMBER",
    "ROLES",
    "ROLE_LABELS",
    "actor_for",
    "apply",
    "create_team",
    "create_user",
    "index_team_name",
    "may_create_team",
    "new_team_id",
    "team_version",
]
