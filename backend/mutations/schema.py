"""The team store's own tables: the team row, change log, audit, settled mutations."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("core")


@migrations(name="0001_core")
def m0001_core(db: Database) -> None:
    for sql in (
        """CREATE TABLE team (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE members (
            user_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            email TEXT NOT NULL,
            roles TEXT NOT NULL,
            joined_at TEXT NOT NULL,
            left_at TEXT
        )""",
        """CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            version INTEGER NOT NULL,
            mutation_id TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
            data TEXT NOT NULL,
            visible_to TEXT,
            at TEXT NOT NULL
        )""",
        "CREATE INDEX changes_by_version ON changes (version)",
        "CREATE INDEX changes_by_entity ON changes (entity, entity_id, version)",
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            version INTEGER NOT NULL,
            mutation_id TEXT NOT NULL,
            name TEXT NOT NULL,
            summary TEXT NOT NULL,
            actor_id TEXT NOT NULL,
            actor_name TEXT NOT NULL,
            client_id TEXT NOT NULL,
            device TEXT NOT NULL,
            at TEXT NOT NULL,
            client_at TEXT
        )""",
        "CREATE INDEX audit_by_actor ON audit (actor_id, id)",
        """CREATE TABLE mutations (
            id TEXT PRIMARY KEY,
            client_id TEXT NOT NULL,
            seq INTEGER,
            name TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('applied', 'rejected', 'conflict')),
            version INTEGER NOT NULL,
            result TEXT NOT NULL,
            actor_id TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
        "CREATE INDEX mutations_by_client ON mutations (client_id, seq)",
        """CREATE TABLE clients (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            last_seq INTEGER NOT NULL DEFAULT 0,
            device TEXT NOT NULL,
            last_seen TEXT NOT NULL
        )""",
        """CREATE TABLE conflicts (
            id TEXT PRIMARY KEY,
            mutation_id TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            entity_key TEXT NOT NULL DEFAULT 'id',
            field TEXT NOT NULL,
            base_value TEXT,
            server_value TEXT,
            client_value TEXT,
            user_id TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
            resolution TEXT,
            resolved_by TEXT,
            resolved_at TEXT,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX open_conflicts ON conflicts (status, user_id)",
    ):
        db.execute(sql)
