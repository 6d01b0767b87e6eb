"""The ASGI app for uvicorn: `uvicorn backend.asgi:app` (settings from MBP_* variables)."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "app":
        from backend.app import create_app
        from backend.settings import from_environment

        return create_app(from_environment())
    raise AttributeError(name)
