"""A damaged or read-only data folder, on real files: a corrupt team file is checked when
opened, its writes refused with a clear page and API error, /healthz names it; a read-only
folder or file, or a corrupt accounts.db, stops `mbp serve` with one line saying what to do."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.app import build_services, create_app
from backend.demo import email_of
from backend.services import Services
from backend.web.errors import UNHEALTHY, UNHEALTHY_API
from tests.conftest import DEMO_PASSWORD, make_settings
from tests.support.client import Client
from tests.support.journeys import mutation

ROOT = Path(__file__).resolve().parents[3]
CPD = {"date": "2026-01-10", "hours": 2, "kind": "workshop", "participatory": True, "title": "x"}


def corrupt(path: Path) -> None:
    """Overwrite every page after the first two with bytes SQLite cannot read as b-tree
    pages (the header and schema stay, so the file still opens as a database)."""
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{path}{suffix}").exists() or Path(f"{path}{suffix}").stat().st_size == 0
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    size = path.stat().st_size
    assert size > 3 * page_size
    with path.open("r+b") as file:
        file.seek(2 * page_size)
        file.write(b"\xa5" * (size - 2 * page_size))


@pytest.fixture
def teams(demo_template: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return demo_template[1]


@pytest.fixture
def data_dir(tmp_path: Path, demo_template: tuple[Path, dict[str, str]]) -> Path:
    target = tmp_path / "damaged"
    shutil.copytree(demo_template[0], target)
    return target


@pytest.fixture
def fresh(data_dir: Path) -> Iterator[tuple[Services, Client]]:
    """The app on data_dir, started after the test has damaged it."""
    holder: dict[str, tuple[Services, Client]] = {}

    def start() -> tuple[Services, Client]:
        services = build_services(make_settings(data_dir))
        client = Client(app=create_app(services.settings, services))
        client.__enter__()
        holder["app"] = (services, client)
        return services, client

    yield start  # type: ignore[misc]
    if "app" in holder:
        services, client = holder["app"]
        client.__exit__(None, None, None)
        services.close()


def test_a_corrupt_team_file_refuses_writes_and_healthz_names_it(
    data_dir: Path, fresh, teams: dict[str, str]
) -> None:
    riverside, hillside = teams["riverside"], teams["hillside"]
    corrupt(data_dir / "teams" / f"{riverside}.db")
    services, client = fresh()
    assert client.get("/healthz").json() == {"status": "ok"}  # nothing opened yet
    client.sign_in(email_of("alex"), DEMO_PASSWORD)

    # A form: the clear page, not a 500, and nothing is written.
    response = client.post_form(f"/teams/{riverside}/practice/cpd", {**CPD})
    assert response.status_code == 503
    assert UNHEALTHY[0].replace("'", "&#39;") in response.text or UNHEALTHY[0] in response.text
    assert "Traceback" not in response.text

    # The API: a clear error in the documented shape.
    pushed = client.post_json(
        f"/api/teams/{riverside}/sync/push", {"mutations": [mutation("cpd.record", CPD)]}
    )
    assert pushed.status_code == 503
    assert pushed.json() == {"error": UNHEALTHY_API, "status": 503}

    health = client.get("/healthz")
    assert health.status_code == 503
    body = health.json()
    assert body["status"] == "unhealthy"
    assert [s["team"] for s in body["stores"]] == [riverside]
    assert body["stores"][0]["store"] == f"teams/{riverside}.db"
    assert services.teams.unhealthy.keys() == {riverside}

    # The other team is untouched: its writes go through.
    client.sign_in(email_of("alex"), DEMO_PASSWORD)
    other = client.post_json(
        f"/api/teams/{hillside}/sync/push", {"mutations": [mutation("cpd.record", CPD)]}
    )
    assert other.status_code == 200, other.text[:300]


def test_a_team_file_that_is_not_a_database_is_refused_too(
    data_dir: Path, fresh, teams: dict[str, str]
) -> None:
    riverside = teams["riverside"]
    path = data_dir / "teams" / f"{riverside}.db"
    path.write_bytes(b"\x00garbage" * 2000)
    _services, client = fresh()
    client.sign_in(email_of("alex"), DEMO_PASSWORD)
    response = client.get(f"/teams/{riverside}")
    assert response.status_code == 503
    assert "cannot be changed just now" in response.text
    assert client.get("/healthz").status_code == 503


# mbp serve on a folder it cannot use. Tests may run as root, whom permission bits do not
# stop; then the server is started as the user nobody (setpriv), as it would run in
# production, over a copy of the folder it can read.

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY = 65534


def serve(data_dir: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from backend.cli import main; main()", "serve"]
    if AS_ROOT:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: permission bits cannot be tested")
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
    env = {
        "PATH": os.environ.get("PATH", ""),
        "MBP_DATA_DIR": str(data_dir),
        "MBP_PORT": "1",  # never reached: start-up must stop first
        "HOME": str(data_dir.parent),
    }
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.fixture
def open_data(demo_template: tuple[Path, dict[str, str]]) -> Iterator[Path]:
    """A copy of the demo folder another user can reach (pytest's tmp_path is private)."""
    base = Path(tempfile.mkdtemp(prefix="mbp-ro-"))
    base.chmod(0o755)
    data = base / "data"
    shutil.copytree(demo_template[0], data)
    if AS_ROOT:
        for path in [data, *data.rglob("*")]:
            os.chown(path, NOBODY, NOBODY)
    yield data
    for path in [data, *data.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(base)


def one_line_refusal(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_a_read_only_data_folder_stops_start_up_with_one_line(open_data: Path) -> None:
    (open_data / "teams").chmod(0o555)
    open_data.chmod(0o555)
    line = one_line_refusal(serve(open_data), "read-only", str(open_data), "write access")
    assert line.startswith("mbp serve: ")


def test_read_only_files_stop_start_up_with_one_line(open_data: Path) -> None:
    (open_data / "accounts.db").chmod(0o444)
    one_line_refusal(serve(open_data), "accounts.db", "read-only", "write access")


def test_a_read_only_team_file_stops_start_up_too(open_data: Path, teams: dict[str, str]) -> None:
    team_file = open_data / "teams" / f"{teams['hillside']}.db"
    team_file.chmod(0o444)
    one_line_refusal(serve(open_data), str(team_file), "read-only")


def test_a_corrupt_accounts_file_stops_start_up_with_one_line(open_data: Path) -> None:
    corrupt(open_data / "accounts.db")
    one_line_refusal(serve(open_data), "accounts.db", "failed its check", "mbp restore")
