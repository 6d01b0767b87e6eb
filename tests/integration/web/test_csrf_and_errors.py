"""Forged requests, bad input and things that are not there: a clear page, never a 500."""

from __future__ import annotations

import json
import uuid

import pytest

from backend.demo import email_of
from tests.conftest import DEMO_PASSWORD
from tests.support.client import form_values, texts
from tests.support.journeys import (
    accounts_rows,
    browser_as,
    invite,
    mutation,
    query,
    team_name,
    team_version,
    user_id,
)

EXPIRED = "This page has expired"
NAME_TOO_LONG = "Team name must be 100 characters or fewer"


def title(html: str) -> str:
    return texts(html, "//title")[0]


def assert_no_trace(response) -> None:
    assert response.status_code < 500, f"{response.status_code}: {response.text[:300]}"
    assert "Traceback" not in response.text
    assert 'File "' not in response.text


# CSRF


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/profile", {"name": "Forged Name"}),
        ("/profile/password", {"current_password": DEMO_PASSWORD, "new_password": "x" * 12}),
        ("/teams/new", {"name": "Forged team"}),
        ("/teams/{riverside}/settings", {"name": "Forged name"}),
        ("/teams/{riverside}/members/invite", {"email": "a@example.nhs.uk", "roles": "lead"}),
        ("/teams/{riverside}/members/{sam}/remove", {}),
        ("/teams/{riverside}/members/{sam}/roles", {"roles": "admin"}),
    ],
)
def test_a_form_post_without_the_csrf_token_is_refused(signed_in, teams, demo_services, path, data):
    client = signed_in("alex")
    services = demo_services[0]
    riverside = teams["riverside"]
    url = path.format(riverside=riverside, sam=user_id(services, "sam"))
    version = team_version(services, riverside)
    response = client.post(url, data=data, follow_redirects=False)
    assert response.status_code == 403
    assert title(response.text).startswith(EXPIRED)
    assert texts(response.text, "//h1") == [EXPIRED]
    assert team_version(services, riverside) == version, "nothing was written"
    assert client.get("/api/session").json()["name"] == "Alex Morgan"
    assert len(client.get("/api/teams").json()) == 2


def test_a_token_from_another_browser_is_refused(signed_in, teams, demo_services):
    client = signed_in("alex")
    attacker = browser_as(client, "chris")
    response = client.post(
        f"/teams/{teams['riverside']}/settings",
        data={"_csrf_token": attacker.csrf, "name": "Forged name"},
    )
    assert response.status_code == 403
    assert team_name(demo_services[0], teams["riverside"]) == "Riverside MBCT service"


def test_sign_in_without_the_csrf_token_is_refused(client):
    response = client.post("/sign-in", data={"email": email_of("sam"), "password": DEMO_PASSWORD})
    assert response.status_code == 403
    assert title(response.text).startswith(EXPIRED)
    assert client.get("/profile", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("header", [None, "not-the-token", ""])
def test_an_api_post_without_the_csrf_header_is_refused_in_json(
    signed_in, teams, demo_services, header
):
    client = signed_in("alex")
    riverside = teams["riverside"]
    version = team_version(demo_services[0], riverside)
    body = {"mutations": [mutation("team.rename", {"name": "Forged name"})]}
    headers = {} if header is None else {"x-csrf-token": header}
    response = client.post(f"/api/teams/{riverside}/sync/push", json=body, headers=headers)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["status"] == 403
    assert team_version(demo_services[0], riverside) == version


def test_the_api_takes_the_token_from_api_session(signed_in, teams):
    client = signed_in("alex")
    token = client.get("/api/session").json()["csrf_token"]
    body = {"mutations": [mutation("team.rename", {"name": "Riverside renamed"})]}
    response = client.post(
        f"/api/teams/{teams['riverside']}/sync/push", json=body, headers={"x-csrf-token": token}
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["status"] == "applied"


# Things that are not there


@pytest.mark.parametrize(
    "team_id",
    ["zzzzzzzzzzzz", "ZZZZZZZZZZZZ", "short", "a" * 200, "..%2F..%2Faccounts", "%00"],
)
def test_an_unknown_team_is_a_404_page(signed_in, team_id):
    client = signed_in("alex")
    for url in (f"/teams/{team_id}", f"/teams/{team_id}/members", f"/teams/{team_id}/audit"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert title(response.text) == "Page not found - MBP Journey"
        assert_no_trace(response)
    api = client.get(f"/api/teams/{team_id}")
    assert api.status_code == 404
    assert api.json()["status"] == 404


def test_another_teams_member_is_not_found(signed_in, teams, demo_services):
    client = signed_in("alex")
    services = demo_services[0]
    riverside = teams["riverside"]
    chris = user_id(services, "chris")  # in Hillside only
    for url in (f"/teams/{riverside}/members/{chris}", f"/teams/{riverside}/members/not-a-uuid"):
        response = client.get(url)
        assert response.status_code == 404
        assert title(response.text).startswith("Page not found")
    for action in ("roles", "remove"):
        response = client.post_form(
            f"/teams/{riverside}/members/{chris}/{action}", {"roles": "practitioner"}
        )
        assert response.status_code == 404
    hillside_roles = query(
        services, teams["hillside"], "SELECT roles FROM members WHERE user_id = ?", [chris]
    )
    assert hillside_roles[0]["roles"] == "practitioner"
    assert "Chris" not in client.get(f"/teams/{riverside}/members").text


def test_another_teams_invitation_is_not_found(signed_in, teams, demo_services):
    services = demo_services[0]
    _, riverside_invite = invite(services, teams["riverside"], "alex", "kim@example.nhs.uk")
    client = signed_in("morgan")  # lead of Hillside
    response = client.post_form(f"/teams/{teams['hillside']}/invites/{riverside_invite}/revoke")
    assert response.status_code == 404
    for bad in (str(uuid.uuid4()), "not-a-uuid", "x" * 300):
        assert (
            client.post_form(f"/teams/{teams['hillside']}/invites/{bad}/revoke").status_code == 404
        )
    status = query(
        services, teams["riverside"], "SELECT status FROM invites WHERE id = ?", [riverside_invite]
    )
    assert status[0]["status"] == "pending"


@pytest.mark.parametrize("token", ["nope", "x" * 43, "x" * 500])
def test_an_unknown_invitation_link_is_not_found(client, token):
    for response in (client.get(f"/invites/{token}"), client.post_form(f"/invites/{token}", {})):
        assert response.status_code == 404
        assert title(response.text).startswith("Page not found")


def test_an_unknown_page_is_a_404_page(client, signed_in):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert title(response.text) == "Page not found - MBP Journey"
    assert "Sign in" in texts(response.text, "//main//a")
    signed_in("sam")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    api = client.get("/api/no/such/thing")
    assert api.status_code == 404
    assert api.json() == {"error": "Not Found", "status": 404}


# Malformed and oversized input


MALFORMED_BODIES = {
    "truncated": b'{"mutations": [',
    "empty": b"",
    "null": b"null",
    "a list": b"[]",
    "mutations not a list": b'{"mutations": "x"}',
    "mutation not an object": b'{"mutations": [1]}',
    "mutation missing fields": b'{"mutations": [{}]}',
    "args not an object": json.dumps(
        {"mutations": [{**mutation("team.rename", {}), "args": "name"}]}
    ).encode(),
    "id too short": json.dumps(
        {"mutations": [{**mutation("team.rename", {}), "id": "x"}]}
    ).encode(),
    "seq zero": json.dumps({"mutations": [mutation("team.rename", {"name": "A"}, seq=0)]}).encode(),
    "too many": json.dumps(
        {"mutations": [mutation("team.rename", {"name": str(i)}) for i in range(101)]}
    ).encode(),
    "not utf-8": b'{"mutations": ["\xff\xfe"]}',
    "deeply nested": b'{"mutations": [{"args": ' + b"[" * 5000 + b"]" * 5000 + b"}]}",
    "NaN": b'{"mutations": [{"id": "abcdefghij", "name": "team.rename", "args": {"name": NaN},'
    b' "client_id": "c"}]}',
}


@pytest.mark.parametrize(
    "body", [pytest.param(body, id=name) for name, body in MALFORMED_BODIES.items()]
)
def test_malformed_json_to_push_is_a_400_json_answer(signed_in, teams, demo_services, body):
    client = signed_in("alex")
    riverside = teams["riverside"]
    version = team_version(demo_services[0], riverside)
    response = client.post(
        f"/api/teams/{riverside}/sync/push",
        content=body,
        headers={"x-csrf-token": client.csrf, "content-type": "application/json"},
    )
    assert_no_trace(response)
    assert response.status_code == 400
    assert response.json()["status"] == 400
    assert team_version(demo_services[0], riverside) == version


def test_one_change_too_large_is_refused_alone_and_the_batch_applies(
    signed_in, teams, demo_services
):
    client = signed_in("alex")
    riverside = teams["riverside"]
    big = mutation("team.rename", {"name": "Too big", "pad": "ł" * 40_000}, seq=1)  # 80 KB of UTF-8
    small = mutation("team.rename", {"name": "Small enough"}, seq=2)
    response = client.post_json(f"/api/teams/{riverside}/sync/push", {"mutations": [big, small]})
    assert response.status_code == 200
    outcomes = response.json()["results"]
    assert [o["status"] for o in outcomes] == ["rejected", "applied"]
    assert "larger than 64 KB" in outcomes[0]["errors"][""]
    assert team_name(demo_services[0], riverside) == "Small enough"


@pytest.mark.parametrize(
    "extra",
    [{"base_version": 2**63}, {"base_version": -(2**63) - 1}, {"seq": 2**63}],
    ids=["base_version 2**63", "base_version below -2**63", "seq 2**63"],
)
def test_huge_numbers_in_a_mutation_are_never_a_500(signed_in, teams, extra):
    client = signed_in("alex")
    body = {"mutations": [mutation("team.rename", {"name": "Big numbers"}, **extra)]}
    response = client.post_json(f"/api/teams/{teams['riverside']}/sync/push", body)
    assert_no_trace(response)
    assert response.status_code in {200, 400}
    if response.status_code == 200:
        assert response.json()["results"][0]["status"] in {"applied", "held", "rejected"}


def test_a_huge_since_in_pull_is_never_a_500(signed_in, teams):
    client = signed_in("alex")
    response = client.get(f"/api/teams/{teams['riverside']}/sync/pull", params={"since": 2**63})
    assert_no_trace(response)
    assert response.status_code in {200, 400}


@pytest.mark.parametrize(
    "params",
    [{"since": -1}, {"since": "x"}, {"limit": 0}, {"limit": 5000}, {"client_id": "c" * 65}],
)
def test_bad_pull_parameters_are_a_400(signed_in, teams, params):
    client = signed_in("alex")
    response = client.get(f"/api/teams/{teams['riverside']}/sync/pull", params=params)
    assert_no_trace(response)
    assert response.status_code == 400
    assert response.json()["status"] == 400


def test_a_malformed_client_time_does_not_break_the_audit_page(signed_in, teams):
    client = signed_in("alex")
    riverside = teams["riverside"]
    body = {"mutations": [mutation("team.rename", {"name": "Renamed offline"}, at="yesterday")]}
    pushed = client.post_json(f"/api/teams/{riverside}/sync/push", body)
    assert pushed.json()["results"][0]["status"] in {"applied", "rejected"}
    response = client.get(f"/teams/{riverside}/audit")
    assert_no_trace(response)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query_string", ["page=0", "page=abc", "page=-1", "page=999999999", "person=" + "x" * 100]
)
def test_bad_audit_parameters_are_a_page_not_a_500(signed_in, teams, query_string):
    client = signed_in("alex")
    response = client.get(f"/teams/{teams['riverside']}/audit?{query_string}")
    assert_no_trace(response)
    assert response.status_code in {200, 400}


def test_an_over_long_team_name_is_a_field_error_and_nothing_is_written(
    signed_in, teams, demo_services
):
    client = signed_in("alex")
    services = demo_services[0]
    riverside = teams["riverside"]
    version = team_version(services, riverside)
    settings = client.get(f"/teams/{riverside}/settings")
    hidden = form_values(settings.text, f"/teams/{riverside}/settings")
    long_name = "A" * 10_000
    response = client.post_form(f"/teams/{riverside}/settings", {**hidden, "name": long_name})
    assert response.status_code == 422
    assert title(response.text).startswith("Error: ")
    assert NAME_TOO_LONG in texts(
        response.text, "//div[contains(@class, 'nhsuk-error-summary')]//a"
    )
    assert NAME_TOO_LONG in " ".join(texts(response.text, "//*[@id='name-error']"))
    from lxml import html as lxml_html

    kept = lxml_html.document_fromstring(response.text).xpath("//input[@name='name']/@value")
    assert kept == [long_name]
    assert team_version(services, riverside) == version
    assert team_name(services, riverside) == "Riverside MBCT service"
    # The form can be corrected and sent again with the same mutation id.
    again = client.post_form(f"/teams/{riverside}/settings", {**hidden, "name": "Riverside"})
    assert again.status_code == 200
    assert team_name(services, riverside) == "Riverside"


def test_an_over_long_name_for_a_new_team_creates_nothing(signed_in, demo_services):
    client = signed_in("alex")
    services = demo_services[0]
    files = sorted(services.settings.teams_dir.glob("*.db"))
    teams = len(accounts_rows(services, "SELECT * FROM teams"))
    response = client.post_form("/teams/new", {"name": "B" * 10_000})
    assert response.status_code == 422
    assert NAME_TOO_LONG in response.text
    assert sorted(services.settings.teams_dir.glob("*.db")) == files
    assert len(accounts_rows(services, "SELECT * FROM teams")) == teams


@pytest.mark.parametrize(
    "field", ["name", "email"], ids=["over-long team name", "over-long invite email"]
)
def test_over_long_fields_elsewhere_are_field_errors(signed_in, teams, demo_services, field):
    client = signed_in("alex")
    riverside = teams["riverside"]
    version = team_version(demo_services[0], riverside)
    if field == "name":
        response = client.post_form("/teams/new", {"name": "\u00e9" * 5000})
    else:
        response = client.post_form(
            f"/teams/{riverside}/members/invite",
            {"email": "a" * 10_000 + "@example.nhs.uk", "roles": "practitioner"},
        )
    assert response.status_code == 422
    assert "characters or fewer" in response.text
    assert team_version(demo_services[0], riverside) == version


def test_a_form_body_over_2_mb_is_413(signed_in, teams, demo_services):
    client = signed_in("alex")
    riverside = teams["riverside"]
    version = team_version(demo_services[0], riverside)
    response = client.post_form(f"/teams/{riverside}/settings", {"name": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert title(response.text).startswith("What you sent is too large")
    assert_no_trace(response)
    assert team_version(demo_services[0], riverside) == version


def test_a_json_body_over_2_mb_is_413_json(signed_in, teams):
    client = signed_in("alex")
    body = {
        "mutations": [
            mutation("team.rename", {"name": "A", "pad": "x" * 60_000}) for _ in range(40)
        ]
    }
    response = client.post_json(f"/api/teams/{teams['riverside']}/sync/push", body)
    assert response.status_code == 413
    assert response.json()["status"] == 413


def test_a_just_under_limit_body_is_not_refused_for_size(signed_in, teams):
    client = signed_in("alex")
    response = client.post_form(
        f"/teams/{teams['riverside']}/settings", {"name": "x" * (1024 * 1024)}
    )
    assert response.status_code == 422
    assert NAME_TOO_LONG in response.text


def test_a_multipart_form_that_is_not_utf8_is_not_a_500(signed_in, teams, demo_services):
    client = signed_in("alex")
    riverside = teams["riverside"]
    body = (
        b'--b\r\nContent-Disposition: form-data; name="_csrf_token"\r\n\r\n'
        + client.csrf.encode()
        + b'\r\n--b\r\nContent-Disposition: form-data; name="name"\r\n\r\n\xff\xfe\r\n--b--\r\n'
    )
    response = client.post(
        f"/teams/{riverside}/settings",
        content=body,
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert_no_trace(response)
    assert team_name(demo_services[0], riverside) == "Riverside MBCT service"


def test_too_many_form_fields_are_not_a_500(signed_in, teams):
    client = signed_in("alex")
    data = {f"field{i}": "v" for i in range(5000)}
    response = client.post_form(f"/teams/{teams['riverside']}/settings", {**data, "name": "X"})
    assert_no_trace(response)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/sign-out"),
        ("DELETE", "/teams"),
        ("PUT", "/profile"),
        ("GET", "/teams/{riverside}/members/invite"),
        ("GET", "/api/teams/{riverside}/sync/push"),
    ],
)
def test_a_wrong_method_is_never_a_500(signed_in, teams, method, url):
    client = signed_in("sam")
    response = client.request(method, url.format(riverside=teams["riverside"]))
    assert_no_trace(response)
    assert 400 <= response.status_code < 500


# A background request never replaces the CSRF cookie


def test_a_background_request_without_a_session_sets_no_csrf_cookie(client, teams):
    """The service worker saving pages after the session ended must not break sign-in."""
    page = client.get("/sign-in")
    token = client.cookies.get("mbp_csrf")
    assert token
    assert token in page.text
    background = client.get(
        f"/teams/{teams['riverside']}",
        headers={"X-MBP-Background": "1", "Cookie": ""},
    )
    assert background.history or background.url.path == "/sign-in"
    assert all(
        "mbp_csrf" not in r.headers.get("set-cookie", "") for r in [*background.history, background]
    )
    assert background.headers["X-MBP-User"] == ""  # the worker stops here: nobody is signed in
    assert client.cookies.get("mbp_csrf") == token
    sent = client.post(
        "/sign-in",
        data={"_csrf_token": token, "email": email_of("sam"), "password": DEMO_PASSWORD},
    )
    assert sent.status_code == 200
    assert "Sign in to MBP Journey" not in sent.text


def test_a_page_without_a_csrf_cookie_still_sets_one(client):
    assert "mbp_csrf" in client.get("/sign-in").headers.get("set-cookie", "")
