"""JSON API for adherence (in the OpenAPI schema at /schema): a teacher's records of each
kind, and statuses as of a date, so a service can script its audits.

Records are created and changed through POST /api/teams/{team}/mutations with the
mutation names `<kind>.record`, `<kind>.edit`, `<kind>.delete` (see
backend/adherence/rules/kinds.py for each kind's arguments). A supervisor, for their
supervisees, or a lead names the teacher with `teacher_id` on `<kind>.record`, and may
sign the record off as they add it with `sign_off: true`.
"""

from datetime import date
from typing import Annotated, Any

import msgspec
from litestar import Request, get
from litestar.exceptions import NotFoundException, ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter

from backend.adherence import queries
from backend.adherence.evaluations import evaluate_teacher, team_profile
from backend.adherence.rules import kinds as k
from backend.adherence.rules.results import Evaluation
from backend.adherence.web import EARLIEST, latest_as_of, viewable, visible_evaluations
from backend.dates import uk_today
from backend.teams.roles import MEMBER
from backend.validation import Boolean, Date, Decimal, Field, Integer
from backend.web.auth import team_of, user_of

TAGS = ["adherence"]


class CheckOut(msgspec.Struct):
    rule_id: str
    title: str
    status: str
    reason: str
    next_due: str | None
    amount: float | None
    needed: float | None
    unit: str
    advisory: bool
    evidence: list[str]


class TeacherAdherenceOut(msgspec.Struct):
    user_id: str
    name: str
    email: str
    overall: str
    experience: str
    experience_reason: str
    activity: str
    activity_reason: str
    checks: list[CheckOut]


class AdherenceOut(msgspec.Struct):
    as_of: str
    profile_id: str
    profile_version: int
    tightened_rules: list[str]
    due_soon_days: int
    teachers: list[TeacherAdherenceOut]


def _teacher_out(person: queries.Person, e: Evaluation) -> TeacherAdherenceOut:
    return TeacherAdherenceOut(
        person.user_id,
        person.name,
        person.email,
        e.overall.value,
        e.experience.level.value,
        e.experience.reason,
        e.activity.level.value,
        e.activity.reason,
        [
            CheckOut(
                c.rule_id,
                c.title,
                c.status.value,
                c.reason,
                c.next_due.isoformat() if c.next_due else None,
                c.amount,
                c.needed,
                c.unit,
                c.advisory,
                list(c.evidence),
            )
            for c in e.checks
        ],
    )


@get(
    "/api/teams/{team_id:str}/adherence",
    opt=MEMBER,
    tags=TAGS,
    summary="Good-practice statuses as of a date",
    description="Your own statuses, your supervisees' (supervisors) or every teacher's (leads).",
)
async def adherence(
    request: Request[Any, Any, Any],
    as_of: Annotated[
        date | None,
        QueryParameter(
            description="YYYY-MM-DD, from 1990-01-01 to a year from today; today (in the UK) if left out"
        ),
    ] = None,
) -> AdherenceOut:
    team = team_of(request)
    conn = team.store.reader
    user = user_of(request)
    day = as_of or uk_today()
    latest = latest_as_of()
    if not EARLIEST <= day <= latest:
        message = f"as_of must be from {EARLIEST.isoformat()} to {latest.isoformat()}"
        raise ValidationException(message, extra={"as_of": message})
    found = await visible_evaluations(team, user.id, day)
    people = {p.user_id: p for p in found.teachers}
    mine = queries.person(conn, user.id)
    out = []
    if mine is not None and mine.teaches and mine.user_id not in people:
        out.append(_teacher_out(mine, evaluate_teacher(conn, mine, day)))
    out += [_teacher_out(people[uid], e) for uid, e in found.evaluations.items()]
    profile = team_profile(queries.settings(conn))
    return AdherenceOut(
        day.isoformat(),
        profile.id,
        profile.version,
        list(profile.tightened),
        queries.settings(conn).due_soon_days,
        out,
    )


def _type_of(f: Field) -> Any:
    if isinstance(f, Integer):
        return int | None
    if isinstance(f, Decimal):
        return float | None
    if isinstance(f, Boolean):
        return bool
    if isinstance(f, Date):
        return str
    return str | None


def record_struct(kind: k.Kind) -> Any:
    name = "".join(part.title() for part in kind.prefix.split("_")) + "RecordOut"
    fields: list[tuple[str, Any]] = [("id", str), ("teacher_id", str)]
    fields += [(f.name, _type_of(f)) for f in kind.fields]
    fields += [
        ("created_at", str),
        ("verified_by", str | None),
        ("verified_by_name", str | None),
        ("verified_at", str | None),
    ]
    return msgspec.defstruct(name, fields, kw_only=True)


def _records_route(kind: k.Kind) -> HTTPRouteHandler:
    struct = record_struct(kind)
    bools = {f.name for f in kind.fields if isinstance(f, Boolean)}

    async def handler(request: Request[Any, Any, Any], person: str | None = None) -> Any:
        """Records of one kind (the signature is set below for the OpenAPI schema)."""
        if person and len(person) > 36:
            raise NotFoundException()
        target = viewable(request, person or user_of(request).id)
        rows = queries.records(team_of(request).store.reader, kind, target.user_id)
        return [
            struct(
                id=r.id,
                teacher_id=r.teacher_id,
                created_at=r.created_at,
                verified_by=r.verified_by,
                verified_by_name=r.verified_by_name,
                verified_at=r.verified_at,
                **{n: bool(v) if n in bools else v for n, v in r.values.items()},
            )
            for r in rows
        ]

    handler.__name__ = f"list_{kind.prefix}_records"
    handler.__annotations__ = {
        "request": Request[Any, Any, Any],
        "person": Annotated[
            str | None,
            QueryParameter(description="A teacher's user id; yours if left out", max_length=36),
        ],
        "return": list[struct],  # type: ignore[valid-type]
    }
    return get(
        f"/api/teams/{{team_id:str}}/practice/{kind.slug}",
        opt=MEMBER,
        tags=TAGS,
        summary=f"{kind.plural}: a teacher's records",
        description=f"Yours, or with ?person=<user id> a supervisee's (supervisors) or anyone's (leads). Create with the mutation {kind.prefix}.record.",
        name=f"api-{kind.slug}",
    )(handler)


def routes() -> list[Any]:
    return [adherence, *(_records_route(kind) for kind in k.KINDS)]
