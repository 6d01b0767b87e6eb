"""Migrations only ever add: no table, column, index or trigger is dropped or changed.

A phone that was offline for months still holds changes written against the schema it
knew; the server must be able to apply them. So a migration may add tables, columns,
indexes and triggers, and never drop, rename or retype what an earlier one made
(docs/architecture.md). This walks every migration set in the order a store
applies it and compares the schema before and after each step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from backend.accounts.schema import migrations as accounts_migrations
from backend.app import all_features
from backend.mutations.schema import migrations as core_migrations

Schema = dict[str, object]


def schema_of(conn: sqlite3.Connection) -> Schema:
    """Every object by name; for tables, every column with its type, default and keys."""
    found: Schema = {}
    objects = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for kind, name, sql in objects:
        if kind == "table":
            columns = conn.execute(f'PRAGMA table_xinfo("{name}")').fetchall()
            found[name] = {c[1]: (c[2].upper(), c[3], c[4], c[5], c[6]) for c in columns}
        else:
            found[name] = (kind, sql)
    return found


def losses(before: Schema, after: Schema) -> list[str]:
    """What a step dropped or changed (additions are fine)."""
    lost = []
    for name, shape in before.items():
        if name not in after:
            lost.append(f"{name} was dropped")
        elif isinstance(shape, dict):
            now = after[name]
            if not isinstance(now, dict):
                lost.append(f"{name} is no longer a table")
                continue
            for column, spec in shape.items():
                if column not in now:
                    lost.append(f"{name}.{column} was dropped")
                elif now[column] != spec:
                    lost.append(f"{name}.{column} changed from {spec} to {now[column]}")
        elif after[name] != shape:
            lost.append(f"{name} was changed")
    return lost


def steps(sets: Sequence[Migrations]) -> list[str]:
    """Apply each migration of each set in turn on a new file; every loss, by step."""
    conn = sqlite3.connect(":memory:")
    db = Database(conn, execute_plugins=False)
    found = []
    for migration_set in sets:
        for migration in migration_set._migrations:
            before = schema_of(conn)
            migration_set.apply(db, stop_before=_after(migration_set, migration.name))
            found += [
                f"{migration_set.name}/{migration.name}: {x}"
                for x in losses(before, schema_of(conn))
            ]
    conn.close()
    return found


def _after(migration_set: Migrations, name: str) -> list[str]:
    """The names that come after `name` in the set (apply stops before the first)."""
    names = [m.name for m in migration_set._migrations]
    return names[names.index(name) + 1 :][:1]


def team_sets() -> list[Migrations]:
    return [core_migrations, *(f.team_migrations for f in all_features() if f.team_migrations)]


@pytest.mark.parametrize("store", ["accounts", "team"])
def test_every_migration_only_adds(store: str) -> None:
    sets = [accounts_migrations] if store == "accounts" else team_sets()
    assert sum(len(s._migrations) for s in sets) > 1
    assert steps(sets) == []


def test_a_migration_that_drops_or_retypes_is_caught() -> None:
    made = Migrations("example")

    @made(name="0001_start")
    def start(db: Database) -> None:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, kept TEXT)")
        db.execute("CREATE INDEX notes_body ON notes (body)")

    @made(name="0002_tidy")
    def tidy(db: Database) -> None:
        db["notes"].transform(drop={"kept"}, types={"body": int})

    found = steps([made])
    assert any("notes.kept was dropped" in x for x in found), found
    assert any("notes.body changed" in x for x in found), found
    assert any(x.startswith("example/0002_tidy") for x in found), found
