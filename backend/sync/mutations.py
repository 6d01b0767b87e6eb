"""Mutations of the sync machinery itself: a cancelled offline change, resolving a clash."""

from __future__ import annotations

import json
from typing import Any

from backend.mutations import Context, MutationSpec, NotFound
from backend.teams.public import index_team_name
from backend.validation import Choice, Identifier, Schema, ValidationFailed


def skip(ctx: Context, _args: dict[str, Any]) -> None:
    """Keeps a cancelled offline change's place in the device's sequence; changes nothing."""
    ctx.summary = "Cancelled a change made offline"


def resolve_conflict(ctx: Context, args: dict[str, Any]) -> None:
    """Settle a clash by keeping one of the two versions, both of which passed validation."""
    row = ctx.one("SELECT * FROM conflicts WHERE id = ?", [args["conflict_id"]])
    if row is None or row["user_id"] != ctx.actor.user_id:
        raise NotFound("That clash does not exist")
    if row["status"] != "open":
        raise ValidationFailed({"choice": "This clash has already been resolved"})
    seen = ctx.mutation.base_version
    if args["choice"] == "mine" and seen is not None and _changed_since(ctx, row, seen):
        raise ValidationFailed(
            {"choice": "This has been changed again since you opened the page. Look at it again"}
        )
    chosen = json.loads(row["client_value"])
    if args["choice"] == "mine":
        # Keep the record as private in sync as its own changes were (a teacher's records).
        last = ctx.one(
            "SELECT visible_to FROM changes WHERE entity = ? AND entity_id = ?"
            " ORDER BY id DESC LIMIT 1",
            [row["entity"], row["entity_id"]],
        )
        ctx.update(
            row["entity"],
            row["entity_id"],
            {row["field"]: chosen},
            key=row["entity_key"],
            merge=False,
            private_to=last["visible_to"] if last else None,
        )
        if (row["entity"], row["field"]) == ("team", "name"):
            index_team_name(ctx, chosen)
    ctx.conn.execute(
        "UPDATE conflicts SET status = 'resolved', resolution = ?, resolved_by = ?,"
        " resolved_at = ? WHERE id = ?",
        [args["choice"], ctx.actor.user_id, ctx.now, row["id"]],
    )
    ctx.summary = "Resolved a clash between two versions of a change"


def _changed_since(ctx: Context, row: Any, version: int) -> bool:
    """Whether the clashed field was written after the page showing it was made."""
    later = ctx.all(
        "SELECT data FROM changes WHERE entity = ? AND entity_id = ? AND version > ?",
        [row["entity"], row["entity_id"], version],
    )
    return any(row["field"] in json.loads(r["data"]) for r in later)


MUTATIONS = [
    MutationSpec("sync.skip", "Cancelled a change made offline", Schema([]), skip),
    MutationSpec(
        "conflict.resolve",
        "Resolved a clash",
        Schema(
            [
                Identifier("conflict_id", "Clash"),
                Choice(
                    "choice",
                    "Version to keep",
                    options=[("mine", "My version"), ("theirs", "The version already saved")],
                ),
            ]
        ),
        resolve_conflict,
    ),
]
