"""The ASGI app for uvicorn: `uvicorn backend.asgi:app` (settings from MBP_* variables)."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "app":
        from backend.app import create_app
        from backend.runtime import settle_memory
        from backend.settings import from_environment

        app = create_app(from_environment())
        app.on_startup.append(settle_memory)  # the served process only, not tests
        return app
    raise AttributeError(name)
