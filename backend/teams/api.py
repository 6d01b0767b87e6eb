"""JSON API for teams and members (described in the OpenAPI schema at /schema)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, get

from backend.accounts import queries as accounts
from backend.teams import queries
from backend.teams.roles import MEMBER
from backend.web.auth import services_of, team_of, user_of

SIGNED_IN = {"access": "signed_in"}


class TeamOut(msgspec.Struct):
    id: str
    name: str
    roles: list[str]


class TeamDetail(msgspec.Struct):
    id: str
    name: str
    roles: list[str]
    version: int


class MemberOut(msgspec.Struct):
    user_id: str
    name: str
    email: str
    roles: list[str]
    joined_at: str


@get("/api/teams", opt=SIGNED_IN, tags=["teams"], summary="Teams you belong to")
async def list_teams(request: Request[Any, Any, Any]) -> list[TeamOut]:
    user = user_of(request)
    links = accounts.teams_of(services_of(request).accounts.reader, user.id)
    return [TeamOut(t.id, t.name, sorted(t.roles)) for t in links]


@get("/api/teams/{team_id:str}", opt=MEMBER, tags=["teams"], summary="One team")
async def team_detail(request: Request[Any, Any, Any]) -> TeamDetail:
    team = team_of(request)
    return TeamDetail(team.id, team.name, sorted(team.roles), queries.version(team.store.reader))


@get("/api/teams/{team_id:str}/members", opt=MEMBER, tags=["teams"], summary="Team members")
async def team_members(request: Request[Any, Any, Any]) -> list[MemberOut]:
    team = team_of(request)
    return [
        MemberOut(m.user_id, m.name, m.email, list(m.roles), m.joined_at)
        for m in queries.members(team.store.reader)
    ]


ROUTES = [list_teams, team_detail, team_members]
