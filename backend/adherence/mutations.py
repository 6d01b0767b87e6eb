"""Changes to a teacher's records: record, edit, delete (soft), sign off; their profile.

Handlers write only through the Context. A record belongs to one teacher: by default
the person making the change; a supervisor (for their supervisees) or a lead may name
another member with `teacher_id`, and sign the record off as they add it (`sign_off`).
A supervisee is a teacher whose usual supervisor is the actor, while the actor holds
the supervisor role in the team file as the change applies (so a change pushed from a
device after the role was taken away is refused). Record changes, and changes to the
teacher's profile, are private to their teacher in the sync feed, so another
practitioner's device never pulls them. Editing a signed-off record clears the
sign-off: the supervisor checks it again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backend.adherence import evidence
from backend.adherence.rules import kinds as k
from backend.adherence.rules.kinds import UUID_PATTERN, Kind
from backend.mutations import Context, Forbidden, MutationSpec, NotFound
from backend.teams.roles import LEADS
from backend.validation import Boolean, Choice, Identifier, Schema, Text, ValidationFailed
from backend.words import plural

TEACHER = Text(
    "teacher_id",
    "Person",
    required=False,
    max_length=36,
    pattern=UUID_PATTERN,
    pattern_message="Select a person from the list",
)
SIGN_OFF = Boolean("sign_off", "Sign it off now")
"""For a record added for someone else: signed off by the person adding it."""
RECORD_ID = Identifier("record_id", "Record")
KIND_FIELD = Choice("kind", "Kind of record", options=[(x.slug, x.title) for x in k.KINDS])


def member_row(ctx: Context, user_id: str) -> Any:
    return ctx.one(
        "SELECT m.user_id, m.name, m.roles, p.usual_supervisor_id FROM members m"
        " LEFT JOIN teacher_profiles p ON p.user_id = m.user_id"
        " WHERE m.user_id = ? AND m.left_at IS NULL",
        [user_id],
    )


def supervises(ctx: Context, teacher: Any) -> bool:
    """The actor is this teacher's usual supervisor and, in the team file as this change
    applies, still a supervisor here: someone who has since lost the role (or left) and
    is still named on an old profile is not."""
    if teacher["usual_supervisor_id"] != ctx.actor.user_id:
        return False
    actor = member_row(ctx, ctx.actor.user_id)
    return actor is not None and "supervisor" in actor["roles"].split()


def may_act_for(ctx: Context, teacher: Any) -> bool:
    """The teacher themself, their usual supervisor (while a supervisor), or a lead."""
    return (
        teacher["user_id"] == ctx.actor.user_id
        or supervises(ctx, teacher)
        or bool(ctx.actor.roles & LEADS)
    )


def teacher_of(ctx: Context, args: Mapping[str, Any]) -> Any:
    """The member a new record is for; refused if not in the team or not the actor's to add."""
    teacher_id = args.get("teacher_id") or ctx.actor.user_id
    teacher = member_row(ctx, teacher_id)
    if teacher is None:
        raise ValidationFailed({"teacher_id": "That person is not a member of this team"})
    if not may_act_for(ctx, teacher):
        raise Forbidden("You can only add records for yourself or the people you supervise")
    return teacher


def supervisor_name(ctx: Context, values: dict[str, Any], teacher_id: str) -> None:
    """Check the supervisor named on a session is a supervisor in this team; keep their name."""
    supervisor_id = values.get("supervisor_id")
    if supervisor_id is None:
        return
    row = member_row(ctx, supervisor_id)
    if row is None or "supervisor" not in row["roles"].split():
        raise ValidationFailed(
            {"supervisor_id": "The supervisor you chose is not a supervisor in this team"}
        )
    if supervisor_id == teacher_id:
        raise ValidationFailed({"supervisor_id": "Choose someone other than yourself"})
    values["supervisor_name"] = row["name"]


def check_course(ctx: Context, values: dict[str, Any], teacher_id: str) -> None:
    course_id = values.get("course_id")
    if course_id is None:
        return
    found = ctx.one(
        "SELECT 1 FROM courses_taught WHERE id = ? AND teacher_id = ? AND deleted_at IS NULL",
        [course_id, teacher_id],
    )
    if found is None:
        raise ValidationFailed({"course_id": "Select one of your own courses from the list"})


def prepared(ctx: Context, kind: Kind, args: Mapping[str, Any], teacher_id: str) -> dict[str, Any]:
    values = k.stored_values(kind, args)
    if kind is k.SUPERVISION:
        supervisor_name(ctx, values, teacher_id)
        check_course(ctx, values, teacher_id)
    return values


def insert_record(
    ctx: Context, kind: Kind, values: Mapping[str, Any], teacher_id: str, record_id: str = ""
) -> str:
    row = {
        **values,
        "teacher_id": teacher_id,
        "created_by": ctx.actor.user_id,
        "created_at": ctx.now,
    }
    if record_id:
        row["id"] = record_id
    return ctx.insert(kind.table, row, private_to=teacher_id)


def _signed_now(ctx: Context) -> dict[str, Any]:
    return {
        "verified_by": ctx.actor.user_id,
        "verified_by_name": ctx.actor.name,
        "verified_at": ctx.now,
    }


def _record_handler(kind: Kind) -> Any:
    def record(ctx: Context, args: dict[str, Any]) -> None:
        teacher = teacher_of(ctx, args)
        own = teacher["user_id"] == ctx.actor.user_id
        if own and args.get("sign_off"):
            raise ValidationFailed(
                {"sign_off": "Your own records are signed off by your supervisor"}
            )
        values = prepared(ctx, kind, args, teacher["user_id"])
        if args.get("sign_off"):  # teacher_of checked: their supervisor, or a lead
            values |= _signed_now(ctx)
        ctx.result = {"record_id": insert_record(ctx, kind, values, teacher["user_id"])}
        if args.get("file") and own:  # only the teacher attaches their evidence
            evidence.keep(ctx, kind, ctx.result["record_id"], teacher["user_id"], args)
        whose = "" if own else f" for {teacher['name']}"
        signed = " and signed it off" if values.get("verified_at") else ""
        ctx.summary = f"Recorded {_a(kind)}{whose}{signed}"

    return record


def _a(kind: Kind) -> str:
    title = kind.title[0].lower() + kind.title[1:] if kind.title[1:2].islower() else kind.title
    return f"an {title}" if title[0] in "aeio8" or title.startswith("MBI") else f"a {title}"


def owned(ctx: Context, kind: Kind, record_id: str) -> Any:
    """A current record this person may change: their own, or one they entered for a
    teacher they may still act for (as their usual supervisor while a supervisor, or as a
    lead). Having typed it gives no authority of its own: it goes with the role."""
    row = ctx.one(f"SELECT * FROM {kind.table} WHERE id = ? AND deleted_at IS NULL", [record_id])
    if row is None:
        raise NotFound()
    if row["teacher_id"] != ctx.actor.user_id:
        teacher = member_row(ctx, row["teacher_id"])
        entered = row["created_by"] == ctx.actor.user_id
        if not entered or teacher is None or not may_act_for(ctx, teacher):
            raise NotFound()
    return row


def _edit_handler(kind: Kind) -> Any:
    def edit(ctx: Context, args: dict[str, Any]) -> None:
        row = owned(ctx, kind, args["record_id"])
        teacher_id = row["teacher_id"]
        values = prepared(ctx, kind, args, teacher_id)
        if kind is k.COURSE and not args.get("work"):  # an older client: keep what it was
            values["work"] = row["work"]
        changed = ctx.update(kind.table, row["id"], values, private_to=teacher_id)
        if changed or ctx.conflicts:
            after: dict[str, Any] = {"updated_at": ctx.now}
            if row["verified_at"] is not None:
                after |= {"verified_by": None, "verified_by_name": None, "verified_at": None}
            ctx.update(kind.table, row["id"], after, private_to=teacher_id, merge=False)
        ctx.result = {"record_id": row["id"], "changed": sorted(changed)}
        ctx.summary = f"Changed {_a(kind)}"

    return edit


def _delete_handler(kind: Kind) -> Any:
    def delete(ctx: Context, args: dict[str, Any]) -> None:
        row = owned(ctx, kind, args["record_id"])
        ctx.update(
            kind.table,
            row["id"],
            {"deleted_at": ctx.now},
            private_to=row["teacher_id"],
            merge=False,
        )
        if kind is k.COURSE:  # sessions linked to it now count by their dates only
            for linked in ctx.all(
                "SELECT id FROM supervision_sessions WHERE course_id = ?", [row["id"]]
            ):
                ctx.update(
                    "supervision_sessions",
                    linked["id"],
                    {"course_id": None},
                    private_to=row["teacher_id"],
                    merge=False,
                )
        ctx.summary = f"Deleted {_a(kind)}"

    return delete


def may_sign_off(ctx: Context, teacher_id: str) -> Any:
    teacher = member_row(ctx, teacher_id)
    if teacher is None:
        raise NotFound()
    if teacher_id == ctx.actor.user_id:
        raise Forbidden("Your own records are signed off by your supervisor")
    if not supervises(ctx, teacher) and not ctx.actor.roles & LEADS:
        raise Forbidden("Only this person's supervisor can sign off their records")
    return teacher


def _sign(ctx: Context, kind: Kind, row: Any) -> None:
    ctx.update(
        kind.table,
        row["id"],
        _signed_now(ctx),
        private_to=row["teacher_id"],
        merge=False,
    )


def verify(ctx: Context, args: dict[str, Any]) -> None:
    kind = k.BY_SLUG[args["kind"]]
    row = ctx.one(
        f"SELECT * FROM {kind.table} WHERE id = ? AND deleted_at IS NULL", [args["record_id"]]
    )
    if row is None:
        raise NotFound()
    teacher = may_sign_off(ctx, row["teacher_id"])
    if row["verified_at"] is not None:
        raise ValidationFailed({"record_id": "This record has already been signed off"})
    _sign(ctx, kind, row)
    ctx.summary = f"Signed off {_a(kind)} for {teacher['name']}"


def verify_all(ctx: Context, args: dict[str, Any]) -> None:
    teacher = may_sign_off(ctx, args["teacher_id"])
    signed = 0
    for kind in k.KINDS:
        for row in ctx.all(
            f"SELECT id, teacher_id FROM {kind.table} WHERE teacher_id = ?"
            " AND deleted_at IS NULL AND verified_at IS NULL",
            [teacher["user_id"]],
        ):
            _sign(ctx, kind, row)
            signed += 1
    if not signed:
        raise ValidationFailed({"teacher_id": "There are no records waiting to be signed off"})
    ctx.result = {"signed": signed}
    ctx.summary = f"Signed off {plural(signed, 'record')} for {teacher['name']}"


PROFILE = Schema(
    [
        Text(
            "usual_supervisor_id",
            "Usual supervisor",
            required=False,
            max_length=36,
            pattern=f"{UUID_PATTERN}|{k.OUTSIDE}",
            pattern_message="Select your usual supervisor from the list",
        ),
        Text("usual_supervisor_name", "Supervisor's name", required=False, max_length=100),
        Text(
            "professional_background",
            "Professional background",
            required=False,
            max_length=500,
            multiline=True,
        ),
    ]
)


def set_profile(ctx: Context, args: dict[str, Any]) -> None:
    me = ctx.actor.user_id
    supervisor_id = args["usual_supervisor_id"] or None
    name = args["usual_supervisor_name"]
    if supervisor_id == k.OUTSIDE:
        supervisor_id = None
        if not name:
            raise ValidationFailed(
                {
                    "usual_supervisor_name": "Enter the name of your supervisor from outside this team"
                }
            )
    elif supervisor_id is not None:
        values = {"supervisor_id": supervisor_id}
        supervisor_name(ctx, values, me)
        name = values["supervisor_name"]
    else:
        name = ""
    values = {
        "usual_supervisor_id": supervisor_id,
        "usual_supervisor_name": name,
        "professional_background": args["professional_background"],
        "updated_at": ctx.now,
    }
    # Private to the teacher in sync, like their records (supervisors and leads read it
    # through the pages, which check who may see whom).
    if ctx.one("SELECT 1 FROM teacher_profiles WHERE user_id = ?", [me]) is None:
        ctx.insert("teacher_profiles", {"user_id": me, **values}, key="user_id", private_to=me)
    else:
        ctx.update("teacher_profiles", me, values, key="user_id", private_to=me)
    ctx.summary = "Updated their practice profile"


def record_specs() -> list[MutationSpec]:
    specs = []
    for kind in k.KINDS:
        record_name, edit_name, delete_name = kind.mutations
        fields = [*kind.fields, TEACHER, SIGN_OFF]
        with_file = kind in evidence.KINDS  # a certificate may be sent with a new record
        if with_file:
            fields += [evidence.OPTIONAL_FILE, evidence.FILE_NAME]
        specs += [
            MutationSpec(
                record_name,
                f"Recorded {_a(kind)}",
                Schema(fields, kind.checks),
                _record_handler(kind),
                max_args_bytes=evidence.ARGS_BYTES if with_file else 64 * 1024,
            ),
            MutationSpec(
                edit_name,
                f"Changed {_a(kind)}",
                Schema([RECORD_ID, *kind.fields], kind.checks),
                _edit_handler(kind),
            ),
            MutationSpec(
                delete_name, f"Deleted {_a(kind)}", Schema([RECORD_ID]), _delete_handler(kind)
            ),
        ]
    return specs


VERIFY_SPEC = MutationSpec(
    "practice.verify", "Signed off a record", Schema([KIND_FIELD, RECORD_ID]), verify
)
VERIFY_ALL_SPEC = MutationSpec(
    "practice.verify_all",
    "Signed off records",
    Schema([Identifier("teacher_id", "Person")]),
    verify_all,
)
PROFILE_SPEC = MutationSpec("practice.profile", "Updated a practice profile", PROFILE, set_profile)
