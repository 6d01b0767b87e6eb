"""The privacy notice, accessibility statement, cookies page and security.txt: public,
linked from every page, worded per deployment, and true to what the app does."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from backend.dates import uk_today
from backend.demo import email_of
from backend.legal.notices import FILE_NAME, Notices, NoticesError, notices_for, parse
from backend.legal.routes import COOKIES
from tests.conftest import DEMO_PASSWORD
from tests.support.client import texts

PAGES = {
    "/privacy": "Privacy notice",
    "/accessibility": "Accessibility statement",
    "/cookies": "Cookies",
}


@pytest.mark.parametrize("path", sorted(PAGES))
def test_the_page_is_public_and_every_page_links_to_it(client, signed_in, teams, path):
    response = client.get(path)
    assert response.status_code == 200
    assert texts(response.text, "//h1")[0].startswith(PAGES[path])
    alex = signed_in("alex")
    for page in ("/", "/about", f"/teams/{teams['riverside']}", "/sign-in", path):
        links = texts(alex.get(page).text, f"//footer//a[@href='{path}']")
        assert links == [PAGES[path]], page


def test_the_legal_pages_are_in_everyones_offline_set(signed_in, teams):
    for person in ("sam", "alex"):
        urls = signed_in(person).get(f"/api/teams/{teams['riverside']}/offline-set").json()["urls"]
        assert {"/privacy", "/accessibility", "/cookies", "/about"} <= set(urls), person


def test_the_cookies_page_lists_every_cookie_the_app_sets(client, teams):
    """Sign in, post a form that leaves a success message, sign out: every cookie set on the
    way must be on the cookies page, and nothing is listed there that the app never sets."""
    set_names: set[str] = set()

    def note(response):  # type: ignore[no-untyped-def]
        for header in response.headers.get_list("set-cookie"):
            set_names.add(header.split("=", 1)[0])
        return response

    note(client.get("/sign-in"))
    signed_in = {"email": email_of("alex"), "password": DEMO_PASSWORD}
    note(client.post_form("/sign-in", signed_in, follow_redirects=False))
    settings = f"/teams/{teams['riverside']}/settings"
    note(client.post_form(settings, {"name": "Riverside MBCT"}, follow_redirects=False))
    note(client.get(settings))
    note(client.post_form("/sign-out", follow_redirects=False))
    listed = {c["name"] for c in COOKIES}
    assert set_names == listed, f"set: {sorted(set_names)}, listed: {sorted(listed)}"
    page = client.get("/cookies").text
    for name in listed:
        assert f"<code>{name}</code>" in page


def test_the_wording_comes_from_the_deployments_notices_file(client, demo_services):
    settings = demo_services[0].settings
    (settings.data_dir / FILE_NAME).write_text(
        'organisation = "Riverside NHS Foundation Trust"\n'
        'contact = "the mindfulness service lead at mbct@riverside.example"\n'
        'security_contact = "mailto:cyber@riverside.example"\n'
        'extra_privacy = ["Riverside keeps its records in its own UK data centre."]\n'
    )
    privacy = client.get("/privacy").text
    assert "run by Riverside NHS Foundation Trust" in privacy
    assert "mbct@riverside.example" in privacy
    assert "Riverside keeps its records in its own UK data centre." in privacy
    assert "Riverside NHS Foundation Trust" in client.get("/accessibility").text
    assert "Contact: mailto:cyber@riverside.example" in client.get("/.well-known/security.txt").text


def test_without_a_notices_file_the_defaults_are_used(client):
    assert "your team&#39;s service lead" in client.get("/privacy").text


def test_a_bad_notices_file_shows_the_defaults_and_says_why_in_the_log(
    client, demo_services, caplog
):
    settings = demo_services[0].settings
    (settings.data_dir / FILE_NAME).write_text('organisaton = "typo"\n')
    response = client.get("/privacy")
    assert response.status_code == 200
    assert "the organisation that runs this service" in response.text
    assert "unknown key 'organisaton'" in caplog.text


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"organisaton": "x"}, "unknown key 'organisaton'"),
        ({"contact": ""}, "notices.toml: 'contact' must be non-empty text"),
        ({"contact": 3}, "notices.toml: 'contact' must be non-empty text"),
        ({"extra_privacy": "one"}, "'extra_privacy' must be a list of texts"),
        ({"security_contact": "security@x.nhs.uk"}, "must start mailto:"),
    ],
)
def test_notices_refuse_unknown_keys_and_wrong_values(raw, message):
    with pytest.raises(NoticesError, match=message):
        parse(raw)


def test_notices_are_read_again_when_the_file_changes(tmp_path):
    assert notices_for(tmp_path) == Notices()
    path = tmp_path / FILE_NAME
    path.write_text('contact = "first"\n')
    assert notices_for(tmp_path).contact == "first"
    path.write_text('contact = "second one"\n')
    import os

    os.utime(path, ns=(1, 2_000_000_000_000_000_000))
    assert notices_for(tmp_path).contact == "second one"


def test_security_txt_follows_rfc_9116(client, monkeypatch):
    monkeypatch.setenv("MBP_SECURITY_CONTACT", "https://riverside.example/report")
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    fields = dict(line.split(": ", 1) for line in response.text.strip().splitlines())
    assert set(fields) == {"Contact", "Expires", "Preferred-Languages", "Canonical"}
    assert fields["Contact"] == "https://riverside.example/report"
    expires = datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00")).date()
    assert expires == uk_today() + timedelta(days=180)
    assert uk_today() < expires < uk_today() + timedelta(days=366)  # RFC: under a year
    assert fields["Preferred-Languages"] == "en"
    assert re.fullmatch(r"https?://[^/]+/\.well-known/security\.txt", fields["Canonical"])


def test_security_txt_has_a_contact_without_settings(client):
    text = client.get("/.well-known/security.txt").text
    assert re.search(r"^Contact: mailto:security@\S+$", text, re.MULTILINE)


def test_the_accessibility_statement_says_when_it_was_tested_and_how_to_report(client):
    page = client.get("/accessibility").text
    assert "partially compliant" in page
    assert "WCAG" in page or "Web Content Accessibility Guidelines version 2.2" in page
    for heading in (
        "Known issues",
        "How we tested this service",
        "Feedback and contact information",
    ):
        assert heading in texts(page, "//h2|//h3"), heading
    assert "Nu HTML Checker" in page  # the statement names every check the suite runs
    tested = date.fromisoformat(Notices().accessibility_tested_on)
    assert f"last run on {tested.isoformat()}" in page
