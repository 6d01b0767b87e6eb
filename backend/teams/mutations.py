"""Changes to a team itself: its name, its members and their roles, invitations."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from backend.accounts import queries as accounts
from backend.db.connection import immediate
from backend.mutations import Context, Forbidden, MutationSpec, NotFound
from backend.teams.invite_mail import queue_invitation
from backend.teams.roles import LEADS, ROLE_LABELS, ROLES
from backend.validation import (
    Boolean,
    Choice,
    Email,
    Identifier,
    MultiChoice,
    Schema,
    Text,
    ValidationFailed,
)

ROLE_OPTIONS = [(role, ROLE_LABELS[role]) for role in ROLES]
TEAM_NAME = Text("name", "Team name", max_length=100)
ROLES_FIELD = MultiChoice("roles", "Role", options=ROLE_OPTIONS)
TEACHES = Boolean("teaches", "You teach", when_absent=True)
"""Whether the team's creator teaches (a practitioner): a lead who does not is not shown
as a teacher. Absent (an older client, `mbp create-team` before the option): yes."""
TEACHES_ANSWER = Choice(
    "teaches", "Whether you teach", required=False, options=[("yes", "Yes"), ("no", "No")]
)
"""The Create a team form's question; its answer is posted to team.create as `teaches`."""
INVITE_TOKEN = Text("token", "Invitation", required=False, max_length=100)
"""The link's token, to email it (used, never stored); an outbox invitation has none."""
TOKEN_HASH = Text("token_hash", "Invitation", max_length=64, pattern=r"[0-9a-f]{64}")
DEFAULT_INVITE_DAYS = 7


def role_names(roles: Any) -> str:
    return ", ".join(ROLE_LABELS[r].lower() for r in roles)


def _accounts(ctx: Context) -> Any:
    return ctx.services.accounts


def _active_member(ctx: Context, user_id: str) -> Any:
    return ctx.one("SELECT * FROM members WHERE user_id = ? AND left_at IS NULL", [user_id])


def _admins(ctx: Context) -> int:
    rows = ctx.all("SELECT roles FROM members WHERE left_at IS NULL")
    return sum(1 for r in rows if "admin" in r["roles"].split())


def _team_id(ctx: Context) -> str:
    return str(ctx.one("SELECT id FROM team")["id"])  # type: ignore[index]


def _on_accounts(ctx: Context, work: Callable[[sqlite3.Connection], None]) -> None:
    """Update the accounts index just before this change commits (see Context)."""
    store = _accounts(ctx)

    def run(conn: sqlite3.Connection) -> None:
        with immediate(conn):
            work(conn)

    ctx.before_commit.append(lambda: store.write_sync(run))


def _index_member(ctx: Context, user_id: str, roles: frozenset[str] | None) -> None:
    team_id = _team_id(ctx)
    _on_accounts(ctx, lambda c: accounts.index_membership(c, user_id, team_id, roles))


def create_team(ctx: Context, args: dict[str, Any]) -> None:
    """The first change in a new team file: name it and make its creator admin and lead,
    and a practitioner only when they teach."""
    if ctx.one("SELECT 1 FROM members LIMIT 1") is not None:
        raise ValidationFailed({"name": "This team has already been set up"})
    team_id = _team_id(ctx)
    ctx.update("team", team_id, {"name": args["name"]}, merge=False)
    actor = ctx.actor
    user = _accounts(ctx).write_sync(lambda c: accounts.user_by_id(c, actor.user_id))
    if user is None:
        raise NotFound("That person does not have an account")
    _on_accounts(ctx, lambda c: _register(c, team_id, args["name"], user.id))
    roles = {"admin", "lead"} | ({"practitioner"} if args["teaches"] else set())
    _join(ctx, user.id, user.name, user.email, frozenset(roles))
    ctx.summary = f"Created the team {args['name']}"


def _register(conn: Any, team_id: str, name: str, user_id: str) -> None:
    if conn.execute("SELECT 1 FROM teams WHERE id = ?", [team_id]).fetchone() is None:
        accounts.register_team(conn, team_id, name, user_id)


def _join(ctx: Context, user_id: str, name: str, email: str, roles: frozenset[str]) -> None:
    values = {
        "name": name,
        "email": email,
        "roles": " ".join(sorted(roles)),
        "joined_at": ctx.now,
        "left_at": None,
    }
    if ctx.one("SELECT 1 FROM members WHERE user_id = ?", [user_id]) is None:
        ctx.insert("members", {"user_id": user_id, **values}, key="user_id")
    else:
        ctx.update("members", user_id, values, key="user_id", merge=False)
    _index_member(ctx, user_id, roles)


def rename_team(ctx: Context, args: dict[str, Any]) -> None:
    if ctx.update("team", _team_id(ctx), {"name": args["name"]}):
        index_team_name(ctx, args["name"])
        ctx.summary = f"Renamed the team to {args['name']}"
    else:
        ctx.summary = f"Tried to rename the team to {args['name']}; someone else's name was kept"


def index_team_name(ctx: Context, name: str) -> None:
    """Show the team's new name in everyone's list of teams (accounts.db)."""
    team_id = _team_id(ctx)
    _on_accounts(ctx, lambda c: accounts.rename_team(c, team_id, name))


def _check_grant(ctx: Context, roles: set[str] | frozenset[str]) -> None:
    if "admin" in roles and "admin" not in ctx.actor.roles:
        raise ValidationFailed({"roles": "Only a team admin can make someone a team admin"})


def invite(ctx: Context, args: dict[str, Any]) -> None:
    email = args["email"]
    _check_grant(ctx, set(args["roles"]))
    existing = ctx.one(
        "SELECT name FROM members WHERE email = ? COLLATE NOCASE AND left_at IS NULL", [email]
    )
    if existing is not None:
        raise ValidationFailed({"email": f"{email} is already a member of this team"})
    for old in ctx.all(
        "SELECT id FROM invites WHERE email = ? COLLATE NOCASE AND status = 'pending'", [email]
    ):
        ctx.update("invites", old["id"], {"status": "revoked"}, merge=False)
    days = getattr(ctx.services.settings, "invite_days", DEFAULT_INVITE_DAYS)
    expires = (datetime.fromisoformat(ctx.now) + timedelta(days=days)).isoformat()
    invite_id = ctx.insert(
        "invites",
        {
            "email": email,
            "roles": " ".join(args["roles"]),
            "token_hash": args["token_hash"],
            "invited_by": ctx.actor.user_id,
            "created_at": ctx.now,
            "expires_at": expires,
            "status": "pending",
        },
    )
    team_id = _team_id(ctx)
    token = args.get("token") or ""
    mail = token and accounts.token_hash(token) == args["token_hash"]
    team_name = str(ctx.one("SELECT name FROM team")["name"])  # type: ignore[index]
    base = getattr(ctx.services.settings, "base_url", "")

    def index_and_mail(c: sqlite3.Connection) -> None:
        accounts.index_invite(c, args["token_hash"], team_id, invite_id, expires)
        if mail:  # only a form that knows the token: the email's link is ours
            queue_invitation(
                c,
                to=email,
                team_name=team_name,
                inviter=ctx.actor.name,
                roles=role_names(args["roles"]).lower(),
                link=f"{base}/invites/{token}",
                expires_at=expires,
            )

    _on_accounts(ctx, index_and_mail)
    ctx.result = {"invite_id": invite_id, "expires_at": expires}
    ctx.summary = f"Invited {email} as {role_names(args['roles'])}"


def revoke_invite(ctx: Context, args: dict[str, Any]) -> None:
    row = ctx.one("SELECT email, status FROM invites WHERE id = ?", [args["invite_id"]])
    if row is None:
        raise NotFound("That invitation does not exist")
    if row["status"] != "pending":
        raise ValidationFailed({"invite_id": "That invitation has already been used or cancelled"})
    ctx.update("invites", args["invite_id"], {"status": "revoked"}, merge=False)
    ctx.summary = f"Cancelled the invitation to {row['email']}"


def join(ctx: Context, args: dict[str, Any]) -> None:
    """Accept an invitation: the raw token proves the person holds the link."""
    row = ctx.one("SELECT * FROM invites WHERE id = ?", [args["invite_id"]])
    if row is None or row["token_hash"] != accounts.token_hash(args["token"]):
        raise NotFound("This invitation link is not valid")
    if row["status"] != "pending":
        raise ValidationFailed({"": "This invitation has already been used or cancelled"})
    if datetime.fromisoformat(row["expires_at"]) < datetime.now(UTC):
        raise ValidationFailed({"": "This invitation has expired. Ask for a new one"})
    if _active_member(ctx, ctx.actor.user_id) is not None:
        raise ValidationFailed({"": "You are already a member of this team"})
    user = _accounts(ctx).write_sync(lambda c: accounts.user_by_id(c, ctx.actor.user_id))
    if user is None:
        raise NotFound("That person does not have an account")
    roles = frozenset(row["roles"].split())
    _join(ctx, user.id, user.name, user.email, roles)
    ctx.update(
        "invites",
        row["id"],
        {"status": "accepted", "accepted_by": user.id, "accepted_at": ctx.now},
        merge=False,
    )
    ctx.summary = f"{user.name} joined the team as {role_names(sorted(roles))}"


def set_roles(ctx: Context, args: dict[str, Any]) -> None:
    member = _active_member(ctx, args["user_id"])
    if member is None:
        raise NotFound("That person is not a member of this team")
    before = frozenset(member["roles"].split())
    after = frozenset(args["roles"])
    _check_grant(ctx, before ^ after)
    if "admin" in before and "admin" not in after and _admins(ctx) <= 1:
        raise ValidationFailed({"roles": "A team needs at least one team admin"})
    ctx.update(
        "members", args["user_id"], {"roles": " ".join(sorted(after))}, key="user_id", merge=False
    )
    _index_member(ctx, args["user_id"], after)
    ctx.summary = f"Changed {member['name']}'s roles to {role_names(sorted(after))}"


def remove_member(ctx: Context, args: dict[str, Any]) -> None:
    member = _active_member(ctx, args["user_id"])
    if member is None:
        raise NotFound("That person is not a member of this team")
    leaving_self = args["user_id"] == ctx.actor.user_id
    if not leaving_self and not (ctx.actor.roles & LEADS):
        raise Forbidden()
    roles = member["roles"].split()
    if "admin" in roles and not leaving_self and "admin" not in ctx.actor.roles:
        raise Forbidden("Only a team admin can remove a team admin")
    if "admin" in roles and _admins(ctx) <= 1:
        raise ValidationFailed(
            {"": "A team needs at least one team admin. Make someone else an admin first"}
        )
    ctx.update("members", args["user_id"], {"left_at": ctx.now}, key="user_id", merge=False)
    _index_member(ctx, args["user_id"], None)
    ctx.summary = f"{member['name']} left the team" if leaving_self else f"Removed {member['name']}"


def rename_member(ctx: Context, args: dict[str, Any]) -> None:
    """A person changed their name on their profile: the team shows the new one."""
    if _active_member(ctx, ctx.actor.user_id) is None:
        raise NotFound("You are not a member of this team")
    ctx.update("members", ctx.actor.user_id, {"name": args["name"]}, key="user_id", merge=False)
    ctx.summary = f"Changed their name to {args['name']}"


MUTATIONS = [
    MutationSpec(
        "team.create",
        "Created the team",
        Schema([TEAM_NAME, TEACHES]),
        create_team,
        frozenset({"admin"}),
    ),
    MutationSpec("team.rename", "Renamed the team", Schema([TEAM_NAME]), rename_team, LEADS),
    MutationSpec(
        "member.invite",
        "Invited someone",
        Schema([Email("email"), ROLES_FIELD, TOKEN_HASH, INVITE_TOKEN]),
        invite,
        LEADS,
    ),
    MutationSpec(
        "invite.revoke",
        "Cancelled an invitation",
        Schema([Identifier("invite_id", "Invitation")]),
        revoke_invite,
        LEADS,
    ),
    MutationSpec(
        "member.join",
        "Joined the team",
        Schema(
            [Identifier("invite_id", "Invitation"), Text("token", "Invitation", max_length=100)]
        ),
        join,
    ),
    MutationSpec(
        "member.roles",
        "Changed someone's roles",
        Schema([Identifier("user_id", "Member"), ROLES_FIELD]),
        set_roles,
        LEADS,
    ),
    MutationSpec(
        "member.name",
        "Changed their name",
        Schema([Text("name", "Full name", max_length=100)]),
        rename_member,
    ),
    MutationSpec(
        "member.remove",
        "Removed someone from the team",
        Schema([Identifier("user_id", "Member")]),
        remove_member,
    ),
]
