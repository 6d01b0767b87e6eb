import sqlite3

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from backend.db.connection import bookkeeping, connect, immediate
from backend.db.migrate import NewerSchemaError, migrate
from backend.db.stores import TeamStores, UnknownTeam
from backend.mutations.schema import migrations as core


def make_set(*names: str) -> Migrations:
    migrations = Migrations("thing")
    for i, name in enumerate(names):

        def step(db: Database, i: int = i) -> None:
            db.execute(f"CREATE TABLE t{i} (id INTEGER PRIMARY KEY)")

        migrations(name=name)(step)
    return migrations


def test_migrations_apply_once_in_order_and_are_recorded(tmp_path):
    conn = connect(tmp_path / "a.db", writer=True)
    assert migrate(conn, [make_set("0001_a", "0002_b")], "a.db") == 2
    assert migrate(conn, [make_set("0001_a", "0002_b")], "a.db") == 0
    names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert names == ["0001_a", "0002_b"]


def test_a_new_migration_is_applied_to_an_existing_file_keeping_its_data(tmp_path):
    conn = connect(tmp_path / "a.db", writer=True)
    migrate(conn, [make_set("0001_a")], "a.db")
    with immediate(conn):
        conn.execute("INSERT INTO t0 (id) VALUES (7)")
    migrate(conn, [make_set("0001_a", "0002_b")], "a.db")
    assert conn.execute("SELECT id FROM t0").fetchall()[0][0] == 7
    assert conn.execute("SELECT count(*) FROM t1").fetchone()[0] == 0


def test_a_file_from_a_newer_version_is_refused_with_a_clear_message(tmp_path):
    conn = connect(tmp_path / "a.db", writer=True)
    migrate(conn, [make_set("0001_a", "0002_b")], "Team store x")
    with pytest.raises(NewerSchemaError, match=r"newer version of MBP Journey.*thing/0002_b"):
        migrate(conn, [make_set("0001_a")], "Team store x")


def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path):
    broken = Migrations("thing")

    @broken(name="0001_ok")
    def ok(db: Database) -> None:
        db.execute("CREATE TABLE good (id INTEGER)")

    @broken(name="0002_bad")
    def bad(db: Database) -> None:
        db.execute("CREATE TABLE half (id INTEGER)")
        raise RuntimeError("boom")

    conn = connect(tmp_path / "a.db", writer=True)
    with pytest.raises(RuntimeError):
        migrate(conn, [broken], "a.db")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "half" not in tables
    assert "good" not in tables


def test_connections_use_wal_and_foreign_keys(tmp_path):
    conn = connect(tmp_path / "a.db", writer=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_team_ids_are_checked_before_any_path_is_built(tmp_path):
    stores = TeamStores(tmp_path, [core])
    for bad in ["../accounts", "ABCDEFGHIJKL", "abc", "abcdefabcdef/..", ""]:
        with pytest.raises(UnknownTeam):
            stores.get(bad)
    with pytest.raises(UnknownTeam):
        stores.get("abcdefabcdef")  # well formed, but no such file


def test_open_team_files_stay_within_the_bound_and_reopen_after_eviction(tmp_path):
    stores = TeamStores(tmp_path, [core], max_open=3)
    ids = [f"team{i:08d}" for i in range(6)]
    for team_id in ids:
        store = stores.create(team_id)
        store.write_sync(lambda c, t=team_id: _init(c, t))
    assert stores.open_count() == 3
    first = stores.get(ids[0])
    assert first.reader.execute("SELECT id FROM team").fetchone()[0] == ids[0]
    assert stores.open_count() == 3
    stores.close()


def test_a_store_object_still_works_after_its_connections_were_closed(tmp_path):
    stores = TeamStores(tmp_path, [core], max_open=1)
    a = stores.create("aaaaaaaaaaaa")
    a.write_sync(lambda c: _init(c, "aaaaaaaaaaaa"))
    stores.create("bbbbbbbbbbbb")  # evicts a
    assert a.reader.execute("SELECT id FROM team").fetchone()[0] == "aaaaaaaaaaaa"
    a.write_sync(lambda c: c.execute("UPDATE team SET version = 5"))
    assert a.reader.execute("SELECT version FROM team").fetchone()[0] == 5


def test_an_evicted_reader_is_closed_at_once_unless_a_request_still_holds_it(tmp_path):
    stores = TeamStores(tmp_path, [core], max_open=1)
    a = stores.create("aaaaaaaaaaaa")
    a.write_sync(lambda c: _init(c, "aaaaaaaaaaaa"))
    idle = a.reader
    held = stores.create("bbbbbbbbbbbb").reader  # evicts a: nobody but `idle` holds its reader
    assert stores.retired_count() == 1  # this test's own name for it counts as a holder
    del idle
    in_use = held.execute("SELECT 1")  # a request part way through reading b
    stores.create("cccccccccccc")  # evicts b, and closes a's reader now nobody holds it
    assert stores.retired_count() == 1  # b's: still held
    assert held.execute("SELECT 1").fetchone()[0] == 1  # the request carries on
    del held, in_use
    stores.create("dddddddddddd")
    assert stores.retired_count() == 0  # b's is closed too (c never opened its reader)
    stores.close()


def _init(conn: sqlite3.Connection, team_id: str) -> None:
    with immediate(conn):
        conn.execute(
            "INSERT INTO team (id, name, version, created_at) VALUES (?, 'x', 0, 'now')", [team_id]
        )


def test_a_reopened_store_is_checked_and_migrated_once_per_process(tmp_path, monkeypatch):
    """Evicted and opened again, a sound file is not checked or migrated again (half the
    cost of an open); a file that failed its check is checked again each time."""
    import backend.db.stores as stores

    calls = {"migrate": 0, "check": 0}
    real_migrate, real_check = stores.migrate, stores.check_file

    def counting_migrate(*args, **kwargs):
        calls["migrate"] += 1
        return real_migrate(*args, **kwargs)

    def counting_check(conn):
        calls["check"] += 1
        return real_check(conn)

    monkeypatch.setattr(stores, "migrate", counting_migrate)
    monkeypatch.setattr(stores, "check_file", counting_check)
    teams = TeamStores(tmp_path / "teams", [core], max_open=1)
    a, b = "aaaaaaaaaaaa", "bbbbbbbbbbbb"
    teams.create(a)
    teams.create(b)
    assert calls == {"migrate": 2, "check": 2}
    for _ in range(3):
        teams.get(a).write_sync(lambda c: c.execute("SELECT 1").fetchone())
        teams.get(b).reader.execute("SELECT count(*) FROM changes").fetchone()
    assert calls == {"migrate": 2, "check": 2}
    teams.close()

    (tmp_path / "teams" / f"{b}.db").write_bytes(b"not a database at all" * 500)
    teams = TeamStores(tmp_path / "teams", [core], max_open=1)
    for _ in range(2):
        teams.get(a)
        with pytest.raises(stores.StoreUnhealthy):
            teams.get(b).write_sync(lambda c: None)
    assert set(teams.unhealthy) == {b}
    teams.close()


def test_a_reopened_store_opens_only_what_a_request_uses(tmp_path):
    """A page reading a team evicted earlier opens only its reader (reopening is most of the
    cost of a page across 1,000 teams); the writer opens at the first write, and it works."""
    teams = TeamStores(tmp_path / "teams", [core], max_open=1)
    a, b = "aaaaaaaaaaaa", "bbbbbbbbbbbb"
    teams.create(a).write_sync(lambda c: _init(c, a))
    teams.create(b)  # evicts a
    again = teams.get(a)
    assert again.reader.execute("SELECT id FROM team").fetchone()[0] == a
    assert again._write is None
    again.write_sync(lambda c: c.execute("UPDATE team SET version = 7"))
    assert again.reader.execute("SELECT version FROM team").fetchone()[0] == 7
    assert again.reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    teams.close()


def test_bookkeeping_skips_only_the_wait_for_the_disk_and_restores_it(tmp_path):
    conn = connect(tmp_path / "a.db", writer=True)
    conn.execute("CREATE TABLE seen (at TEXT)")
    with bookkeeping(conn):
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL, this write only
        conn.execute("INSERT INTO seen VALUES ('now')")
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL again for records

    def fails() -> None:
        with bookkeeping(conn):
            conn.execute("INSERT INTO seen VALUES ('lost')")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fails()
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert [r[0] for r in conn.execute("SELECT at FROM seen")] == ["now"]


def test_a_request_still_using_an_evicted_store_does_not_keep_files_open(tmp_path):
    """A request whose team was evicted while it waited reopens the file; that connection
    is closed once the request lets go of it, not left for a full garbage collection."""
    teams = TeamStores(tmp_path / "teams", [core], max_open=1)
    a, b, c = "aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"
    in_flight = teams.create(a)
    in_flight.write_sync(lambda conn: _init(conn, a))
    teams.create(b)  # evicts a while "the request" still holds its store
    reopened = in_flight.reader
    assert reopened.execute("SELECT id FROM team").fetchone()[0] == a
    in_flight.write_sync(lambda conn: conn.execute("UPDATE team SET version = 3"))
    assert in_flight._write is None  # the writer is let go of after the write
    assert teams.retired_count() == 1
    del reopened
    teams.create(c)
    assert teams.retired_count() == 0
    teams.close()
