"""Teams: creating and switching, inviting people, roles, leaving, the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from lxml import html as lxml_html

from backend.demo import email_of
from tests.conftest import DEMO_PASSWORD
from tests.support.client import form_values, texts
from tests.support.html_checker import check_page
from tests.support.journeys import (
    accounts_rows,
    act,
    browser_as,
    link_path,
    new_browser,
    query,
    team_name,
    team_version,
    user_id,
    write_team,
)

NEW_PASSWORD = "calm river breath 42"


def title(html: str) -> str:
    return texts(html, "//title")[0]


def flash(html: str) -> str:
    return " ".join(texts(html, "//*[contains(@class, 'nhsuk-notification-banner')]"))


def errors(html: str) -> list[str]:
    return texts(html, "//div[contains(@class, 'nhsuk-error-summary')]//li")


def team_names(client) -> list[str]:
    return [t["name"] for t in client.get("/api/teams").json()]


def invite_by_page(client, team_id: str, email: str, roles: list[str]):
    """A lead fills in "Invite someone" on the members page; the response."""
    page = client.get(f"/teams/{team_id}/members")
    hidden = form_values(page.text, f"/teams/{team_id}/members/invite")
    return client.post_form(
        f"/teams/{team_id}/members/invite", {**hidden, "email": email, "roles": roles}
    )


def invite_link(client, team_id: str, email: str, roles: list[str] | None = None) -> str:
    response = invite_by_page(client, team_id, email, roles or ["practitioner"])
    assert response.status_code == 200, response.text[:300]
    return link_path(response.text)


def checked_roles(html: str) -> list[str]:
    doc = lxml_html.document_fromstring(html)
    return sorted(doc.xpath("//input[@name='roles'][@checked]/@value"))


# Creating and switching teams


def test_creating_a_team_makes_you_its_admin_and_lead(signed_in, demo_services):
    client = signed_in("alex")
    page = client.get("/teams/new")
    hidden = form_values(page.text, "/teams/new")
    response = client.post_form("/teams/new", {**hidden, "name": "Northside  MBSR service"})
    assert response.status_code == 200
    team_id = response.url.path.rsplit("/", 1)[-1]
    assert response.url.path == f"/teams/{team_id}"
    assert "Northside MBSR service has been created" in flash(response.text)
    assert title(response.text) == "Team home - Northside MBSR service - MBP Journey"
    assert (demo_services[0].settings.teams_dir / f"{team_id}.db").exists()

    mine = {t["id"]: t for t in client.get("/api/teams").json()}
    assert mine[team_id]["name"] == "Northside MBSR service"
    assert {"admin", "lead"} <= set(mine[team_id]["roles"])
    listed = client.get("/teams")
    assert "Northside MBSR service" in texts(listed.text, "//ul//a")
    assert client.get(f"/teams/{team_id}/settings").status_code == 200
    assert client.get(f"/teams/{team_id}/audit").status_code == 200
    # Nobody else can see it.
    other = browser_as(client, "sam")
    assert other.get(f"/teams/{team_id}").status_code == 404
    assert "Northside MBSR service" not in team_names(other)


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Enter team name"), ("   ", "Enter team name"), ("x" * 101, "100 characters or fewer")],
)
def test_a_new_team_needs_a_sensible_name(signed_in, demo_services, name, message):
    client = signed_in("alex")
    before = len(accounts_rows(demo_services[0], "SELECT id FROM teams"))
    response = client.post_form("/teams/new", {"name": name})
    assert response.status_code == 422
    assert any(message in e for e in errors(response.text))
    assert len(accounts_rows(demo_services[0], "SELECT id FROM teams")) == before


def test_a_double_submitted_create_team_form_makes_one_team(signed_in, demo_services):
    client = signed_in("alex")
    hidden = form_values(client.get("/teams/new").text, "/teams/new")
    client.post_form("/teams/new", {**hidden, "name": "Double click service"})
    client.post_form("/teams/new", {**hidden, "name": "Double click service"})
    assert team_names(client).count("Double click service") == 1


def test_someone_in_two_teams_switches_between_them(signed_in, teams):
    client = signed_in("alex")
    listed = client.get("/teams")
    assert texts(listed.text, "//ul[contains(@class, 'app-team-list')]//a") == [
        "Hillside MBSR service",
        "Riverside MBCT service",
    ]
    assert client.get("/").url.path == f"/teams/{teams['riverside']}"

    hillside = client.get(f"/teams/{teams['hillside']}")
    assert hillside.status_code == 200
    assert "Hillside MBSR service" in title(hillside.text)
    current = client.get("/teams")
    assert "Current team" in " ".join(
        texts(current.text, f"//li[a[@href='/teams/{teams['hillside']}']]")
    )
    # Leading Riverside outranks supervising at Hillside: "/" is still the lead's home.
    assert client.get("/").url.path == f"/teams/{teams['riverside']}"
    client.get(f"/teams/{teams['hillside']}")
    # Supervisor at Hillside: no lead pages there, though alex leads Riverside.
    assert client.get(f"/teams/{teams['hillside']}/settings").status_code == 403
    nav = texts(hillside.text, "//header//nav//a")
    assert "Audit" not in nav
    assert "Settings" not in nav

    client.get(f"/teams/{teams['riverside']}")
    assert client.get("/").url.path == f"/teams/{teams['riverside']}"


def test_signing_in_on_another_device_lands_where_there_is_something_to_do(signed_in, teams):
    # Jo supervises at Riverside and nobody at Hillside: the team used last loses.
    laptop = signed_in("jo")
    laptop.get(f"/teams/{teams['hillside']}")
    phone = browser_as(laptop, "jo")
    assert phone.get("/").url.path == f"/teams/{teams['riverside']}/adherence"


def test_the_team_used_last_breaks_a_tie(signed_in, teams):
    # Alex is lead at Riverside; once also a lead at Hillside, the team used last wins.
    morgan = signed_in("morgan")
    alex_id = user_id(morgan.app.state.services, "alex")
    page = morgan.get(f"/teams/{teams['hillside']}/members/{alex_id}")
    hidden = form_values(page.text, f"/teams/{teams['hillside']}/members/{alex_id}/roles")
    morgan.post_form(
        f"/teams/{teams['hillside']}/members/{alex_id}/roles",
        {**hidden, "roles": ["lead", "supervisor"]},
    )
    alex = browser_as(morgan, "alex")
    alex.get(f"/teams/{teams['hillside']}")
    alex.post("/sign-out", headers={"Sec-Fetch-Site": "same-origin"})
    alex.sign_in(email_of("alex"), DEMO_PASSWORD)
    assert alex.get("/").url.path == f"/teams/{teams['hillside']}"
    alex.get(f"/teams/{teams['riverside']}")
    assert alex.get("/").url.path == f"/teams/{teams['riverside']}"


def test_someone_in_no_team_is_offered_to_create_one(client, signed_in, teams):
    signed_in("tom")
    alex = browser_as(client, "alex")
    tom_id = user_id(client.app.state.services, "tom")
    alex.post_form(f"/teams/{teams['riverside']}/members/{tom_id}/remove")
    response = client.get("/")
    assert response.url.path == "/teams"
    assert "You are not in a team yet" in response.text


# Invitations


def test_a_new_person_joins_by_invitation_link(signed_in, teams, demo_services):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    response = invite_by_page(
        alex, riverside, "kim.new@example.nhs.uk", ["practitioner", "supervisor"]
    )
    assert response.status_code == 200
    assert "Invitation created" in title(response.text)
    path = link_path(response.text)
    assert path.startswith("/invites/")
    members = alex.get(f"/teams/{riverside}/members")
    assert "kim.new@example.nhs.uk" in " ".join(
        texts(members.text, "//ul[@class='nhsuk-list app-invites']//li")
    )

    kim = new_browser(alex)
    page = kim.get(path)
    assert page.status_code == 200
    assert texts(page.text, "//h1") == ["Join Riverside MBCT service"]
    assert "kim.new@example.nhs.uk" in page.text
    short = kim.post_form(path, {"name": "Kim New", "password": "short"})
    assert short.status_code == 422
    assert any("Password must be 10 characters or more" in e for e in errors(short.text))
    doc = lxml_html.document_fromstring(short.text)
    assert doc.xpath("//input[@name='name']/@value") == ["Kim New"]
    assert (
        accounts_rows(
            demo_services[0], "SELECT 1 FROM users WHERE email = ?", ["kim.new@example.nhs.uk"]
        )
        == []
    )

    joined = kim.post_form(path, {"name": "Kim New", "password": NEW_PASSWORD})
    assert joined.status_code == 200
    assert joined.url.path == f"/teams/{riverside}"
    assert "Welcome to Riverside MBCT service" in flash(joined.text)
    assert kim.get("/api/session").json()["email"] == "kim.new@example.nhs.uk"
    me = next(
        m for m in kim.get(f"/api/teams/{riverside}/members").json() if m["name"] == "Kim New"
    )
    assert sorted(me["roles"]) == ["practitioner", "supervisor"]
    assert "Kim New joined the team" in " ".join(
        texts(joined.text, "//section[@id='team-activity']//li")
    )
    assert (
        "kim.new@example.nhs.uk"
        not in alex.get(f"/teams/{riverside}/members").text.split("Invitations waiting")[-1]
    )

    # The password works from another device.
    fresh = new_browser(alex)
    fresh.sign_in("kim.new@example.nhs.uk", NEW_PASSWORD)
    assert fresh.get("/").url.path == f"/teams/{riverside}/practice"  # no supervisees yet


def test_an_invitation_link_works_only_once(signed_in, teams):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    path = invite_link(alex, riverside, "kim.new@example.nhs.uk")
    kim = new_browser(alex)
    assert kim.post_form(path, {"name": "Kim New", "password": NEW_PASSWORD}).status_code == 200

    again = new_browser(alex).get(path)
    assert again.status_code == 410
    assert texts(again.text, "//h1") == [
        "This invitation link has expired or has already been used"
    ]
    chris = browser_as(alex, "chris")
    assert chris.get(path).status_code == 410
    assert chris.post_form(path, {}).status_code == 410
    assert "Riverside MBCT service" not in team_names(chris)


def test_someone_with_an_account_signs_in_before_joining(signed_in, teams):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    path = invite_link(alex, riverside, email_of("chris"), ["practitioner"])

    chris = new_browser(alex)
    page = chris.get(path)
    assert page.status_code == 200
    assert f"/sign-in?next={path}" in page.text
    assert "Create a password" not in page.text
    refused = chris.post_form(
        path, {"name": "Someone Else", "password": "a password I chose"}, follow_redirects=False
    )
    assert refused.status_code == 303
    assert refused.headers["location"] == f"/sign-in?next={path}"
    assert (
        new_browser(alex)
        .post_form("/sign-in", {"email": email_of("chris"), "password": "a password I chose"})
        .status_code
        == 422
    )

    signed = chris.post_form(
        "/sign-in", {"email": email_of("chris"), "password": DEMO_PASSWORD, "next": path}
    )
    assert signed.url.path == path
    joined = chris.post_form(path, form_values(signed.text, path))
    assert joined.url.path == f"/teams/{riverside}"
    assert sorted(team_names(chris)) == ["Hillside MBSR service", "Riverside MBCT service"]
    assert chris.get(f"/teams/{riverside}").status_code == 200


def test_a_cancelled_invitation_link_no_longer_works(signed_in, teams, demo_services):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    path = invite_link(alex, riverside, "kim.new@example.nhs.uk")
    members = alex.get(f"/teams/{riverside}/members")
    doc = lxml_html.document_fromstring(members.text)
    cancel = [
        f.get("action")
        for f in doc.xpath("//form")
        if f.get("action", "").endswith("/revoke")
        and "kim.new@example.nhs.uk" in f.getparent().text_content()
    ]
    assert len(cancel) == 1
    response = alex.post_form(cancel[0])
    assert response.status_code == 200
    assert "The invitation has been cancelled" in flash(response.text)
    assert "kim.new@example.nhs.uk" not in response.text
    assert alex.post_form(cancel[0]).status_code == 404, "cancelling twice"

    kim = new_browser(alex)
    assert kim.get(path).status_code == 410
    assert kim.post_form(path, {"name": "Kim New", "password": NEW_PASSWORD}).status_code == 410
    assert "Kim New" not in [m["name"] for m in alex.get(f"/api/teams/{riverside}/members").json()]


def test_inviting_the_same_email_again_replaces_the_old_link(signed_in, teams):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    first = invite_link(alex, riverside, "kim.new@example.nhs.uk")
    second = invite_link(alex, riverside, "Kim.New@example.nhs.uk")
    assert first != second
    kim = new_browser(alex)
    assert kim.get(first).status_code == 410
    assert kim.get(second).status_code == 200


def test_an_expired_invitation_link_is_gone(signed_in, teams, demo_services):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    path = invite_link(alex, riverside, "kim.new@example.nhs.uk")
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    write_team(demo_services[0], riverside, "UPDATE invites SET expires_at = ?", [past])

    kim = new_browser(alex)
    page = kim.get(path)
    assert page.status_code == 410
    assert "expired" in texts(page.text, "//h1")[0]
    response = kim.post_form(path, {"name": "Kim New", "password": NEW_PASSWORD})
    assert response.status_code == 410
    assert kim.get("/profile", follow_redirects=False).status_code == 303, "not signed in"
    assert "Kim New" not in [m["name"] for m in alex.get(f"/api/teams/{riverside}/members").json()]
    listed = alex.get(f"/teams/{riverside}/members")
    assert "Expired" in texts(listed.text, "//ul[@class='nhsuk-list app-invites']//strong")


@pytest.mark.parametrize("how", ["expired", "cancelled"])
def test_a_dead_invitation_link_creates_no_account(signed_in, teams, demo_services, how):
    services = demo_services[0]
    alex = signed_in("alex")
    riverside = teams["riverside"]
    path = invite_link(alex, riverside, "kim.new@example.nhs.uk")
    if how == "expired":
        past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
        write_team(services, riverside, "UPDATE invites SET expires_at = ?", [past])
    else:
        write_team(services, riverside, "UPDATE invites SET status = 'revoked'")
    new_browser(alex).post_form(path, {"name": "Someone", "password": NEW_PASSWORD})
    rows = accounts_rows(
        services, "SELECT 1 FROM users WHERE email = ?", ["kim.new@example.nhs.uk"]
    )
    assert rows == []


@pytest.mark.parametrize(
    ("email", "roles", "message"),
    [
        ("not an email", ["practitioner"], "Enter an email address in the correct format"),
        ("", ["practitioner"], "Enter email address"),
        ("kim@example.nhs.uk", [], "Select at least one role"),
        ("kim@example.nhs.uk", ["owner"], "Select role from the list"),
        (email_of("sam").upper(), ["practitioner"], "is already a member of this team"),
    ],
)
def test_invite_problems_are_field_errors(signed_in, teams, demo_services, email, roles, message):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    version = team_version(demo_services[0], riverside)
    response = invite_by_page(alex, riverside, email, roles)
    assert response.status_code == 422
    assert title(response.text).startswith("Error: Members")
    assert any(message in e for e in errors(response.text)), errors(response.text)
    doc = lxml_html.document_fromstring(response.text)
    assert doc.xpath("//input[@name='email']/@value") in ([email], [] if not email else [email])
    assert team_version(demo_services[0], riverside) == version


def test_the_invitation_created_page_has_one_h1(signed_in, teams):
    alex = signed_in("alex")
    response = invite_by_page(alex, teams["riverside"], "kim@example.nhs.uk", ["practitioner"])
    assert response.status_code == 200
    assert check_page(response.text) == []


def test_only_leads_see_and_use_invitations(signed_in, teams):
    sam = signed_in("sam")
    riverside = teams["riverside"]
    members = sam.get(f"/teams/{riverside}/members")
    assert "Invite someone" not in members.text
    assert "new.teacher@example.nhs.uk" not in members.text
    response = sam.post_form(
        f"/teams/{riverside}/members/invite", {"email": "x@example.nhs.uk", "roles": "admin"}
    )
    assert response.status_code == 403


# Roles


def test_a_lead_changes_someones_roles_and_it_is_audited(signed_in, teams, demo_services):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    sam_id = user_id(demo_services[0], "sam")
    page = alex.get(f"/teams/{riverside}/members/{sam_id}")
    assert checked_roles(page.text) == ["practitioner"]
    hidden = form_values(page.text, f"/teams/{riverside}/members/{sam_id}/roles")
    response = alex.post_form(
        f"/teams/{riverside}/members/{sam_id}/roles", {**hidden, "roles": ["practitioner", "lead"]}
    )
    assert response.status_code == 200
    assert "Sam Patel's roles have been changed" in flash(response.text)
    assert checked_roles(response.text) == ["lead", "practitioner"]
    audit = alex.get(f"/teams/{riverside}/audit")
    assert (
        "Changed Sam Patel's roles to service lead, practitioner"
        in texts(audit.text, "//table//tbody/tr")[0]
    )

    # Sam is a lead at once: the lead pages open, and the team list says so.
    sam = browser_as(alex, "sam")
    assert sam.get(f"/teams/{riverside}/settings").status_code == 200
    mine = {t["id"]: t for t in sam.get("/api/teams").json()}
    assert sorted(mine[riverside]["roles"]) == ["lead", "practitioner"]


def test_a_lead_who_is_not_admin_cannot_make_admins(signed_in, teams, demo_services):
    services = demo_services[0]
    riverside = teams["riverside"]
    act(
        services,
        riverside,
        "alex",
        "member.roles",
        {"user_id": user_id(services, "sam"), "roles": ["practitioner", "lead"]},
    )
    sam = signed_in("sam")
    tom_id = user_id(services, "tom")
    page = sam.get(f"/teams/{riverside}/members/{tom_id}")
    doc = lxml_html.document_fromstring(page.text)
    assert doc.xpath("//input[@name='roles'][@value='admin']") == []
    assert doc.xpath("//input[@name='roles'][@value='lead']")
    response = sam.post_form(
        f"/teams/{riverside}/members/{tom_id}/roles", {"roles": ["practitioner", "admin"]}
    )
    assert response.status_code == 422
    assert "Only a team admin can make someone a team admin" in errors(response.text)
    tom = next(
        m for m in sam.get(f"/api/teams/{riverside}/members").json() if m["user_id"] == tom_id
    )
    assert tom["roles"] == ["practitioner"]
    # Nor take admin away from the admin.
    alex_id = user_id(services, "alex")
    response = sam.post_form(f"/teams/{riverside}/members/{alex_id}/roles", {"roles": ["lead"]})
    assert response.status_code == 422


def test_the_last_admin_cannot_drop_admin(signed_in, teams, demo_services):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    alex_id = user_id(demo_services[0], "alex")
    version = team_version(demo_services[0], riverside)
    response = alex.post_form(f"/teams/{riverside}/members/{alex_id}/roles", {"roles": ["lead"]})
    assert response.status_code == 422
    assert "A team needs at least one team admin" in errors(response.text)
    assert team_version(demo_services[0], riverside) == version
    # With a second admin, alex can step down.
    jo_id = user_id(demo_services[0], "jo")
    alex.post_form(f"/teams/{riverside}/members/{jo_id}/roles", {"roles": ["admin", "supervisor"]})
    response = alex.post_form(f"/teams/{riverside}/members/{alex_id}/roles", {"roles": ["lead"]})
    assert response.status_code == 200
    rows = texts(alex.get(f"/teams/{riverside}/audit").text, "//table//tbody/tr")
    assert "Changed Alex Morgan's roles to service lead" in rows[0]
    assert "Changed Jo Clarke's roles to team admin, supervisor" in rows[1]


@pytest.mark.parametrize(
    ("roles", "message"),
    [([], "Select at least one role"), (["boss"], "Select role from the list")],
)
def test_roles_must_be_chosen_from_the_list(signed_in, teams, demo_services, roles, message):
    alex = signed_in("alex")
    sam_id = user_id(demo_services[0], "sam")
    response = alex.post_form(
        f"/teams/{teams['riverside']}/members/{sam_id}/roles", {"roles": roles}
    )
    assert response.status_code == 422
    assert message in errors(response.text)


# Removing people and leaving


def test_a_lead_removes_a_member(signed_in, teams, demo_services):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    tom = browser_as(alex, "tom")
    assert tom.get(f"/teams/{riverside}").status_code == 200
    tom_id = user_id(demo_services[0], "tom")
    response = alex.post_form(f"/teams/{riverside}/members/{tom_id}/remove")
    assert response.status_code == 200
    assert response.url.path == f"/teams/{riverside}/members"
    assert "Tom Evans has been removed from the team" in flash(response.text)
    assert "Tom Evans" not in texts(response.text, "//table//a")
    assert alex.get(f"/teams/{riverside}/members/{tom_id}").status_code == 404
    assert "Removed Tom Evans" in alex.get(f"/teams/{riverside}/audit").text

    assert tom.get(f"/teams/{riverside}").status_code == 404
    assert tom.get(f"/api/teams/{riverside}/sync/pull").status_code == 404
    assert team_names(tom) == []


def test_a_member_leaves_a_team(signed_in, teams, demo_services):
    sam = signed_in("sam")
    riverside = teams["riverside"]
    sam_id = user_id(demo_services[0], "sam")
    page = sam.get(f"/teams/{riverside}/members/{sam_id}")
    assert "Leave team" in page.text
    response = sam.post_form(f"/teams/{riverside}/members/{sam_id}/remove")
    assert response.url.path == "/teams"
    assert "You have left Riverside MBCT service" in flash(response.text)
    assert sam.get(f"/teams/{riverside}").status_code == 404
    alex = browser_as(sam, "alex")
    assert "Sam Patel left the team" in alex.get(f"/teams/{riverside}/audit").text


def test_a_practitioner_cannot_remove_someone_else(signed_in, teams, demo_services):
    sam = signed_in("sam")
    riverside = teams["riverside"]
    priya_id = user_id(demo_services[0], "priya")
    page = sam.get(f"/teams/{riverside}/members/{priya_id}")
    assert "Remove Priya Shah" not in page.text
    assert sam.post_form(f"/teams/{riverside}/members/{priya_id}/remove").status_code == 404
    assert "Priya Shah" in [m["name"] for m in sam.get(f"/api/teams/{riverside}/members").json()]


def test_the_last_admin_cannot_leave(signed_in, teams, demo_services):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    alex_id = user_id(demo_services[0], "alex")
    response = alex.post_form(f"/teams/{riverside}/members/{alex_id}/remove")
    assert response.status_code == 422
    assert any("A team needs at least one team admin" in e for e in errors(response.text))
    assert alex.get(f"/teams/{riverside}").status_code == 200


def test_a_lead_who_is_not_admin_cannot_remove_the_admin(signed_in, teams, demo_services):
    services = demo_services[0]
    riverside = teams["riverside"]
    act(
        services,
        riverside,
        "alex",
        "member.roles",
        {"user_id": user_id(services, "sam"), "roles": ["lead"]},
    )
    sam = signed_in("sam")
    response = sam.post_form(f"/teams/{riverside}/members/{user_id(services, 'alex')}/remove")
    assert response.status_code == 422
    assert "Only a team admin can remove a team admin" in response.text
    assert "Alex Morgan" in [m["name"] for m in sam.get(f"/api/teams/{riverside}/members").json()]


def test_someone_removed_can_be_invited_back(signed_in, teams, demo_services):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    tom_id = user_id(demo_services[0], "tom")
    alex.post_form(f"/teams/{riverside}/members/{tom_id}/remove")
    path = invite_link(alex, riverside, email_of("tom"), ["supervisor"])
    tom = browser_as(alex, "tom")
    page = tom.get(path)
    joined = tom.post_form(path, form_values(page.text, path))
    assert joined.url.path == f"/teams/{riverside}"
    me = next(
        m for m in tom.get(f"/api/teams/{riverside}/members").json() if m["user_id"] == tom_id
    )
    assert me["roles"] == ["supervisor"]


# Team home and the audit trail


def test_team_home_shows_recent_activity_and_members(signed_in, teams):
    sam = signed_in("sam")
    home = sam.get(f"/teams/{teams['riverside']}")
    assert texts(home.text, "//h1") == ["Team home"]
    activity = texts(home.text, "//section[@id='team-activity']//li")
    assert 1 <= len(activity) <= 8
    people = " ".join(texts(home.text, "//section[@id='team-members']//li"))
    for name in ("Alex Morgan", "Sam Patel", "Jo Clarke", "Priya Shah", "Tom Evans"):
        assert name in people
    assert "Chris Wong" not in people
    assert "See the full audit trail" not in home.text
    nav = texts(home.text, "//header//nav//a")
    assert "Members" in nav
    assert "Audit" not in nav
    assert "Settings" not in nav

    alex = browser_as(sam, "alex")
    alex.post_form(f"/teams/{teams['riverside']}/settings", {"name": "Riverside MBCT"})
    home = sam.get(f"/teams/{teams['riverside']}")
    newest = texts(home.text, "//section[@id='team-activity']//li")[0]
    assert "Renamed the team to Riverside MBCT" in newest
    assert "Alex Morgan" in newest
    assert "See the full audit trail" in alex.get(f"/teams/{teams['riverside']}").text


def test_the_audit_trail_says_who_changed_what(signed_in, teams, demo_services):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    alex.post_form(f"/teams/{riverside}/settings", {"name": "Riverside renamed"})
    audit = alex.get(f"/teams/{riverside}/audit")
    assert audit.status_code == 200
    rows = texts(audit.text, "//table//tbody/tr")
    assert "Renamed the team to Riverside renamed" in rows[0]
    assert "Alex Morgan" in rows[0]
    assert "team.rename" in rows[0]
    total = len(query(demo_services[0], riverside, "SELECT id FROM audit"))
    last = alex.get(f"/teams/{riverside}/audit", params={"page": -(-total // 50)})
    assert "Created the team Riverside MBCT service" in texts(last.text, "//table//tbody/tr")[-1]

    jo_id = user_id(demo_services[0], "jo")
    only_jo = alex.get(f"/teams/{riverside}/audit", params={"person": jo_id})
    rows = texts(only_jo.text, "//table//tbody/tr")
    assert rows
    assert all("Jo Clarke" in r for r in rows)

    for person in ("sam", "jo"):
        other = browser_as(alex, person)
        assert other.get(f"/teams/{riverside}/audit").status_code == 403


def test_the_audit_trail_pages_through_many_changes(signed_in, teams, demo_services):
    services = demo_services[0]
    riverside = teams["riverside"]
    for i in range(60):
        act(services, riverside, "alex", "team.rename", {"name": f"Riverside {i}"})
    alex = signed_in("alex")
    first = alex.get(f"/teams/{riverside}/audit")
    assert len(texts(first.text, "//table//tbody/tr")) == 50
    assert "Renamed the team to Riverside 59" in texts(first.text, "//table//tbody/tr")[0]
    total = len(query(services, riverside, "SELECT id FROM audit"))
    pages = -(-total // 50)
    assert f"{total} changes" in first.text
    assert f"Page 2 of {pages}" in first.text
    second = alex.get(f"/teams/{riverside}/audit", params={"page": 2})
    assert second.status_code == 200
    rows = texts(second.text, "//table//tbody/tr")
    assert "Renamed the team to Riverside 9" in rows[0]
    assert f"Page 1 of {pages}" in second.text
    last = alex.get(f"/teams/{riverside}/audit", params={"page": pages})
    assert len(texts(last.text, "//table//tbody/tr")) == total - 50 * (pages - 1)
    beyond = alex.get(f"/teams/{riverside}/audit", params={"page": pages + 1})
    assert beyond.status_code == 200
    assert "No changes to show" in beyond.text


# Renaming, and two people renaming at once


def test_renaming_the_team_shows_everywhere(signed_in, teams):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    page = alex.get(f"/teams/{riverside}/settings")
    hidden = form_values(page.text, f"/teams/{riverside}/settings")
    response = alex.post_form(f"/teams/{riverside}/settings", {**hidden, "name": "Riverside MBCT"})
    assert response.url.path == f"/teams/{riverside}"
    assert "The team's name has been changed" in flash(response.text)
    assert "Riverside MBCT - MBP Journey" in title(response.text)
    assert "Riverside MBCT" in team_names(alex)
    sam = browser_as(alex, "sam")
    assert "Riverside MBCT" in team_names(sam)


def test_a_double_submitted_rename_applies_once(signed_in, teams, demo_services):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    hidden = form_values(
        alex.get(f"/teams/{riverside}/settings").text, f"/teams/{riverside}/settings"
    )
    version = team_version(demo_services[0], riverside)
    alex.post_form(f"/teams/{riverside}/settings", {**hidden, "name": "Riverside once"})
    alex.post_form(f"/teams/{riverside}/settings", {**hidden, "name": "Riverside once"})
    assert team_version(demo_services[0], riverside) == version + 1
    renames = query(
        demo_services[0], riverside, "SELECT 1 FROM audit WHERE summary LIKE 'Renamed%'"
    )
    assert len(renames) == 1


def _rename_meanwhile(client, demo_services, riverside):
    """Alex opens settings on a laptop; meanwhile the name is changed on a phone."""
    page = client.get(f"/teams/{riverside}/settings")
    hidden = form_values(page.text, f"/teams/{riverside}/settings")
    assert hidden["base_version"] == str(team_version(demo_services[0], riverside))
    phone = browser_as(client, "alex")
    phone_page = phone.get(f"/teams/{riverside}/settings")
    phone.post_form(
        f"/teams/{riverside}/settings",
        {
            **form_values(phone_page.text, f"/teams/{riverside}/settings"),
            "name": "Riverside (phone)",
        },
    )
    return client.post_form(
        f"/teams/{riverside}/settings", {**hidden, "name": "Riverside (laptop)"}
    )


def test_a_stale_rename_is_kept_as_a_conflict_not_overwritten(signed_in, teams, demo_services):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    response = _rename_meanwhile(alex, demo_services, riverside)
    assert response.status_code == 200
    assert response.url.path == f"/teams/{riverside}/settings"
    assert "Someone else renamed the team while you were editing" in flash(response.text)
    assert team_name(demo_services[0], riverside) == "Riverside (phone)"
    conflicts = query(demo_services[0], riverside, "SELECT * FROM conflicts")
    assert len(conflicts) == 1
    assert conflicts[0]["field"] == "name"
    assert conflicts[0]["client_value"] == '"Riverside (laptop)"'
    assert conflicts[0]["server_value"] == '"Riverside (phone)"'
    home = alex.get(f"/teams/{riverside}")
    assert "Changes to check" in home.text


def test_after_a_rename_conflict_every_page_shows_the_kept_name(signed_in, teams, demo_services):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    _rename_meanwhile(alex, demo_services, riverside)
    assert team_name(demo_services[0], riverside) == "Riverside (phone)"
    assert "Riverside (phone)" in team_names(alex)
    assert "Riverside (phone)" in texts(alex.get("/teams").text, "//ul//a")


def test_a_clash_is_listed_for_its_author_and_can_be_settled(signed_in, teams, demo_services):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    _rename_meanwhile(alex, demo_services, riverside)
    page = alex.get(f"/teams/{riverside}/conflicts")
    assert page.status_code == 200
    doc = lxml_html.document_fromstring(page.text)
    actions = [a for a in doc.xpath("//form/@action") if "/conflicts/" in a]
    assert len(actions) == 1
    assert "Riverside (laptop)" in page.text
    assert "Riverside (phone)" in page.text

    # Nobody else sees it or can settle it.
    sam = browser_as(alex, "sam")
    assert "Riverside (laptop)" not in sam.get(f"/teams/{riverside}/conflicts").text
    assert sam.post_form(actions[0], {"choice": "theirs"}).status_code == 404

    missing = alex.post_form(actions[0], {})
    assert missing.status_code == 422
    kept = alex.post_form(actions[0], {"choice": "mine"})
    assert kept.status_code == 200
    assert "The clash has been resolved" in flash(kept.text)
    assert team_name(demo_services[0], riverside) == "Riverside (laptop)"
    assert "Riverside (laptop)" in team_names(alex)
    assert "Changes to check" not in alex.get(f"/teams/{riverside}").text
    again = alex.post_form(actions[0], {"choice": "theirs"})
    assert again.status_code in {404, 422}
    assert team_name(demo_services[0], riverside) == "Riverside (laptop)"


# Success messages


def test_a_background_refresh_neither_shows_nor_uses_up_the_success_message(signed_in, teams):
    """The service worker refreshes saved pages in the background while the person is
    being sent on to the page that should say their change was made."""
    alex = signed_in("alex")
    riverside = teams["riverside"]
    settings = alex.get(f"/teams/{riverside}/settings")
    hidden = form_values(settings.text, f"/teams/{riverside}/settings")
    sent = alex.post_form(
        f"/teams/{riverside}/settings",
        {**hidden, "name": "Riverside MBCT and MBSR service"},
        follow_redirects=False,
    )
    assert sent.status_code == 303

    background = alex.get(f"/teams/{riverside}", headers={"X-MBP-Background": "1"})
    assert "The team's name has been changed" not in flash(background.text)
    assert "X-MBP-Flash" not in background.headers

    seen = alex.get(f"/teams/{riverside}")
    assert "The team's name has been changed" in flash(seen.text)
    assert seen.headers["X-MBP-Flash"] == "1"  # not kept for reading offline
    assert "The team's name has been changed" not in flash(alex.get(f"/teams/{riverside}").text)
