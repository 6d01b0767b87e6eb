"""The team home's recent activity tells nobody about a colleague's private changes:
their practice records, sign-offs of them, their profile or calendar link. The person
they belong to and whoever made them see them; leads (who read the whole audit trail)
see everything; everyone still sees the team's shared changes."""

from __future__ import annotations

from tests.support.client import texts
from tests.support.journeys import act, browser_as, user_id

REFLECTION = "Noticed my own impatience in the silence"


def activity(client, team):
    home = client.get(f"/teams/{team}")
    assert home.status_code == 200
    return texts(home.text, "//section[@id='team-activity']//li")


def sams_private_changes(services, team):
    sam = user_id(services, "sam")
    act(
        services,
        team,
        "sam",
        "cpd.record",
        {
            "date": "2026-01-10",
            "hours": "2",
            "kind": "reading",
            "participatory": "no",
            "reflection": REFLECTION,
        },
    )
    act(
        services,
        team,
        "jo",
        "supervision.record",
        {
            "date": "2026-01-12",
            "minutes": "60",
            "format": "one_to_one",
            "supervisor_id": user_id(services, "jo"),
            "teacher_id": sam,
            "sign_off": "yes",
        },
    )
    act(services, team, "jo", "practice.verify_all", {"teacher_id": sam})
    act(
        services,
        team,
        "sam",
        "practice.profile",
        {"usual_supervisor_id": user_id(services, "jo"), "professional_background": "CBT"},
    )


def test_another_practitioner_does_not_see_a_colleagues_private_changes(
    signed_in, client, teams, demo_services
):
    services = demo_services[0]
    team = teams["riverside"]
    act(services, team, "alex", "team.rename", {"name": "Riverside MBCT"})
    sams_private_changes(services, team)
    seen = activity(signed_in("priya"), team)
    assert len(seen) == 8  # filtered in the query: still a full list of what she may see
    assert "Renamed the team to Riverside MBCT" in seen[0]
    assert [entry for entry in seen if "Sam Patel" in entry] == []  # by him, or for him
    assert REFLECTION not in client.get(f"/teams/{team}").text


def test_the_teacher_the_supervisor_who_made_it_and_the_lead_see_them(
    signed_in, client, teams, demo_services
):
    services = demo_services[0]
    team = teams["riverside"]
    sams_private_changes(services, team)
    sam = activity(signed_in("sam"), team)
    assert "Updated their practice profile Sam Patel" in sam[0]
    assert "Signed off" in sam[1]
    assert "for Sam Patel" in sam[1]
    assert "Recorded a supervision session for Sam Patel and signed it off" in sam[2]
    assert "Recorded a CPD activity Sam Patel" in sam[3]
    jo = activity(browser_as(client, "jo"), team)
    assert "Signed off" in jo[0]  # she made these...
    assert "Recorded a supervision session for Sam Patel" in jo[1]
    assert not [e for e in jo if "Sam Patel" in e and "for Sam Patel" not in e]  # ...not his
    alex = activity(browser_as(client, "alex"), team)
    assert alex[:4] == sam[:4]
    assert REFLECTION not in " ".join(alex)  # summaries never carry what a record says
