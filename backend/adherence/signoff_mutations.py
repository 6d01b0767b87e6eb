"""A supervisor takes back a sign-off, and leaves the teacher a comment on a record.

Both are for the people who may sign the record off (the teacher's usual supervisor, or a
lead; never the teacher). Withdrawing is audited like every mutation; the record goes back
to "not signed off yet". A comment is private to its teacher in sync, like the record.
"""

from __future__ import annotations

from typing import Any

from backend.adherence.mutations import KIND_FIELD, RECORD_ID, may_sign_off
from backend.adherence.rules import kinds as k
from backend.mutations import Context, MutationSpec, NotFound
from backend.validation import Schema, Text, ValidationFailed

COMMENT = Text("comment", "Comment", max_length=2000, multiline=True)


def _record(ctx: Context, args: dict[str, Any]) -> tuple[k.Kind, Any]:
    kind = k.BY_SLUG[args["kind"]]
    row = ctx.one(
        f"SELECT * FROM {kind.table} WHERE id = ? AND deleted_at IS NULL", [args["record_id"]]
    )
    if row is None:
        raise NotFound()
    return kind, row


def _a(kind: k.Kind) -> str:
    return kind.title.lower() if kind.slug not in {"cpd", "mbi-tac"} else kind.title


def withdraw(ctx: Context, args: dict[str, Any]) -> None:
    kind, row = _record(ctx, args)
    teacher = may_sign_off(ctx, row["teacher_id"])
    if row["verified_at"] is None:
        raise ValidationFailed({"record_id": "This record is not signed off"})
    ctx.update(
        kind.table,
        row["id"],
        {"verified_by": None, "verified_by_name": None, "verified_at": None},
        private_to=row["teacher_id"],
        merge=False,
    )
    ctx.summary = f"Withdrew the sign-off of a {_a(kind)} for {teacher['name']}"


def comment(ctx: Context, args: dict[str, Any]) -> None:
    kind, row = _record(ctx, args)
    teacher = may_sign_off(ctx, row["teacher_id"])
    ctx.insert(
        "record_comments",
        {
            "kind": kind.slug,
            "record_id": row["id"],
            "teacher_id": row["teacher_id"],
            "author_id": ctx.actor.user_id,
            "author_name": ctx.actor.name,
            "body": args["comment"],
            "created_at": ctx.now,
        },
        private_to=row["teacher_id"],
    )
    ctx.summary = f"Commented on a {_a(kind)} for {teacher['name']}"


SPECS = [
    MutationSpec(
        "practice.withdraw_sign_off",
        "Withdrew a sign-off",
        Schema([KIND_FIELD, RECORD_ID]),
        withdraw,
    ),
    MutationSpec(
        "practice.comment",
        "Commented on a record",
        Schema([KIND_FIELD, RECORD_ID, COMMENT]),
        comment,
    ),
]
