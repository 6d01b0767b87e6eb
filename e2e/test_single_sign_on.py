"""Single sign-on against a real OpenID provider (panva/oidc-provider, run by Node on
loopback by this fixture): code flow with PKCE, state and nonce; the ID token checked
against the provider's keys; an account matched by email or made for an allowed domain."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import Server, _free_port
from e2e.support import email

PROVIDER = Path(__file__).parent / "oidc"
NODE = shutil.which("node")


@pytest.fixture
def provider(server: Server) -> Iterator[str]:
    if NODE is None or not (PROVIDER / "node_modules" / "oidc-provider").exists():
        pytest.skip("needs Node and e2e/oidc/node_modules (make test installs them)")
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    log = open(server.data_dir / "provider.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [
            NODE,
            "provider.mjs",
            str(port),
            "mbp-test",
            "mbp-test-secret",
            f"{server.url}/sign-in/oidc/callback",
        ],
        cwd=PROVIDER,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError((server.data_dir / "provider.log").read_text()) from None
            time.sleep(0.1)
    server.stop()
    server.start(
        MBP_OIDC_ISSUER=issuer,
        MBP_OIDC_CLIENT_ID="mbp-test",
        MBP_OIDC_CLIENT_SECRET="mbp-test-secret",
        MBP_BASE_URL=server.url,
        MBP_SIGNUP_DOMAINS="nhs.net",
    )
    yield issuer
    process.terminate()
    process.wait(timeout=10)


def sign_on(page: Page, login: str) -> None:
    page.goto("/sign-in")
    page.get_by_role("button", name="Sign in with your NHS account").or_(
        page.get_by_role("link", name="Sign in with your NHS account")
    ).click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("anything")
    page.locator("button[type=submit]").click()
    consent = page.locator("button[type=submit]", has_text="Continue")
    if consent.count():
        consent.click()


def test_an_existing_account_signs_in_through_the_provider(page: Page, provider: str):
    sign_on(page, email("alex"))
    expect(
        page.get_by_role("link", name="Sign out").or_(page.get_by_role("button", name="Sign out"))
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"/teams/[a-z0-9]{12}$"))


def test_a_new_person_in_an_allowed_domain_gets_an_account(page: Page, provider: str):
    sign_on(page, "new.teacher")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your teams")


def test_an_address_outside_the_sign_up_domains_gets_no_account(page: Page, provider: str):
    sign_on(page, "someone@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are not signed in")
    expect(
        page.get_by_text("There is no MBP Journey account for someone@example.com")
    ).to_be_visible()
