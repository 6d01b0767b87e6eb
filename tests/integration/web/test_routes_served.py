"""Every URL stays where it was: the (method, path) pairs the app serves equal the list
in routes_served.txt (taken from main before the routes moved under a Router per
feature, issue 17). A new route is added to the list in the same commit."""

from __future__ import annotations

import tempfile
from pathlib import Path

from backend.app import create_app
from backend.settings import Settings

LIST = Path(__file__).with_name("routes_served.txt")


def served() -> set[str]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp), secret_key="routes-" + "x" * 40))
        try:
            return {
                f"{method} {route.path}"
                for route in app.routes
                for handler in getattr(route, "route_handlers", [])
                for method in handler.http_methods
                if method != "OPTIONS"  # Litestar's automatic answer
            }
        finally:
            app.state.services.close()


def test_the_app_serves_exactly_the_listed_routes():
    listed = {line for line in LIST.read_text().splitlines() if line.strip()}
    now = served()
    assert sorted(now - listed) == [], "new routes: add them to routes_served.txt"
    assert sorted(listed - now) == [], "routes no longer served (a URL moved?)"
