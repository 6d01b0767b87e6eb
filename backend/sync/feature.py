from __future__ import annotations

from pathlib import Path

from backend.features import Feature
from backend.sync import api, routes
from backend.sync.mutations import MUTATIONS
from backend.web.routing import team_router

FEATURE = Feature(
    name="sync",
    routes=[*api.ROUTES, team_router(*routes.TEAM_ROUTES), *routes.ROUTES],
    mutations=MUTATIONS,
    templates=Path(__file__).parent / "templates",
)
