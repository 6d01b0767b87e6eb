"""The ID token checks, with tokens signed here by a key of our own (the whole flow
against a real provider is in e2e/test_single_sign_on.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from backend.accounts import oidc_client
from backend.settings import Settings

ISSUER = "https://login.example.nhs.uk"
SETTINGS = Settings(
    data_dir=Path("/nonexistent"),
    secret_key="x",
    oidc_issuer=ISSUER,
    oidc_client_id="mbp",
    oidc_client_secret="s",
)
KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})


def token(key=KEY, **claims) -> str:
    now = int(time.time())
    base = {
        "iss": ISSUER,
        "aud": "mbp",
        "sub": "123",
        "exp": now + 300,
        "iat": now,
        "nonce": "n1",
        "email": "pat@nhs.net",
        "email_verified": True,
    }
    base.update(claims)
    base = {k: v for k, v in base.items() if v is not None}
    return jwt.encode({"alg": "RS256", "kid": "k1"}, base, key)


@pytest.fixture
def provider(monkeypatch):
    answers: dict[str, object] = {}

    def get_json(url, data=None, headers=None):
        return answers[url]

    monkeypatch.setattr(oidc_client, "_get_json", get_json)
    oidc_client._DISCOVERED[ISSUER] = (
        time.monotonic(),
        {
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/authorize",
            "token_endpoint": f"{ISSUER}/token",
            "jwks_uri": f"{ISSUER}/jwks",
        },
    )
    answers[f"{ISSUER}/jwks"] = KeySet([KEY]).as_dict(private=False)

    def with_token(id_token: str, settings: Settings = SETTINGS):
        answers[f"{ISSUER}/token"] = {"id_token": id_token}
        return oidc_client.finish(settings, "code", "n1", "verifier")

    yield with_token
    oidc_client._DISCOVERED.clear()


def test_a_good_token_names_the_person(provider):
    assert provider(token()).email == "pat@nhs.net"


@pytest.mark.parametrize(
    "claims",
    [
        {"nonce": "another"},
        {"iss": "https://elsewhere.example"},
        {"aud": "someone-else"},
        {"exp": int(time.time()) - 60},
        {"email_verified": False},
        {"email_verified": None},
        {"email": None},
    ],
)
def test_a_token_that_fails_any_check_is_refused(provider, claims):
    with pytest.raises(oidc_client.SignOnFailed):
        provider(token(**claims))


def test_a_token_signed_by_another_key_is_refused(provider):
    with pytest.raises(oidc_client.SignOnFailed):
        provider(token(key=OTHER_KEY))


def test_the_authorization_url_uses_pkce_state_and_nonce(provider):
    begun = oidc_client.start(SETTINGS)
    assert "code_challenge_method=S256" in begun.url
    assert f"state={begun.state}" in begun.url
    assert f"nonce={begun.nonce}" in begun.url
    assert begun.code_verifier not in begun.url
