from __future__ import annotations

from pathlib import Path

from backend.accounts import oidc, reset_routes, routes, setup, signup
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
        routes.update_reminders,
        routes.about,
        setup.setup_page,
        setup.setup,
        reset_routes.forgot_page,
        reset_routes.forgot,
        reset_routes.reset_page,
        reset_routes.reset,
        signup.start_page,
        signup.start,
        signup.confirm_page,
        signup.confirm,
        oidc.begin,
        oidc.callback,
    ],
    templates=Path(__file__).parent / "templates",
)
