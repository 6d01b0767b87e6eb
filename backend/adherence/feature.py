"""Good-practice adherence: what the feature contributes to the app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backend.adherence import api, routes_adherence, routes_files, routes_records, schema
from backend.adherence.demo import seed_demo
from backend.adherence.kinds import KINDS
from backend.adherence.mutations import all_mutations
from backend.adherence.panels import home_panel
from backend.adherence.web import SUPERVISORS
from backend.features import Feature, HomePanel, NavItem


def offline_paths(team: Any, _user: Any) -> list[str]:
    """A teacher's own pages: their standards, each list of records and its form."""
    base = f"/teams/{team.id}/practice"
    paths = [base, f"{base}/profile"]
    for kind in KINDS:
        paths += [f"{base}/{kind.slug}", f"{base}/{kind.slug}/new"]
    return paths


FEATURE = Feature(
    name="adherence",
    # Files before records: /practice/import and /practice/records.csv are fixed paths.
    routes=[
        *routes_files.ROUTES,
        *routes_adherence.ROUTES,
        *routes_records.ROUTES,
        *api.routes(),
    ],
    mutations=all_mutations(),
    team_migrations=schema.migrations,
    templates=Path(__file__).parent / "templates",
    navigation=[
        NavItem("Good practice", "practice"),
        NavItem("Adherence", "adherence", SUPERVISORS),
    ],
    home_panels=[HomePanel("adherence/_home_panel.html", home_panel, order=20)],
    seed_demo=seed_demo,
    stylesheets=["app/adherence.css"],
    offline_paths=offline_paths,
)
