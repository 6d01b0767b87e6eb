"""Case examples (a service's story in a set structure, drafted privately by its author
and shared with the network when ready) and Ask the network (questions and replies)."""

from __future__ import annotations

from typing import Any

from backend.mutations import Context, Forbidden, MutationSpec, NotFound
from backend.mutations.context import Change, db_row
from backend.networks import tags
from backend.networks.mutations import _member_team, _team_row, team_name_and_roles
from backend.validation import Schema, Text

TEAM = Text("team_id", "Team", max_length=12, pattern=r"[a-z0-9]{12}")
CASE_SECTIONS = [
    ("context", "Context", "Your service, its setting and who it is for"),
    ("what_we_did", "What we did", ""),
    ("what_helped", "What helped", ""),
    ("what_got_in_the_way", "What got in the way", ""),
    ("pivot_points", "Pivot points and how we related to them", ""),
    ("advice", "What we would tell another service", ""),
]
CASE_FIELDS = [
    TEAM,
    Text("title", "Title", max_length=150),
    *(
        Text(name, label, required=False, max_length=4000, multiline=True)
        for name, label, _ in CASE_SECTIONS
    ),
]


def draft_case(ctx: Context, args: dict[str, Any]) -> None:
    _member_team(ctx, args["team_id"])
    row = {
        **{name: args[name] or "" for name, _, _ in CASE_SECTIONS},
        "team_id": args["team_id"],
        "title": args["title"],
        "status": "draft",
        "author_id": ctx.actor.user_id,
        "created_at": ctx.now,
    }
    ctx.result["id"] = ctx.insert("case_examples", row, private_to=ctx.actor.user_id)
    ctx.summary = f"Drafted the case example {args['title']}"


def share_case(ctx: Context, args: dict[str, Any]) -> None:
    row = ctx.one("SELECT * FROM case_examples WHERE id = ?", [args["case_id"]])
    if row is None or (row["status"] == "draft" and row["author_id"] != ctx.actor.user_id):
        raise NotFound()
    if row["status"] == "shared":
        return
    _member_team(ctx, row["team_id"])
    ctx.update(
        "case_examples",
        row["id"],
        {"status": "shared", "shared_at": ctx.now},
        private_to=ctx.actor.user_id,
        merge=False,
    )
    # Everyone in the network now sees it: the whole row goes into the change log.
    shared = {**dict(row), "status": "shared", "shared_at": ctx.now}
    ctx.changes.append(Change("case_examples", row["id"], "update", db_row(shared), None))
    ctx.summary = f"Shared the case example {row['title']}"


def ask(ctx: Context, args: dict[str, Any]) -> None:
    tags.refuse_unknown(ctx.services, args, ("characteristic", "stage"))
    _in_team(ctx, args["team_id"])
    ctx.result["id"] = ctx.insert(
        "questions",
        {
            "team_id": args["team_id"],
            "title": args["title"],
            "body": args["body"],
            "characteristic": args["characteristic"] or "",
            "stage": args["stage"] or "",
            "asked_by": ctx.actor.user_id,
            "asker_name": ctx.actor.name,
            "asked_at": ctx.now,
        },
    )
    ctx.summary = f"Asked {args['title']}"


def reply(ctx: Context, args: dict[str, Any]) -> None:
    _in_team(ctx, args["team_id"])
    question = ctx.one("SELECT title FROM questions WHERE id = ?", [args["question_id"]])
    if question is None:
        raise NotFound()
    ctx.insert(
        "replies",
        {
            "question_id": args["question_id"],
            "team_id": args["team_id"],
            "body": args["body"],
            "by_id": ctx.actor.user_id,
            "by_name": ctx.actor.name,
            "at": ctx.now,
        },
    )
    ctx.summary = f"Replied to {question['title']}"


def _in_team(ctx: Context, team_id: str) -> None:
    """Anyone in a member team asks and replies for it (read from the team's own file)."""

    found = team_name_and_roles(ctx, team_id)
    if found is None or not found[1]:
        raise Forbidden("You can only ask or reply for a team you are in")
    if _team_row(ctx, team_id)["status"] != "member":
        raise Forbidden("That team is not in this network")


TAGS = [tags.tag_field("characteristic", "Characteristic"), tags.tag_field("stage", "Stage")]
"""Checked against the framework's words by the handler (tags.refuse_unknown)."""
MUTATIONS = [
    MutationSpec("case.draft", "Draft a case example", Schema(CASE_FIELDS), draft_case),
    MutationSpec(
        "case.share",
        "Share a case example",
        Schema([Text("case_id", "Case example", max_length=36)]),
        share_case,
    ),
    MutationSpec(
        "question.ask",
        "Ask the network",
        Schema(
            [
                TEAM,
                Text("title", "Question", max_length=200),
                Text("body", "More detail", max_length=4000, multiline=True),
                *TAGS,
            ]
        ),
        ask,
    ),
    MutationSpec(
        "question.reply",
        "Reply to a question",
        Schema(
            [
                TEAM,
                Text("question_id", "Question", max_length=36),
                Text("body", "Reply", max_length=4000, multiline=True),
            ]
        ),
        reply,
    ),
]
