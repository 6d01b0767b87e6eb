"""A feature's team pages under one Router: the team path and its access declared once.

Every page of a team lives under /teams/{team_id}; `team_router(...)` groups a feature's
handlers there with `opt=MEMBER` (web/auth.py: any member of that team), so a handler
declares only what differs: `opt={"roles": LEADS}`, or another access for a page
that is not for members only."""

from __future__ import annotations

from litestar.router import Router
from litestar.types import ControllerRouterHandler

from backend.teams.roles import MEMBER

TEAM_PATH = "/teams/{team_id:str}"


def team_router(*handlers: ControllerRouterHandler) -> Router:
    """One feature's handlers under /teams/{team_id}, open to the team's members."""
    return Router(path=TEAM_PATH, route_handlers=list(handlers), opt=dict(MEMBER))
