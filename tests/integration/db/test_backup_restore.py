"""`mbp backup`, `mbp restore` and `mbp check` on real files, with the app writing."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from backend.cli import main
from backend.services import Services
from tests.support.journeys import act, user_id

CPD = {"date": "2026-01-10", "hours": 2, "kind": "workshop", "participatory": True}


def run(data_dir: Path, *args: str) -> Any:
    return CliRunner().invoke(main, list(args), env={"MBP_DATA_DIR": str(data_dir)})


def every_row(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }
    finally:
        conn.close()


def test_backup_while_writing_then_restore_elsewhere(demo_services, teams, tmp_path: Path) -> None:
    services: Services = demo_services[0]
    data_dir = services.settings.data_dir
    (data_dir / "secret.key").write_text("the-secret\n")
    team = teams["riverside"]
    sam = user_id(services, "sam")
    stop = threading.Event()
    written = 0

    def keep_writing() -> None:
        nonlocal written
        while not stop.is_set():
            act(services, team, "sam", "cpd.record", {**CPD, "title": f"n{written}"})
            written += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while written < 3:
            stop.wait(0.01)
        backed_up = run(data_dir, "backup", str(tmp_path / "backup"))
    finally:
        stop.set()
        writer.join()
    assert backed_up.exit_code == 0, backed_up.output
    backup = tmp_path / "backup"
    files = sorted(p.relative_to(backup) for p in backup.rglob("*.db"))
    assert files == sorted(p.relative_to(data_dir) for p in data_dir.rglob("*.db"))
    assert (backup / "secret.key").read_text() == "the-secret\n"

    # The team file's copy is one consistent moment: its version and its change log agree,
    # and every record in it is in the live file as it was.
    copy = sqlite3.connect(backup / "teams" / f"{team}.db")
    version = copy.execute("SELECT version FROM team").fetchone()[0]
    assert version == copy.execute("SELECT max(version) FROM changes").fetchone()[0]
    copied = copy.execute("SELECT * FROM cpd_activities WHERE teacher_id = ?", [sam]).fetchall()
    copy.close()
    live = services.teams.get(team).reader
    now = live.execute("SELECT * FROM cpd_activities WHERE teacher_id = ?", [sam]).fetchall()
    assert set(copied) <= {tuple(row) for row in now}

    restored = tmp_path / "restored"
    outcome = run(restored, "restore", str(backup))
    assert outcome.exit_code == 0, outcome.output
    for name in files:
        assert every_row(restored / name) == every_row(backup / name), name
    assert (restored / "secret.key").read_text() == "the-secret\n"
    # Files attached to a network's resources come back with it (the demo has one).
    attached = [p.relative_to(data_dir) for p in (data_dir / "networks").glob("*/files/*")]
    assert attached
    assert all((restored / p).read_bytes() == (data_dir / p).read_bytes() for p in attached)
    checked = run(restored, "check")
    assert checked.exit_code == 0, checked.output
    assert len(checked.output.splitlines()) == len(files)
    assert all(line.endswith(": ok") for line in checked.output.splitlines())


def test_restore_never_overwrites_and_backup_needs_a_new_folder(demo_services, tmp_path) -> None:
    data_dir = demo_services[0].settings.data_dir
    backup = tmp_path / "backup"
    assert run(data_dir, "backup", str(backup)).exit_code == 0
    before = (data_dir / "accounts.db").read_bytes()
    refused = run(data_dir, "restore", str(backup))
    assert refused.exit_code != 0
    assert "is not empty" in refused.output
    assert (data_dir / "accounts.db").read_bytes() == before
    again = run(data_dir, "backup", str(backup))
    assert again.exit_code != 0
    assert "is not empty" in again.output
    not_a_backup = run(tmp_path / "new", "restore", str(tmp_path))
    assert not_a_backup.exit_code != 0
    assert "not a backup" in not_a_backup.output


def test_check_names_a_damaged_file(demo_services, teams, tmp_path) -> None:
    data_dir = demo_services[0].settings.data_dir
    backup = tmp_path / "backup"
    assert run(data_dir, "backup", str(backup)).exit_code == 0
    damaged = backup / "teams" / f"{teams['riverside']}.db"
    raw = bytearray(damaged.read_bytes())
    raw[4096 : 4096 * 3] = b"\xff" * (4096 * 2)  # wreck two pages past the header
    damaged.write_bytes(bytes(raw))
    checked = run(backup, "check")
    assert checked.exit_code == 1
    lines = dict(line.split(": ", 1) for line in checked.output.splitlines())
    assert lines["accounts.db"] == "ok"
    assert lines[f"teams/{teams['riverside']}.db"] != "ok"
    assert sum(v == "ok" for v in lines.values()) == len(lines) - 1
