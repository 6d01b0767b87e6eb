"""Creating a team asks whether its creator teaches: a lead who does not is not made a
practitioner, so is never shown as a teacher failing the standards."""

from __future__ import annotations

from tests.support.client import form_values, texts
from tests.support.journeys import user_id


def create(client, **fields: str):
    hidden = form_values(client.get("/teams/new").text, "/teams/new")
    return client.post_form("/teams/new", {**hidden, "name": "Northside MBSR service", **fields})


def roles_in(client, team_id: str) -> set[str]:
    mine = {t["id"]: t for t in client.get("/api/teams").json()}
    return set(mine[team_id]["roles"])


def test_the_form_asks_and_starts_at_yes(signed_in):
    page = signed_in("alex").get("/teams/new")
    legends = " ".join(texts(page.text, "//legend"))
    assert "Do you teach mindfulness-based courses in this service?" in legends
    assert 'value="yes" checked' in page.text


def test_a_lead_who_does_not_teach_is_not_a_practitioner(signed_in, demo_services):
    client = signed_in("alex")
    response = create(client, teaches="no")
    assert response.status_code == 200
    team_id = response.url.path.rsplit("/", 1)[-1]
    assert roles_in(client, team_id) == {"admin", "lead"}
    # Not among the teachers whose good practice the team follows.
    dashboard = client.get(f"/teams/{team_id}/adherence")
    assert dashboard.status_code == 200
    alex = user_id(demo_services[0], "alex")
    assert f"/adherence/people/{alex}" not in dashboard.text


def test_a_lead_who_teaches_is_a_practitioner_too(signed_in):
    client = signed_in("alex")
    response = create(client, teaches="yes")
    team_id = response.url.path.rsplit("/", 1)[-1]
    assert roles_in(client, team_id) == {"admin", "lead", "practitioner"}


def test_a_form_without_the_question_keeps_the_old_answer_yes(signed_in):
    # A page saved before the question existed (offline) posts only the name.
    client = signed_in("alex")
    response = create(client)
    team_id = response.url.path.rsplit("/", 1)[-1]
    assert "practitioner" in roles_in(client, team_id)


def test_a_strange_answer_is_refused_with_the_name_kept(signed_in):
    response = create(signed_in("alex"), teaches="sometimes")
    assert response.status_code == 422
    assert "Select whether you teach from the list" in response.text
    assert 'value="Northside MBSR service"' in response.text
