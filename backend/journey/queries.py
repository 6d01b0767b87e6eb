"""Named reads of a team store for the journey grid, its history and the two registers.

Small functions returning plain typed objects. Review reads are in `review_queries`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date

from backend.db.connection import one, scalar
from backend.hooks import Risk
from backend.journey.rules.drive import Implementer, Seniority, drive_risks
from backend.journey.rules.logic import ActionState, ActionStatus
from backend.journey.rules.model import StageName, TeamAdditions, local_action, local_question
from backend.journey.rules.timeline import StatusChange


@dataclass(frozen=True, slots=True)
class Person:
    user_id: str
    name: str
    active: bool


@dataclass(frozen=True, slots=True)
class ActionRecord:
    action_id: str
    status: ActionStatus
    owner_id: str | None
    due_on: date | None
    evidence: str
    evidence_date: date
    updated_at: str

    def state(self) -> ActionState:
        return ActionState(self.status, self.owner_id, self.due_on, self.evidence)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    id: str
    action_id: str
    changed: tuple[str, ...]
    status: ActionStatus
    previous_status: ActionStatus | None
    owner_id: str | None
    due_on: date | None
    evidence: str
    evidence_date: date
    recorded_at: str
    recorded_by_name: str


@dataclass(frozen=True, slots=True)
class PivotPoint:
    id: str
    happened_on: date
    what_happened: str
    kind: str
    effect: str
    response: str
    themes: tuple[str, ...]
    logged_at: str


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def version(conn: sqlite3.Connection) -> int:
    return int(scalar(conn, "SELECT version FROM team"))


def people(conn: sqlite3.Connection) -> dict[str, Person]:
    """Everyone who is or was a member (the core members table), by user id."""
    rows = conn.execute(
        "SELECT user_id, name, left_at IS NULL AS active FROM members ORDER BY name COLLATE NOCASE"
    ).fetchall()
    return {r["user_id"]: Person(r["user_id"], r["name"], bool(r["active"])) for r in rows}


def additions(conn: sqlite3.Connection) -> TeamAdditions:
    actions = tuple(
        local_action(r["id"], r["characteristic_id"], StageName(r["stage"]), r["text"])
        for r in conn.execute(
            "SELECT id, characteristic_id, stage, text FROM local_actions ORDER BY added_at, id"
        )
    )
    questions = tuple(
        local_question(r["id"], r["theme_id"], r["text"], r["version"])
        for r in conn.execute(
            "SELECT id, theme_id, text, version FROM local_questions ORDER BY added_at, id"
        )
    )
    hidden = frozenset(r[0] for r in conn.execute("SELECT item_id FROM hidden_items"))
    return TeamAdditions(actions, questions, hidden)


def _record(row: sqlite3.Row) -> ActionRecord:
    return ActionRecord(
        action_id=row["action_id"],
        status=ActionStatus(row["status"]),
        owner_id=row["owner_id"],
        due_on=_day(row["due_on"]),
        evidence=row["evidence"],
        evidence_date=date.fromisoformat(row["evidence_date"]),
        updated_at=row["updated_at"],
    )


def action_states(conn: sqlite3.Connection) -> dict[str, ActionRecord]:
    return {r["action_id"]: _record(r) for r in conn.execute("SELECT * FROM action_states")}


def any_action_state(conn: sqlite3.Connection) -> bool:
    """Whether any action has a recorded state (without reading them all)."""
    return one(conn, "SELECT 1 FROM action_states LIMIT 1") is not None


def action_state(conn: sqlite3.Connection, action_id: str) -> ActionRecord | None:
    row = one(conn, "SELECT * FROM action_states WHERE action_id = ?", [action_id])
    return None if row is None else _record(row)


def status_changes(conn: sqlite3.Connection) -> list[StatusChange]:
    """Every recorded status, in the order to replay them: by date, then as recorded."""
    return [
        StatusChange(r["action_id"], ActionStatus(r["status"]), date.fromisoformat(r["d"]))
        for r in conn.execute(
            "SELECT action_id, status, evidence_date AS d FROM action_history"
            " ORDER BY evidence_date, rowid"
        )
    ]


def _history(row: sqlite3.Row) -> HistoryEntry:
    previous = row["previous_status"]
    return HistoryEntry(
        id=row["id"],
        action_id=row["action_id"],
        changed=tuple(row["changed"].split()),
        status=ActionStatus(row["status"]),
        previous_status=ActionStatus(previous) if previous else None,
        owner_id=row["owner_id"],
        due_on=_day(row["due_on"]),
        evidence=row["evidence"],
        evidence_date=date.fromisoformat(row["evidence_date"]),
        recorded_at=row["recorded_at"],
        recorded_by_name=row["recorded_by_name"],
    )


def history(
    conn: sqlite3.Connection, action_ids: list[str], limit: int = 200
) -> list[HistoryEntry]:
    """Changes to these actions, newest first."""
    if not action_ids:
        return []
    marks = ", ".join("?" for _ in action_ids)
    rows = conn.execute(
        f"SELECT * FROM action_history WHERE action_id IN ({marks})"
        " ORDER BY evidence_date DESC, rowid DESC LIMIT ?",
        [*action_ids, limit],
    ).fetchall()
    return [_history(r) for r in rows]


def history_count(conn: sqlite3.Connection) -> int:
    return int(scalar(conn, "SELECT count(*) FROM action_history"))


def _pivot(row: sqlite3.Row) -> PivotPoint:
    return PivotPoint(
        id=row["id"],
        happened_on=date.fromisoformat(row["happened_on"]),
        what_happened=row["what_happened"],
        kind=row["kind"],
        effect=row["effect"],
        response=row["response"],
        themes=tuple(json.loads(row["themes"] or "[]")),
        logged_at=row["logged_at"],
    )


def pivot_points(conn: sqlite3.Connection) -> list[PivotPoint]:
    """Newest first."""
    rows = conn.execute("SELECT * FROM pivot_points ORDER BY happened_on DESC, logged_at DESC")
    return [_pivot(r) for r in rows]


def pivot_point(conn: sqlite3.Connection, pivot_id: str) -> PivotPoint | None:
    row = one(conn, "SELECT * FROM pivot_points WHERE id = ?", [pivot_id])
    return None if row is None else _pivot(row)


def _implementer(row: sqlite3.Row) -> Implementer:
    skills = tuple(s.strip() for s in row["skills"].split(",") if s.strip())
    return Implementer(
        id=row["id"],
        name=row["name"],
        role=row["role"],
        seniority=Seniority(row["seniority"]),
        skills=skills,
        passion=row["passion"],
        support_needed=row["support_needed"],
        protected_hours_per_week=row["protected_hours_per_week"],
        top_down_sponsor=bool(row["top_down_sponsor"]),
        expected_leaving=_day(row["expected_leaving_on"]),
        successor_id=row["successor_id"],
    )


def implementers(conn: sqlite3.Connection) -> list[Implementer]:
    rows = conn.execute("SELECT * FROM implementers ORDER BY added_at, name")
    return [_implementer(r) for r in rows]


def register_risks(conn: sqlite3.Connection, as_of: date) -> list[Risk]:
    """The drive register's risks, in words (the case's hook `DRIVE_RISKS`)."""
    return [Risk(risk.title, risk.reason) for risk in drive_risks(implementers(conn), as_of)]


def implementer(conn: sqlite3.Connection, implementer_id: str) -> Implementer | None:
    row = one(conn, "SELECT * FROM implementers WHERE id = ?", [implementer_id])
    return None if row is None else _implementer(row)
