from __future__ import annotations

from backend.features import Feature
from backend.sync import api

FEATURE = Feature(name="sync", routes=api.ROUTES)
