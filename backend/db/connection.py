"""Opening SQLite files the one way this project does: WAL, foreign keys, busy timeout."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BUSY_TIMEOUT_MS = 5000
_savepoints = itertools.count()


def connect(path: Path, *, writer: bool = False) -> sqlite3.Connection:
    """A connection in explicit-transaction mode (isolation_level=None).

    Writers use synchronous=FULL so an acknowledged commit survives power loss
    as well as a crash of the process. Only a writer sets WAL mode: it is kept in the file,
    and asking for it again costs a reader (opened after each eviction) a tenth of a page.
    """
    conn = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if writer:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL" if writer else "PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -1024")
    return conn


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: BEGIN IMMEDIATE ... COMMIT, rolled back on any error.

    Inside a transaction already open, it is a savepoint instead: its work is undone
    on error and committed with the outer transaction.
    """
    if conn.in_transaction:
        name = f"nested_{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
            conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")  # inside: a failed commit must roll back, not linger
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


@contextmanager
def bookkeeping(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write of bookkeeping only (when a session was last seen): committed without waiting
    for the disk. A crash of the process still keeps it (WAL); a power cut may undo the last
    few, which costs nothing a person would miss. Never for records or mutations."""
    if conn.in_transaction:
        yield conn
        return
    level = int(conn.execute("PRAGMA synchronous").fetchone()[0])
    conn.execute("PRAGMA synchronous = NORMAL")
    try:
        with immediate(conn):
            yield conn
    finally:
        conn.execute(f"PRAGMA synchronous = {level}")


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A consistent read of several queries (a deferred read transaction)."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def one(conn: sqlite3.Connection, sql: str, params: Any = ()) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(sql, params).fetchone()
    return row


def scalar(conn: sqlite3.Connection, sql: str, params: Any = ()) -> Any:
    row = conn.execute(sql, params).fetchone()
    return None if row is None else row[0]
