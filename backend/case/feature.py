"""Make the case: the team's case for the service, built section by section under the
journey (ASPIRE's resources on top-down buy-in), exported as PDF and Word."""

from __future__ import annotations

from pathlib import Path

from backend.case import routes, schema
from backend.case.mutations import MUTATIONS
from backend.features import Feature

FEATURE = Feature(
    name="case",
    routes=routes.ROUTES,
    mutations=MUTATIONS,
    team_migrations=schema.migrations,
    templates=Path(__file__).parent / "templates",
    stylesheets=["app/case.css"],
)
