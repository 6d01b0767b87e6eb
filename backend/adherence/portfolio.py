"""A teacher's portfolio for appraisal, revalidation or a listing application: their own
records in a period (training, courses taught, supervision, retreats, CPD with
reflections, MBI-TAC ratings), sign-offs and supervisors' comments, and their standing
against the team's standard on the last day. Page and PDF from the same HTML."""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from backend.adherence import evidence, queries
from backend.adherence.comments import comments_of
from backend.adherence.evaluations import evaluate_teacher
from backend.adherence.queries import Person
from backend.adherence.rules import kinds as k
from backend.db.connection import connect, snapshot
from backend.validation import Choice


@dataclass(frozen=True)
class Entry:
    day: str
    details: tuple[tuple[str, str], ...]
    signed: str
    comments: tuple[str, ...]
    attachments: tuple[str, ...] = ()
    """The names of the certificates and letters attached to the record."""


@dataclass(frozen=True)
class Section:
    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Portfolio:
    name: str
    start: date
    end: date
    sections: tuple[Section, ...]
    standing: tuple[tuple[str, str, str], ...]
    profile: str


def _shown(field: Any, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(field, Choice):
        return dict(field.options).get(str(value), str(value))
    if isinstance(value, bool) or field.name in {
        "teacher_led",
        "participatory",
        "closely_supervised",
    }:
        return "Yes" if value else "No"
    return str(value)


def gather(path: Path, teacher: Person, start: date, end: date) -> Portfolio:
    """Read on a worker thread, in one snapshot on a connection of its own."""
    with closing(connect(path)) as conn, snapshot(conn):
        comments = comments_of(conn, teacher.user_id)
        attached = evidence.for_teacher(conn, teacher.user_id)
        sections = []
        for kind in k.KINDS:
            entries = []
            for record in reversed(queries.records(conn, kind, teacher.user_id)):
                day = str(record.values.get(kind.date_column) or "")
                if not (start.isoformat() <= day <= end.isoformat()):
                    continue
                details = tuple(
                    (field.label, shown)
                    for field in kind.fields
                    if field.name != kind.date_column
                    and (shown := _shown(field, record.values.get(field.name)))
                )
                signed = (
                    f"Signed off by {record.verified_by_name} on {record.verified_at[:10]}"
                    if record.verified_at and record.verified_by_name
                    else "Not signed off"
                )
                said = tuple(
                    f"{c.author_name} ({c.created_at[:10]}): {c.body}"
                    for c in comments.get(record.id, [])
                )
                files = tuple(e.file_name for e in attached.get(record.id, []))
                entries.append(Entry(day, details, signed, said, files))
            sections.append(Section(kind.plural, tuple(entries)))
        evaluation = evaluate_teacher(conn, teacher, end)
    standing = tuple((c.title, c.status.label, c.reason) for c in evaluation.checks)
    profile = f"{evaluation.profile_id} version {evaluation.profile_version}"
    return Portfolio(teacher.name, start, end, tuple(sections), standing, profile)
