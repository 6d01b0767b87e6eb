"""The sync protocol's shapes and the parsing every sync endpoint shares: a push (a batch
of mutations, each answered by its outcome) and a pull (the changes since a version).

A team's sync (`backend/sync/api.py`) and a network's (`backend/networks/api.py`) speak
the same protocol on their own files and mutation registries; see docs/architecture.md.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated, Any

import msgspec

from backend.mutations import Mutation, Outcome

log = logging.getLogger("mbp.sync")
MAX_BATCH = 100
MAX_PULL = 1000  # versions per pull at most; `more` says whether later ones exist
MAX_ARGS_BYTES = 64 * 1024
MAX_INT = 2**53


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


def outcome_out(outcome: Outcome) -> OutcomeOut:
    data = outcome.as_json()
    return OutcomeOut(**data)


def device_key(user_id: str, client_id: str) -> str:
    """A device's sequence is kept per person, so nobody can spend another's numbers."""
    return f"{user_id}:{client_id}"


def to_mutation(item: MutationIn, user_id: str) -> Mutation:
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


def client_time(value: str | None) -> str | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat() if value else None
    except ValueError:
        log.info("ignored a client time that is not ISO 8601: %r", value)
        return None
