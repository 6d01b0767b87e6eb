"""Applying a mutation: one transaction that writes the rows, bumps the team version,
appends the change log and the audit entry, and records the mutation as settled.

Outcomes:
- applied: the change is in the store;
- duplicate: this mutation (or this client's sequence number) was settled before;
  the earlier outcome is returned and nothing is written again;
- rejected: it can never apply (invalid, forbidden, unknown record); with
  record_rejection the verdict is stored, so a resend gets the same answer and a
  device's queue moves on;
- conflict: applied, except for fields someone else changed meanwhile, which are
  stored as conflicts for the person to resolve;
- held: a device's sequence number skips one not yet received; nothing is written
  and the device resends in order;
- update_needed: the name is unknown to this server version; nothing is written.
Any other exception is a fault: the transaction rolls back and the caller retries.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from backend.db.connection import immediate, one
from backend.mutations.context import Context, Forbidden, NotFound
from backend.validation import Schema, ValidationFailed

Handler = Callable[[Context, dict[str, Any]], None]
log = logging.getLogger("mbp.mutations")


@dataclass(frozen=True, slots=True)
class Mutation:
    id: str
    name: str
    args: Mapping[str, Any]
    client_id: str
    base_version: int | None = None
    seq: int | None = None
    at: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: str
    name: str
    roles: frozenset[str]
    device: str = ""


@dataclass(frozen=True, slots=True)
class MutationSpec:
    name: str
    title: str
    schema: Schema
    handler: Handler
    roles: frozenset[str] | None = None
    """Roles allowed to make it; None means any member of the team."""
    max_args_bytes: int = 64 * 1024
    """The largest arguments a device may push for it, as JSON (a file attached as
    base64 needs more than a form's fields)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    id: str
    status: str
    version: int
    errors: Mapping[str, str] = field(default_factory=dict)
    result: Mapping[str, Any] = field(default_factory=dict)
    conflicts: tuple[Mapping[str, Any], ...] = ()

    @property
    def ok(self) -> bool:
        return self.status in {"applied", "duplicate", "conflict"}

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "version": self.version,
            "errors": dict(self.errors),
            "result": dict(self.result),
            "conflicts": list(self.conflicts),
        }


class Registry:
    def __init__(self, specs: Iterable[MutationSpec]) -> None:
        self._specs: dict[str, MutationSpec] = {}
        for spec in specs:
            if spec.name in self._specs:
                raise ValueError(f"mutation {spec.name} registered twice")
            self._specs[spec.name] = spec

    def get(self, name: str) -> MutationSpec | None:
        return self._specs.get(name)

    def names(self) -> list[str]:
        return sorted(self._specs)


class _Rejected(Exception):
    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(errors)
        self.errors = dict(errors)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def apply_mutation(
    conn: sqlite3.Connection,
    registry: Registry,
    actor: Actor,
    mutation: Mutation,
    *,
    services: Any = None,
    record_rejection: bool = True,
) -> Outcome:
    """Settle one mutation on a team store's writer connection (call holding its lock)."""
    with immediate(conn):
        version = int(one(conn, "SELECT version FROM team")["version"])  # type: ignore[index]
        settled = _settled(conn, actor, mutation, version)
        if settled is not None:
            return settled
        spec = registry.get(mutation.name)
        if spec is None:
            return Outcome(mutation.id, "update_needed", version, errors=_update_needed())
        try:
            context = _run(conn, spec, actor, mutation, version + 1, services)
        except _Rejected as rejected:
            if record_rejection:
                _record(conn, actor, mutation, "rejected", version, {"errors": rejected.errors})
            return Outcome(mutation.id, "rejected", version, errors=rejected.errors)
        return _commit(conn, spec, actor, mutation, context)


def refuse(
    conn: sqlite3.Connection, actor: Actor, mutation: Mutation, errors: Mapping[str, str]
) -> Outcome:
    """Settle a mutation as rejected without running it (it is too large to read, say),
    keeping the device's order: a repeat is a duplicate, a gap is held."""
    with immediate(conn):
        version = int(one(conn, "SELECT version FROM team")["version"])  # type: ignore[index]
        settled = _settled(conn, actor, mutation, version)
        if settled is not None:
            return settled
        _record(conn, actor, mutation, "rejected", version, {"errors": dict(errors)})
        return Outcome(mutation.id, "rejected", version, errors=errors)


def _update_needed() -> dict[str, str]:
    return {"": "This change was made in an older or newer version of the app. Update the app."}


def _settled(
    conn: sqlite3.Connection, actor: Actor, mutation: Mutation, version: int
) -> Outcome | None:
    """The answer for a mutation settled before, or out of its device's order; else None."""
    last_seq = _last_seq(conn, mutation.client_id) if mutation.seq is not None else 0
    if mutation.seq is not None and mutation.seq > last_seq + 1:
        message = f"Waiting for change {last_seq + 1} from this device before change {mutation.seq}"
        return Outcome(mutation.id, "held", version, errors={"": message})
    prior = one(conn, "SELECT actor_id, result FROM mutations WHERE id = ?", [mutation.id])
    if prior is not None:
        if mutation.seq == last_seq + 1:
            # Settled already, say by an online post whose answer was lost and which
            # the device then queued: its number is spent, so later ones can follow.
            _advance(conn, actor, mutation)
        if prior["actor_id"] != actor.user_id:
            # Ids are settled per actor: someone else's id is a clash, never a success.
            message = (
                "This change's id belongs to another change, so it was not saved. Send it again."
            )
            return Outcome(mutation.id, "rejected", version, errors={"": message})
        result = json.loads(prior["result"])
        return Outcome(
            mutation.id,
            "duplicate",
            version,
            errors=result.get("errors", {}),
            result=result.get("result", {}),
            conflicts=tuple(result.get("conflicts", ())),
        )
    if mutation.seq is not None and mutation.seq <= last_seq:
        # A number this device spent on a different change: never pretend it applied.
        message = "This change reused a number this device had already sent, so it was not saved. Send it again."
        return Outcome(mutation.id, "rejected", version, errors={"": message})
    return None


def _last_seq(conn: sqlite3.Connection, client_id: str) -> int:
    last = one(conn, "SELECT last_seq FROM clients WHERE id = ?", [client_id])
    return 0 if last is None else int(last["last_seq"])


def _run(
    conn: sqlite3.Connection,
    spec: MutationSpec,
    actor: Actor,
    mutation: Mutation,
    version: int,
    services: Any,
) -> Context:
    if spec.roles is not None and not (spec.roles & actor.roles):
        raise _Rejected({"": "You do not have permission to make this change"})
    try:
        args = spec.schema.validate(mutation.args)
    except ValidationFailed as failed:
        raise _Rejected(failed.errors) from None
    context = Context(conn, actor, mutation, version, now_iso(), services)
    conn.execute("SAVEPOINT handler")
    try:
        spec.handler(context, args)
    except (ValidationFailed, Forbidden, NotFound, sqlite3.IntegrityError) as problem:
        conn.execute("ROLLBACK TO SAVEPOINT handler")
        conn.execute("RELEASE SAVEPOINT handler")
        raise _Rejected(_errors_of(problem)) from None
    conn.execute("RELEASE SAVEPOINT handler")
    return context


def _errors_of(problem: Exception) -> dict[str, str]:
    if isinstance(problem, ValidationFailed):
        return problem.errors
    if isinstance(problem, Forbidden | NotFound):
        return {"": problem.message}
    # A constraint the data breaks (a record id used twice, say) can never apply:
    # reject it so it cannot block a device's queue for ever.
    log.warning("mutation rejected by a constraint: %s", problem)
    return {"": "This change clashes with a record that already exists, so it was not saved"}


def _commit(
    conn: sqlite3.Connection,
    spec: MutationSpec,
    actor: Actor,
    mutation: Mutation,
    context: Context,
) -> Outcome:
    version = context.version
    conn.execute("UPDATE team SET version = ?", [version])
    conn.executemany(
        "INSERT INTO changes (version, mutation_id, entity, entity_id, op, data, visible_to, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                version,
                mutation.id,
                c.entity,
                c.entity_id,
                c.op,
                json.dumps(c.data, default=str),
                c.visible_to,
                context.now,
            )
            for c in context.changes
        ],
    )
    conflicts = tuple(_store_conflict(context, c) for c in context.conflicts)
    conn.execute(
        "INSERT INTO audit (version, mutation_id, name, summary, actor_id, actor_name,"
        " client_id, device, at, client_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            version,
            mutation.id,
            mutation.name,
            context.summary or spec.title,
            actor.user_id,
            actor.name,
            mutation.client_id,
            actor.device,
            context.now,
            mutation.at,
        ],
    )
    status = "conflict" if conflicts else "applied"
    for work in context.before_commit:
        work()
    _record(
        conn,
        actor,
        mutation,
        status,
        version,
        {"result": context.result, "conflicts": list(conflicts)},
    )
    result = {**context.result, **context.shown_once}
    return Outcome(mutation.id, status, version, result=result, conflicts=conflicts)


def _store_conflict(context: Context, conflict: Any) -> dict[str, Any]:
    conflict_id = context.new_id()
    row = {
        "id": conflict_id,
        "entity": conflict.entity,
        "entity_id": conflict.entity_id,
        "field": conflict.field,
        "base_value": conflict.base_value,
        "server_value": conflict.server_value,
        "client_value": conflict.client_value,
    }
    context.conn.execute(
        "INSERT INTO conflicts (id, mutation_id, entity, entity_id, entity_key, field,"
        " base_value, server_value, client_value, user_id, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            conflict_id,
            context.mutation.id,
            conflict.entity,
            conflict.entity_id,
            conflict.key,
            conflict.field,
            json.dumps(conflict.base_value, default=str),
            json.dumps(conflict.server_value, default=str),
            json.dumps(conflict.client_value, default=str),
            context.actor.user_id,
            context.now,
        ],
    )
    return row


def _record(
    conn: sqlite3.Connection,
    actor: Actor,
    mutation: Mutation,
    status: str,
    version: int,
    result: Mapping[str, Any],
) -> None:
    conn.execute(
        "INSERT INTO mutations (id, client_id, seq, name, status, version, result, actor_id, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            mutation.id,
            mutation.client_id,
            mutation.seq,
            mutation.name,
            status,
            version,
            json.dumps(result, default=str),
            actor.user_id,
            now_iso(),
        ],
    )
    _advance(conn, actor, mutation)


def _advance(conn: sqlite3.Connection, actor: Actor, mutation: Mutation) -> None:
    """Record that the device's sequence number is spent (and when it was last seen)."""
    conn.execute(
        "INSERT INTO clients (id, user_id, last_seq, device, last_seen) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq),"
        " last_seen = excluded.last_seen, device = excluded.device",
        [mutation.client_id, actor.user_id, mutation.seq or 0, actor.device, now_iso()],
    )
