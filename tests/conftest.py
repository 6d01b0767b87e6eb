"""Fixtures: real SQLite files in a temporary folder, the real app, a checking client."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.app import build_services, create_app
from backend.demo import Demo, email_of, seed
from backend.services import Services
from backend.settings import Settings
from tests.support.client import Client

DEMO_PASSWORD = "demo-password-for-tests"


def make_settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, secret_key="test-secret-" + "x" * 32)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The demo seeded once per test run; each test gets its own copy of the files."""
    import os

    os.environ["MBP_DEMO_PASSWORD"] = DEMO_PASSWORD
    data_dir = tmp_path_factory.mktemp("demo-template")
    services = build_services(make_settings(data_dir))
    demo = seed(services)
    services.close()
    return data_dir, dict(demo.teams)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    services = build_services(settings)
    yield services
    services.close()


@pytest.fixture
def demo_services(
    tmp_path: Path, demo_template: tuple[Path, dict[str, str]]
) -> Iterator[tuple[Services, dict[str, str]]]:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_template[0], data_dir)
    services = build_services(make_settings(data_dir))
    yield services, demo_template[1]
    services.close()


@pytest.fixture
def teams(demo_services: tuple[Services, dict[str, str]]) -> dict[str, str]:
    return demo_services[1]


@pytest.fixture
def client(demo_services: tuple[Services, dict[str, str]]) -> Iterator[Client]:
    services = demo_services[0]
    with Client(app=create_app(services.settings, services)) as client:
        yield client


@pytest.fixture
def signed_in(client: Client):  # type: ignore[no-untyped-def]
    """sign_in("alex") signs the client in as a demo person."""

    def sign_in(person: str) -> Client:
        client.sign_in(email_of(person), DEMO_PASSWORD)
        return client

    return sign_in


# POSIX zones (no zone files needed): 14 hours ahead of UTC, 11 hours behind. At any
# moment the local date in at least one of them differs from the date in London.
FAR_FROM_LONDON = ["AHEAD-14", "BEHIND+11"]


@pytest.fixture(params=FAR_FROM_LONDON)
def server_far_from_london(request: pytest.FixtureRequest) -> Iterator[str]:
    """The process's local time zone set far from London (what `uk_today()` uses)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    try:
        yield request.param
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


__all__ = ["DEMO_PASSWORD", "Demo"]
