"""Importing records from a spreadsheet: one mutation that writes every row or none.

`plan_import` reads the CSV and checks every row against the team (the person is a
member you may add records for, the supervisor is a supervisor here, a linked course
exists). The preview page runs it on a read-only Context; the `practice.import`
mutation runs it again and writes. See docs/decisions/0011-csv-import-is-one-mutation.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backend.adherence import mutations as m
from backend.adherence.csv_format import CsvProblem, Parsed, Row, message_of, parse
from backend.adherence.rules import kinds as k
from backend.mutations import Context, MutationSpec
from backend.validation import Schema, Text, ValidationFailed
from backend.words import plural

EMAIL = "@"


@dataclass(frozen=True, slots=True)
class Planned:
    line: int
    kind: k.Kind
    teacher_id: str
    teacher_name: str
    record_id: str
    values: dict[str, Any]


def plan_import(ctx: Context, text: str) -> list[Planned]:
    """Every row ready to write, or ValidationFailed with every problem by row."""
    try:
        parsed = parse(text)
    except CsvProblem as problem:
        raise ValidationFailed({"csv": problem.message}) from None
    errors = parsed.messages()
    planned: list[Planned] = []
    courses: dict[tuple[str, str], str] = {}
    rows = sorted(parsed.rows, key=lambda r: (r.kind is not k.COURSE, r.line))
    for row in rows:
        try:
            item = _plan_row(ctx, row, courses)
        except ValidationFailed as failed:
            for column, message in failed.errors.items():
                errors[f"row-{row.line}-{column}"] = message_of(row.line, column, message)
            continue
        planned.append(item)
        if item.kind is k.COURSE:
            courses[(item.teacher_id, str(item.values["start_date"]))] = item.record_id
    if errors:
        raise ValidationFailed(dict(sorted(errors.items(), key=_by_row)))
    return sorted(planned, key=lambda p: p.line)


def _by_row(item: tuple[str, str]) -> tuple[int, str]:
    parts = item[0].split("-", 2)
    return (int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0, item[0])


def _teacher(ctx: Context, row: Row) -> Any:
    if not row.person:
        return m.member_row(ctx, ctx.actor.user_id)
    found = ctx.one(
        "SELECT user_id FROM members WHERE email = ? COLLATE NOCASE AND left_at IS NULL",
        [row.person],
    )
    if found is None:
        raise ValidationFailed({"person": f"{row.person} is not a member of this team"})
    teacher = m.member_row(ctx, found["user_id"])
    if not m.may_act_for(ctx, teacher):
        raise ValidationFailed(
            {"person": "you can only import records for yourself or the people you supervise"}
        )
    return teacher


def _plan_row(ctx: Context, row: Row, courses: dict[tuple[str, str], str]) -> Planned:
    teacher = _teacher(ctx, row)
    if teacher is None:
        raise ValidationFailed({"person": "you are not a member of this team"})
    args = dict(row.args)
    if row.kind is k.SUPERVISION:
        args |= _supervisor_args(ctx, row, teacher)
        args |= _course_args(ctx, row, teacher["user_id"], courses)
    clean = row.kind.schema.validate(args)
    values = k.stored_values(row.kind, clean)
    if row.kind is k.SUPERVISION:
        if values["supervisor_id"]:
            m.supervisor_name(ctx, values, teacher["user_id"])
        values["course_id"] = args.get("course_id") or None
    return Planned(row.line, row.kind, teacher["user_id"], teacher["name"], ctx.new_id(), values)


def _supervisor_args(ctx: Context, row: Row, teacher: Any) -> dict[str, Any]:
    given = row.supervisor
    if not given:
        profile = ctx.one(
            "SELECT usual_supervisor_id, usual_supervisor_name FROM teacher_profiles"
            " WHERE user_id = ?",
            [teacher["user_id"]],
        )
        if profile is not None and profile["usual_supervisor_id"]:
            return {"supervisor_id": profile["usual_supervisor_id"]}
        if profile is not None and profile["usual_supervisor_name"]:
            return {"supervisor_id": k.OUTSIDE, "supervisor_name": profile["usual_supervisor_name"]}
        if row.args.get("format") == "peer":
            return {}
        raise ValidationFailed({"supervisor": "enter the supervisor's email address or name"})
    if EMAIL not in given:
        return {"supervisor_id": k.OUTSIDE, "supervisor_name": given[:100]}
    found = ctx.one(
        "SELECT user_id, roles FROM members WHERE email = ? COLLATE NOCASE AND left_at IS NULL",
        [given],
    )
    if found is None or "supervisor" not in found["roles"].split():
        raise ValidationFailed({"supervisor": f"{given} is not a supervisor in this team"})
    return {"supervisor_id": found["user_id"]}


def _course_args(
    ctx: Context, row: Row, teacher_id: str, courses: dict[tuple[str, str], str]
) -> dict[str, Any]:
    if not row.course_start:
        return {}
    course_id = courses.get((teacher_id, row.course_start))
    if course_id is None:
        found = ctx.one(
            "SELECT id FROM courses_taught WHERE teacher_id = ? AND start_date = ?"
            " AND deleted_at IS NULL ORDER BY created_at LIMIT 1",
            [teacher_id, row.course_start],
        )
        course_id = found["id"] if found else None
    if course_id is None:
        raise ValidationFailed(
            {"course_start": f"there is no course taught starting on {row.course_start}"}
        )
    return {"course_id": course_id}


def import_records(ctx: Context, args: dict[str, Any]) -> None:
    planned = plan_import(ctx, args["csv"])
    counts: dict[str, int] = {}
    for item in planned:
        m.insert_record(ctx, item.kind, item.values, item.teacher_id, item.record_id)
        counts[item.kind.slug] = counts.get(item.kind.slug, 0) + 1
    ctx.result = {"imported": len(planned), "by_kind": counts}
    ctx.summary = f"Imported {plural(len(planned), 'record')}"


IMPORT_SPEC = MutationSpec(
    "practice.import",
    "Imported records",
    Schema([Text("csv", "CSV file", max_length=2_200_000, multiline=True)]),
    import_records,
)

__all__ = ["IMPORT_SPEC", "Parsed", "Planned", "import_records", "plan_import"]
