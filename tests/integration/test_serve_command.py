"""`mbp serve` on a data folder: the demo only when asked for; a set-up link when empty."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from backend import cli


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)


def serve(data_dir: Path, *args: str, **env: str):
    environ = {"MBP_DATA_DIR": str(data_dir), "MBP_DEMO": "", **env}
    return CliRunner().invoke(cli.main, ["serve", *args], env=environ, catch_exceptions=False)


def people(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "accounts.db") as conn:
        return int(conn.execute("SELECT count(*) FROM users").fetchone()[0])


def test_serve_never_seeds_the_demo_unless_asked(tmp_path, no_server):
    result = serve(tmp_path / "data")
    assert result.exit_code == 0, result.output
    assert people(tmp_path / "data") == 0
    assert "Demo sign-ins" not in result.output


def test_no_demo_is_still_accepted(tmp_path, no_server):
    result = serve(tmp_path / "data", "--no-demo")
    assert result.exit_code == 0, result.output
    assert people(tmp_path / "data") == 0


@pytest.mark.parametrize(("args", "env"), [(("--demo",), {}), ((), {"MBP_DEMO": "1"})])
def test_the_demo_is_seeded_when_asked(tmp_path, no_server, args, env):
    result = serve(tmp_path / "data", *args, MBP_DEMO_PASSWORD="demo-password-x", **env)
    assert result.exit_code == 0, result.output
    assert "Demo sign-ins" in result.output
    assert people(tmp_path / "data") > 3
