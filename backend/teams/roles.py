"""A team's roles, and the route option every team page shares (part of the core's surface).

Pure data: importing it pulls in nothing, so mutations and rules packages may use it."""

from __future__ import annotations

from typing import Any, Final

ROLES: Final = ("practitioner", "supervisor", "lead", "admin")
ROLE_LABELS: Final = {
    "practitioner": "Practitioner",
    "supervisor": "Supervisor",
    "lead": "Service lead",
    "admin": "Team admin",
}
LEADS: Final = frozenset({"lead", "admin"})
"""The roles that run a team: a service lead and a team admin."""
MEMBER: Final[dict[str, Any]] = {"access": "team"}
"""A route's `opt` for any member of the team named by {team_id} (web/auth.py)."""
LEAD: Final[dict[str, Any]] = {"access": "team", "roles": LEADS}
"""A route's `opt` for the team's leads only."""
