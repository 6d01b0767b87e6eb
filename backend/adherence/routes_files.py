"""Files for audits: CSV of records and of statuses, and importing records from a
spreadsheet (upload, preview, confirm). Calendars are in routes_calendar.py."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile

from backend.adherence import queries, view
from backend.adherence.csv_format import COLUMNS, CsvProblem, decode
from backend.adherence.evaluations import evaluate_teacher
from backend.adherence.importing import Planned, plan_import
from backend.adherence.queries import Person
from backend.adherence.rules import kinds as k
from backend.adherence.rules.results import Evaluation
from backend.adherence.web import (
    SUPERVISING,
    adherence_page,
    as_of_of,
    base_of,
    me,
    visible_evaluations,
    visible_teachers,
)
from backend.dates import uk_today
from backend.mutations import Context, Mutation
from backend.mutations.core import now_iso
from backend.validation import ValidationFailed
from backend.web.auth import services_of, team_of, user_of
from backend.web.forms import FormState, read_form
from backend.web.mutate import actor_of, submit
from backend.web.render import redirect
from backend.web.spreadsheet import write
from backend.words import plural

RECORD_COLUMNS = ("id", *COLUMNS, "teacher_name", "verified_by", "verified_at")
STATUS_COLUMNS = (
    "as_of",
    "profile_id",
    "profile_version",
    "tightened_rules",
    "person",
    "teacher_name",
    "experience",
    "activity",
    "rule_id",
    "standard",
    "advisory",
    "status",
    "reason",
    "next_due",
    "amount",
    "needed",
    "unit",
)
UPLOAD_LIMIT = 3 * 1024 * 1024  # the 2 MB file limit is checked with a clear message


def _csv(text: str, filename: str) -> Response[str]:
    return Response(
        content=text,
        media_type="text/csv",  # Litestar adds "; charset=utf-8"
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


def record_rows(conn: sqlite3.Connection, teachers: Iterable[Person]) -> list[dict[str, Any]]:
    people = {p.user_id: p for p in queries.people(conn)}
    rows: list[dict[str, Any]] = []
    for teacher in teachers:
        courses = {
            r.id: r.values["start_date"] for r in queries.records(conn, k.COURSE, teacher.user_id)
        }
        for kind in k.KINDS:
            for record in reversed(queries.records(conn, kind, teacher.user_id)):
                row = {
                    **record.values,
                    "id": record.id,
                    "type": kind.prefix,
                    "person": teacher.email,
                    "teacher_name": teacher.name,
                    "date": record.values[kind.date_column],
                    "verified_by": record.verified_by_name or "",
                    "verified_at": record.verified_at or "",
                }
                for flag in ("teacher_led", "participatory", "closely_supervised"):
                    if flag in row:
                        row[flag] = bool(row[flag])
                if kind is k.SUPERVISION:
                    found = people.get(record.values.get("supervisor_id") or "")
                    row["supervisor"] = found.email if found else record.values["supervisor_name"]
                    row["course_start"] = courses.get(record.values.get("course_id") or "", "")
                if kind is not k.TRAINING:
                    row.pop("end_date", None)
                rows.append(row)
    return rows


def status_rows(evaluations: Iterable[tuple[Person, Evaluation]]) -> list[dict[str, Any]]:
    rows = []
    for person, evaluation in evaluations:
        for check in evaluation.checks:
            rows.append(
                {
                    "as_of": evaluation.as_of.isoformat(),
                    "profile_id": evaluation.profile_id,
                    "profile_version": evaluation.profile_version,
                    "tightened_rules": " ".join(evaluation.tightened_rules),
                    "person": person.email,
                    "teacher_name": person.name,
                    "experience": evaluation.experience.level.value,
                    "activity": evaluation.activity.level.value,
                    "rule_id": check.rule_id,
                    "standard": check.title,
                    "advisory": check.advisory,
                    "status": check.status.label,
                    "reason": check.reason,
                    "next_due": check.next_due.isoformat() if check.next_due else "",
                    "amount": check.amount,
                    "needed": check.needed,
                    "unit": check.unit,
                }
            )
    return rows


@get("/practice/records.csv")
async def my_records_csv(request: Request[Any, Any, Any]) -> Response[str]:
    conn = team_of(request).store.reader
    text = write(RECORD_COLUMNS, record_rows(conn, [me(request)]))
    return _csv(text, f"practice-records-{uk_today().isoformat()}.csv")


@get("/practice/statuses.csv")
async def my_statuses_csv(request: Request[Any, Any, Any]) -> Response[str]:
    person = me(request)
    as_of, _ = as_of_of(request)
    evaluation = evaluate_teacher(team_of(request).store.reader, person, as_of)
    text = write(STATUS_COLUMNS, status_rows([(person, evaluation)]))
    return _csv(text, f"good-practice-{as_of.isoformat()}.csv")


@get("/adherence/records.csv", opt=SUPERVISING)
async def team_records_csv(request: Request[Any, Any, Any]) -> Response[str]:
    team = team_of(request)
    teachers = visible_teachers(team.store.reader, team, user_of(request).id)
    text = write(RECORD_COLUMNS, record_rows(team.store.reader, teachers))
    return _csv(text, f"team-practice-records-{uk_today().isoformat()}.csv")


@get("/adherence/statuses.csv", opt=SUPERVISING)
async def team_statuses_csv(request: Request[Any, Any, Any]) -> Response[str]:
    team = team_of(request)
    as_of, _ = as_of_of(request)
    found = await visible_evaluations(team, user_of(request).id, as_of)
    rows = status_rows((p, found.evaluations[p.user_id]) for p in found.teachers)
    text = write(STATUS_COLUMNS, rows)
    return _csv(text, f"team-good-practice-{as_of.isoformat()}.csv")


def _import_page(
    request: Request[Any, Any, Any],
    form: FormState,
    *,
    planned: list[Planned] | None = None,
    csv_text: str = "",
    status: int = 200,
) -> Response[Any]:
    return adherence_page(
        request,
        "adherence/import.html",
        status=status,
        form=form,
        planned=planned,
        csv_text=csv_text,
        columns=COLUMNS,
        types=[(kind.prefix, kind.title) for kind in k.KINDS],
    )


def _preview(request: Request[Any, Any, Any], text: str) -> list[Planned]:
    """Check every row against the team without writing anything."""
    team = team_of(request)
    ctx = Context(
        team.store.reader,
        actor_of(request, team),
        Mutation("preview", "practice.import", {}, "preview"),
        0,
        now_iso(),
        services_of(request),
    )
    return plan_import(ctx, text)


@get("/practice/import")
async def import_page(request: Request[Any, Any, Any]) -> Response[Any]:
    me(request)
    return _import_page(request, FormState())


@post("/practice/import", request_max_body_size=UPLOAD_LIMIT)
async def import_preview(request: Request[Any, Any, Any]) -> Response[Any]:
    me(request)
    form = await request.form()
    upload = form.get("csv")
    if not isinstance(upload, UploadFile):
        return _import_page(request, FormState(errors={"csv": "Select a CSV file"}), status=422)
    data = await upload.read()
    try:
        text = decode(data)
        planned = _preview(request, text)
    except CsvProblem as problem:
        return _import_page(request, FormState(errors={"csv": problem.message}), status=422)
    except ValidationFailed as failed:
        return _import_page(request, FormState(errors=failed.errors), status=422)
    return _import_page(request, FormState(), planned=planned, csv_text=text)


@post("/practice/import/confirm", request_max_body_size=UPLOAD_LIMIT)
async def import_confirm(request: Request[Any, Any, Any]) -> Response[Any]:
    team = team_of(request)
    me(request)
    data = await read_form(request)
    outcome = await submit(request, team, "practice.import", data)
    if not outcome.ok:
        return _import_page(request, FormState(errors=dict(outcome.errors)), status=422)
    count = int(outcome.result.get("imported", 0))
    return redirect(f"{base_of(team)}/practice", flash=f"{plural(count, 'record')} imported")


TEAM_ROUTES = [
    my_records_csv,
    my_statuses_csv,
    team_records_csv,
    team_statuses_csv,
    import_page,
    import_preview,
    import_confirm,
]
"""Under /teams/{team_id}: the feature's team router (web/routing.py)."""
__all__ = ["TEAM_ROUTES", "record_rows", "status_rows", "view"]
