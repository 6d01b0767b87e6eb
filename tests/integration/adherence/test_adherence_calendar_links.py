"""A teacher's secret calendar link: made and shown once, fetched by a calendar app without
a cookie, stopped or replaced; only its sha256 is kept, and it never shows anyone else."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from lxml import html

from backend.accounts import queries as accounts
from backend.demo import email_of
from tests.support.client import form_values, texts
from tests.support.journeys import (
    accounts_rows,
    act,
    browser_as,
    invite,
    new_browser,
    query,
    user_id,
)


def calendar_url(team: str) -> str:
    return f"/teams/{team}/practice/calendar"


def make_link(client, team: str) -> tuple[str, object]:
    """Press "Make a (new) calendar link"; the path of the link shown, and the response."""
    url = calendar_url(team)
    response = client.post_form(url, form_values(client.get(url).text, url))
    assert response.status_code == 200, response.text[:300]
    [link] = html.document_fromstring(response.text).xpath("//input[@id='calendar-link']/@value")
    return urlsplit(str(link)).path, response


def test_a_teacher_makes_a_link_that_works_without_signing_in(
    signed_in, teams, demo_services, client
):
    services = demo_services[0]
    team = teams["riverside"]
    sam = signed_in("sam")
    page = sam.get(calendar_url(team))
    assert texts(page.text, "//h1") == ["Your due dates in a calendar"]
    assert "Make a calendar link" in page.text
    path, made = make_link(sam, team)
    assert re.fullmatch(r"/calendar/[A-Za-z0-9_-]{43}\.ics", path)
    assert made.headers["cache-control"] == "no-store"
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    doc = html.document_fromstring(made.text)
    [webcal] = doc.xpath("//a[starts-with(@href, 'webcal://')]/@href")
    assert webcal.endswith(path)
    assert doc.xpath("//input[@id='calendar-link'][@readonly][@data-copy]")

    # Only the sha256 is kept, in the team file and in the accounts index.
    digest = hashlib.sha256(token.encode()).hexdigest()
    [row] = query(services, team, "SELECT * FROM calendar_links WHERE revoked_at IS NULL")
    assert (row["user_id"], row["token_hash"]) == (user_id(services, "sam"), digest)
    [indexed] = accounts_rows(services, "SELECT * FROM calendar_tokens")
    assert (indexed["token_hash"], indexed["team_id"], indexed["user_id"]) == (
        digest,
        team,
        user_id(services, "sam"),
    )
    changes = query(services, team, "SELECT data FROM changes")
    assert not any(token in c["data"] for c in changes)
    audit = query(services, team, "SELECT summary FROM audit ORDER BY version DESC LIMIT 1")
    assert audit[0]["summary"] == "Made a new calendar link"

    # A calendar app: no cookie, no session.
    app = new_browser(client)
    feed = app.get(path)
    assert feed.status_code == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert feed.headers["cache-control"] == "private, no-store"
    assert "inline" in feed.headers["content-disposition"]
    body = feed.content.decode().replace("\r\n ", "")
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in body
    assert "X-WR-CALNAME:Good practice: Riverside MBCT service" in body
    sam_id = user_id(services, "sam")
    uids = re.findall(r"UID:([^\r]+)", body)
    assert uids
    assert all(f".{sam_id}.{team}@" in uid for uid in uids)  # only Sam's dates

    # The page now says a link is on, without showing it again.
    again = sam.get(calendar_url(team))
    assert "Your calendar link is on" in again.text
    assert token not in again.text


def test_a_new_link_stops_the_old_one_and_stopping_ends_it(signed_in, teams, client):
    team = teams["riverside"]
    sam = signed_in("sam")
    first, _ = make_link(sam, team)
    second, _ = make_link(sam, team)
    app = new_browser(client)
    assert app.get(first).status_code == 404
    assert app.get(second).status_code == 200
    url = calendar_url(team)
    stopped = sam.post_form(
        f"{url}/stop", form_values(sam.get(url).text, f"{url}/stop"), follow_redirects=False
    )
    assert stopped.status_code == 303
    assert app.get(second).status_code == 404
    page = sam.get(url)
    assert "Your calendar link has been stopped" in page.text
    assert "Make a calendar link" in page.text
    none_left = sam.post_form(f"{url}/stop", {})
    assert none_left.status_code == 422
    assert "You do not have a calendar link to stop" in none_left.text


def test_made_up_and_malformed_tokens_look_the_same(client, demo_services):
    good_looking = "A" * 43
    for path in (
        f"/calendar/{good_looking}.ics",
        f"/calendar/{good_looking}",
        "/calendar/short.ics",
        "/calendar/" + "x" * 500 + ".ics",
        "/calendar/..%2F..%2Fetc%2Fpasswd.ics",
    ):
        response = client.get(path)
        assert response.status_code == 404, path


def test_a_double_submit_makes_one_link_and_does_not_show_a_dead_one(
    signed_in, teams, demo_services
):
    services = demo_services[0]
    team = teams["riverside"]
    sam = signed_in("sam")
    url = calendar_url(team)
    hidden = form_values(sam.get(url).text, url)
    assert sam.post_form(url, hidden).status_code == 200
    twice = sam.post_form(url, hidden, follow_redirects=False)
    assert twice.status_code == 303
    assert "cannot be shown again" in sam.get(url).text
    live = query(services, team, "SELECT * FROM calendar_links WHERE revoked_at IS NULL")
    assert len(live) == 1


def test_a_link_belongs_to_one_team_and_ends_when_the_person_leaves(
    signed_in, teams, demo_services, client
):
    services = demo_services[0]
    riverside, hillside = teams["riverside"], teams["hillside"]
    jo = signed_in("jo")
    river_link, _ = make_link(jo, riverside)
    hill_link, _ = make_link(jo, hillside)
    app = new_browser(client)
    assert "Riverside MBCT service" in app.get(river_link).text
    assert "Hillside MBSR service" in app.get(hill_link).text
    rows = accounts_rows(services, "SELECT team_id FROM calendar_tokens ORDER BY team_id")
    assert sorted(r["team_id"] for r in rows) == sorted([riverside, hillside])

    lead = browser_as(client, "alex")
    jo_id = user_id(services, "jo")
    members = f"/teams/{riverside}/members/{jo_id}"
    removed = lead.post_form(
        f"{members}/remove", form_values(lead.get(members).text, f"{members}/remove")
    )
    assert removed.status_code == 200
    assert app.get(river_link).status_code == 404
    assert app.get(hill_link).status_code == 200
    # Invited back, Jo's old link stays dead: it was made before she rejoined.
    token, invite_id = invite(services, riverside, "alex", email_of("jo"))
    joined = act(services, riverside, "jo", "member.join", {"invite_id": invite_id, "token": token})
    assert joined.status == "applied"
    assert app.get(river_link).status_code == 404
    assert "Make a calendar link" in jo.get(calendar_url(riverside)).text


def test_a_disabled_account_and_a_stopped_index_give_nothing(
    signed_in, teams, demo_services, client
):
    services = demo_services[0]
    team = teams["riverside"]
    path, _ = make_link(signed_in("tom"), team)
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    assert accounts.calendar_token(services.accounts.reader, token) == (
        team,
        user_id(services, "tom"),
    )
    from tests.support.journeys import write_accounts, write_team

    # The team file has the last word: a link stopped there is dead, whatever the index says.
    write_team(services, team, "UPDATE calendar_links SET revoked_at = '2026-01-01T00:00:00'")
    assert new_browser(client).get(path).status_code == 404
    write_team(services, team, "UPDATE calendar_links SET revoked_at = NULL")
    assert new_browser(client).get(path).status_code == 200
    write_accounts(
        services,
        "UPDATE users SET disabled_at = '2026-01-01' WHERE id = ?",
        [user_id(services, "tom")],
    )
    assert new_browser(client).get(path).status_code == 404


def test_the_link_reaches_only_its_owners_devices(signed_in, teams, client):
    team = teams["riverside"]
    sam = signed_in("sam")
    before = sam.get(f"/api/teams/{team}/sync/pull", params={"since": 0}).json()
    make_link(sam, team)
    mine = sam.get(
        f"/api/teams/{team}/sync/pull", params={"since": before.get("version", 0)}
    ).json()
    assert any(c["entity"] == "calendar_links" for c in mine["changes"])
    priya = (
        browser_as(client, "priya")
        .get(f"/api/teams/{team}/sync/pull", params={"since": before.get("version", 0)})
        .json()
    )
    assert not any(c["entity"] == "calendar_links" for c in priya["changes"])


def test_your_page_leads_to_the_calendar_page(signed_in, teams):
    team = teams["riverside"]
    page = signed_in("sam").get(f"/teams/{team}/practice")
    assert f'href="/teams/{team}/practice/calendar"' in page.text


def test_a_calendar_app_may_ask_with_head_for_the_same_headers_and_no_body(
    signed_in, teams, client
):
    path, _ = make_link(signed_in("sam"), teams["riverside"])
    app = new_browser(client)
    plain = {"Accept-Encoding": "identity"}
    feed = app.get(path, headers=plain)
    asked = new_browser(client).head(path, headers=plain)
    assert asked.status_code == 200
    assert asked.content == b""
    for name in ("content-type", "content-length", "cache-control", "content-disposition"):
        assert asked.headers[name] == feed.headers[name], name
    assert int(asked.headers["content-length"]) == len(feed.content)
    gone = new_browser(client).head("/calendar/" + "x" * 43 + ".ics")
    assert gone.status_code == 404
    assert gone.content == b""


def test_the_feed_sets_no_cookie(signed_in, teams, client):
    path, _ = make_link(signed_in("sam"), teams["riverside"])
    for method in ("GET", "HEAD"):
        app = new_browser(client)
        answer = app.request(method, path)
        assert answer.status_code == 200
        assert "set-cookie" not in answer.headers, method
        assert not app.cookies


def test_the_calendar_link_is_built_from_the_base_url_not_the_host_header(signed_in, teams):
    client = signed_in("sam")
    page = client.post_form(
        f"/teams/{teams['riverside']}/practice/calendar",
        {},
        headers={"host": "evil.example.com"},
    )
    assert "evil.example.com" not in page.text
    assert "http://127.0.0.1:8000/calendar/" in page.text


def test_the_server_makes_every_token_a_client_cannot_choose_its_own(
    signed_in, teams, demo_services, client
):
    """Through the API a client may send a token hash of its choosing: it is ignored, the
    server makes the token and hands it back once in the result; it is never stored."""
    from tests.support.journeys import mutation

    services = demo_services[0]
    team = teams["riverside"]
    sam = signed_in("sam")
    chosen = "guessable-calendar-token-aaaaaaaaaaaaaaaaaaaa"[:43]
    sent = mutation(
        "practice.calendar_link_new",
        {"token_hash": accounts.token_hash(chosen), "token": chosen},
    )
    pushed = sam.post_json(f"/api/teams/{team}/sync/push", {"mutations": [sent]})
    assert pushed.status_code == 200, pushed.text[:300]
    [outcome] = pushed.json()["results"]
    assert outcome["status"] == "applied", outcome
    made = outcome["result"]["calendar_token"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", made)
    assert made != chosen
    [row] = query(services, team, "SELECT token_hash FROM calendar_links WHERE revoked_at IS NULL")
    assert row["token_hash"] == hashlib.sha256(made.encode()).hexdigest()
    assert new_browser(client).get(f"/calendar/{chosen}.ics").status_code == 404
    assert new_browser(client).get(f"/calendar/{made}.ics").status_code == 200

    # Never stored: not in the settled mutation, and a resend does not show it again.
    settled = query(services, team, "SELECT result FROM mutations WHERE id = ?", [sent["id"]])
    assert made not in settled[0]["result"]
    again = sam.post_json(f"/api/teams/{team}/sync/push", {"mutations": [sent]})
    [replayed] = again.json()["results"]
    assert replayed["status"] == "duplicate"
    assert "calendar_token" not in replayed["result"]
