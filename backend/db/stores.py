"""SQLite files and their connections: the accounts file and one file per team.

Each file has one read connection (used on the event loop; reads are short) and
one writer connection guarded by a lock, used from worker threads so a commit's
fsync never blocks other requests. SQLite's own locking (BEGIN IMMEDIATE with a
busy timeout) keeps a single writer per file across processes too.

Team files are opened on demand and kept in a bounded least-recently-used cache,
so a server holding thousands of teams keeps a fixed number of files open.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import anyio.to_thread
from sqlite_utils.migrations import Migrations

from backend.db.connection import connect
from backend.db.migrate import migrate

T = TypeVar("T")
TEAM_ID_RE = re.compile(r"[a-z0-9]{12}")


class UnknownTeam(LookupError):
    """No team file with that id."""


class StoreUnhealthy(RuntimeError):
    """A file failed SQLite's check when it was opened (or could not be read as a
    database): its writes are refused until an admin restores it."""

    def __init__(self, label: str, problem: str) -> None:
        super().__init__(f"{label}: {problem}")
        self.label = label
        self.problem = problem


def is_corruption(exc: BaseException) -> bool:
    """A file that failed its check, or SQLite saying a file is damaged (not busy,
    locked or read-only)."""
    if isinstance(exc, StoreUnhealthy):
        return True
    text = str(exc)
    return isinstance(exc, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text
    )


def check_file(conn: sqlite3.Connection) -> str | None:
    """PRAGMA quick_check's verdict: None when the file is sound, else what is wrong."""
    rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    return None if rows == ["ok"] else "; ".join(rows[:3])


class Store:
    """One SQLite file: a read connection and a locked writer, opened lazily."""

    def __init__(
        self,
        path: Path,
        migrations: Sequence[Migrations],
        label: str,
        *,
        check: bool = True,
        migrated: bool = False,
    ) -> None:
        self.path = path
        self.label = label
        self._migrations = migrations
        self._read: sqlite3.Connection | None = None
        self._write: sqlite3.Connection | None = None
        self.write_lock = threading.Lock()
        self._migrated = migrated  # True: this process brought the schema up to date already
        self._check = check  # PRAGMA quick_check when first opened
        self.problem: str | None = None  # set when the file failed its check
        # Set when TeamStores lets go of this store: a request still using it then gets
        # connections that are closed as soon as it is done with them (else each would stay
        # open until a full garbage collection, which the served process makes rare).
        self._retire: Callable[[sqlite3.Connection], None] | None = None

    def open(self) -> None:
        """Check the file, create it if needed and bring its schema up to date.
        Raises StoreUnhealthy if the file fails SQLite's quick_check."""
        with self.write_lock:
            self._writer()

    def _writer(self) -> sqlite3.Connection:
        if self.problem is not None:
            raise StoreUnhealthy(self.label, self.problem)
        if self._write is None:
            try:
                conn = connect(self.path, writer=True)
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError) and "malformed" not in str(exc):
                    raise  # locked, read-only, no such folder: not the file's fault
                self.problem = str(exc)
                raise StoreUnhealthy(self.label, self.problem) from exc
            if self._check:
                try:
                    self.problem = check_file(conn)
                except sqlite3.DatabaseError as exc:
                    self.problem = str(exc)
                if self.problem is not None:
                    conn.close()
                    raise StoreUnhealthy(self.label, self.problem)
                self._check = False
            self._write = conn
            if not self._migrated:
                migrate(self._write, self._migrations, self.label)
                self._migrated = True
        return self._write

    @property
    def reader(self) -> sqlite3.Connection:
        """The read connection. A file that failed its check is still read where SQLite
        can read it (its team can see and export what is there); its writes are refused."""
        if self._read is None:
            if not self._migrated and self.problem is None:
                with contextlib.suppress(StoreUnhealthy):
                    self.open()
            try:
                conn = connect(self.path)
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError) and "malformed" not in str(exc):
                    raise
                self.problem = self.problem or str(exc)
                raise StoreUnhealthy(self.label, self.problem) from exc
            if self._retire is not None:
                self._retire(conn)  # evicted already: closed once this request is done with it
                return conn
            self._read = conn
        return self._read

    def write_sync(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run work(conn) holding this file's writer; call from a worker thread.
        Raises StoreUnhealthy for a file that failed its check."""
        with self.write_lock:
            try:
                return work(self._writer())
            finally:
                if self._retire is not None and self._write is not None:
                    self._write.close()  # evicted while this write waited: let go of the file
                    self._write = None

    async def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await anyio.to_thread.run_sync(self.write_sync, work)

    def close_writer(self) -> None:
        """Let go of the writer (it reopens if this store is written again). The reader is
        handed to TeamStores, which closes it once no request is using it."""
        with self.write_lock:
            if self._write is not None:
                self._write.close()
                self._write = None

    def close(self) -> None:
        """Close both connections; only when nothing can be using them (shutdown, tests)."""
        self.close_writer()
        if self._read is not None:
            self._read.close()
            self._read = None

    def let_go_of_reader(
        self, retire: Callable[[sqlite3.Connection], None]
    ) -> sqlite3.Connection | None:
        """Hand over the reader, to be closed once nothing uses it; a reader this store opens
        again (for a request still using it) goes to `retire` too."""
        self._retire = retire
        reader, self._read = self._read, None
        return reader


def _references_when_unused() -> int:
    """What sys.getrefcount says of a connection that only a list holds, seen from a loop
    over that list as in TeamStores._close_unused_readers (a connection's statement cache
    refers back to it, so this is not a constant we should guess)."""
    probe = [sqlite3.connect(":memory:")]
    try:
        for conn in probe:
            return sys.getrefcount(conn)
        raise AssertionError("unreachable")
    finally:
        probe[0].close()


UNUSED_REFERENCES = _references_when_unused()


class TeamStores:
    """The per-team files under teams_dir, with a bounded cache of open ones."""

    def __init__(
        self,
        teams_dir: Path,
        migrations: Sequence[Migrations],
        max_open: int = 32,
        kind: str = "Team",
    ) -> None:
        self.teams_dir = teams_dir
        self.kind = kind
        self.migrations = migrations
        self.max_open = max_open
        self._open: OrderedDict[str, Store] = OrderedDict()
        self._lock = threading.Lock()
        # Readers of evicted stores, closed as soon as no request holds them: a request on
        # the event loop may be part way through using one, and the garbage collector
        # frees a connection only in a full collection (its statement cache refers back
        # to it), so leaving them to it kept dozens of files and caches open.
        self._retired: list[sqlite3.Connection] = []
        # Each file is checked (PRAGMA quick_check) and migrated the first time this process
        # opens it, not again when it is reopened after eviction (half the cost of an open);
        # the ones that failed are remembered for /healthz even once their store is closed.
        self._checked: set[str] = set()
        self.unhealthy: dict[str, str] = {}

    def path(self, team_id: str) -> Path:
        if not TEAM_ID_RE.fullmatch(team_id):
            raise UnknownTeam(team_id)
        return self.teams_dir / f"{team_id}.db"

    def create(self, team_id: str) -> Store:
        self.teams_dir.mkdir(parents=True, exist_ok=True)
        path = self.path(team_id)
        if path.exists():
            raise FileExistsError(path)
        path.touch()
        return self.get(team_id)

    def get(self, team_id: str) -> Store:
        with self._lock:
            store = self._open.get(team_id)
            if store is not None:
                self._open.move_to_end(team_id)
                return store
            path = self.path(team_id)
            if not path.exists():
                raise UnknownTeam(team_id)
            ready = team_id in self._checked and team_id not in self.unhealthy
            store = Store(
                path,
                self.migrations,
                f"{self.kind} store {team_id}",
                check=not ready,
                migrated=ready,
            )
            self._open[team_id] = store
            evicted = self._evict()
            for old in evicted:
                reader = old.let_go_of_reader(self._retire_reader)
                if reader is not None:
                    self._retired.append(reader)
            self._close_unused_readers()
        for old in evicted:
            old.close_writer()
        if ready:
            return store  # checked and migrated already: its writer opens at its first write
        try:
            store.open()
        except StoreUnhealthy as exc:
            with self._lock:
                self.unhealthy[team_id] = exc.problem
        else:
            with self._lock:
                self._checked.add(team_id)
                self.unhealthy.pop(team_id, None)
        return store

    def _retire_reader(self, conn: sqlite3.Connection) -> None:
        """A reader an evicted store opened for a request still using it."""
        with self._lock:
            self._retired.append(conn)

    def _close_unused_readers(self) -> None:
        """Close the retired readers nobody else refers to any more (under self._lock)."""
        still_used = []
        for conn in self._retired:
            if sys.getrefcount(conn) > UNUSED_REFERENCES:
                still_used.append(conn)
            else:
                conn.close()
        self._retired = still_used

    def retired_count(self) -> int:
        """Readers of evicted stores still held by a request."""
        return len(self._retired)

    def _evict(self) -> list[Store]:
        evicted = []
        while len(self._open) > self.max_open:
            _, old = self._open.popitem(last=False)
            evicted.append(old)
        return evicted

    def ids(self) -> list[str]:
        return sorted(p.stem for p in self.teams_dir.glob("*.db") if TEAM_ID_RE.fullmatch(p.stem))

    def open_count(self) -> int:
        return len(self._open)

    def close(self) -> None:
        with self._lock:
            stores = list(self._open.values())
            self._open.clear()
            retired, self._retired = self._retired, []
        for store in stores:
            store.close()
        for conn in retired:
            conn.close()
