"""Creating teams and applying changes outside a web request (CLI, demo, tests)."""

from __future__ import annotations

import secrets
import string
import uuid
from collections.abc import Mapping
from typing import Any

from backend.accounts import queries as accounts
from backend.db.connection import immediate
from backend.db.stores import Store
from backend.mutations import Actor, Mutation, Outcome, apply_mutation
from backend.mutations.core import now_iso
from backend.services import Services
from backend.teams.mutations import TEAM_NAME
from backend.validation import Schema, ValidationFailed

ID_ALPHABET = string.ascii_lowercase + string.digits


def new_team_id() -> str:
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(12))


def actor_for(store: Store, user: accounts.User, device: str = "server") -> Actor:
    row = store.reader.execute(
        "SELECT roles FROM members WHERE user_id = ? AND left_at IS NULL", [user.id]
    ).fetchone()
    roles = frozenset(row["roles"].split()) if row else frozenset()
    return Actor(user.id, user.name, roles, device)


def apply(
    services: Services,
    store: Store,
    actor: Actor,
    name: str,
    args: Mapping[str, Any],
    *,
    client_id: str = "server",
    base_version: int | None = None,
) -> Outcome:
    """Apply one mutation now; ValidationFailed if it is rejected."""
    mutation = Mutation(str(uuid.uuid4()), name, dict(args), client_id, base_version)
    outcome = store.write_sync(
        lambda conn: apply_mutation(conn, services.registry, actor, mutation, services=services)
    )
    if outcome.status in {"rejected", "update_needed"}:
        raise ValidationFailed(outcome.errors)
    return outcome


def create_team(
    services: Services,
    owner: accounts.User,
    name: str,
    device: str = "server",
    *,
    teaches: bool = True,
) -> str:
    """A new team file, named, with its creator as admin and lead (and practitioner when
    they teach)."""
    Schema([TEAM_NAME]).validate({"name": name})
    team_id = new_team_id()
    store = services.teams.create(team_id)

    def bootstrap(conn: Any) -> None:
        with immediate(conn):
            conn.execute(
                "INSERT INTO team (id, name, version, created_at) VALUES (?, '', 0, ?)",
                [team_id, now_iso()],
            )

    store.write_sync(bootstrap)
    founder = Actor(owner.id, owner.name, frozenset({"admin"}), device)
    args = {"name": name, "teaches": "yes" if teaches else "no"}
    apply(services, store, founder, "team.create", args)
    return team_id


def create_user(services: Services, email: str, name: str, password_hash: str) -> accounts.User:
    def insert(conn: Any) -> accounts.User:
        with immediate(conn):
            return accounts.insert_user(conn, email, name, password_hash)

    return services.accounts.write_sync(insert)
