"""A network's sync: push a batch of its mutations, pull its changes, as a team's.

The same protocol (backend/web/sync_protocol.py) and outcomes as a team's sync, on the
network's own file and its own mutation registry."""

from __future__ import annotations

import json
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import JSONBody, QueryParameter

from backend.db.connection import immediate
from backend.mutations import Actor, Outcome, apply_mutation
from backend.mutations.core import refuse
from backend.networks import queries
from backend.networks.web import NETWORK, network_of
from backend.web.auth import device_of, services_of, user_of
from backend.web.sync_protocol import (
    MAX_INT,
    MAX_PULL,
    ChangeOut,
    PullOut,
    PushIn,
    PushOut,
    device_key,
    outcome_out,
    to_mutation,
    too_large,
)


@post(
    "/api/networks/{network_id:str}/sync/push",
    opt=NETWORK,
    tags=["sync"],
    status_code=200,
    summary="Apply a batch of a network's queued mutations, in order",
)
async def push(request: Request[Any, Any, Any], data: JSONBody[PushIn]) -> PushOut:
    network = network_of(request)
    services = services_of(request)
    user = user_of(request)
    actor = Actor(user.id, user.name, network.roles, device_of(request))
    mutations = [(to_mutation(item, user.id), too_large(item)) for item in data.mutations]

    def work(conn: Any) -> list[Outcome]:
        with immediate(conn):
            return [
                refuse(conn, actor, m, problem)
                if problem
                else apply_mutation(conn, services.network_registry, actor, m, services=services)
                for m, problem in mutations
            ]

    outcomes = await network.store.write(work)
    version = outcomes[-1].version if outcomes else queries.version(network.store.reader)
    return PushOut([outcome_out(o) for o in outcomes], version)


PRIVATE_TABLES = frozenset({"snapshot_history"})


@get(
    "/api/networks/{network_id:str}/sync/pull",
    opt=NETWORK,
    tags=["sync"],
    summary="A network's changes since a version",
)
async def pull(
    request: Request[Any, Any, Any],
    since: Annotated[int, QueryParameter(ge=0, le=MAX_INT)] = 0,
    client_id: Annotated[str | None, QueryParameter(max_length=64)] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=MAX_PULL)] = MAX_PULL,
) -> PullOut:
    network = network_of(request)
    user = user_of(request)
    conn = network.store.reader
    current = queries.version(conn)
    upto = min(current, since + limit)
    # A team's shared snapshot, its history and its good-practice counts are read only
    # through the overview (counted, suppressed): they never leave in a pull, nor do the
    # network leads' email addresses.
    rows = conn.execute(
        "SELECT version, mutation_id, entity, entity_id, op, data, at FROM changes"
        " WHERE version > ? AND version <= ? AND (visible_to IS NULL OR visible_to = ?)"
        " ORDER BY id",
        [since, upto, user.id],
    ).fetchall()
    changes = []
    for r in rows:
        if r["entity"] in PRIVATE_TABLES:
            continue
        shown = json.loads(r["data"])
        for secret in ("snapshot", "email", "adherence"):
            shown.pop(secret, None)
        changes.append(
            ChangeOut(
                r["version"], r["mutation_id"], r["entity"], r["entity_id"], r["op"], shown, r["at"]
            )
        )
    last = conn.execute(
        "SELECT last_seq FROM clients WHERE id = ?", [device_key(user.id, client_id or "")]
    ).fetchone()
    return PullOut(changes, upto, upto < current, int(last["last_seq"]) if last else 0)


ROUTES = [push, pull]
