"""Creating networks and applying their changes outside a web request (demo, tests)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from backend.db.connection import immediate
from backend.mutations import Actor, Mutation, Outcome, apply_mutation
from backend.mutations.core import now_iso
from backend.networks.mutations import NETWORK_NAME
from backend.services import Services
from backend.teams.public import new_team_id
from backend.validation import Schema, ValidationFailed


def apply_network(
    services: Services, network_id: str, actor: Actor, name: str, args: Mapping[str, Any]
) -> Outcome:
    """Apply one network mutation now; ValidationFailed if it is rejected."""
    store = services.networks.get(network_id)
    mutation = Mutation(str(uuid.uuid4()), name, dict(args), "server")
    outcome = store.write_sync(
        lambda conn: apply_mutation(
            conn, services.network_registry, actor, mutation, services=services
        )
    )
    if outcome.status in {"rejected", "update_needed"}:
        raise ValidationFailed(outcome.errors)
    return outcome


def create_network(services: Services, actor: Actor, name: str) -> str:
    """A new network file, named, with its creator as its lead."""
    Schema([NETWORK_NAME]).validate({"name": name})
    network_id = new_team_id()
    services.networks.teams_dir.mkdir(parents=True, exist_ok=True)
    store = services.networks.create(network_id)

    def bootstrap(conn: Any) -> None:
        with immediate(conn):
            conn.execute(
                "INSERT INTO team (id, name, version, created_at) VALUES (?, '', 0, ?)",
                [network_id, now_iso()],
            )

    store.write_sync(bootstrap)
    apply_network(services, network_id, actor, "network.create", {"name": name})
    return network_id
