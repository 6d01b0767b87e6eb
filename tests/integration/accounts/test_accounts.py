"""Signing in and out, sessions that expire, and your profile."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backend.demo import email_of
from tests.conftest import DEMO_PASSWORD
from tests.support.client import texts
from tests.support.journeys import (
    accounts_rows,
    browser_as,
    expire_sessions_of,
    new_browser,
    user_id,
    write_accounts,
)

WRONG = "Enter a correct email address and password"
TOO_MANY = "Too many attempts to sign in. Wait a minute, then try again, or reset your password"


def sign_in(client, email, password, next_path=None, **kwargs):
    data = {"email": email, "password": password}
    if next_path is not None:
        data["next"] = next_path
    return client.post_form("/sign-in", data, follow_redirects=False, **kwargs)


def title(html: str) -> str:
    return texts(html, "//title")[0]


# Signing in


def test_signing_in_lands_a_practitioner_on_their_own_practice(client, teams):
    response = sign_in(client, email_of("sam"), DEMO_PASSWORD)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    home = client.get("/")
    assert home.url.path == f"/teams/{teams['riverside']}/practice"
    assert "Riverside MBCT service" in title(home.text)


def test_the_session_cookie_is_http_only_and_same_site(client):
    response = sign_in(client, email_of("sam"), DEMO_PASSWORD)
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("mbp_session=")
    )
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "path", "max-age"} <= attributes
    assert "samesite=lax" in cookie.lower()
    token = cookie.split(";")[0].split("=", 1)[1]
    assert len(token) >= 40


def test_signing_in_again_starts_a_new_session(client):
    def session_cookie(response) -> str:
        return next(
            c.split(";")[0]
            for c in response.headers.get_list("set-cookie")
            if c.startswith("mbp_session=")
        )

    first = session_cookie(sign_in(client, email_of("sam"), DEMO_PASSWORD))
    second = session_cookie(sign_in(client, email_of("sam"), DEMO_PASSWORD))
    assert first != second


def test_a_wrong_password_says_so_keeps_the_email_and_signs_nobody_in(client):
    response = sign_in(client, email_of("sam"), "not the password")
    assert response.status_code == 422
    assert title(response.text).startswith("Error: ")
    assert WRONG in texts(response.text, "//div[contains(@class, 'nhsuk-error-summary')]//a")
    assert WRONG in " ".join(texts(response.text, "//*[contains(@class, 'nhsuk-error-message')]"))
    assert texts(response.text, "//h1") == ["Sign in to MBP Journey"]
    from lxml import html as lxml_html

    doc = lxml_html.document_fromstring(response.text)
    assert doc.xpath("//input[@name='email']/@value") == [email_of("sam")]
    assert doc.xpath("//input[@name='password']/@value") in ([], [""])
    assert client.get("/teams", follow_redirects=False).status_code == 303


def test_an_unknown_email_gets_the_same_message_as_a_wrong_password(client):
    response = sign_in(client, "nobody.here@example.nhs.uk", "some password")
    assert response.status_code == 422
    assert WRONG in response.text


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("", DEMO_PASSWORD, "Enter email address"),
        ("not-an-email", DEMO_PASSWORD, "Enter an email address in the correct format"),
        (email_of("sam"), "", "Enter password"),
        (email_of("sam"), "x" * 10_000, "Password must be 200 characters or fewer"),
        ("a" * 10_000 + "@example.nhs.uk", "x", "Email address must be 254 characters or fewer"),
    ],
)
def test_sign_in_input_problems_are_field_errors(client, email, password, message):
    response = sign_in(client, email, password)
    assert response.status_code == 422
    assert message in response.text


def test_email_is_not_case_sensitive(client):
    response = sign_in(client, email_of("sam").upper(), DEMO_PASSWORD)
    assert response.status_code == 303
    assert client.get("/profile").status_code == 200


def test_ten_failures_slow_the_email_down_without_locking_the_owner_out(client, demo_services):
    for attempt in range(10):
        email = email_of("sam") if attempt % 2 else email_of("sam").upper()
        assert sign_in(client, email, f"guess {attempt}").status_code == 422
    slowed = sign_in(client, email_of("sam"), DEMO_PASSWORD)
    assert slowed.status_code == 429
    assert TOO_MANY in slowed.text
    assert client.get("/teams", follow_redirects=False).status_code == 303, "not signed in"
    # Someone else can still sign in.
    assert sign_in(client, email_of("priya"), DEMO_PASSWORD).status_code == 303
    client.cookies.clear()
    # A minute after the last guess, the owner gets in with the right password.
    a_minute_ago = (datetime.now(UTC) - timedelta(seconds=61)).isoformat()
    write_accounts(demo_services[0], "UPDATE account_events SET at = ?", [a_minute_ago])
    assert sign_in(client, email_of("sam"), DEMO_PASSWORD).status_code == 303


def test_nine_failures_do_not_lock(client):
    for attempt in range(9):
        sign_in(client, email_of("sam"), f"guess {attempt}")
    assert sign_in(client, email_of("sam"), DEMO_PASSWORD).status_code == 303


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/teams",
        "https://evil.example",
        "http://evil.example/sign-in",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "evil.example",
        "",
    ],
)
def test_next_never_leaves_the_site(client, target):
    page = client.get("/sign-in", params={"next": target})
    assert page.status_code == 200
    from tests.support.client import form_values

    assert form_values(page.text, "/sign-in")["next"] == "/"
    response = sign_in(client, email_of("sam"), DEMO_PASSWORD, next_path=target)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    # Already signed in: the sign-in page sends you on, still only within the site.
    again = client.get("/sign-in", params={"next": target}, follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"] == "/"


def test_next_within_the_site_is_followed(client, teams):
    target = f"/teams/{teams['riverside']}/members?tab=all"
    response = sign_in(client, email_of("sam"), DEMO_PASSWORD, next_path=target)
    assert response.headers["location"] == target


# Signing out


def test_sign_out_ends_the_session_everywhere_it_was_used(client, demo_services):
    sign_in(client, email_of("sam"), DEMO_PASSWORD)
    token = client.cookies.get("mbp_session")
    response = client.post("/sign-out", headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 200
    assert response.url.path == "/sign-in"
    assert "You have signed out" in response.text
    assert client.get("/profile", follow_redirects=False).status_code == 303
    # The old cookie, replayed from elsewhere, no longer works either.
    stolen = new_browser(client)
    stolen.cookies.set("mbp_session", token)
    assert stolen.get("/profile", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
    ],
)
def test_sign_out_from_another_site_is_refused(client, headers):
    sign_in(client, email_of("sam"), DEMO_PASSWORD)
    response = client.post("/sign-out", headers=headers)
    assert response.status_code == 403
    assert title(response.text).startswith("This page has expired")
    assert client.get("/profile").status_code == 200, "still signed in"


# Sessions that expire


def test_an_expired_session_returns_to_the_page_after_signing_in(client, demo_services, teams):
    sign_in(client, email_of("sam"), DEMO_PASSWORD)
    members = f"/teams/{teams['riverside']}/members"
    assert client.get(members).status_code == 200
    expire_sessions_of(demo_services[0], "sam")

    response = client.get(members, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/sign-in?next={members}"
    page = client.get(response.headers["location"])
    from tests.support.client import form_values

    assert form_values(page.text, "/sign-in")["next"] == members
    back = sign_in(client, email_of("sam"), DEMO_PASSWORD, next_path=members)
    assert back.headers["location"] == members
    assert client.get(members).status_code == 200


def test_an_expired_session_keeps_the_query_in_the_return_path(client, demo_services, teams):
    sign_in(client, email_of("alex"), DEMO_PASSWORD)
    expire_sessions_of(demo_services[0], "alex")
    audit = f"/teams/{teams['riverside']}/audit?page=2"
    response = client.get(audit, follow_redirects=False)
    assert response.status_code == 303
    back = sign_in(client, email_of("alex"), DEMO_PASSWORD, next_path=_next_of(response))
    assert back.headers["location"] == audit


def _next_of(response) -> str:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(response.headers["location"]).query)["next"][0]


def test_an_expired_session_on_the_api_is_401_json(client, demo_services, teams):
    sign_in(client, email_of("sam"), DEMO_PASSWORD)
    assert client.get("/api/teams").status_code == 200
    expire_sessions_of(demo_services[0], "sam")
    response = client.get("/api/teams")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["status"] == 401


def test_using_the_app_slides_the_session_expiry(client, demo_services):
    sign_in(client, email_of("sam"), DEMO_PASSWORD)
    services = demo_services[0]
    soon = (datetime.now(UTC) + timedelta(minutes=10)).isoformat()
    long_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    write_accounts(
        services,
        "UPDATE sessions SET expires_at = ?, last_seen_at = ? WHERE user_id = ?",
        [soon, long_ago, user_id(services, "sam")],
    )
    assert client.get("/profile").status_code == 200
    rows = accounts_rows(
        services, "SELECT expires_at FROM sessions WHERE user_id = ?", [user_id(services, "sam")]
    )
    expiry = datetime.fromisoformat(rows[0]["expires_at"])
    assert expiry > datetime.now(UTC) + timedelta(days=29)


# Profile


def test_changing_your_name(client):
    sign_in(client, email_of("sam"), DEMO_PASSWORD)
    response = client.post_form("/profile", {"name": "  Samir   Patel "})
    assert response.status_code == 200
    assert response.url.path == "/profile"
    assert "Your name has been updated" in response.text
    assert "Samir Patel" in texts(response.text, "//header//a")
    assert client.get("/api/session").json()["name"] == "Samir Patel"


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Enter full name"), ("N" * 101, "Full name must be 100 characters or fewer")],
)
def test_a_bad_name_is_a_field_error_and_changes_nothing(client, name, message):
    sign_in(client, email_of("sam"), DEMO_PASSWORD)
    response = client.post_form("/profile", {"name": name})
    assert response.status_code == 422
    assert title(response.text).startswith("Error: ")
    assert message in response.text
    from lxml import html as lxml_html

    doc = lxml_html.document_fromstring(response.text)
    assert doc.xpath("//input[@name='name']/@value") in ([name], [] if not name else [name])
    assert client.get("/api/session").json()["name"] == "Sam Patel"


def test_your_new_name_is_what_your_team_sees(client, teams):
    sign_in(client, email_of("sam"), DEMO_PASSWORD)
    client.post_form("/profile", {"name": "Samir Patel"})
    alex = browser_as(client, "alex")
    members = alex.get(f"/teams/{teams['riverside']}/members")
    assert "Samir Patel" in texts(members.text, "//table//a")


# Password


def test_a_wrong_current_password_changes_nothing(client):
    sign_in(client, email_of("sam"), DEMO_PASSWORD)
    response = client.post_form(
        "/profile/password",
        {"current_password": "not my password", "new_password": "a brand new password"},
    )
    assert response.status_code == 422
    assert "Your current password is not correct" in texts(
        response.text, "//div[contains(@class, 'nhsuk-error-summary')]//a"
    )
    client.cookies.clear()
    assert sign_in(client, email_of("sam"), "a brand new password").status_code == 422
    assert sign_in(client, email_of("sam"), DEMO_PASSWORD).status_code == 303


def test_a_short_new_password_is_a_field_error(client):
    sign_in(client, email_of("sam"), DEMO_PASSWORD)
    response = client.post_form(
        "/profile/password", {"current_password": DEMO_PASSWORD, "new_password": "short"}
    )
    assert response.status_code == 422
    assert "New password must be 10 characters or more" in response.text


def test_a_password_error_puts_error_in_the_page_title(client):
    sign_in(client, email_of("sam"), DEMO_PASSWORD)
    response = client.post_form(
        "/profile/password", {"current_password": "wrong", "new_password": "a brand new password"}
    )
    assert response.status_code == 422
    assert title(response.text).startswith("Error: ")


def test_changing_your_password_signs_out_your_other_devices(client, teams):
    sign_in(client, email_of("sam"), DEMO_PASSWORD)
    phone = browser_as(client, "sam")
    assert phone.get("/profile").status_code == 200
    someone_else = browser_as(client, "priya")

    response = client.post_form(
        "/profile/password",
        {"current_password": DEMO_PASSWORD, "new_password": "calm river breath 42"},
    )
    assert response.status_code == 200
    assert "Your password has been changed" in response.text
    assert client.get("/profile").status_code == 200, "this device stays signed in"
    gone = phone.get(f"/teams/{teams['riverside']}", follow_redirects=False)
    assert gone.status_code == 303
    assert gone.headers["location"].startswith("/sign-in?next=")
    assert someone_else.get("/profile").status_code == 200, "other people are not affected"

    fresh = new_browser(client)
    assert sign_in(fresh, email_of("sam"), DEMO_PASSWORD).status_code == 422
    assert sign_in(fresh, email_of("sam"), "calm river breath 42").status_code == 303
