"""Invitations by email: queued with the invitation, the link built from MBP_BASE_URL
(the same one shown to copy), resend with a new link, revoke."""

from __future__ import annotations

from backend.demo import email_of
from tests.support.journeys import link_path, new_browser, query

NEW = "new.person@trust.nhs.uk"


def outbox(services):
    return services.accounts.reader.execute("SELECT * FROM mail_outbox ORDER BY id").fetchall()


def invite(client, team, email=NEW, roles=("practitioner",)):
    return client.post_form(f"/teams/{team}/members/invite", {"email": email, "roles": list(roles)})


def test_an_invitation_is_emailed_with_the_link_shown(signed_in, demo_services, teams):
    services = demo_services[0]
    client = signed_in("alex")
    page = client.post_form(
        f"/teams/{teams['riverside']}/members/invite",
        {"email": NEW, "roles": ["practitioner"]},
        headers={"host": "evil.example.com"},
    )
    assert page.status_code == 200
    [mail] = outbox(services)
    assert mail["to_address"] == NEW
    assert mail["subject"] == "Join Riverside MBCT service on MBP Journey"
    assert mail["link"].startswith(services.settings.base_url + "/invites/")
    assert "evil.example.com" not in page.text
    assert link_path(page.text) == "/" + mail["link"].split("/", 3)[3]
    assert "as practitioner" in mail["text_body"].lower()


def test_the_emailed_link_lets_the_person_join(signed_in, demo_services, teams):
    services = demo_services[0]
    client = signed_in("alex")
    invite(client, teams["riverside"])
    path = "/" + outbox(services)[0]["link"].split("/", 3)[3]
    stranger = new_browser(client)
    joined = stranger.post_form(path, {"name": "New Person", "password": "a long new password"})
    assert joined.status_code == 200
    assert "Welcome to Riverside MBCT service" in joined.text


def test_send_again_makes_a_new_link_and_the_old_one_stops(signed_in, demo_services, teams):
    services = demo_services[0]
    client = signed_in("alex")
    riverside = teams["riverside"]
    invite(client, riverside)
    first = "/" + outbox(services)[0]["link"].split("/", 3)[3]
    [pending] = query(
        services, riverside, "SELECT id FROM invites WHERE status = 'pending' AND email = ?", [NEW]
    )
    response = client.post_form(f"/teams/{riverside}/invites/{pending['id']}/resend")
    assert f"A new invitation has been emailed to {NEW}" in response.text
    mails = outbox(services)
    assert len(mails) == 2
    assert mails[1]["link"] != mails[0]["link"]
    stranger = new_browser(client)
    assert stranger.get(first).status_code == 410
    assert stranger.get("/" + mails[1]["link"].split("/", 3)[3]).status_code == 200


def test_a_cancelled_invitation_cannot_be_sent_again(signed_in, demo_services, teams):
    services = demo_services[0]
    client = signed_in("alex")
    riverside = teams["riverside"]
    invite(client, riverside)
    [pending] = query(
        services, riverside, "SELECT id FROM invites WHERE status = 'pending' AND email = ?", [NEW]
    )
    client.post_form(f"/teams/{riverside}/invites/{pending['id']}/revoke")
    assert client.post_form(f"/teams/{riverside}/invites/{pending['id']}/resend").status_code == 404
    assert len(outbox(services)) == 1


def test_a_rejected_invitation_sends_nothing(signed_in, demo_services, teams):
    services = demo_services[0]
    client = signed_in("alex")
    response = invite(client, teams["riverside"], email=email_of("sam"))
    assert response.status_code == 422
    assert outbox(services) == []
