"""Data out (UK GDPR): a team's full export and a person's own, as zip files.

Both are built on a worker thread into a temporary file and streamed from there, so a
large team is never held in memory: rows go from a SQLite cursor through a CSV writer
or `json.dumps` of one row straight into the zip's deflate stream.

A team's export (for its leads) is made from one consistent copy of the team file,
taken with SQLite's online backup API while the server goes on writing. Before
anything is read from the copy, the secrets and other people's private drafts are
taken out of it (invitation and calendar token hashes, review answers not yet
shared), and it is vacuumed so nothing deleted is left in its free pages.

A person's own export reads, in one snapshot per team, every row that is about them or
by them (their records, profile, review answers, comments on their records, the audit
of what they did) across all their teams, and their account (never a password hash).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from backend.operations import copy_database

SECRET_COLUMNS = frozenset({"token_hash", "password_hash"})
# Columns that name the person a row is about or by.
PERSON_COLUMNS = ("user_id", "teacher_id", "author_id", "actor_id")
REVIEW_TABLES = ("review_responses", "review_answers", "review_ratings")
CHUNK = 64 * 1024

TEAM_README = """\
Export of the team "{name}" from MBP Journey, made on {today}
==================================================================

This is everything the team has recorded, for the team's own records (UK GDPR: the
team's service is the data controller). Keep it as safely as the app keeps it.

team.db
    A consistent copy of the team's SQLite database, taken while the service ran
    (SQLite's online backup API). Open it with any SQLite tool (for example
    `sqlite3 team.db` or DB Browser for SQLite). A new server can be started from it.

tables/<table>.csv
    One CSV file per table of team.db, first row the column names (UTF-8, CRLF line
    ends, as spreadsheets expect). Text that a spreadsheet would run as a formula
    starts with an apostrophe.

team.json
    The same tables as one JSON document: {{"team": ..., "exported_on": ...,
    "tables": {{"<table>": [{{"<column>": value, ...}}, ...]}}}}.

evidence/<attachment id>-<file name>
    The certificates and letters attached to teachers' records, as files (the table
    "evidence" says whose record each is on; in team.db the bytes are in
    "evidence_files", which the CSV and JSON list by SHA-256 and size only).

What is left out, on purpose: the hashes of invitation and calendar-link tokens
(secrets, replaced by "removed"), and reflective-review answers and ratings that
their author has not shared yet (private drafts), with their change history.

The tables:
{tables}
"""

PERSON_README = """\
Your data from MBP Journey, made on {today}
=============================================

Everything MBP Journey holds about you or that you recorded, across all your teams
(your right of access under UK GDPR).

account.json
    Your account: name, email, when it was made, and which teams you are in, with your
    roles. Your password is never stored readably and is not included.

teams/<team id>/<table>.csv
    For each team, one CSV file per table, holding the rows about you or by you: your
    practice records, your profile, comments on your records, your review answers and
    ratings (drafts too), what you did in the team's audit trail, your devices.

teams/<team id>/evidence/<attachment id>-<file name>
    The certificates and letters you attached to your records, as files.

you.json
    The same as one JSON document.

Your teams:
{teams}
"""

TABLE_NOTES = {
    "team": "the team's name and version",
    "members": "who is in the team, their roles, when they joined and left",
    "invites": "invitations sent (token hashes removed)",
    "changes": "the change log every device syncs from",
    "audit": "who did what and when",
    "mutations": "every settled change request and its outcome",
    "clients": "devices that have synced",
    "conflicts": "clashing edits, both values kept",
    "action_states": "the journey's actions: status, owner, due date, evidence",
    "action_history": "every change to an action",
    "pivot_points": "pivot points and how the service related to them",
    "implementers": "implementers and drive risks",
    "reflective_reviews": "reflective reviews",
    "review_responses": "who answered each review (shared answers only)",
    "review_answers": "review answers (shared only)",
    "review_ratings": "review ratings (shared only)",
    "teacher_profiles": "teachers' profiles",
    "record_comments": "supervisors' comments on records",
    "calendar_links": "calendar links (token hashes removed)",
    "evidence": "certificates and letters attached to records (the files are in evidence/)",
    "evidence_files": "the attached files' bytes, once per SHA-256 (listed here by size only)",
    "case_sections": "the case for the service: which sections were saved, when, by whom",
    "case_need": "the case for the service: the local need",
    "case_costs": "the case for the service: the costs (in pounds)",
    "case_items": "the case for the service: evidence, stakeholders, SWOT and outcomes",
}
FILE_TABLES = {"evidence_files": "content"}
"""Tables holding files' bytes: the CSV and JSON show each file's size, not its bytes."""


@dataclass(frozen=True, slots=True)
class TeamSource:
    id: str
    name: str
    path: Path


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name"
        )
    ]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _cell(value: Any) -> str:
    """A value as a spreadsheet cell (formula-looking text is made inert)."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.hex()
    text = str(value)
    return (
        "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(text) else text
    )


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _json_value(value: Any) -> Any:
    return value.hex() if isinstance(value, bytes) else value


class _JsonTables:
    """Writes {"<table>": [row, ...], ...} one row at a time."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.tables = 0

    def table(self, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        self.out.write((",\n" if self.tables else "") + json.dumps(name) + ": [")
        self.tables += 1
        for n, row in enumerate(rows):
            item = {c: _json_value(v) for c, v in zip(columns, row, strict=True)}
            self.out.write(("," if n else "") + "\n  " + json.dumps(item, ensure_ascii=False))
        self.out.write("]")


def _csv_into(zf: zipfile.ZipFile, name: str, columns: Sequence[str], rows: Iterable[Any]) -> None:
    with zf.open(name, "w", force_zip64=True) as raw, _text(raw) as text:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(v) for v in row])


def _text(raw: IO[bytes]) -> io.TextIOWrapper:
    return io.TextIOWrapper(raw, encoding="utf-8", newline="")


def scrub(conn: sqlite3.Connection) -> None:
    """Take secrets and private drafts out of a copy of a team file."""
    tables = set(_tables(conn))
    conn.execute("BEGIN")
    for table in ("invites", "calendar_links"):
        if table in tables:
            conn.execute(f"UPDATE {table} SET token_hash = 'removed ' || id")
    conn.execute(
        "UPDATE changes SET data = json_remove(data, '$.token_hash')"
        " WHERE entity IN ('invites', 'calendar_links') AND json_valid(data)"
    )
    if "review_answers" in tables:
        conn.execute("DELETE FROM review_answers WHERE shared = 0")
        conn.execute("DELETE FROM review_ratings WHERE shared = 0")
        conn.execute("DELETE FROM review_responses WHERE shared_at IS NULL")
        marks = ", ".join("?" for _ in REVIEW_TABLES)
        conn.execute(
            f"DELETE FROM changes WHERE visible_to IS NOT NULL AND entity IN ({marks})",
            REVIEW_TABLES,
        )
    conn.execute("COMMIT")
    conn.execute("VACUUM")


def _listed(conn: sqlite3.Connection, table: str) -> tuple[list[str], str]:
    """A table's columns as the CSV and JSON show them: a file's bytes as its size."""
    columns = _columns(conn, table)
    blob = FILE_TABLES.get(table)
    if blob not in columns:
        return columns, "*"
    shown = [f"{c}_bytes" if c == blob else c for c in columns]
    select = ", ".join(f'length("{c}")' if c == blob else f'"{c}"' for c in columns)
    return shown, select


def _evidence_into(
    zf: zipfile.ZipFile, conn: sqlite3.Connection, folder: str, teacher_id: str | None
) -> None:
    """Each attachment as a file, one at a time (never all in memory)."""
    tables = set(_tables(conn))
    if not {"evidence", "evidence_files"} <= tables:
        return
    where = "" if teacher_id is None else " WHERE e.teacher_id = ?"
    rows = conn.execute(
        "SELECT e.id, e.file_name, e.sha256 FROM evidence e" + where + " ORDER BY e.created_at",
        [] if teacher_id is None else [teacher_id],
    ).fetchall()
    for evidence_id, file_name, sha in rows:
        found = conn.execute(
            "SELECT content FROM evidence_files WHERE sha256 = ?", [sha]
        ).fetchone()
        if found is not None:
            zf.writestr(f"{folder}/{evidence_id}-{file_name}", bytes(found[0]))


def build_team_export(source: Path, team_name: str, today: date) -> Path:
    """A zip of the team's file, one CSV per table, a JSON document and a README, in a
    temporary file the caller streams and then deletes."""
    work = Path(tempfile.mkdtemp(prefix="mbp-export-"))
    copy = work / "team.db"
    copy_database(source, copy)
    out = work / "export.zip"
    with closing(sqlite3.connect(copy, isolation_level=None)) as conn:
        scrub(conn)
        tables = _tables(conn)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            zf.write(copy, "team.db")
            for table in tables:
                columns, select = _listed(conn, table)
                rows = conn.execute(f'SELECT {select} FROM "{table}" ORDER BY rowid')
                _csv_into(zf, f"tables/{table}.csv", columns, rows)
            with zf.open("team.json", "w", force_zip64=True) as raw, _text(raw) as text:
                meta = {"name": team_name, "exported_on": today.isoformat()}
                text.write('{"team": ' + json.dumps(meta, ensure_ascii=False) + ',\n"tables": {')
                writer = _JsonTables(text)
                for table in tables:
                    columns, select = _listed(conn, table)
                    writer.table(table, columns, conn.execute(f'SELECT {select} FROM "{table}"'))
                text.write("}}\n")
            _evidence_into(zf, conn, "evidence", None)
            listing = "\n".join(
                f"  {t}: {TABLE_NOTES.get(t, 'recorded by the app')}" for t in tables
            )
            zf.writestr(
                "README.txt",
                TEAM_README.format(name=team_name, today=today.isoformat(), tables=listing),
            )
    copy.unlink()
    return out


def _own_rows(
    conn: sqlite3.Connection, table: str, user_id: str
) -> tuple[list[str], list[tuple[Any, ...]]] | None:
    columns = _columns(conn, table)
    keys = [c for c in PERSON_COLUMNS if c in columns]
    if not keys or table == "changes":
        return None
    shown = [c for c in columns if c not in SECRET_COLUMNS]
    where = " OR ".join(f'"{c}" = ?' for c in keys)
    listed = ", ".join(f'"{c}"' for c in shown)
    rows = conn.execute(f'SELECT {listed} FROM "{table}" WHERE {where}', [user_id] * len(keys))
    return shown, [tuple(r) for r in rows]


def build_person_export(account: dict[str, Any], teams: Sequence[TeamSource], today: date) -> Path:
    """A zip of everything about or by one person, across their teams."""
    user_id = str(account["id"])
    work = Path(tempfile.mkdtemp(prefix="mbp-export-"))
    out = work / "export.zip"
    found = {team.id: list(_team_rows(team.path, user_id)) for team in teams}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("account.json", json.dumps(account, indent=2, ensure_ascii=False))
        for team in teams:
            for table, columns, rows in found[team.id]:
                _csv_into(zf, f"teams/{team.id}/{table}.csv", columns, rows)
            uri = f"file:{team.path}?mode=ro"
            with closing(sqlite3.connect(uri, uri=True, isolation_level=None)) as conn:
                _evidence_into(zf, conn, f"teams/{team.id}/evidence", user_id)
        with zf.open("you.json", "w", force_zip64=True) as raw, _text(raw) as text:
            text.write('{"account": ' + json.dumps(account, ensure_ascii=False) + ',\n"teams": {')
            for n, team in enumerate(teams):
                text.write(("," if n else "") + "\n" + json.dumps(team.id) + ": {")
                text.write('"name": ' + json.dumps(team.name, ensure_ascii=False) + ', "tables": {')
                writer = _JsonTables(text)
                for table, columns, rows in found[team.id]:
                    writer.table(table, columns, rows)
                text.write("}}")
            text.write("}}\n")
        listing = "\n".join(f"  {t.id}: {t.name}" for t in teams) or "  (none)"
        zf.writestr("README.txt", PERSON_README.format(today=today.isoformat(), teams=listing))
    return out


def _team_rows(path: Path, user_id: str) -> Iterator[tuple[str, list[str], list[Any]]]:
    """Rows about or by the person in one team, read in one snapshot."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)) as conn:
        conn.execute("BEGIN")  # one read transaction: one snapshot of the file
        found = []
        for table in _tables(conn):
            own = _own_rows(conn, table, user_id)
            if own is not None and own[1]:
                found.append((table, own[0], own[1]))
        conn.execute("COMMIT")
    yield from found


def chunks(path: Path) -> Iterator[bytes]:
    """The file's bytes in pieces; the file and its folder are removed at the end."""
    try:
        with path.open("rb") as f:
            while piece := f.read(CHUNK):
                yield piece
    finally:
        remove(path)


def remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    for leftover in path.parent.iterdir():
        leftover.unlink()
    path.parent.rmdir()
