"""Reports: what leaves the app for governance (the service's annual report)."""

from __future__ import annotations

from pathlib import Path

from backend.features import Feature
from backend.reports import routes

FEATURE = Feature(
    name="reports",
    routes=routes.ROUTES,
    templates=Path(__file__).parent / "templates",
    stylesheets=["app/report.css"],
)
