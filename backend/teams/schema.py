"""Team-store tables owned by the teams feature."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("teams")


@migrations(name="0001_invites")
def m0001_invites(db: Database) -> None:
    db.execute(
        """CREATE TABLE invites (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL,
            roles TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            invited_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'revoked')),
            accepted_by TEXT,
            accepted_at TEXT
        )"""
    )
