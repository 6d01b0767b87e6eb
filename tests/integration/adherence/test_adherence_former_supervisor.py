"""A supervisor who loses the supervisor role (or leaves and comes back without it) loses
their former supervisees: their records, statuses and sign-off, on the pages, the JSON
API and in the mutations, however the change arrives (a form, the API, a sync push).

In the demo, Jo is a supervisor at Riverside and the usual supervisor of Sam, Priya and
Tom; their profiles keep naming her after she loses the role.
"""

from __future__ import annotations

import uuid

import pytest

from backend.adherence import queries
from backend.demo import email_of
from backend.mutations import Actor
from backend.teams.service import apply
from backend.validation import ValidationFailed
from tests.support.journeys import act, invite, query, user_id

RATING = {"date": "2026-02-01", "domain": "embodiment", "level": "competent"}


def demote(services, team, person="jo"):
    """The lead takes the supervisor role away; the person stays a practitioner."""
    act(
        services,
        team,
        "alex",
        "member.roles",
        {"user_id": user_id(services, person), "roles": ["practitioner"]},
    )


def leave_and_rejoin(services, team, person="jo"):
    act(services, team, person, "member.remove", {"user_id": user_id(services, person)})
    token, invite_id = invite(services, team, "alex", email_of(person), ["practitioner"])
    act(services, team, person, "member.join", {"invite_id": invite_id, "token": token})


def unsigned_cpd(services, team, person="sam"):
    rows = query(
        services,
        team,
        "SELECT id FROM cpd_activities WHERE teacher_id = ? AND verified_at IS NULL"
        " AND deleted_at IS NULL",
        [user_id(services, person)],
    )
    return rows[0]["id"]


def mutate(client, team, name, args):
    body = {"id": str(uuid.uuid4()), "name": name, "args": args, "client_id": "former"}
    response = client.post_json(f"/api/teams/{team}/mutations", body)
    assert response.status_code == 200, response.text[:300]
    return response.json()


@pytest.fixture(params=["demoted", "left and rejoined"])
def former(request, demo_services, teams):
    """Riverside, with Jo no longer a supervisor there (two ways)."""
    services = demo_services[0]
    team = teams["riverside"]
    (demote if request.param == "demoted" else leave_and_rejoin)(services, team)
    [row] = query(
        services,
        team,
        "SELECT usual_supervisor_id FROM teacher_profiles WHERE user_id = ?",
        [user_id(services, "sam")],
    )
    assert row["usual_supervisor_id"] == user_id(services, "jo")  # still named
    return services, team


def test_a_supervisor_reads_a_supervisees_records_through_the_api(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    sam = user_id(services, "sam")
    jo = signed_in("jo")
    assert jo.get(f"/api/teams/{team}/practice/cpd", params={"person": sam}).status_code == 200
    names = [t["name"] for t in jo.get(f"/api/teams/{team}/adherence").json()["teachers"]]
    assert "Sam Patel" in names


def test_a_former_supervisor_cannot_read_them_through_the_api(signed_in, former):
    services, team = former
    sam = user_id(services, "sam")
    jo = signed_in("jo")
    for slug in ("cpd", "supervision", "declarations"):
        response = jo.get(f"/api/teams/{team}/practice/{slug}", params={"person": sam})
        assert response.status_code == 404, slug
    names = [t["name"] for t in jo.get(f"/api/teams/{team}/adherence").json()["teachers"]]
    assert names == ["Jo Clarke"]
    assert jo.get(f"/api/teams/{team}/practice/cpd").status_code == 200  # her own still


def test_a_former_supervisor_has_no_supervisees(former):
    services, team = former
    conn = services.teams.get(team).reader
    assert queries.supervisees(conn, user_id(services, "jo")) == []


def test_a_former_supervisor_cannot_sign_off_or_add_records(signed_in, former):
    services, team = former
    sam = user_id(services, "sam")
    jo = signed_in("jo")
    record_id = unsigned_cpd(services, team)
    attempts = [
        ("practice.verify", {"kind": "cpd", "record_id": record_id}),
        ("practice.verify_all", {"teacher_id": sam}),
        ("mbi_tac.record", {**RATING, "rated_by": "supervisor", "teacher_id": sam}),
    ]
    for name, args in attempts:
        outcome = mutate(jo, team, name, args)
        assert outcome["status"] == "rejected", (name, outcome)
    push = jo.post_json(
        f"/api/teams/{team}/sync/push",
        {
            "mutations": [
                {
                    "id": str(uuid.uuid4()),
                    "name": "practice.verify",
                    "args": {"kind": "cpd", "record_id": record_id},
                    "client_id": "jos-phone",
                    "seq": 1,
                }
            ]
        },
    )
    assert push.status_code == 200
    assert push.json()["results"][0]["status"] == "rejected"
    [row] = query(
        services, team, "SELECT verified_at FROM cpd_activities WHERE id = ?", [record_id]
    )
    assert row["verified_at"] is None


def test_a_former_supervisor_cannot_import_records_for_them(signed_in, former):
    _, team = former
    jo = signed_in("jo")
    csv = f"type,person,date,hours,kind,participatory\ncpd,{email_of('sam')},2026-01-05,2,reading,no\n"
    outcome = mutate(jo, team, "practice.import", {"csv": csv})
    assert outcome["status"] == "rejected"
    assert any("the people you supervise" in message for message in outcome["errors"].values())


def test_the_mutation_checks_the_role_in_the_team_file_not_the_request(demo_services, teams):
    """A change that was let in while Jo was still a supervisor (a push waiting for the
    writer while the lead changed her roles) is checked against the file as it applies."""
    services = demo_services[0]
    team = teams["riverside"]
    demote(services, team)
    store = services.teams.get(team)
    stale = Actor(user_id(services, "jo"), "Jo Clarke", frozenset({"supervisor"}), "test")
    with pytest.raises(ValidationFailed):
        apply(
            services, store, stale, "practice.verify_all", {"teacher_id": user_id(services, "sam")}
        )


def test_a_lead_keeps_access_without_the_supervisor_role(signed_in, demo_services, teams):
    services = demo_services[0]
    team = teams["riverside"]
    sam = user_id(services, "sam")
    alex = signed_in("alex")
    assert alex.get(f"/api/teams/{team}/practice/cpd", params={"person": sam}).status_code == 200
    outcome = mutate(
        alex, team, "mbi_tac.record", {**RATING, "rated_by": "supervisor", "teacher_id": sam}
    )
    assert outcome["status"] == "applied"


def test_a_former_supervisor_gets_no_supervisee_pages(signed_in, former):
    services, team = former
    sam = user_id(services, "sam")
    jo = signed_in("jo")
    page = f"/teams/{team}/adherence/people/{sam}"
    for url in (page, f"{page}/records/supervision/new"):
        assert jo.get(url).status_code in (403, 404), url


CPD_FOR_SAM = {"date": "2026-01-10", "hours": 2, "kind": "workshop", "participatory": True}


@pytest.mark.parametrize("lose_the_role", [demote, leave_and_rejoin])
def test_typing_a_record_gives_no_authority_once_the_role_is_gone(
    signed_in, demo_services, teams, lose_the_role
):
    """Jo entered a CPD record for Sam while his supervisor; after losing the role she can
    no longer open, change or delete it, online or through the API."""
    services = demo_services[0]
    team = teams["riverside"]
    sam, jo_id = user_id(services, "sam"), user_id(services, "jo")
    act(services, team, "jo", "cpd.record", {**CPD_FOR_SAM, "teacher_id": sam})
    [row] = query(
        services,
        team,
        "SELECT id FROM cpd_activities WHERE created_by = ? AND teacher_id = ?",
        [jo_id, sam],
    )
    record_id = row["id"]
    page = f"/teams/{team}/practice/cpd/{record_id}"
    assert signed_in("jo").get(page).status_code == 200  # while she supervises him
    lose_the_role(services, team)
    jo = signed_in("jo")
    assert jo.get(page).status_code == 404
    assert jo.post_form(page, {**CPD_FOR_SAM, "hours": "9"}).status_code == 404
    assert jo.post_form(f"{page}/delete").status_code == 404
    for name, args in [
        ("cpd.edit", {**CPD_FOR_SAM, "hours": 9, "record_id": record_id}),
        ("cpd.delete", {"record_id": record_id}),
    ]:
        assert mutate(jo, team, name, args)["status"] == "rejected", name
    [row] = query(
        services, team, "SELECT hours, deleted_at FROM cpd_activities WHERE id = ?", [record_id]
    )
    assert (row["hours"], row["deleted_at"]) == (2, None)
