"""The mutation endpoint and the sync protocol: push a batch, pull changes since a version.

See docs/architecture.md. A push applies a batch in order, in one transaction with a
savepoint per mutation, and answers each mutation's outcome after the commit. A
fault rolls the whole batch back (5xx) and the device sends it again; nothing ever
applies twice.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, get, post
from litestar.exceptions import ClientException
from litestar.params import JSONBody, QueryParameter

from backend.db.connection import immediate
from backend.filetypes import MAX_BYTES
from backend.mutations import Actor, Mutation, Outcome, apply_mutation
from backend.mutations.core import refuse
from backend.teams.public import team_version
from backend.teams.roles import LEADS, MEMBER
from backend.web.auth import TeamAccess, current_session, device_of, services_of, team_of, user_of
from backend.web.render import csrf_token

log = logging.getLogger("mbp.sync")
MAX_BATCH = 100
MAX_PULL = 1000  # versions per pull at most; `more` says whether later ones exist
MAX_ARGS_BYTES = 64 * 1024
MAX_INT = 2**53
PUSH_MAX_BODY = (MAX_BYTES + 2) // 3 * 4 + 1024 * 1024
"""A push may carry one file (evidence.attach: 10 MB as base64) and some room; any other
batch keeps the server's usual body limit (checked in _apply_all)."""


class MutationIn(msgspec.Struct, forbid_unknown_fields=False):
    id: Annotated[str, msgspec.Meta(min_length=8, max_length=64)]
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    args: dict[str, Any]
    client_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    base_version: Annotated[int, msgspec.Meta(ge=0, le=MAX_INT)] | None = None
    seq: Annotated[int, msgspec.Meta(ge=1, le=MAX_INT)] | None = None
    at: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    """The device's clock when the change was made; kept for the audit if it reads as
    an ISO date and time, else dropped. It orders nothing and is never fatal."""


class PushIn(msgspec.Struct):
    mutations: Annotated[list[MutationIn], msgspec.Meta(max_length=MAX_BATCH)]
    client_version: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    """The app version that queued the batch; logged when a mutation is unknown."""


class OutcomeOut(msgspec.Struct):
    id: str
    status: str
    version: int
    errors: dict[str, str]
    result: dict[str, Any]
    conflicts: list[dict[str, Any]]


class PushOut(msgspec.Struct):
    results: list[OutcomeOut]
    version: int


class ChangeOut(msgspec.Struct):
    version: int
    mutation_id: str
    entity: str
    entity_id: str
    op: str
    data: dict[str, Any]
    at: str


class PullOut(msgspec.Struct):
    changes: list[ChangeOut]
    version: int
    more: bool
    last_seq: int


class SessionOut(msgspec.Struct):
    user_id: str
    name: str
    email: str
    csrf_token: str
    team_id: str | None


def _out(outcome: Outcome) -> OutcomeOut:
    data = outcome.as_json()
    return OutcomeOut(**data)


def device_key(user_id: str, client_id: str) -> str:
    """A device's sequence is kept per person, so nobody can spend another's numbers."""
    return f"{user_id}:{client_id}"


def _to_mutation(item: MutationIn, user_id: str) -> Mutation:
    return Mutation(
        item.id,
        item.name,
        item.args,
        device_key(user_id, item.client_id),
        item.base_version,
        item.seq,
        client_time(item.at),
    )


def too_large(item: MutationIn, registry: Any = None) -> dict[str, str]:
    """One change too large to keep is refused on its own; the rest of the batch applies.
    A mutation that carries a file (MutationSpec.max_args_bytes) may be larger."""
    spec = registry.get(item.name) if registry is not None else None
    limit = spec.max_args_bytes if spec is not None else MAX_ARGS_BYTES
    if args_size(item.args) <= limit:
        return {}
    return {
        "": f"This change is larger than {limit // 1024} KB, so it was not saved. Shorten it and send it again."
    }


def args_size(args: dict[str, Any]) -> int:
    """The arguments' size as JSON. A long text (a file as base64) is counted by its
    length, not encoded again: that would hold the event loop for tens of milliseconds."""
    size = 2
    for key, value in args.items():
        if isinstance(value, str) and len(value) > MAX_ARGS_BYTES:
            size += len(key) + len(value) + 6
        else:
            size += len(msgspec.json.encode({key: value}))
    return size


def _large_body_allowed(services: Any, items: list[MutationIn]) -> bool:
    """A body beyond the usual limit is one mutation that carries a file, alone."""
    spec = services.registry.get(items[0].name) if len(items) == 1 else None
    return spec is not None and spec.max_args_bytes > MAX_ARGS_BYTES


def client_time(value: str | None) -> str | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat() if value else None
    except ValueError:
        log.info("ignored a client time that is not ISO 8601: %r", value)
        return None


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
    mutations = [
        (_to_mutation(item, user.id), too_large(item, services.registry)) for item in items
    ]

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
    return PushOut([_out(o) for o in outcomes], version)


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
