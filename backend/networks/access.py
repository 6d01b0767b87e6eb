"""Who may do what in a network: worked out from the network file and the team files.

A person's roles in a network:
    network_lead  named as a lead in the network file (they moderate)
    team_lead     a service lead or team admin of a member team (they publish for it)
    member        in any member team (they read)
Anyone else is not in the network and gets 404, as for a team.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from backend.accounts import public as accounts
from backend.db.connection import one
from backend.db.stores import Store, UnknownTeam
from backend.services import Services
from backend.teams.roles import LEADS

NETWORK_LEAD = "network_lead"
TEAM_LEAD = "team_lead"
MEMBER = "member"
NETWORK_ID_RE = re.compile(r"[a-z0-9]{12}")


@dataclass(frozen=True, slots=True)
class NetworkAccess:
    id: str
    name: str
    roles: frozenset[str]
    store: Store
    teams: dict[str, str] = field(default_factory=dict)
    """Member teams this person is in: id -> name."""
    led: dict[str, str] = field(default_factory=dict)
    """Member teams this person leads: id -> name (they publish for these)."""

    def has(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


def member_team_ids(store: Store) -> set[str]:
    rows = store.reader.execute("SELECT team_id FROM network_teams WHERE status = 'member'")
    return {r["team_id"] for r in rows}


def person_teams(services: Services, user_id: str) -> list[tuple[str, str, frozenset[str]]]:
    """(team id, name, roles) for every team this person is in, from the index in
    accounts.db that the member mutations keep in step with the team files (decision
    0025): one query, however many teams. Only reading rests on it; anything done for a
    team is checked against the team's own file inside its mutation."""
    return [
        (link.id, link.name, link.roles)
        for link in accounts.teams_of(services.accounts.reader, user_id)
    ]


def access_from_path(
    services: Services, path_params: Mapping[str, Any], user_id: str
) -> NetworkAccess | None:
    """The guard's check for `access="network"` routes (hooks.ACCESS)."""
    return network_access(services, str(path_params.get("network_id")), user_id)


def network_access(services: Services, network_id: str, user_id: str) -> NetworkAccess | None:
    if not NETWORK_ID_RE.fullmatch(network_id):
        return None
    try:
        store = services.networks.get(network_id)
    except UnknownTeam:
        return None
    head = one(store.reader, "SELECT name FROM team", [])
    if head is None:
        return None
    members = member_team_ids(store)
    teams: dict[str, str] = {}
    led: dict[str, str] = {}
    for team_id, name, roles in person_teams(services, user_id):
        if team_id in members:
            teams[team_id] = name
            if roles & LEADS:
                led[team_id] = name
    found: set[str] = set()
    lead = one(
        store.reader,
        "SELECT 1 FROM members WHERE user_id = ? AND left_at IS NULL",
        [user_id],
    )
    if lead is not None:
        found.add(NETWORK_LEAD)
    if teams:
        found.add(MEMBER)
    if led:
        found.add(TEAM_LEAD)
    if not found:
        return None
    return NetworkAccess(network_id, head["name"], frozenset(found), store, teams, led)
