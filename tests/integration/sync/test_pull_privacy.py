"""Pull shows no more than the pages: pending invitations (emails, roles) to leads only,
and an invitation's token hash to nobody."""

from __future__ import annotations

from tests.support.journeys import invite


def pulled(client, team):
    response = client.get(f"/api/teams/{team}/sync/pull", params={"since": 0, "limit": 1000})
    assert response.status_code == 200
    body = response.json()
    changes = list(body["changes"])
    while body["more"]:
        body = client.get(
            f"/api/teams/{team}/sync/pull", params={"since": body["version"], "limit": 1000}
        ).json()
        changes += body["changes"]
    return changes


def test_invitations_are_pulled_by_leads_only(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    invite(services, team, "alex", "newcomer@example.org", ["practitioner"])
    sam = signed_in("sam")
    assert "newcomer@example.org" not in sam.get(f"/teams/{team}/members").text
    changes = pulled(sam, team)
    assert changes  # sam still gets the team's changes
    assert not [c for c in changes if c["entity"] == "invites"]
    assert "newcomer@example.org" not in str(changes)
    alex = signed_in("alex")
    invites = [c for c in pulled(alex, team) if c["entity"] == "invites"]
    assert any(c["data"].get("email") == "newcomer@example.org" for c in invites)
    assert not [c for c in invites if "token_hash" in c["data"]]
