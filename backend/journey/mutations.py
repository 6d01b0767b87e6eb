"""Changes to the journey grid: an action's status, owner, due date and evidence; the
team's own actions and questions; hiding and showing items. Every list of the
feature's mutations is gathered in MUTATIONS at the end.

Handlers write only through ctx.insert / ctx.update / ctx.delete. An action's
history row is written by the same mutation that changes the action, dated by the
date the team gives (`evidence_date`), so history can be back-dated.
"""

from __future__ import annotations

from typing import Any

from backend.journey import queries
from backend.journey.rules.fields import ContentChoice, characteristic_ids, theme_ids
from backend.journey.rules.labels import STAGE_OPTIONS, STATUS_LABELS, STATUS_OPTIONS
from backend.journey.rules.merge import (
    MAX_LOCAL_TEXT,
    hide_problem,
    local_action_problems,
    local_question_problems,
    new_local_id,
)
from backend.journey.rules.model import Action, TeamContent
from backend.journey.team import merged, shipped
from backend.mutations import Context, MutationSpec, NotFound
from backend.mutations.context import db_row
from backend.teams.roles import LEADS
from backend.validation import Choice, Date, Schema, Text, ValidationFailed

MAX_EVIDENCE = 2000
ACTION_ID = Text("action_id", "Action", max_length=120)
ITEM_ID = Text("item_id", "Item", max_length=120)
ACTION_FIELDS = [
    ACTION_ID,
    Choice("status", "Status", options=STATUS_OPTIONS),
    Text("owner_id", "Owner", required=False, max_length=64),
    Date("due", "Due date", required=False),
    Text("evidence", "Evidence note", required=False, multiline=True, max_length=MAX_EVIDENCE),
    Date("evidence_date", "Date of this update", past_only=True),
]
DEFAULTS: dict[str, Any] = {
    "status": "not_started",
    "owner_id": None,
    "due_on": None,
    "evidence": "",
}
LOCAL_ACTION_FIELDS = [
    ContentChoice("characteristic_id", "Characteristic", ids=characteristic_ids),
    Choice("stage", "Stage", options=STAGE_OPTIONS),
    Text("text", "Action", multiline=True, max_length=MAX_LOCAL_TEXT),
]
LOCAL_QUESTION_FIELDS = [
    ContentChoice("theme_id", "Theme", ids=theme_ids),
    Text("text", "Question", multiline=True, max_length=MAX_LOCAL_TEXT),
]


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def find_action(team: TeamContent, action_id: str) -> tuple[Action | None, bool]:
    """The action with this id, and whether it is hidden."""
    for ch in team.journey.characteristics:
        for stage in ch.stages:
            for action in stage.actions:
                if action.id == action_id:
                    return action, False
    for action in team.journey.hidden_actions:
        if action.id == action_id:
            return action, True
    return None, False


def active_member_ids(ctx: Context) -> set[str]:
    return {r["user_id"] for r in ctx.all("SELECT user_id FROM members WHERE left_at IS NULL")}


def _created_after_base(ctx: Context, action_id: str) -> bool:
    """The action's row did not exist when the person's form was rendered."""
    base = ctx.mutation.base_version
    if base is None:
        return False
    row = ctx.one(
        "SELECT min(version) AS first FROM changes WHERE entity = 'action_states'"
        " AND entity_id = ?",
        [action_id],
    )
    return row is not None and row["first"] is not None and int(row["first"]) > base


def update_action(ctx: Context, args: dict[str, Any]) -> None:
    action_id = args["action_id"]
    action, hidden = find_action(merged(ctx.conn, ctx.services), action_id)
    if action is None:
        raise NotFound("That action does not exist")
    if hidden:
        raise ValidationFailed({"": "This action is hidden. Show it again to change it"})
    owner = args["owner_id"] or None
    if owner is not None and owner not in active_member_ids(ctx):
        raise ValidationFailed({"owner_id": "Select an owner from the list of team members"})
    values = {
        "status": args["status"],
        "owner_id": owner,
        "due_on": args["due"],
        "evidence": args["evidence"],
    }
    meta = {
        "evidence_date": args["evidence_date"],
        "updated_at": ctx.now,
        "updated_by": ctx.actor.user_id,
    }
    current = ctx.one("SELECT * FROM action_states WHERE action_id = ?", [action_id])
    if current is None:
        ctx.insert("action_states", {"action_id": action_id, **values, **meta}, key="action_id")
        changed = [k for k, v in db_row(values).items() if v != DEFAULTS[k]] or ["status"]
        previous = "not_started"
    else:
        if _created_after_base(ctx, action_id):
            values = {k: v for k, v in db_row(values).items() if v != DEFAULTS[k]}
        changed = list(ctx.update("action_states", action_id, values, key="action_id"))
        if not changed and current["evidence_date"] == args["evidence_date"].isoformat():
            ctx.summary = f"No change to “{short(action.text)}”"
            return
        ctx.update("action_states", action_id, meta, key="action_id", merge=False)
        previous = current["status"]
    _record_history(ctx, action, changed, previous)


def _record_history(ctx: Context, action: Action, changed: list[str], previous: str | None) -> None:
    row = ctx.one("SELECT * FROM action_states WHERE action_id = ?", [action.id])
    assert row is not None
    ctx.insert(
        "action_history",
        {
            "action_id": action.id,
            "action_version": action.version,
            "changed": " ".join(changed),
            "status": row["status"],
            "previous_status": previous,
            "owner_id": row["owner_id"],
            "due_on": row["due_on"],
            "evidence": row["evidence"],
            "evidence_date": row["evidence_date"],
            "recorded_at": ctx.now,
            "recorded_by": ctx.actor.user_id,
            "recorded_by_name": ctx.actor.name,
        },
    )
    ctx.summary = f"Updated “{short(action.text)}”: {STATUS_LABELS[row['status']].lower()}"
    ctx.result = {"action_id": action.id, "changed": changed}


def add_local_action(ctx: Context, args: dict[str, Any]) -> None:
    problems = local_action_problems(
        shipped(ctx.services), args["characteristic_id"], args["stage"], args["text"]
    )
    if problems:
        raise ValidationFailed(problems)
    added = queries.additions(ctx.conn)
    taken = {a.id for a in added.actions} | {q.id for q in added.questions}
    new_id = new_local_id("action", taken, args["text"])
    ctx.insert(
        "local_actions",
        {
            "id": new_id,
            "characteristic_id": args["characteristic_id"],
            "stage": args["stage"],
            "text": args["text"],
            "added_at": ctx.now,
            "added_by": ctx.actor.user_id,
        },
    )
    ctx.summary = f"Added a local action: “{short(args['text'])}”"
    ctx.result = {"id": new_id}


def add_local_question(ctx: Context, args: dict[str, Any]) -> None:
    problems = local_question_problems(shipped(ctx.services), args["theme_id"], args["text"])
    if problems:
        raise ValidationFailed(problems)
    added = queries.additions(ctx.conn)
    taken = {a.id for a in added.actions} | {q.id for q in added.questions}
    new_id = new_local_id("question", taken, args["text"])
    ctx.insert(
        "local_questions",
        {
            "id": new_id,
            "theme_id": args["theme_id"],
            "version": 1,
            "text": args["text"],
            "added_at": ctx.now,
            "added_by": ctx.actor.user_id,
        },
    )
    ctx.summary = f"Added a local question: “{short(args['text'])}”"
    ctx.result = {"id": new_id}


def item_text(ctx: Context, item_id: str) -> str:
    team = merged(ctx.conn, ctx.services)
    action, _ = find_action(team, item_id)
    if action is not None:
        return action.text
    question = team.questions.find(item_id)
    return question.text if question is not None else item_id


def hide_item(ctx: Context, args: dict[str, Any]) -> None:
    item_id = args["item_id"]
    problem = hide_problem(shipped(ctx.services), queries.additions(ctx.conn), item_id)
    if problem is not None:
        raise ValidationFailed({"item_id": "Select an action or a question to hide"})
    if ctx.one("SELECT 1 FROM hidden_items WHERE item_id = ?", [item_id]) is not None:
        raise ValidationFailed({"item_id": "That item is already hidden"})
    ctx.insert(
        "hidden_items",
        {"item_id": item_id, "hidden_at": ctx.now, "hidden_by": ctx.actor.user_id},
        key="item_id",
    )
    ctx.summary = f"Hid “{short(item_text(ctx, item_id))}”"
    ctx.result = {"item_id": item_id}


def unhide_item(ctx: Context, args: dict[str, Any]) -> None:
    item_id = args["item_id"]
    if ctx.one("SELECT 1 FROM hidden_items WHERE item_id = ?", [item_id]) is None:
        raise ValidationFailed({"item_id": "That item is not hidden"})
    ctx.delete("hidden_items", item_id, key="item_id")
    ctx.summary = f"Showed “{short(item_text(ctx, item_id))}” again"
    ctx.result = {"item_id": item_id}


GRID_MUTATIONS = [
    MutationSpec(
        "journey.action.update",
        "Updated a journey action",
        Schema(ACTION_FIELDS),
        update_action,
        LEADS,
    ),
    MutationSpec(
        "journey.local_action.add",
        "Added a local action",
        Schema(LOCAL_ACTION_FIELDS),
        add_local_action,
        LEADS,
    ),
    MutationSpec(
        "journey.local_question.add",
        "Added a local question",
        Schema(LOCAL_QUESTION_FIELDS),
        add_local_question,
        LEADS,
    ),
    MutationSpec("journey.item.hide", "Hid a journey item", Schema([ITEM_ID]), hide_item, LEADS),
    MutationSpec(
        "journey.item.unhide", "Showed a journey item again", Schema([ITEM_ID]), unhide_item, LEADS
    ),
]
