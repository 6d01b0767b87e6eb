"""Changes to a network: created, teams invited, accepting, leaving, sharing, resources.

Each runs on the network's own file through apply_mutation, like a team's changes. Who
may act for a team is read from that team's own file (its leads), never taken from
the arguments, so a change pushed from a phone is checked exactly as a posted form.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from backend.dates import uk_today
from backend.db.connection import immediate
from backend.db.stores import UnknownTeam
from backend.mutations import Context, Forbidden, MutationSpec, NotFound
from backend.networks import files, tags
from backend.networks.access import NETWORK_LEAD
from backend.networks.overview import parse_adherence, parse_snapshot
from backend.teams.roles import LEADS
from backend.validation import Boolean, Choice, Schema, Text, ValidationFailed

NETWORK_NAME = Text("name", "Network name", max_length=100)
TEAM_CODE = Text(
    "team_id",
    "Team code",
    max_length=12,
    pattern=r"[a-z0-9]{12}",
    pattern_message="Enter the team code as its lead gave it, 12 letters and numbers",
)
ONLY_NETWORK_LEADS = frozenset({NETWORK_LEAD})


def _network_id(ctx: Context) -> str:
    return str(ctx.one("SELECT id FROM team")["id"])  # type: ignore[index]


def _on_accounts(ctx: Context, work: Callable[[sqlite3.Connection], None]) -> None:
    store = ctx.services.accounts

    def run(conn: sqlite3.Connection) -> None:
        with immediate(conn):
            work(conn)

    ctx.before_commit.append(lambda: store.write_sync(run))


def _link(ctx: Context, team_id: str, status: str) -> None:
    network_id = _network_id(ctx)

    def index(c: sqlite3.Connection) -> None:
        c.execute(
            "INSERT INTO network_links (network_id, team_id, status) VALUES (?, ?, ?)"
            " ON CONFLICT (network_id, team_id) DO UPDATE SET status = excluded.status",
            [network_id, team_id, status],
        )

    _on_accounts(ctx, index)


def team_name_and_roles(ctx: Context, team_id: str) -> tuple[str, frozenset[str]] | None:
    """The team's name and the actor's roles in it (empty if not a member); None if no team."""
    try:
        store = ctx.services.teams.get(team_id)
    except UnknownTeam:
        return None
    user_id = ctx.actor.user_id

    def read(conn: sqlite3.Connection) -> tuple[str, frozenset[str]]:
        # On the team's own writer (this runs on a worker thread; the reader is the loop's).
        name = conn.execute("SELECT name FROM team").fetchone()["name"]
        row = conn.execute(
            "SELECT roles FROM members WHERE user_id = ? AND left_at IS NULL", [user_id]
        ).fetchone()
        return str(name), frozenset(row["roles"].split()) if row else frozenset()

    found: tuple[str, frozenset[str]] = store.write_sync(read)
    return found


def _require_team_lead(ctx: Context, team_id: str) -> str:
    found = team_name_and_roles(ctx, team_id)
    if found is None or not (found[1] & LEADS):
        raise Forbidden("Only a lead of that team can do this for it")
    return found[0]


def _team_row(ctx: Context, team_id: str) -> sqlite3.Row:
    row = ctx.one("SELECT * FROM network_teams WHERE team_id = ?", [team_id])
    if row is None:
        raise NotFound("That team has not been invited to this network")
    return row


def create_network(ctx: Context, args: dict[str, Any]) -> None:
    """The first change in a new network file: name it; its creator is its lead."""
    if ctx.one("SELECT 1 FROM members LIMIT 1") is not None:
        raise ValidationFailed({"name": "This network has already been set up"})
    network_id = _network_id(ctx)
    ctx.update("team", network_id, {"name": args["name"]}, merge=False)
    actor = ctx.actor
    user = ctx.services.accounts.write_sync(
        lambda c: c.execute("SELECT email FROM users WHERE id = ?", [actor.user_id]).fetchone()
    )
    if user is None:
        raise NotFound("That person does not have an account")
    values = {"name": actor.name, "email": user["email"], "roles": NETWORK_LEAD}
    ctx.insert("members", {"user_id": actor.user_id, **values, "joined_at": ctx.now}, key="user_id")
    name = args["name"]

    def index(c: sqlite3.Connection) -> None:
        c.execute(
            "INSERT INTO networks (id, name, created_by, created_at) VALUES (?, ?, ?, ?)",
            [network_id, name, actor.user_id, ctx.now],
        )
        c.execute(
            "INSERT INTO network_leads (network_id, user_id) VALUES (?, ?)",
            [network_id, actor.user_id],
        )

    _on_accounts(ctx, index)
    ctx.summary = f"Created the network {name}"


def invite_team(ctx: Context, args: dict[str, Any]) -> None:
    team_id = args["team_id"]
    found = team_name_and_roles(ctx, team_id)
    if found is None:
        raise ValidationFailed(
            {"team_id": "There is no team with that code. Check it with its lead"}
        )
    existing = ctx.one("SELECT status FROM network_teams WHERE team_id = ?", [team_id])
    if existing is not None and existing["status"] in {"invited", "member"}:
        raise ValidationFailed({"team_id": "That team is already in or invited to this network"})
    values = {
        "name": found[0],
        "status": "invited",
        "invited_by": ctx.actor.user_id,
        "invited_at": ctx.now,
        "left_at": None,
    }
    if existing is None:
        ctx.insert("network_teams", {"team_id": team_id, **values}, key="team_id")
    else:
        ctx.update("network_teams", team_id, values, key="team_id", merge=False)
    _link(ctx, team_id, "invited")
    ctx.summary = f"Invited {found[0]} to the network"


def accept(ctx: Context, args: dict[str, Any]) -> None:
    team_id = args["team_id"]
    name = _require_team_lead(ctx, team_id)
    if _team_row(ctx, team_id)["status"] != "invited":
        raise ValidationFailed({"team_id": "There is no invitation waiting for that team"})
    values = {"status": "member", "name": name, "joined_at": ctx.now}
    ctx.update("network_teams", team_id, values, key="team_id", merge=False)
    _link(ctx, team_id, "member")
    ctx.summary = f"{name} joined the network"


def decline(ctx: Context, args: dict[str, Any]) -> None:
    team_id = args["team_id"]
    name = _require_team_lead(ctx, team_id)
    if _team_row(ctx, team_id)["status"] != "invited":
        raise ValidationFailed({"team_id": "There is no invitation waiting for that team"})
    ctx.update("network_teams", team_id, {"status": "declined"}, key="team_id", merge=False)
    _link(ctx, team_id, "declined")
    ctx.summary = f"{name} declined the invitation"


def leave(ctx: Context, args: dict[str, Any]) -> None:
    """A team's lead takes it out of the network, or a network lead removes it."""
    team_id = args["team_id"]
    row = _team_row(ctx, team_id)
    if NETWORK_LEAD not in ctx.actor.roles:
        _require_team_lead(ctx, team_id)
    if row["status"] not in {"member", "invited"}:
        raise ValidationFailed({"team_id": "That team is not in this network"})
    values = {
        "status": "left",
        "left_at": ctx.now,
        "share_snapshot": 0,
        "named": 0,
        "snapshot": None,
        "share_adherence": 0,
        "adherence": None,
    }
    ctx.update("network_teams", team_id, values, key="team_id", merge=False)
    _forget_history(ctx, team_id)
    _link(ctx, team_id, "left")
    ctx.summary = f"{row['name']} left the network"


def _member_team(ctx: Context, team_id: str) -> str:
    name = _require_team_lead(ctx, team_id)
    if _team_row(ctx, team_id)["status"] != "member":
        raise Forbidden("That team is not in this network")
    return name


def _forget_history(ctx: Context, team_id: str) -> None:
    """A team that stops sharing where it stands takes its dated snapshots with it."""
    for row in ctx.all("SELECT id FROM snapshot_history WHERE team_id = ?", [team_id]):
        ctx.delete("snapshot_history", row["id"])


def _keep_history(ctx: Context, team_id: str, snapshot: str) -> None:
    """Today's snapshot in the team's history: one a day at most (the last one wins)."""
    day = uk_today().isoformat()
    entry = f"{team_id}:{day}"
    if ctx.one("SELECT 1 FROM snapshot_history WHERE id = ?", [entry]) is None:
        values = {"id": entry, "team_id": team_id, "day": day, "snapshot": snapshot}
        ctx.insert("snapshot_history", values)
    else:
        ctx.update("snapshot_history", entry, {"snapshot": snapshot}, merge=False)


def sharing(ctx: Context, args: dict[str, Any]) -> None:
    team_id = args["team_id"]
    name = _member_team(ctx, team_id)
    share = bool(args["share_snapshot"])
    known = tags.tags_of(ctx.services)
    parsed = parse_snapshot(
        args["snapshot"],
        {c for c, _ in known.characteristics()},
        {s for s, _ in known.stages()},
    )
    snapshot = json.dumps(parsed, sort_keys=True)
    values: dict[str, Any] = {
        "share_snapshot": int(share),
        "named": int(share and args["named"]),
        "snapshot": snapshot if share else None,
        "snapshot_at": ctx.now if share else None,
    }
    if args["share_adherence"]:  # absent (an older client): the choice stays as it was
        chosen = args["share_adherence"] == "yes"
        counts = parse_adherence(args["adherence"]) if chosen else {}
        shared = {k: {"title": t, "met": n} for k, (t, n) in sorted(counts.items())}
        values |= {
            "share_adherence": int(chosen),
            "adherence": json.dumps(shared) if chosen else None,
            "adherence_at": ctx.now if chosen else None,
        }
    ctx.update("network_teams", team_id, values, key="team_id", merge=False)
    if share:
        _keep_history(ctx, team_id, snapshot)
    else:
        _forget_history(ctx, team_id)
    ctx.summary = f"{name} {'shares' if share else 'stopped sharing'} where it stands"


RESOURCE_FIELDS = [
    Text("team_id", "Team", max_length=12, pattern=r"[a-z0-9]{12}"),
    Text("title", "Title", max_length=150),
    Text("summary", "Summary", max_length=1000, multiline=True),
    Text(
        "url",
        "Link",
        required=False,
        max_length=500,
        pattern=r"https://\S+",
        pattern_message="Enter a link that starts with https://",
    ),
    Text("file_sha", "File", required=False, max_length=64, pattern=r"[0-9a-f]{64}"),
    Text("file_name", "File name", required=False, max_length=200),
    tags.tag_field("characteristic", "Characteristic"),
    tags.tag_field("stage", "Stage"),
    tags.tag_field("theme", "Theme"),
    Choice("kind", "Kind of resource", options=tags.KINDS),
]
"""The tags are checked against the framework's words by the handler (tags.refuse_unknown)."""


def _link_or_file(clean: dict[str, Any]) -> dict[str, str]:
    if not clean.get("url") and not clean.get("file_sha"):
        return {"url": "Enter a link or choose a file"}
    return {}


def publish(ctx: Context, args: dict[str, Any]) -> None:
    tags.refuse_unknown(ctx.services, args, ("characteristic", "stage", "theme"))
    team_id = args["team_id"]
    _member_team(ctx, team_id)
    kind, size = "", 0
    if args["file_sha"]:
        found = files.stored(ctx.services, _network_id(ctx), args["file_sha"])
        if found is None:
            raise ValidationFailed({"file": "The file was not received. Choose it again"})
        kind, size = found
    resource_id = ctx.new_id()
    ctx.insert(
        "resources",
        {
            "id": resource_id,
            "team_id": team_id,
            "title": args["title"],
            "summary": args["summary"],
            "url": args["url"] or "",
            "file_sha": args["file_sha"] or "",
            "file_name": args["file_name"] if args["file_sha"] else "",
            "file_type": kind,
            "file_size": size,
            "characteristic": args["characteristic"] or "",
            "stage": args["stage"] or "",
            "theme": args["theme"] or "",
            "kind": args["kind"],
            "published_by": ctx.actor.user_id,
            "published_at": ctx.now,
        },
    )
    ctx.result["id"] = resource_id
    ctx.summary = f"Published {args['title']}"


def remove_resource(ctx: Context, args: dict[str, Any]) -> None:
    row = ctx.one(
        "SELECT team_id, title FROM resources WHERE id = ? AND removed_at IS NULL",
        [args["resource_id"]],
    )
    if row is None:
        raise NotFound()
    if NETWORK_LEAD not in ctx.actor.roles:
        _require_team_lead(ctx, row["team_id"])
    ctx.update("resources", args["resource_id"], {"removed_at": ctx.now}, merge=False)
    ctx.summary = f"Removed {row['title']}"


TEAM_ONLY = Schema([TEAM_CODE])
MUTATIONS = [
    MutationSpec("network.create", "Create the network", Schema([NETWORK_NAME]), create_network),
    MutationSpec("network.invite", "Invite a team", TEAM_ONLY, invite_team, ONLY_NETWORK_LEADS),
    MutationSpec("network.accept", "Accept for a team", TEAM_ONLY, accept),
    MutationSpec("network.decline", "Decline for a team", TEAM_ONLY, decline),
    MutationSpec("network.leave", "Leave the network", TEAM_ONLY, leave),
    MutationSpec(
        "network.sharing",
        "Choose what a team shares",
        Schema(
            [
                TEAM_CODE,
                Boolean("share_snapshot", "Share where you stand"),
                Boolean("named", "Name your service"),
                Text("snapshot", "Snapshot", required=False, max_length=4000),
                Choice(
                    "share_adherence",
                    "Share good-practice counts",
                    required=False,
                    options=[("yes", "Yes"), ("no", "No")],
                ),
                Text("adherence", "Good-practice counts", required=False, max_length=20000),
            ]
        ),
        sharing,
    ),
    MutationSpec(
        "resource.publish",
        "Publish a resource",
        Schema(RESOURCE_FIELDS, checks=[_link_or_file]),
        publish,
    ),
    MutationSpec(
        "resource.remove",
        "Remove a resource",
        Schema([Text("resource_id", "Resource", max_length=36)]),
        remove_resource,
    ),
]
