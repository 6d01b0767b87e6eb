"""Online form posts become mutations on the same path the offline outbox uses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request

from backend.mutations import Actor, Mutation, Outcome, apply_mutation
from backend.web.auth import TeamAccess, current_session, device_of, services_of, user_of
from backend.web.forms import posted_mutation_id

FORM_ONLY = {"mutation_id", "base_version", "_csrf_token"}
READS = "request_reads"


def request_reads(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """Reads a handler makes once and reuses for the rest of the request, so that the
    parts of one page agree with each other (one snapshot of a team, not one per part).
    Forgotten as soon as the request writes: what it shows next reads afresh."""
    found: dict[str, Any] | None = request.state.get(READS)
    if found is None:
        found = {}
        request.state[READS] = found
    return found


def web_client_id(request: Request[Any, Any, Any]) -> str:
    """The device an online change came from: this browser's session."""
    session = current_session(request)
    return f"web-{session.token_hash[:16]}" if session else "web"


def actor_of(request: Request[Any, Any, Any], team: TeamAccess | None) -> Actor:
    user = user_of(request)
    return Actor(user.id, user.name, team.roles if team else frozenset(), device_of(request))


def base_version_of(data: Mapping[str, Any]) -> int | None:
    raw = str(data.get("base_version", ""))
    return int(raw) if raw.isdigit() and len(raw) < 15 else None


async def submit(
    request: Request[Any, Any, Any],
    team: TeamAccess,
    name: str,
    data: Mapping[str, Any],
    *,
    actor: Actor | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Outcome:
    """Apply the posted form as mutation `name`; invalid input is not recorded, so the
    person can correct the form and send it again with the same mutation id."""
    services = services_of(request)
    args = {k: v for k, v in data.items() if k not in FORM_ONLY}
    args.update(extra or {})
    mutation = Mutation(
        id=posted_mutation_id(data),
        name=name,
        args=args,
        client_id=web_client_id(request),
        base_version=base_version_of(data),
    )
    who = actor or actor_of(request, team)
    request_reads(request).clear()
    return await team.store.write(
        lambda conn: apply_mutation(
            conn, services.registry, who, mutation, services=services, record_rejection=False
        )
    )
