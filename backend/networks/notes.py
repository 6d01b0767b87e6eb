"""What the networks feature adds to a team's characteristic page: how many resources its
networks hold for that characteristic at the stage the team is at."""

from __future__ import annotations

from typing import Any

from backend.db.stores import UnknownTeam
from backend.networks import queries


def characteristic_notes(
    services: Any, team_id: str, characteristic_id: str, stage: str
) -> list[dict[str, str]]:
    """One line per network the team is in: its text and where it links."""
    notes = []
    for network in queries.team_networks(services.accounts.reader, team_id):
        try:
            store = services.networks.get(network.id)
        except UnknownTeam:
            continue
        count = queries.count_for(store.reader, characteristic_id, stage)
        noun = "resource" if count == 1 else "resources"
        notes.append(
            {
                "text": f"From your networks: {count} {noun} for the stage you are at",
                "network": network.name,
                "href": f"/networks/{network.id}?characteristic={characteristic_id}&stage={stage}",
            }
        )
    return notes


def offline_paths(services: Any, team: Any, _user: Any) -> list[str]:
    """The networks list, and each of the team's networks: its resource list and
    summaries, the overview, case examples and questions (files open when online)."""
    paths = ["/networks"]
    for network in queries.team_networks(services.accounts.reader, team.id):
        base = f"/networks/{network.id}"
        paths += [base, f"{base}/overview", f"{base}/cases", f"{base}/questions"]
        try:
            store = services.networks.get(network.id)
        except UnknownTeam:
            continue
        paths += [f"{base}/resources/{r.id}" for r in queries.resources(store.reader, limit=100)]
    return paths
