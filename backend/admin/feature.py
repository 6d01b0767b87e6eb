from __future__ import annotations

from pathlib import Path

from backend.admin import routes
from backend.features import Feature

FEATURE = Feature(
    name="admin",
    routes=[
        routes.overview,
        routes.disable,
        routes.enable,
        routes.send_reset,
        routes.team_creation,
    ],
    templates=Path(__file__).parent / "templates",
)
