"""Changes to the two registers: pivot points, and the implementers who drive the work."""

from __future__ import annotations

from typing import Any

from backend.journey.mutations import short
from backend.journey.rules.fields import ContentChoices, theme_ids
from backend.journey.rules.labels import (
    EFFECT_LABELS,
    EFFECT_OPTIONS,
    KIND_OPTIONS,
    SENIORITY_OPTIONS,
)
from backend.mutations import Context, MutationSpec, NotFound
from backend.teams.roles import LEADS
from backend.validation import (
    Boolean,
    Choice,
    Date,
    Decimal,
    Identifier,
    Schema,
    Text,
    ValidationFailed,
)

PIVOT_ID = Identifier("pivot_id", "Pivot point")
IMPLEMENTER_ID = Identifier("implementer_id", "Implementer")
PIVOT_FIELDS = [
    Date("happened_on", "Date it happened", past_only=True),
    Text("what_happened", "What happened", multiline=True, max_length=1000),
    Choice("kind", "Kind of pivot point", options=KIND_OPTIONS),
    Choice("effect", "Effect on the service", options=EFFECT_OPTIONS),
    Text("response", "The team's response", required=False, multiline=True, max_length=2000),
    ContentChoices("themes", "Themes touched", ids=theme_ids),
]
IMPLEMENTER_FIELDS = [
    Text("name", "Name", max_length=100),
    Text("role", "Role", required=False, max_length=100),
    Choice("seniority", "Seniority", options=SENIORITY_OPTIONS),
    Text("skills", "Skills", required=False, max_length=500),
    Text("passion", "What drives them", required=False, multiline=True, max_length=1000),
    Text("support_needed", "Support needed", required=False, multiline=True, max_length=1000),
    Decimal(
        "protected_hours_per_week",
        "Protected time",
        required=False,
        minimum=0,
        maximum=80,
        unit="hours a week",
    ),
    Boolean("top_down_sponsor", "Top-down sponsor"),
    Date("expected_leaving_on", "Expected leaving date", required=False),
    Text("successor_id", "Successor", required=False, max_length=64),
]


def _pivot_values(args: dict[str, Any]) -> dict[str, Any]:
    return {name: args[name] for name in ("happened_on", "what_happened", "kind", "effect")} | {
        "response": args["response"],
        "themes": args["themes"],
    }


def log_pivot(ctx: Context, args: dict[str, Any]) -> None:
    pivot_id = ctx.insert(
        "pivot_points",
        {**_pivot_values(args), "logged_at": ctx.now, "logged_by": ctx.actor.user_id},
    )
    effect = EFFECT_LABELS[args["effect"]].lower()
    ctx.summary = f"Logged a pivot point: “{short(args['what_happened'])}” ({effect})"
    ctx.result = {"id": pivot_id}


def update_pivot(ctx: Context, args: dict[str, Any]) -> None:
    pivot_id = args["pivot_id"]
    if ctx.one("SELECT 1 FROM pivot_points WHERE id = ?", [pivot_id]) is None:
        raise NotFound("That pivot point does not exist")
    ctx.update("pivot_points", pivot_id, _pivot_values(args))
    ctx.summary = f"Changed the pivot point “{short(args['what_happened'])}”"
    ctx.result = {"id": pivot_id}


def _implementer_values(ctx: Context, args: dict[str, Any], self_id: str | None) -> dict[str, Any]:
    successor = args["successor_id"] or None
    if successor is not None:
        if successor == self_id:
            raise ValidationFailed({"successor_id": "Select someone else as the successor"})
        found = ctx.one("SELECT 1 FROM implementers WHERE id = ?", [successor])
        if found is None:
            raise ValidationFailed({"successor_id": "Select a successor from the list"})
    values = {name: args[name] for name in ("name", "role", "seniority", "skills")}
    return values | {
        "passion": args["passion"],
        "support_needed": args["support_needed"],
        "protected_hours_per_week": args["protected_hours_per_week"],
        "top_down_sponsor": 1 if args["top_down_sponsor"] else 0,
        "expected_leaving_on": args["expected_leaving_on"],
        "successor_id": successor,
    }


def add_implementer(ctx: Context, args: dict[str, Any]) -> None:
    values = _implementer_values(ctx, args, None)
    implementer_id = ctx.insert(
        "implementers", {**values, "added_at": ctx.now, "added_by": ctx.actor.user_id}
    )
    ctx.summary = f"Added {args['name']} to the implementers"
    ctx.result = {"id": implementer_id}


def update_implementer(ctx: Context, args: dict[str, Any]) -> None:
    implementer_id = args["implementer_id"]
    if ctx.one("SELECT 1 FROM implementers WHERE id = ?", [implementer_id]) is None:
        raise NotFound("That implementer does not exist")
    ctx.update("implementers", implementer_id, _implementer_values(ctx, args, implementer_id))
    ctx.summary = f"Changed {args['name']}'s details as an implementer"
    ctx.result = {"id": implementer_id}


def remove_implementer(ctx: Context, args: dict[str, Any]) -> None:
    implementer_id = args["implementer_id"]
    row = ctx.one("SELECT name FROM implementers WHERE id = ?", [implementer_id])
    if row is None:
        raise NotFound("That implementer does not exist")
    for other in ctx.all("SELECT id FROM implementers WHERE successor_id = ?", [implementer_id]):
        ctx.update("implementers", other["id"], {"successor_id": None}, merge=False)
    ctx.delete("implementers", implementer_id)
    ctx.summary = f"Removed {row['name']} from the implementers"


REGISTER_MUTATIONS = [
    MutationSpec(
        "journey.pivot.log", "Logged a pivot point", Schema(PIVOT_FIELDS), log_pivot, LEADS
    ),
    MutationSpec(
        "journey.pivot.update",
        "Changed a pivot point",
        Schema([PIVOT_ID, *PIVOT_FIELDS]),
        update_pivot,
        LEADS,
    ),
    MutationSpec(
        "journey.implementer.add",
        "Added an implementer",
        Schema(IMPLEMENTER_FIELDS),
        add_implementer,
        LEADS,
    ),
    MutationSpec(
        "journey.implementer.update",
        "Changed an implementer",
        Schema([IMPLEMENTER_ID, *IMPLEMENTER_FIELDS]),
        update_implementer,
        LEADS,
    ),
    MutationSpec(
        "journey.implementer.remove",
        "Removed an implementer",
        Schema([IMPLEMENTER_ID]),
        remove_implementer,
        LEADS,
    ),
]
