"""Data out and forgotten (UK GDPR): exports of a team and of a person, and deleting
one's account."""

from __future__ import annotations

from pathlib import Path

from backend.exports import forget, routes
from backend.features import Feature
from backend.web.routing import team_router

FEATURE = Feature(
    name="exports",
    routes=[team_router(*routes.TEAM_ROUTES), *routes.ROUTES],
    mutations=forget.MUTATIONS,
    templates=Path(__file__).parent / "templates",
)
