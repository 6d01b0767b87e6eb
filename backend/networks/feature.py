from __future__ import annotations

from pathlib import Path

from backend.features import Feature
from backend.hooks import ACCESS, CHARACTERISTIC_NOTES, OFFLINE_PATHS_BEYOND_TEAM
from backend.networks import (
    access,
    api,
    conversation_routes,
    conversations,
    demo,
    notes,
    overview_routes,
    resource_routes,
    routes,
    schema,
)
from backend.networks.mutations import MUTATIONS

FEATURE = Feature(
    name="networks",
    routes=[
        *routes.ROUTES,
        *resource_routes.ROUTES,
        *overview_routes.ROUTES,
        *conversation_routes.ROUTES,
        *api.ROUTES,
    ],
    network_mutations=[*MUTATIONS, *conversations.MUTATIONS],
    network_migrations=schema.migrations,
    accounts_migrations=schema.accounts_migrations,
    templates=Path(__file__).parent / "templates",
    seed_demo=demo.seed_demo,
    stylesheets=["app/networks.css"],
    provides={
        ACCESS: {"network": access.access_from_path},
        CHARACTERISTIC_NOTES: notes.characteristic_notes,
        OFFLINE_PATHS_BEYOND_TEAM: notes.offline_paths,
    },
)
