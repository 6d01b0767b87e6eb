"""What features may use of accounts (the core's public surface; decision 0024).

Who a person is (`User`), which teams they are in (`teams_of`), the server's clock for
stored times (`now`), hashed tokens and the accounts.db indexes a feature keeps
(calendar links), and asking again for a password before something irreversible.
A feature imports this module, never the package's other modules:
tests/unit/test_import_rules.py enforces it."""

from __future__ import annotations

from backend.accounts.passwords import hash_password
from backend.accounts.queries import (
    TeamLink,
    User,
    calendar_token,
    index_calendar_token,
    index_membership,
    new_token,
    now,
    register_team,
    teams_of,
    token_hash,
)
from backend.accounts.routes import TooMany, check_current_password

__all__ = [
    "TeamLink",
    "TooMany",
    "User",
    "calendar_token",
    "check_current_password",
    "hash_password",
    "index_calendar_token",
    "index_membership",
    "new_token",
    "now",
    "register_team",
    "teams_of",
    "token_hash",
]
