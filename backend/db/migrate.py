"""Numbered, additive migrations applied when a file is opened (sqlite-utils Migrations).

Each feature owns a migration set named after it; a file records every
migration applied to it in `_sqlite_migrations`. A file that records a
migration this code does not know was written by a newer version of the app
and is refused, so an old server never writes into a newer schema.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations


class NewerSchemaError(RuntimeError):
    """The file was written by a newer version of MBP Journey."""


def known_names(sets: Sequence[Migrations]) -> set[tuple[str, str]]:
    return {(s.name, m.name) for s in sets for m in s._migrations}


def applied_names(db: Database) -> set[tuple[str, str]]:
    if not db["_sqlite_migrations"].exists():
        return set()
    rows = db.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
    return {(row[0], row[1]) for row in rows}


def migrate(conn: sqlite3.Connection, sets: Sequence[Migrations], label: str) -> int:
    """Apply pending migrations in one exclusive transaction; return how many ran."""
    db = Database(conn, execute_plugins=False)
    conn.execute("BEGIN IMMEDIATE")
    try:
        unknown = applied_names(db) - known_names(sets)
        if unknown:
            names = ", ".join(sorted(f"{s}/{n}" for s, n in unknown))
            raise NewerSchemaError(
                f"{label} was written by a newer version of MBP Journey "
                f"(unknown migrations: {names}). Upgrade this server before opening it."
            )
        pending = sum(len(s.pending(db)) for s in sets)
        for migration_set in sets:
            migration_set.apply(db)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return pending
