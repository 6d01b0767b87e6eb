"""A tiny feature for testing the mutation path: notes with a title and a body."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from backend.db.connection import immediate
from backend.db.stores import Store
from backend.mutations import Actor, Context, Mutation, MutationSpec, NotFound, Registry
from backend.mutations.core import apply_mutation, now_iso
from backend.mutations.schema import migrations as core
from backend.validation import Identifier, Schema, Text

notes_migrations = Migrations("notes")


@notes_migrations(name="0001_notes")
def _notes(db: Database) -> None:
    db.execute("CREATE TABLE notes (id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL)")


def add(ctx: Context, args: dict[str, Any]) -> None:
    ctx.insert("notes", {"id": args["id"], "title": args["title"], "body": args["body"]})
    ctx.result = {"id": args["id"]}


def edit(ctx: Context, args: dict[str, Any]) -> None:
    fields = {k: args[k] for k in ("title", "body") if k in ctx.mutation.args}
    ctx.update("notes", args["id"], fields)


def remove(ctx: Context, args: dict[str, Any]) -> None:
    if ctx.one("SELECT 1 FROM notes WHERE id = ?", [args["id"]]) is None:
        raise NotFound("That note does not exist")
    ctx.delete("notes", args["id"])


ID = Identifier("id", "Note")
REGISTRY = Registry(
    [
        MutationSpec(
            "note.add",
            "Added a note",
            Schema(
                [
                    ID,
                    Text("title", "Title", max_length=50),
                    Text("body", "Body", multiline=True, max_length=500, required=False),
                ]
            ),
            add,
        ),
        MutationSpec(
            "note.edit",
            "Edited a note",
            Schema(
                [
                    ID,
                    Text("title", "Title", max_length=50, required=False),
                    Text("body", "Body", multiline=True, max_length=500, required=False),
                ]
            ),
            edit,
        ),
        MutationSpec("note.remove", "Removed a note", Schema([ID]), remove, frozenset({"lead"})),
    ]
)
ALICE = Actor("user-alice", "Alice", frozenset({"practitioner", "lead"}), "test")


def new_store(path: Path) -> Store:
    path.touch()
    store = Store(path, [core, notes_migrations], "test store")
    store.open()

    def bootstrap(conn: sqlite3.Connection) -> None:
        with immediate(conn):
            conn.execute(
                "INSERT INTO team (id, name, version, created_at) VALUES "
                "('abcdefabcdef', 'Test team', 0, ?)",
                [now_iso()],
            )

    store.write_sync(bootstrap)
    return store


def run(store: Store, mutation: Mutation, actor: Actor = ALICE, *, record: bool = True) -> Any:
    return store.write_sync(
        lambda conn: apply_mutation(conn, REGISTRY, actor, mutation, record_rejection=record)
    )


def snapshot(store: Store) -> dict[str, Any]:
    """Everything a person could observe: rows, version, change log (without times)."""
    conn = store.reader
    return {
        "notes": [tuple(r) for r in conn.execute("SELECT * FROM notes ORDER BY id")],
        "version": conn.execute("SELECT version FROM team").fetchone()[0],
        "changes": [
            (r["version"], r["entity_id"], r["op"], json.loads(r["data"]))
            for r in conn.execute("SELECT * FROM changes ORDER BY id")
        ],
        "conflicts": [
            (r["field"], r["server_value"], r["client_value"])
            for r in conn.execute("SELECT * FROM conflicts ORDER BY created_at, field")
        ],
    }
