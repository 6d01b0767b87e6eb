"""What a mutation handler writes through: rows recorded in the change log as they go.

A handler never writes SQL that changes rows directly; it calls insert, update
and delete here, so every write lands in the change log (which sync pulls) and
edits merge field by field against the version the client last saw.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backend.mutations.core import Actor, Mutation


class Forbidden(Exception):
    """The person may not make this change."""

    def __init__(self, message: str = "You do not have permission to make this change") -> None:
        super().__init__(message)
        self.message = message


class NotFound(Exception):
    """The record the change refers to does not exist in this team."""

    def __init__(self, message: str = "That record does not exist or has been removed") -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Change:
    entity: str
    entity_id: str
    op: str
    data: Mapping[str, Any]
    visible_to: str | None


@dataclass(frozen=True, slots=True)
class Conflict:
    entity: str
    entity_id: str
    key: str
    field: str
    base_value: Any
    server_value: Any
    client_value: Any


def db_value(value: Any) -> Any:
    """The form a value takes in a row: dates as ISO text, lists and dicts as JSON."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, sort_keys=True)
    return value


def db_row(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: db_value(v) for k, v in values.items()}


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not an identifier: {name!r}")
    return f'"{name}"'


@dataclass
class Context:
    conn: sqlite3.Connection
    actor: Actor
    mutation: Mutation
    version: int
    now: str
    services: Any = None
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    result: dict[str, Any] = field(default_factory=dict)
    shown_once: dict[str, Any] = field(default_factory=dict)
    """Handed back in this outcome's result only, never stored (a secret the server made,
    such as a calendar link's token): a resend of the mutation does not see it again."""
    summary: str = ""
    before_commit: list[Callable[[], None]] = field(default_factory=list)
    """Work on other files (the accounts index), run after the handler succeeded, just
    before the change settles. If the team transaction then fails (a fault later in a
    pushed batch), the index may name a change the team file does not have; that fails
    closed (the access guard reads the team file) and the resend completes it."""

    def one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(sql, params).fetchone()
        return row

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def new_id(self) -> str:
        return str(uuid.uuid4())

    def insert(
        self,
        table: str,
        values: Mapping[str, Any],
        *,
        key: str = "id",
        private_to: str | None = None,
    ) -> str:
        """Insert a row; its key is values[key] or a new id."""
        row = db_row(values)
        row.setdefault(key, self.new_id())
        columns = ", ".join(_quote(c) for c in row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(
            f"INSERT INTO {_quote(table)} ({columns}) VALUES ({marks})",
            list(row.values()),
        )
        self.changes.append(Change(table, str(row[key]), "insert", row, private_to))
        return str(row[key])

    def update(
        self,
        table: str,
        entity_id: str,
        values: Mapping[str, Any],
        *,
        key: str = "id",
        private_to: str | None = None,
        merge: bool = True,
    ) -> dict[str, Any]:
        """Write the fields that changed; return them.

        With a base version on the mutation and merge=True, a field someone else
        changed since that version is kept as it is on the server, and if this
        change also altered it the clash is recorded as a conflict to resolve.
        """
        current = self.one(f"SELECT * FROM {_quote(table)} WHERE {_quote(key)} = ?", [entity_id])
        if current is None:
            raise NotFound()
        changed = {k: v for k, v in db_row(values).items() if current[k] != v}
        base = self.mutation.base_version
        if merge and base is not None and changed:
            changed = self._merge(table, entity_id, key, current, changed, base)
        if changed:
            sets = ", ".join(f"{_quote(c)} = ?" for c in changed)
            self.conn.execute(
                f"UPDATE {_quote(table)} SET {sets} WHERE {_quote(key)} = ?",
                [*changed.values(), entity_id],
            )
            self.changes.append(Change(table, entity_id, "update", changed, private_to))
        return changed

    def delete(self, table: str, entity_id: str, *, key: str = "id") -> None:
        cursor = self.conn.execute(
            f"DELETE FROM {_quote(table)} WHERE {_quote(key)} = ?",
            [entity_id],
        )
        if cursor.rowcount == 0:
            raise NotFound()
        self.changes.append(Change(table, entity_id, "delete", {}, None))

    def _merge(
        self,
        table: str,
        entity_id: str,
        key: str,
        current: sqlite3.Row,
        changed: dict[str, Any],
        base: int,
    ) -> dict[str, Any]:
        # Changes since the base version, except this device's own (two offline edits
        # from one phone are one person's successive edits, not a clash).
        later = self.all(
            "SELECT c.data FROM changes c LEFT JOIN mutations m ON m.id = c.mutation_id"
            " WHERE c.entity = ? AND c.entity_id = ? AND c.version > ?"
            " AND (m.client_id IS NULL OR m.client_id != ?)",
            [table, entity_id, base, self.mutation.client_id],
        )
        touched: set[str] = set()
        for row in later:
            touched.update(json.loads(row["data"]))
        keep: dict[str, Any] = {}
        for name, value in changed.items():
            if name not in touched:
                keep[name] = value
                continue
            base_value = self._value_at(table, entity_id, name, base)
            if base_value != value:
                self.conflicts.append(
                    Conflict(table, entity_id, key, name, base_value, current[name], value)
                )
        return keep

    def _value_at(self, table: str, entity_id: str, name: str, version: int) -> Any:
        rows = self.all(
            "SELECT data FROM changes WHERE entity = ? AND entity_id = ? AND version <= ?"
            " ORDER BY version DESC",
            [table, entity_id, version],
        )
        for row in rows:
            data = json.loads(row["data"])
            if name in data:
                return data[name]
        return None
