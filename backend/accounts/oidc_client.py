"""OpenID Connect, the client side, without the web: discovery, the authorization URL
(code flow with PKCE S256, state and nonce, from Authlib), the code exchange, and the ID
token verified against the issuer's published keys (joserfc, Authlib's JOSE library).
Network calls are blocking: call them on a worker thread."""

from __future__ import annotations

import base64
import json
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from authlib.common.security import generate_token  # type: ignore[import-untyped]
from authlib.oauth2.rfc7636 import create_s256_code_challenge  # type: ignore[import-untyped]
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from backend.settings import Settings

TIMEOUT = 10
_DISCOVERED: dict[str, tuple[float, dict[str, Any]]] = {}
CACHE_SECONDS = 3600


class SignOnFailed(Exception):
    """The provider's answer could not be trusted or used; the message is for the log."""


@dataclass(frozen=True, slots=True)
class Start:
    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True, slots=True)
class Identity:
    subject: str
    email: str
    name: str


def _get_json(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
    if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise SignOnFailed(f"refusing a non-HTTPS provider address: {url}")
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
        return json.loads(response.read())


def metadata(settings: Settings) -> dict[str, Any]:
    issuer = settings.oidc_issuer
    cached = _DISCOVERED.get(issuer)
    if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    found: dict[str, Any] = _get_json(f"{issuer}/.well-known/openid-configuration")
    if found.get("issuer", "").rstrip("/") != issuer:
        raise SignOnFailed(f"the provider says its issuer is {found.get('issuer')!r}")
    _DISCOVERED[issuer] = (time.monotonic(), found)
    return found


def redirect_uri(settings: Settings) -> str:
    return f"{settings.base_url}/sign-in/oidc/callback"


def start(settings: Settings) -> Start:
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": settings.oidc_client_id,
            "redirect_uri": redirect_uri(settings),
            "scope": "openid email profile",
            "state": state,
            "nonce": nonce,
            "code_challenge": create_s256_code_challenge(verifier),
            "code_challenge_method": "S256",
        }
    )
    return Start(f"{metadata(settings)['authorization_endpoint']}?{query}", state, nonce, verifier)


def _userinfo(url: str, tokens: dict[str, Any], subject: str) -> dict[str, Any]:
    """Claims the ID token left to the userinfo endpoint, for the same subject only."""
    info: dict[str, Any] = _get_json(
        url, headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    if info.get("sub") != subject:
        raise SignOnFailed("userinfo names another subject than the ID token")
    return {k: info[k] for k in ("email", "email_verified", "name") if k in info}


def finish(settings: Settings, code: str, nonce: str, verifier: str) -> Identity:
    """Exchange the code, verify the ID token, and return who signed in."""
    found = metadata(settings)
    secret = f"{urllib.parse.quote(settings.oidc_client_id)}:{urllib.parse.quote(settings.oidc_client_secret)}"
    form = urllib.parse.urlencode(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri(settings),
            "code_verifier": verifier,
        }
    ).encode()
    headers = {
        "Authorization": "Basic " + base64.b64encode(secret.encode()).decode(),
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
    }
    try:
        tokens = _get_json(found["token_endpoint"], form, headers)
    except OSError as error:
        raise SignOnFailed(f"the token exchange failed: {error}") from error
    keys = KeySet.import_key_set(_get_json(found["jwks_uri"]))
    try:
        token = jwt.decode(tokens["id_token"], keys, algorithms=["RS256", "ES256", "PS256"])
        claims = token.claims
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": settings.oidc_issuer},
            aud={"essential": True, "value": settings.oidc_client_id},
            exp={"essential": True},
            nonce={"essential": True, "value": nonce},
            sub={"essential": True},
        ).validate(claims)
    except (JoseError, KeyError, ValueError) as error:
        raise SignOnFailed(f"the ID token is not valid: {error!r}") from error
    if "email" not in claims and "userinfo_endpoint" in found and "access_token" in tokens:
        claims = {**claims, **_userinfo(found["userinfo_endpoint"], tokens, str(claims["sub"]))}
    email = str(claims.get("email") or "")
    # Entra ID sends no email_verified: a work account's address is the tenant's own.
    managed = "login.microsoftonline.com" in settings.oidc_issuer
    verified = claims.get("email_verified") is True or (managed and "email_verified" not in claims)
    if not email or not verified:
        raise SignOnFailed("the provider gave no verified email address")
    return Identity(str(claims["sub"]), email, str(claims.get("name") or email.split("@")[0]))
