from __future__ import annotations

from pathlib import Path

from backend.features import Feature
from backend.patterns import routes

FEATURE = Feature(
    name="patterns",
    routes=[routes.patterns],
    templates=Path(__file__).parent / "templates",
)
