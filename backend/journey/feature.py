"""The implementation journey: what the feature contributes to the app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backend.features import Feature, HomePanel, NavItem
from backend.hooks import (
    ANNUAL_REPORT_SECTIONS,
    DRIVE_RISKS,
    FRAMEWORK_TAGS,
    JOURNEY_NOTES,
    JOURNEY_STAGES,
    PATTERN_SAMPLES,
    REMINDERS,
)
from backend.journey import register_routes, review_routes, routes, schema
from backend.journey.demo import seed_demo
from backend.journey.for_networks import framework_tags, journey_notes
from backend.journey.for_reports import annual_sections
from backend.journey.home import first_steps, home_panel, offline_paths
from backend.journey.mutations import GRID_MUTATIONS
from backend.journey.patterns import pattern_samples
from backend.journey.queries import register_risks
from backend.journey.register_mutations import REGISTER_MUTATIONS
from backend.journey.reminders import reminders
from backend.journey.review_mutations import REVIEW_MUTATIONS
from backend.journey.view import team_snapshot
from backend.web.routing import team_router


def stages_of(store: Any, services: Any) -> dict[str, str]:
    """Where a team stands: each characteristic's stage ("" if not assessed), for a team
    that chose to share it with a network."""
    picture = team_snapshot(store, services).picture
    return {p.characteristic_id: p.stage.value if p.stage else "" for p in picture.characteristics}


FEATURE = Feature(
    name="journey",
    routes=[
        team_router(*routes.TEAM_ROUTES, *register_routes.TEAM_ROUTES, *review_routes.TEAM_ROUTES)
    ],
    mutations=[*GRID_MUTATIONS, *REGISTER_MUTATIONS, *REVIEW_MUTATIONS],
    team_migrations=schema.migrations,
    templates=Path(__file__).parent / "templates",
    navigation=[NavItem("Journey", "journey", order=30), NavItem("Reviews", "reviews", order=40)],
    home_panels=[HomePanel("journey/_home_panel.html", home_panel, order=10)],
    seed_demo=seed_demo,
    stylesheets=["app/journey.css"],
    offline_paths=offline_paths,
    first_steps=first_steps,
    provides={
        REMINDERS: reminders,
        JOURNEY_STAGES: stages_of,
        ANNUAL_REPORT_SECTIONS: annual_sections,
        JOURNEY_NOTES: journey_notes,
        FRAMEWORK_TAGS: framework_tags,
        DRIVE_RISKS: register_risks,
        PATTERN_SAMPLES: pattern_samples,
    },
)
