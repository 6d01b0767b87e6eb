"""Evidence attached to a teacher's training, retreat and CPD records: certificates and
letters (PDF, JPEG or PNG, at most 10 MB, the type read from the bytes: backend/filetypes.py).

Attaching and removing are mutations on the one write path (`evidence.attach`,
`evidence.remove`), so they are audited and sync like every change. The file travels in
the mutation's `file` argument: the bytes from a form posted online, base64 text from a
device's outbox. It is decoded and checked inside the mutation, on the team's writer
thread, never on the event loop. The row naming the file goes through `ctx.insert` (so it
is in the change log, private to the teacher); the bytes go once per SHA-256 into
`evidence_files` in the same transaction, outside the change log (a device never pulls a
file; it downloads it when asked). Decision 26.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import sqlite3
from dataclasses import dataclass
from typing import Any

from backend.adherence.rules import kinds as k
from backend.db.connection import one
from backend.filetypes import MAX_BYTES, TYPES, Refused, check
from backend.mutations import Context, MutationSpec, NotFound
from backend.mutations.context import Forbidden
from backend.validation import Choice, Field, Identifier, Invalid, Raw, Schema, Text

KINDS = (k.TRAINING, k.RETREAT, k.CPD)
SLUGS = frozenset(kind.slug for kind in KINDS)
ALLOWED = ("pdf", "jpeg", "png")
WRONG_TYPE = "The selected file must be a PDF, JPEG or PNG"
TOO_LARGE = "The selected file must be smaller than 10 MB"
EMPTY = "The selected file is empty"
MISSING = "Select a file"
UPLOAD_LIMIT = MAX_BYTES + 256 * 1024
"""A posted form's body: a file just over 10 MB still arrives, to be told it is too large."""
ARGS_BYTES = (MAX_BYTES + 2) // 3 * 4 + 64 * 1024
"""A 10 MB file as base64 text, and room for the other arguments."""


@dataclass(frozen=True, slots=True)
class FileField(Field):
    """A file: bytes (a form posted online) or base64 text (a device's outbox), checked
    from its content: a PDF, JPEG or PNG of at most 10 MB. Parsed to (bytes, kind)."""

    def missing_message(self) -> str:
        return MISSING

    def is_blank(self, data: Raw) -> bool:
        value = self.raw(data)
        return value is None or (isinstance(value, str | bytes) and not value)

    def parse(self, data: Raw) -> tuple[bytes, str]:
        value = self.raw(data)
        if isinstance(value, str):
            if len(value) > (MAX_BYTES + 2) // 3 * 4 + 4:  # before decoding anything
                raise Invalid(TOO_LARGE)
            try:
                value = _decoded(value)
            except (binascii.Error, ValueError):
                raise Invalid(WRONG_TYPE) from None
        if not isinstance(value, bytes):
            raise Invalid(MISSING)
        try:
            return value, check(
                value, ALLOWED, wrong_type=WRONG_TYPE, too_large=TOO_LARGE, empty=EMPTY
            )
        except Refused as problem:
            raise Invalid(str(problem)) from None


def _decoded(text: str) -> bytes:
    """Base64 text decoded a megabyte at a time, so other threads (the event loop) get
    the interpreter between pieces instead of waiting for all 10 MB."""
    step = 1024 * 1024  # a multiple of 4: each piece is whole base64
    return b"".join(
        base64.b64decode(text[i : i + step], validate=True) for i in range(0, len(text), step)
    )


FILE = FileField("file", "File")
OPTIONAL_FILE = FileField("file", "File", required=False)
"""On a new training, retreat or CPD record's form: the file is sent with its record."""
FILE_NAME = Text("file_name", "File name", required=False, max_length=200)
EVIDENCE_KIND = Choice("kind", "Kind of record", options=[(x.slug, x.title) for x in KINDS])
EVIDENCE_ID = Identifier("evidence_id", "Attachment")
RECORD = Identifier("record_id", "Record")


def safe_name(name: str, kind: str) -> str:
    """A file name to show and to download as: its last path part, printable, with the
    extension of the type it really is."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c not in '"<>:|?*').strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    ext = {"pdf": "pdf", "png": "png", "jpeg": "jpg"}[kind]
    return f"{(stem or 'evidence')[:150]}.{ext}"


def attach(ctx: Context, args: dict[str, Any]) -> None:
    kind = k.BY_SLUG[args["kind"]]
    row = ctx.one(
        f"SELECT id, teacher_id FROM {kind.table} WHERE id = ? AND deleted_at IS NULL",
        [args["record_id"]],
    )
    if row is None:
        raise NotFound()
    if row["teacher_id"] != ctx.actor.user_id:
        raise Forbidden("Only the teacher whose record it is can attach a file to it")
    keep(ctx, kind, row["id"], row["teacher_id"], args)
    ctx.summary = f"Attached a file to {_a(kind)}"


def _a(kind: k.Kind) -> str:
    return "a CPD record" if kind is k.CPD else f"a {kind.title.lower()} record"


def keep(ctx: Context, kind: k.Kind, record_id: str, teacher_id: str, args: dict[str, Any]) -> str:
    """Store a checked file (args["file"], args["file_name"]) for a record; its id."""
    content, file_type = args["file"]
    sha = hashlib.sha256(content).hexdigest()
    ctx.conn.execute(
        "INSERT OR IGNORE INTO evidence_files (sha256, content) VALUES (?, ?)", [sha, content]
    )
    evidence_id = ctx.insert(
        "evidence",
        {
            "kind": kind.slug,
            "record_id": record_id,
            "teacher_id": teacher_id,
            "file_name": safe_name(args.get("file_name") or "", file_type),
            "file_type": file_type,
            "size": len(content),
            "sha256": sha,
            "created_by": ctx.actor.user_id,
            "created_at": ctx.now,
        },
        private_to=teacher_id,
    )
    ctx.result = {**ctx.result, "evidence_id": evidence_id}
    return evidence_id


def drop_unused_files(conn: sqlite3.Connection) -> None:
    """Remove the bytes no attachment names any more."""
    conn.execute(
        "DELETE FROM evidence_files WHERE NOT EXISTS"
        " (SELECT 1 FROM evidence e WHERE e.sha256 = evidence_files.sha256)"
    )


def remove(ctx: Context, args: dict[str, Any]) -> None:
    row = ctx.one("SELECT * FROM evidence WHERE id = ?", [args["evidence_id"]])
    if row is None or row["teacher_id"] != ctx.actor.user_id:
        raise NotFound()
    ctx.delete("evidence", row["id"])
    drop_unused_files(ctx.conn)
    ctx.summary = "Removed a file from a record"


SPECS = [
    MutationSpec(
        "evidence.attach",
        "Attached a file to a record",
        Schema([EVIDENCE_KIND, RECORD, FILE, FILE_NAME]),
        attach,
        max_args_bytes=ARGS_BYTES,
    ),
    MutationSpec("evidence.remove", "Removed a file from a record", Schema([EVIDENCE_ID]), remove),
]


@dataclass(frozen=True, slots=True)
class Evidence:
    id: str
    kind: str
    record_id: str
    teacher_id: str
    file_name: str
    file_type: str
    size: int
    created_at: str

    @property
    def media_type(self) -> str:
        return TYPES[self.file_type][0]

    @property
    def label(self) -> str:
        return TYPES[self.file_type][1]


def _evidence(row: sqlite3.Row) -> Evidence:
    return Evidence(*(row[c] for c in Evidence.__slots__))


COLUMNS = ", ".join(Evidence.__slots__)


def for_record(conn: sqlite3.Connection, record_id: str) -> list[Evidence]:
    rows = conn.execute(
        f"SELECT {COLUMNS} FROM evidence WHERE record_id = ? ORDER BY created_at, id", [record_id]
    ).fetchall()
    return [_evidence(r) for r in rows]


def for_teacher(conn: sqlite3.Connection, teacher_id: str) -> dict[str, list[Evidence]]:
    """A teacher's attachments by record id."""
    found: dict[str, list[Evidence]] = {}
    for row in conn.execute(
        f"SELECT {COLUMNS} FROM evidence WHERE teacher_id = ? ORDER BY created_at, id",
        [teacher_id],
    ):
        found.setdefault(row["record_id"], []).append(_evidence(row))
    return found


def find(conn: sqlite3.Connection, evidence_id: str) -> Evidence | None:
    """An attachment whose record is current (a deleted record's files are not shown)."""
    row = one(conn, f"SELECT {COLUMNS} FROM evidence WHERE id = ?", [evidence_id[:36]])
    if row is None:
        return None
    found = _evidence(row)
    table = k.BY_SLUG[found.kind].table
    alive = one(
        conn, f"SELECT 1 FROM {table} WHERE id = ? AND deleted_at IS NULL", [found.record_id]
    )
    return found if alive else None


def content(path: str, evidence_id: str) -> bytes | None:
    """The file's bytes, read on a connection of its own (called on a worker thread)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT f.content FROM evidence e JOIN evidence_files f ON f.sha256 = e.sha256"
            " WHERE e.id = ?",
            [evidence_id],
        ).fetchone()
    finally:
        conn.close()
    return None if row is None else bytes(row[0])
