from __future__ import annotations

from pathlib import Path
from typing import Any

from backend.features import Feature
from backend.legal import routes

# Kept on a person's device with their offline set, so the statements read offline too.
PAGES = ["/about", "/privacy", "/accessibility", "/cookies"]


def offline_paths(_team: Any, _user: Any) -> list[str]:
    return list(PAGES)


FEATURE = Feature(
    name="legal",
    routes=[routes.privacy, routes.accessibility, routes.cookies, routes.security_txt],
    templates=Path(__file__).parent / "templates",
    offline_paths=offline_paths,
)
