"""Single sign-on's pages without a provider (the real provider is in
e2e/test_single_sign_on.py): off unless configured, and failures said plainly."""

from __future__ import annotations

import dataclasses

import pytest

from backend.app import build_services, create_app
from tests.support.client import Client, texts
from tests.support.smtp import free_port


@pytest.fixture
def sso_client(settings):
    on = dataclasses.replace(
        settings, oidc_issuer=f"http://127.0.0.1:{free_port()}", oidc_client_id="x"
    )
    services = build_services(on)
    with Client(app=create_app(on, services)) as client:
        yield client
    services.close()


def test_off_unless_configured(client):
    assert client.get("/sign-in/oidc").status_code == 404
    assert client.get("/sign-in/oidc/callback?code=x&state=y").status_code == 404
    assert "Sign in with your NHS account" not in client.get("/sign-in").text


def test_the_button_shows_and_an_unreachable_provider_is_said_plainly(sso_client):
    assert "Sign in with your NHS account" in texts(sso_client.get("/sign-in").text, "//a")
    response = sso_client.get("/sign-in/oidc", follow_redirects=False)
    assert response.status_code == 502
    assert "We could not reach the sign-in service" in response.text


def test_a_callback_with_a_state_we_never_sent_signs_nobody_in(sso_client):
    response = sso_client.get("/sign-in/oidc/callback?code=abc&state=" + "s" * 40)
    assert response.status_code == 400
    assert "Signing in did not finish" in response.text
    assert sso_client.get("/teams", follow_redirects=False).status_code != 200
