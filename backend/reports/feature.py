"""Reports: what leaves the app for governance (the service's annual report)."""

from __future__ import annotations

from pathlib import Path

from backend.features import Feature
from backend.reports import routes
from backend.web.routing import team_router

FEATURE = Feature(
    name="reports",
    routes=[team_router(*routes.TEAM_ROUTES)],
    templates=Path(__file__).parent / "templates",
    stylesheets=["app/report.css"],
)
