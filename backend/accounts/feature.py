from __future__ import annotations

from pathlib import Path

from backend.accounts import routes
from backend.features import Feature

FEATURE = Feature(
    name="accounts",
    routes=[
        routes.sign_in_page,
        routes.sign_in,
        routes.sign_out,
        routes.profile,
        routes.update_profile,
        routes.change_password,
        routes.about,
    ],
    templates=Path(__file__).parent / "templates",
)
