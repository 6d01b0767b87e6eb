"""`mbp backup DEST`, `mbp restore SRC`, `mbp check`: the data folder, looked after.

A backup is a folder with the same shape as the data folder: `accounts.db`,
`teams/<id>.db` and `secret.key`. Each SQLite file is copied with SQLite's online
backup API, which reads one consistent snapshot of the file while the server goes on
writing (WAL readers never block the writer), and every copy is checked before the
backup is reported done. A restore copies a backup into an empty data folder the same
way and never overwrites anything.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from backend.db.stores import TEAM_ID_RE
from backend.settings import ROOT

SECRET_FILE = "secret.key"  # noqa: S105 (a file name, not a secret)


def data_dir_from_environment() -> Path:
    """MBP_DATA_DIR as `mbp serve` reads it, without creating anything in it."""
    return Path(os.environ.get("MBP_DATA_DIR", ROOT / "data")).resolve()


def unwritable(data_dir: Path) -> str | None:
    """Why the server could not write its data folder, as one line saying what to fix;
    None when it can. It tries for real (a probe file in each folder, each database
    file, its -wal and -shm, opened for writing) rather than trusting permission bits,
    which say nothing of read-only mounts."""
    who = f"the user running MBP Journey (uid {os.getuid()})" if hasattr(os, "getuid") else "it"
    folders = [data_dir, data_dir / "teams"]
    for folder in folders:
        if not folder.exists():
            parent = next((p for p in folder.parents if p.exists()), folder)
            if not _can_create_in(parent):
                return (
                    f"cannot create the data folder {folder}: {parent} is read-only;"
                    f" create {folder} and give {who} write access to it (or set MBP_DATA_DIR)"
                )
            continue
        if not _can_create_in(folder):
            return (
                f"the data folder {folder} is read-only: give {who} write access to it and"
                f" every file in it (for example chown -R), or set MBP_DATA_DIR to a writable folder"
            )
    files = [data_dir / SECRET_FILE]
    for relative in database_files(data_dir):
        base = data_dir / relative
        files += [base, base.with_name(base.name + "-wal"), base.with_name(base.name + "-shm")]
    for path in files:
        if not path.exists():
            continue
        try:
            with path.open("r+b"):
                pass
        except OSError as exc:
            return (
                f"{path} is read-only ({exc.strerror}): give {who} write access to every file"
                f" in the data folder {data_dir} (for example chown -R)"
            )
    return None


def _can_create_in(folder: Path) -> bool:
    probe = folder / f".mbp-write-probe-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return False
    return True


def database_files(folder: Path) -> Iterator[Path]:
    """accounts.db, then every team file and every network file, relative to folder."""
    if (folder / "accounts.db").exists():
        yield Path("accounts.db")
    for kind in ("teams", "networks"):
        stores = folder / kind
        if stores.is_dir():
            for path in sorted(stores.glob("*.db")):
                if TEAM_ID_RE.fullmatch(path.stem):
                    yield Path(kind) / path.name


def copy_network_files(source: Path, target: Path) -> None:
    """The files attached to network resources (networks/<id>/files/<sha256>): written
    once and never changed, so a plain copy is a consistent one."""
    networks = source / "networks"
    if not networks.is_dir():
        return
    for folder in sorted(networks.glob("*/files")):
        if TEAM_ID_RE.fullmatch(folder.parent.name):
            shutil.copytree(
                folder, target / "networks" / folder.parent.name / "files", dirs_exist_ok=True
            )


def copy_database(source: Path, target: Path) -> None:
    """One consistent snapshot of source written to target (through a temporary name)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst)  # all pages in one step: one read transaction, one snapshot
        dst.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
    finally:
        dst.close()
        src.close()
    partial.replace(target)


def verdict(path: Path, quick: bool = False) -> str:
    """'ok', or what SQLite says is wrong with the file (first problem only)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            pragma = "quick_check" if quick else "integrity_check"
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "ok" if rows == [("ok",)] else str(rows[0][0])


def _empty(folder: Path) -> bool:
    return not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))


def backup(data_dir: Path, dest: Path) -> list[Path]:
    """Copy every database and the secret key into dest (which must be new or empty)."""
    if not _empty(dest):
        raise click.ClickException(f"{dest} is not empty: give a new folder for the backup")
    files = list(database_files(data_dir))
    if not files:
        raise click.ClickException(f"{data_dir} holds no accounts.db or team files")
    dest.mkdir(parents=True, exist_ok=True)
    for name in files:
        copy_database(data_dir / name, dest / name)
        if (found := verdict(dest / name, quick=True)) != "ok":
            raise click.ClickException(f"The copy of {name} is damaged: {found}")
    copy_network_files(data_dir, dest)
    if (data_dir / SECRET_FILE).exists():
        shutil.copy2(data_dir / SECRET_FILE, dest / SECRET_FILE)
        (dest / SECRET_FILE).chmod(0o600)
    return files


def restore(source: Path, data_dir: Path) -> list[Path]:
    """Copy a backup into data_dir, which must be new or empty."""
    if not (source / "accounts.db").exists():
        raise click.ClickException(f"{source} is not a backup: it has no accounts.db")
    if not _empty(data_dir):
        raise click.ClickException(
            f"{data_dir} is not empty: restore into a new, empty data folder"
            " (move the old one aside first)"
        )
    files = list(database_files(source))
    for name in files:
        if (found := verdict(source / name)) != "ok":
            raise click.ClickException(f"{source / name} is damaged: {found}")
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in files:
        copy_database(source / name, data_dir / name)
    copy_network_files(source, data_dir)
    if (source / SECRET_FILE).exists():
        shutil.copy2(source / SECRET_FILE, data_dir / SECRET_FILE)
        (data_dir / SECRET_FILE).chmod(0o600)
    return files


@click.command("backup", help="Copy every database and the secret key into DEST, online.")
@click.argument("dest", type=click.Path(path_type=Path))
def backup_command(dest: Path) -> None:
    data_dir = data_dir_from_environment()
    files = backup(data_dir, dest.resolve())
    secret = " and secret.key" if (dest / SECRET_FILE).exists() else ""
    click.echo(f"Backed up {len(files)} database files{secret} from {data_dir} to {dest}")


@click.command("restore", help="Restore the backup in SRC into an empty data folder.")
@click.argument("source", type=click.Path(path_type=Path, exists=True, file_okay=False))
def restore_command(source: Path) -> None:
    data_dir = data_dir_from_environment()
    files = restore(source.resolve(), data_dir)
    click.echo(f"Restored {len(files)} database files from {source} into {data_dir}")


@click.command("check", help="PRAGMA integrity_check on every database: one line each.")
def check_command() -> None:
    data_dir = data_dir_from_environment()
    files = list(database_files(data_dir))
    bad = 0
    for name in files:
        found = verdict(data_dir / name)
        bad += found != "ok"
        click.echo(f"{name}: {found}")
    if not files:
        click.echo(f"{data_dir}: no database files")
    sys.exit(1 if bad or not files else 0)


COMMANDS = (backup_command, restore_command, check_command)
