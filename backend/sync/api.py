"""The mutation endpoint and the sync protocol: push a batch, pull changes since a version.

The protocol's shapes are in backend/web/sync_protocol.py (a network's sync speaks it
too). See docs/architecture.md. A push applies a batch in order, in one transaction with a
savepoint per mutation, and answers each mutation's outcome after the commit. A
fault rolls the whole batch back (5xx) and the device sends it again; nothing ever
applies twice.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any

import msgspec
from litestar import Request, get, post
from litestar.exceptions import ClientException
from litestar.params import JSONBody, QueryParameter

from backend.db.connection import immediate
from backend.filetypes import MAX_BYTES
from backend.mutations import Actor, Outcome, apply_mutation
from backend.mutations.core import refuse
from backend.teams.public import team_version
from backend.teams.roles import LEADS, MEMBER
from backend.web.auth import TeamAccess, current_session, device_of, services_of, team_of, user_of
from backend.web.render import csrf_token
from backend.web.sync_protocol import (
    MAX_ARGS_BYTES,
    MAX_INT,
    MAX_PULL,
    ChangeOut,
    MutationIn,
    OutcomeOut,
    PullOut,
    PushIn,
    PushOut,
    device_key,
    outcome_out,
    to_mutation,
    too_large,
)

log = logging.getLogger("mbp.sync")
PUSH_MAX_BODY = (MAX_BYTES + 2) // 3 * 4 + 1024 * 1024
"""A push may carry one file (evidence.attach: 10 MB as base64) and some room; any other
batch keeps the server's usual body limit (checked in _apply_all)."""


class SessionOut(msgspec.Struct):
    user_id: str
    name: str
    email: str
    csrf_token: str
    team_id: str | None


def _large_body_allowed(services: Any, items: list[MutationIn]) -> bool:
    """A body beyond the usual limit is one mutation that carries a file, alone."""
    spec = services.registry.get(items[0].name) if len(items) == 1 else None
    return spec is not None and spec.max_args_bytes > MAX_ARGS_BYTES


async def _apply_all(
    request: Request[Any, Any, Any],
    team: TeamAccess,
    items: list[MutationIn],
    client_version: str | None = None,
) -> PushOut:
    services = services_of(request)
    user = user_of(request)
    actor = Actor(user.id, user.name, team.roles, device_of(request))
    size = len(await request.body())
    if size > services.settings.max_body_bytes and not _large_body_allowed(services, items):
        raise ClientException("Request Entity Too Large", status_code=413)
    mutations = [(to_mutation(item, user.id), too_large(item, services.registry)) for item in items]

    def work(conn: Any) -> list[Outcome]:
        # The batch commits once (one fsync), each mutation in its own savepoint;
        # the answer is sent only after the commit, so every acknowledged change
        # is on disk, and a crash before it leaves the whole batch to be resent.
        with immediate(conn):
            return [
                refuse(conn, actor, m, problem)
                if problem
                else apply_mutation(conn, services.registry, actor, m, services=services)
                for m, problem in mutations
            ]

    outcomes = await team.store.write(work)
    unknown = sorted(
        {
            m.name
            for (m, _), o in zip(mutations, outcomes, strict=True)
            if o.status == "update_needed"
        }
    )
    if unknown:
        log.info(
            "app version %s sent mutations this server does not know: %s", client_version, unknown
        )
    version = outcomes[-1].version if outcomes else team_version(team.store.reader)
    return PushOut([outcome_out(o) for o in outcomes], version)


@post(
    "/api/teams/{team_id:str}/sync/push",
    opt=MEMBER,
    tags=["sync"],
    status_code=200,
    request_max_body_size=PUSH_MAX_BODY,
    summary="Apply a batch of queued mutations, in order",
)
async def push(request: Request[Any, Any, Any], data: JSONBody[PushIn]) -> PushOut:
    return await _apply_all(request, team_of(request), data.mutations, data.client_version)


@post(
    "/api/teams/{team_id:str}/mutations",
    opt=MEMBER,
    tags=["sync"],
    status_code=200,
    request_max_body_size=PUSH_MAX_BODY,
    summary="Apply one mutation",
)
async def mutate(request: Request[Any, Any, Any], data: JSONBody[MutationIn]) -> OutcomeOut:
    result = await _apply_all(request, team_of(request), [data])
    return result.results[0]


def _shown(data: dict[str, Any]) -> dict[str, Any]:
    """A change's fields as pull shows them: an invitation's token hash never leaves."""
    data.pop("token_hash", None)
    return data


@get(
    "/api/teams/{team_id:str}/sync/pull",
    opt=MEMBER,
    tags=["sync"],
    summary="Changes you may see since a version",
)
async def pull(
    request: Request[Any, Any, Any],
    since: Annotated[int, QueryParameter(ge=0, le=MAX_INT)] = 0,
    client_id: Annotated[str | None, QueryParameter(max_length=64)] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=MAX_PULL)] = MAX_PULL,
) -> PullOut:
    team = team_of(request)
    user = user_of(request)
    conn = team.store.reader
    current = team_version(conn)
    upto = min(current, since + limit)
    rows = conn.execute(
        "SELECT version, mutation_id, entity, entity_id, op, data, at FROM changes"
        " WHERE version > ? AND version <= ? AND (visible_to IS NULL OR visible_to = ?)"
        " AND (entity NOT IN ('invites') OR ?)"  # as the Members page: leads only
        " ORDER BY id",
        [since, upto, user.id, team.has(*LEADS)],
    ).fetchall()
    changes = [
        ChangeOut(
            r["version"],
            r["mutation_id"],
            r["entity"],
            r["entity_id"],
            r["op"],
            _shown(json.loads(r["data"])),
            r["at"],
        )
        for r in rows
    ]
    last = conn.execute(
        "SELECT last_seq FROM clients WHERE id = ?", [device_key(user.id, client_id or "")]
    ).fetchone()
    return PullOut(changes, upto, upto < current, int(last["last_seq"]) if last else 0)


@get(
    "/api/session",
    opt={"access": "signed_in"},
    tags=["sync"],
    summary="Who is signed in, and the CSRF token to send with changes",
)
async def session_info(request: Request[Any, Any, Any]) -> SessionOut:
    session = current_session(request)
    user = user_of(request)
    return SessionOut(
        user.id, user.name, user.email, csrf_token(request), session.team_id if session else None
    )


ROUTES = [push, mutate, pull, session_info]
