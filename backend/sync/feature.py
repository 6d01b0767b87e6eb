from __future__ import annotations

from pathlib import Path

from backend.features import Feature
from backend.sync import api, routes
from backend.sync.mutations import MUTATIONS

FEATURE = Feature(
    name="sync",
    routes=[*api.ROUTES, *routes.ROUTES],
    mutations=MUTATIONS,
    templates=Path(__file__).parent / "templates",
)
