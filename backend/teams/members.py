"""Team members, their roles, and invitations by single-use link."""

from __future__ import annotations

import sqlite3
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from backend.accounts import queries as accounts
from backend.accounts.passwords import PASSWORD, hash_password
from backend.accounts.routes import set_session_cookie
from backend.db.stores import UnknownTeam
from backend.mutations import Actor
from backend.teams import queries
from backend.teams.mutations import ROLE_OPTIONS
from backend.teams.roles import LEAD, LEADS
from backend.teams.service import create_user
from backend.validation import Schema, Text, ValidationFailed
from backend.web.auth import (
    TeamAccess,
    current_user,
    device_of,
    run_sync,
    services_of,
    team_of,
    user_of,
)
from backend.web.forms import FormState, read_form
from backend.web.mutate import submit
from backend.web.render import ID_MARK, cached_forms, page, redirect

PUBLIC = {"access": "public"}
BLANK_INVITE = {"roles": ["practitioner"]}
NEW_ACCOUNT = Schema([Text("name", "Full name", max_length=100), PASSWORD])


def _members_page(
    request: Request[Any, Any, Any], form: FormState, status: int = 200, **extra: Any
) -> Response[Any]:
    team = team_of(request)
    conn = team.store.reader
    role_options = _grantable(team)
    invite_form = None
    if team.has(*LEADS) and form.values == BLANK_INVITE and not form.errors:
        invite_form = cached_forms(
            request,
            ("invite-form", team.id, tuple(role_options)),
            "teams/_invite_form.html",
            {
                "team": team,
                "form": FormState(values={"roles": ["practitioner"]}, mutation_id=ID_MARK),
                "role_options": role_options,
            },
        )
    return page(
        request,
        "teams/members.html",
        status=status,
        form=form,
        members=queries.members(conn),
        invites=queries.pending_invites(conn) if team.has(*LEADS) else [],
        role_options=role_options,
        invite_form=invite_form,
        **extra,
    )


def _grantable(team: TeamAccess) -> list[tuple[str, str]]:
    return [(k, v) for k, v in ROLE_OPTIONS if k != "admin" or "admin" in team.roles]


@get("/members")
async def members(request: Request[Any, Any, Any]) -> Response[Any]:
    return _members_page(request, FormState(values={"roles": ["practitioner"]}))


@post("/members/invite", opt=LEAD)
async def invite(request: Request[Any, Any, Any], team_id: FromPath[str]) -> Response[Any]:
    team = team_of(request)
    data = await read_form(request)
    token = accounts.new_token()
    extra = {"token_hash": accounts.token_hash(token), "token": token}
    outcome = await submit(request, team, "member.invite", data, extra=extra)
    if not outcome.ok:
        form = FormState(values=data, errors=dict(outcome.errors))
        return _members_page(request, form, status=422)
    if outcome.status == "duplicate":
        return redirect(
            f"/teams/{team_id}/members",
            flash="That invitation was already sent. Cancel it and invite again for a new link",
        )
    link = f"{services_of(request).settings.base_url}/invites/{token}"
    return page(
        request,
        "teams/invite_sent.html",
        email=data.get("email", ""),
        link=link,
        expires_at=outcome.result.get("expires_at", ""),
    )


@post("/invites/{invite_id:str}/resend", opt=LEAD)
async def resend(
    request: Request[Any, Any, Any], team_id: FromPath[str], invite_id: FromPath[str]
) -> Response[Any]:
    """A new link by email (the old one stops working): the same email and roles."""
    team = team_of(request)
    found = queries.invite(team.store.reader, invite_id)
    if found is None or found.status != "pending":
        raise NotFoundException()
    data = {**(await read_form(request)), "email": found.email, "roles": list(found.roles)}
    token = accounts.new_token()
    extra = {"token_hash": accounts.token_hash(token), "token": token}
    outcome = await submit(request, team, "member.invite", data, extra=extra)
    if not outcome.ok:
        return redirect(f"/teams/{team_id}/members", flash=next(iter(outcome.errors.values())))
    return redirect(
        f"/teams/{team_id}/members", flash=f"A new invitation has been emailed to {found.email}"
    )


@post("/invites/{invite_id:str}/revoke", opt=LEAD)
async def revoke(
    request: Request[Any, Any, Any], team_id: FromPath[str], invite_id: FromPath[str]
) -> Response[Any]:
    team = team_of(request)
    data = await read_form(request)
    outcome = await submit(request, team, "invite.revoke", {**data, "invite_id": invite_id})
    if not outcome.ok:
        raise NotFoundException()
    return redirect(f"/teams/{team_id}/members", flash="The invitation has been cancelled")


def _member_or_404(team: TeamAccess, user_id: FromPath[str]) -> queries.Member:
    found = queries.member(team.store.reader, user_id)
    if found is None:
        raise NotFoundException()
    return found


@get("/members/{user_id:str}")
async def member(request: Request[Any, Any, Any], user_id: FromPath[str]) -> Response[Any]:
    team = team_of(request)
    person = _member_or_404(team, user_id)
    return _member_page(request, team, person, FormState(values={"roles": list(person.roles)}))


def _member_page(
    request: Request[Any, Any, Any],
    team: TeamAccess,
    person: queries.Member,
    form: FormState,
    status: int = 200,
) -> Response[Any]:
    return page(
        request,
        "teams/member.html",
        status=status,
        person=person,
        form=form,
        role_options=_grantable(team),
    )


@post("/members/{user_id:str}/roles", opt=LEAD)
async def change_roles(
    request: Request[Any, Any, Any], team_id: FromPath[str], user_id: FromPath[str]
) -> Response[Any]:
    team = team_of(request)
    person = _member_or_404(team, user_id)
    data = await read_form(request)
    outcome = await submit(request, team, "member.roles", {**data, "user_id": user_id})
    if not outcome.ok:
        form = FormState(values=data, errors=dict(outcome.errors))
        return _member_page(request, team, person, form, status=422)
    return redirect(
        f"/teams/{team_id}/members/{user_id}", flash=f"{person.name}'s roles have been changed"
    )


@post("/members/{user_id:str}/remove")
async def remove(
    request: Request[Any, Any, Any], team_id: FromPath[str], user_id: FromPath[str]
) -> Response[Any]:
    team = team_of(request)
    person = _member_or_404(team, user_id)
    leaving = user_id == user_of(request).id
    if not leaving and not team.has(*LEADS):
        raise NotFoundException()
    data = await read_form(request)
    outcome = await submit(request, team, "member.remove", {**data, "user_id": user_id})
    if not outcome.ok:
        form = FormState(values={"roles": list(person.roles)}, errors=dict(outcome.errors))
        return _member_page(request, team, person, form, status=422)
    if leaving:
        return redirect("/teams", flash=f"You have left {team.name}")
    return redirect(
        f"/teams/{team_id}/members", flash=f"{person.name} has been removed from the team"
    )


def _invitation(
    request: Request[Any, Any, Any], token: FromPath[str]
) -> tuple[TeamAccess, queries.Invite]:
    """The team and invitation a link names, or 404 (unknown, used, cancelled or expired)."""
    services = services_of(request)
    found = accounts.invite_by_token(services.accounts.reader, token) if len(token) < 100 else None
    if found is None:
        raise NotFoundException()
    team_id, invite_id = found
    try:
        store = services.teams.get(team_id)
    except UnknownTeam:
        raise NotFoundException() from None
    invitation = queries.invite(store.reader, invite_id)
    name = store.reader.execute("SELECT name FROM team").fetchone()["name"]
    if invitation is None:
        raise NotFoundException()
    return TeamAccess(team_id, name, frozenset(), store), invitation


@get("/invites/{token:str}", opt=PUBLIC)
async def accept_page(request: Request[Any, Any, Any], token: FromPath[str]) -> Response[Any]:
    team, invitation = _invitation(request, token)
    return _accept(request, team, invitation, token, FormState())


def _accept(
    request: Request[Any, Any, Any],
    team: TeamAccess,
    invitation: queries.Invite,
    token: FromPath[str],
    form: FormState,
    status: int = 200,
) -> Response[Any]:
    user = current_user(request)
    has_account = accounts.user_by_email(services_of(request).accounts.reader, invitation.email)
    usable = invitation.status == "pending" and not invitation.expired
    return page(
        request,
        "teams/accept.html",
        status=status if usable else 410,
        form=form,
        invited_team=team,
        invitation=invitation,
        token=token,
        usable=usable,
        has_account=has_account is not None,
        signed_in_as=user,
    )


@post("/invites/{token:str}", opt=PUBLIC)
async def accept(request: Request[Any, Any, Any], token: FromPath[str]) -> Response[Any]:
    team, invitation = _invitation(request, token)
    services = services_of(request)
    data = await read_form(request)
    if invitation.status != "pending" or invitation.expired:
        return _accept(request, team, invitation, token, FormState())  # 410, nothing made
    user = current_user(request)
    new_session = None
    if user is None:
        if accounts.user_by_email(services.accounts.reader, invitation.email) is not None:
            return redirect(f"/sign-in?next=/invites/{token}")
        try:
            clean = NEW_ACCOUNT.validate(data)
        except ValidationFailed as failed:
            form = FormState(
                values={"name": data.get("name", "")}, errors=failed.errors, schema=NEW_ACCOUNT
            )
            return _accept(request, team, invitation, token, form, status=422)
        password_hash = await run_sync(hash_password, clean["password"])
        try:
            user = await run_sync(
                create_user, services, invitation.email, clean["name"], password_hash
            )
        except sqlite3.IntegrityError:  # the same link sent twice at once: the other won
            return redirect(f"/sign-in?next=/invites/{token}")
        new_session = user
    actor = Actor(user.id, user.name, frozenset(), device_of(request))
    outcome = await submit(
        request,
        team,
        "member.join",
        {**data, "invite_id": invitation.id, "token": token},
        actor=actor,
    )
    if not outcome.ok:
        if new_session is not None:  # the account was made for this invitation only
            await services.accounts.write(lambda c: accounts.delete_user(c, new_session.id))
        form = FormState(errors={"": next(iter(outcome.errors.values()), "")})
        return _accept(request, team, invitation, token, form, status=422)
    response = redirect(f"/teams/{team.id}", flash=f"Welcome to {team.name}")
    if new_session is not None:
        session_token = await services.accounts.write(
            lambda c: accounts.start_session(
                c, new_session.id, device_of(request), services.settings.session_days, team.id
            )
        )
        set_session_cookie(request, response, session_token)
    return response
