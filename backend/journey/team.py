"""The content a team sees: the shipped files plus the team's own additions."""

from __future__ import annotations

import sqlite3
from typing import Any

from backend.journey import queries
from backend.journey.rules.content import load_content
from backend.journey.rules.merge import merge_team_content
from backend.journey.rules.model import Content, TeamContent


def shipped(services: Any = None) -> Content:
    """The shipped ASPIRE content (cached per process), from the settings' content folder."""
    settings = getattr(services, "settings", None)
    return load_content(settings.content_dir / "aspire" if settings is not None else None)


def merged(conn: sqlite3.Connection, services: Any = None) -> TeamContent:
    return merge_team_content(shipped(services), queries.additions(conn))
