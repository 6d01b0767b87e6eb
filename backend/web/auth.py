"""Who is asking, and may they: sessions, team membership and roles, for every route.

Every route handler declares its access in `opt`:
    access="public"      anyone
    access="signed_in"   any signed-in person
    access="admin"       a server admin (anyone else gets 404)
    access="team"        a member of the team named by the {team_id} path parameter,
                         with one of opt["roles"] if given
    access=<kind>        a kind a feature declares for hooks.ACCESS: a function
                         (services, path parameters, user id) -> something with `roles`, or
                         None for 404; kept as connection.state.<kind>. The networks feature
                         declares "network" (backend/networks/access.py)
A handler without a declaration is refused, so a new route is closed until it says
who may use it. Non-members get 404, never a hint that the team exists.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
from litestar.connection import ASGIConnection
from litestar.exceptions import (
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
)
from litestar.handlers.base import BaseRouteHandler

from backend.accounts import queries, server
from backend.db.connection import one
from backend.db.stores import Store, UnknownTeam
from backend.hooks import ACCESS, provided
from backend.services import Services

SESSION_COOKIE = "mbp_session"


@dataclass(frozen=True, slots=True)
class TeamAccess:
    id: str
    name: str
    roles: frozenset[str]
    store: Store

    def has(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


def device_of(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The browser a request came from, as its user agent says (for the audit trail)."""
    return connection.headers.get("user-agent", "unknown device")[:200]


def services_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Services:
    services: Services = connection.app.state.services
    return services


def current_session(connection: ASGIConnection[Any, Any, Any, Any]) -> queries.Session | None:
    """The signed-in session, looked up once per request."""
    state = connection.state
    if "session" not in state:
        token = connection.cookies.get(SESSION_COOKIE, "")
        reader = services_of(connection).accounts.reader
        state.session = queries.session_for(reader, token) if 20 < len(token) < 100 else None
    session: queries.Session | None = state.session
    return session


def current_user(connection: ASGIConnection[Any, Any, Any, Any]) -> queries.User | None:
    session = current_session(connection)
    return None if session is None else session.user


def member_roles(store: Store, user_id: str) -> tuple[str, frozenset[str]] | None:
    """The team's name and this person's roles in it, from the team file itself."""
    conn: sqlite3.Connection = store.reader
    row = one(
        conn,
        "SELECT t.name, m.roles FROM team t JOIN members m ON m.user_id = ? AND m.left_at IS NULL",
        [user_id],
    )
    return None if row is None else (row["name"], frozenset(row["roles"].split()))


def team_access(services: Services, team_id: str, user_id: str) -> TeamAccess | None:
    try:
        store = services.teams.get(team_id)
    except UnknownTeam:
        return None
    found = member_roles(store, user_id)
    if found is None:
        return None
    return TeamAccess(team_id, found[0], found[1], store)


def _declared_access(services: Services, access: object) -> Callable[..., Any] | None:
    """The check a feature declares for an access kind of its own (None if none does)."""
    for kinds in provided(services.features, ACCESS):
        check = kinds.get(str(access))
        if check is not None:
            return check
    return None


async def access_guard(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    if connection.scope.get("method") == "OPTIONS":
        return  # Litestar's automatic OPTIONS answers say only which methods exist
    access = handler.opt.get("access")
    if handler.opt.get("same_origin_only") and not same_origin(connection):
        raise PermissionDeniedException("CSRF token verification failed")
    if access == "public":
        return
    services = services_of(connection)
    feature_access = _declared_access(services, access)
    if access not in {"signed_in", "team", "admin"} and feature_access is None:
        raise PermissionDeniedException("This route does not declare who may use it")
    session = current_session(connection)
    if session is None:
        raise NotAuthorizedException("Sign in to continue")
    if access == "admin" and not server.is_admin(services.accounts.reader, session.user.id):
        raise NotFoundException()
    team_id = connection.path_params.get("team_id") if access == "team" else None
    if access == "team":
        team = team_access(services, str(team_id), session.user.id)
        if team is None:
            raise NotFoundException()
        needed: frozenset[str] | None = handler.opt.get("roles")
        if needed and not (needed & team.roles):
            raise PermissionDeniedException("You do not have permission to see this page")
        connection.state.team = team
    if feature_access is not None:
        found = feature_access(services, connection.path_params, session.user.id)
        if found is None:
            raise NotFoundException()
        wanted: frozenset[str] | None = handler.opt.get("roles")
        if wanted and not (wanted & found.roles):
            raise PermissionDeniedException("You do not have permission to see this page")
        setattr(connection.state, str(access), found)
    # Only a page the person opens makes a team their current one; the service
    # worker saving pages for offline use, or htmx, must not switch it.
    navigating = connection.headers.get("sec-fetch-mode", "navigate") == "navigate"
    current = str(team_id) if team_id and navigating else session.team_id
    await _touch(services, session, current)


def same_origin(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """Fetch metadata or Origin says the request came from one of our own pages."""
    site = connection.headers.get("sec-fetch-site")
    if site is not None:
        return site in {"same-origin", "none"}
    origin = connection.headers.get("origin")
    return origin is None or origin.split("://", 1)[-1] == connection.headers.get("host")


async def _touch(services: Services, session: queries.Session, team_id: str | None) -> None:
    days = services.settings.session_days
    if (queries.now() - session.last_seen_at) < queries.SEEN_REFRESH and (
        team_id == session.team_id
    ):
        return
    await services.accounts.write(lambda conn: queries.touch_session(conn, session, days, team_id))


def team_of(connection: ASGIConnection[Any, Any, Any, Any]) -> TeamAccess:
    """The team a team route is about (set by the guard)."""
    team: TeamAccess = connection.state.team
    return team


def user_of(connection: ASGIConnection[Any, Any, Any, Any]) -> queries.User:
    """The signed-in person on a route that requires one."""
    user = current_user(connection)
    if user is None:
        raise NotAuthorizedException("Sign in to continue")
    return user


async def run_sync(func: Any, *args: Any) -> Any:
    return await anyio.to_thread.run_sync(func, *args)
