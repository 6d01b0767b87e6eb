"""Make the case: the team's case for the service, built section by section under the
journey (ASPIRE's resources on top-down buy-in), exported as PDF and Word."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backend.case import routes, schema
from backend.case.mutations import MUTATIONS
from backend.case.patterns import pattern_samples
from backend.features import Feature
from backend.hooks import PATTERN_SAMPLES
from backend.teams.roles import LEADS


def offline_paths(team: Any, user: Any) -> list[str]:  # noqa: ARG001
    """The case for every member to read offline; for leads, each section's form too, so
    a section filled in without signal is queued as its mutation."""
    base = f"/teams/{team.id}/journey/case"
    paths = [base, f"{base}/print"]
    if frozenset(getattr(team, "roles", ())) & LEADS:
        paths += [f"{base}/{key}" for key in routes.EDITABLE]
    return paths


FEATURE = Feature(
    name="case",
    routes=routes.ROUTES,
    mutations=MUTATIONS,
    team_migrations=schema.migrations,
    templates=Path(__file__).parent / "templates",
    stylesheets=["app/case.css"],
    offline_paths=offline_paths,
    provides={PATTERN_SAMPLES: pattern_samples},
)
