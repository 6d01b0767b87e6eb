"""Settling a clash: both versions shown as they are now, and never overwriting unseen."""

from tests.support.client import form_values
from tests.support.journeys import mutation, team_name, team_version


def _clash(client, team_id, base):
    push = f"/api/teams/{team_id}/sync/push"
    client.post_json(
        push,
        {"mutations": [mutation("team.rename", {"name": "From the laptop"}, client_id="laptop")]},
    )
    late = mutation("team.rename", {"name": "From the phone"}, client_id="phone", base_version=base)
    outcome = client.post_json(push, {"mutations": [late]}).json()["results"][0]
    assert outcome["status"] == "conflict"
    return outcome["conflicts"][0]["id"]


def test_the_clash_page_shows_both_versions_as_text(signed_in, teams, demo_services):
    client = signed_in("alex")
    riverside = teams["riverside"]
    _clash(client, riverside, team_version(demo_services[0], riverside))
    page = client.get(f"/teams/{riverside}/conflicts")
    assert "<strong>Your version</strong>" in page.text
    assert "From the phone" in page.text
    assert "From the laptop" in page.text
    assert "&lt;strong&gt;" not in page.text


def test_keeping_your_version_never_overwrites_a_change_you_have_not_seen(
    signed_in, teams, demo_services
):
    client = signed_in("alex")
    riverside = teams["riverside"]
    clash = _clash(client, riverside, team_version(demo_services[0], riverside))
    page = client.get(f"/teams/{riverside}/conflicts")
    hidden = form_values(page.text, f"/teams/{riverside}/conflicts/{clash}")
    # Someone renames the team again while the page is open.
    tablet = mutation("team.rename", {"name": "From the tablet"}, client_id="tablet")
    client.post_json(f"/api/teams/{riverside}/sync/push", {"mutations": [tablet]})
    response = client.post_form(
        f"/teams/{riverside}/conflicts/{clash}", {**hidden, "choice": "mine"}
    )
    assert response.status_code == 422
    assert "changed again since you opened the page" in response.text
    assert team_name(demo_services[0], riverside) == "From the tablet"
    fresh = client.get(f"/teams/{riverside}/conflicts")
    assert "From the tablet" in fresh.text  # the page now shows what is saved
    hidden = form_values(fresh.text, f"/teams/{riverside}/conflicts/{clash}")
    done = client.post_form(f"/teams/{riverside}/conflicts/{clash}", {**hidden, "choice": "mine"})
    assert done.status_code == 200
    assert team_name(demo_services[0], riverside) == "From the phone"
