"""Every response carries the security headers, whoever makes it; HSTS over HTTPS; JSON
from the API is never stored."""

from __future__ import annotations

import dataclasses

import pytest

from backend.app import create_app
from backend.services import Services
from tests.support.client import Client

EVERY = (
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "permissions-policy",
    "cross-origin-opener-policy",
)


def has_all(response) -> None:
    missing = [h for h in EVERY if h not in response.headers]
    assert not missing, (response.request.url, response.status_code, missing)


def test_a_router_level_404_and_405_carry_the_headers(client: Client) -> None:
    response = client.get("/no/such/page/at/all")
    assert response.status_code == 404
    has_all(response)
    response = client.delete("/sign-in")
    assert response.status_code in {403, 405}
    has_all(response)


def test_a_csrf_403_carries_the_headers(client: Client) -> None:
    response = client.post("/sign-in", data={"email": "a@b.c", "password": "x"})
    assert response.status_code == 403
    has_all(response)
    assert "nonce-" in response.headers["content-security-policy"]


def test_pages_and_healthz_carry_them_too(client: Client) -> None:
    for url in ["/sign-in", "/healthz", "/static/app/app.css"]:
        has_all(client.get(url))


def test_no_hsts_over_plain_http(client: Client) -> None:
    assert "strict-transport-security" not in client.get("/sign-in").headers


@pytest.fixture
def secure_client(services: Services):
    settings = dataclasses.replace(services.settings, secure_cookies=True)
    with Client(app=create_app(settings, services), base_url="https://testserver.local") as c:
        yield c


def test_hsts_with_secure_cookies(secure_client: Client) -> None:
    for url in ["/sign-in", "/no/such/page"]:
        hsts = secure_client.get(url).headers.get("strict-transport-security", "")
        assert hsts.startswith("max-age=31536000")


def test_the_json_api_is_never_stored(signed_in, teams) -> None:
    client = signed_in("alex")
    team = teams["riverside"]
    for url in ["/api/session", f"/api/teams/{team}/sync/pull?since=0&client_id=x"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers.get("cache-control", ""), url
    client.cookies.clear()
    assert "no-store" in client.get("/api/session").headers.get("cache-control", "")


@pytest.mark.parametrize("path", ["/static/app/app.css%00", "/static/%00/x", "/sign-in%00"])
def test_a_nul_byte_in_a_path_is_not_found(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    has_all(response)


def test_paths_are_logged_escaped() -> None:
    """A path with control characters cannot forge log lines."""
    import logging

    from litestar.testing import RequestFactory

    from backend.web.errors import handle

    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    keep = Keep()
    logging.getLogger("mbp").addHandler(keep)
    request = RequestFactory().get("/x")
    request.scope["path"] = "/x\n2026-01-01 forged line"
    try:
        handle(request, RuntimeError("boom"))
    except Exception:  # the page may not render outside an app: the log line matters
        pass
    finally:
        logging.getLogger("mbp").removeHandler(keep)
    assert lines
    assert all("\n2026" not in line for line in lines)
    assert "\\n2026" in lines[0]
