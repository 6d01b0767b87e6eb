"""Fixtures for the journey feature's integration tests (pages, mutations, roles)."""

from __future__ import annotations

from typing import Any

import pytest

from backend.journey.view import Snapshot, team_snapshot
from tests.support.client import Client, form_values
from tests.support.journeys import browser_as


@pytest.fixture
def riverside(teams: dict[str, str]) -> str:
    return teams["riverside"]


@pytest.fixture
def base(riverside: str) -> str:
    return f"/teams/{riverside}"


@pytest.fixture
def lead(signed_in: Any) -> Client:
    """Alex Morgan, service lead and team admin at Riverside."""
    client: Client = signed_in("alex")
    return client


@pytest.fixture
def as_person(lead: Client) -> Any:
    """as_person("sam"): another browser, signed in as another demo person."""
    return lambda person: browser_as(lead, person)


@pytest.fixture
def snapshot(demo_services: Any, riverside: str) -> Any:
    """snapshot(): the Riverside journey as the pages see it now."""
    services = demo_services[0]

    def take() -> Snapshot:
        return team_snapshot(services.teams.get(riverside), services)

    return take


def post_page_form(client: Client, page_url: str, action: str, fields: dict[str, Any]) -> Any:
    """Fetch the page, then post the form whose action is `action` with its hidden fields
    (CSRF, mutation id, base version) and `fields`."""
    page = client.get(page_url)
    assert page.status_code == 200, page.text[:300]
    hidden = {k: v for k, v in form_values(page.text, action).items() if k != "_csrf_token"}
    return client.post_form(action, {**hidden, **fields})


@pytest.fixture
def submit_form() -> Any:
    return post_page_form


@pytest.fixture
def htmx() -> dict[str, str]:
    """The headers htmx 4 sends when it asks for part of a page."""
    return {"HX-Request": "true", "HX-Request-Type": "partial"}
