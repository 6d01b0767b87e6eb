"""Data out and forgotten (UK GDPR): exports of a team and of a person."""

from __future__ import annotations

from backend.exports import routes
from backend.features import Feature

FEATURE = Feature(name="exports", routes=routes.ROUTES)
