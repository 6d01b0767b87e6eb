"""A new team's lead sees a "Get started" checklist in place of alarms until the team has
begun; alarms come once there is something to be late for."""

from __future__ import annotations

from tests.support.client import form_values, texts
from tests.support.journeys import act


def _new_team(client) -> str:
    hidden = form_values(client.get("/teams/new").text, "/teams/new")
    made = client.post_form("/teams/new", {**hidden, "name": "Brookside service"})
    assert made.status_code == 200
    return made.url.path.removeprefix("/teams/")


def test_a_new_team_shows_first_steps_not_alarms(signed_in):
    alex = signed_in("alex")
    team = _new_team(alex)
    home = alex.get(f"/teams/{team}")
    steps = texts(home.text, "//section[@id='get-started']//li/a")
    assert steps == [
        "Invite your colleagues",
        "Choose your standards",
        "Record your implementers",
        "Start your first reflective review",
        "Record your first actions",
    ]
    assert "0 of 5 done" in home.text
    panel = " ".join(texts(home.text, "//section[@id='journey-panel']"))
    assert "A reflective review is due" not in panel
    assert "risk" not in panel
    assert "has not started the journey yet" in panel
    journey = alex.get(f"/teams/{team}/journey")
    assert "A reflective review is due" not in journey.text
    assert "Starting the journey: three things to put in place first" in texts(journey.text, "//h2")


def test_a_step_is_marked_done_once_it_is(signed_in, demo_services):
    alex = signed_in("alex")
    team = _new_team(alex)
    act(
        demo_services[0],
        team,
        "alex",
        "adherence.standards",
        {"profile_id": "gpg", "due_soon_days": "30"},
    )
    home = alex.get(f"/teams/{team}")
    assert "1 of 5 done" in home.text
    done = texts(home.text, "//section[@id='get-started']//li[strong[text()='Done']]/a")
    assert done == ["Choose your standards"]


def test_a_team_under_way_has_no_checklist_and_its_alarms_show(signed_in, teams):
    alex = signed_in("alex")
    home = alex.get(f"/teams/{teams['riverside']}")
    assert not texts(home.text, "//section[@id='get-started']")
    panel = " ".join(texts(home.text, "//section[@id='journey-panel']"))
    assert "in the action plan" in panel
