"""A bounded schemathesis run against the live server (uvicorn on loopback), from the
OpenAPI document it serves, anonymous and then signed in with a session cookie and the
CSRF header: no answer is ever a 5xx. Each run is capped in time (about 12 s)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from backend.app import create_app
from backend.demo import email_of
from tests.conftest import DEMO_PASSWORD
from tests.support.served import served

ST = Path(sys.executable).parent / "st"
RUN_SECONDS = 12


def sign_in(url: str) -> list[str]:
    """The headers a signed-in browser sends: its cookies and the CSRF token."""
    with httpx.Client(base_url=url, follow_redirects=True, timeout=10) as browser:
        browser.get("/sign-in")
        csrf = browser.cookies["mbp_csrf"]
        form = {"_csrf_token": csrf, "email": email_of("alex"), "password": DEMO_PASSWORD}
        signed = browser.post("/sign-in", data=form)
        assert signed.status_code == 200
        assert "mbp_session" in browser.cookies
        cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
        assert browser.get("/api/session").status_code == 200
    return ["-H", f"Cookie: {cookie}", "-H", f"x-csrf-token: {csrf}"]


def fuzz(url: str, headers: list[str], tmp: Path) -> subprocess.CompletedProcess[str]:
    command = [
        str(ST),
        "run",
        f"{url}/schema/openapi.json",
        "--checks",
        "not_a_server_error",
        "--max-examples",
        "25",
        "--max-time",
        str(RUN_SECONDS),
        "--seed",
        "13",
        "--workers",
        "1",
        "--request-timeout",
        "10",
        "--no-color",
        "--report-dir",
        str(tmp),
        *headers,
    ]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=RUN_SECONDS * 3, check=False, cwd=tmp
    )


@pytest.mark.timeout(180)
def test_schemathesis_finds_no_server_error(demo_services, tmp_path: Path) -> None:
    if not ST.exists():
        pytest.skip("schemathesis is not installed (make install-dev installs it)")
    services = demo_services[0]
    with served(create_app(services.settings, services)) as url:
        for who, headers in [("anonymous", []), ("signed in", sign_in(url))]:
            result = fuzz(url, headers, tmp_path)
            output = result.stdout + result.stderr
            assert result.returncode == 0, f"{who}:\n{output[-4000:]}"
            assert "Server error" not in output, f"{who}:\n{output[-4000:]}"
            print(f"schemathesis, {who}:", output[-1500:])
