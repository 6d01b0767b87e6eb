"""The adherence JSON API: records of every kind, statuses as of a date, and changes
through the mutation endpoint, all described in the OpenAPI schema."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from backend.dates import uk_today
from tests.support.journeys import browser_as, query, user_id


def mutate(client, team, name, args):
    body = {"id": str(uuid.uuid4()), "name": name, "args": args, "client_id": "api-test"}
    response = client.post_json(f"/api/teams/{team}/mutations", body)
    assert response.status_code in (200, 422), response.text[:300]
    return response.json()


def test_statuses_as_of_a_date(signed_in, teams):
    team = teams["riverside"]
    response = signed_in("jo").get(f"/api/teams/{team}/adherence", params={"as_of": "2026-06-30"})
    assert response.status_code == 200
    body = response.json()
    assert (body["as_of"], body["profile_id"], body["profile_version"]) == ("2026-06-30", "gpg", 3)
    names = [t["name"] for t in body["teachers"]]
    assert names == [
        "Jo Clarke",
        "Priya Shah",
        "Sam Patel",
        "Tom Evans",
    ]  # herself, then supervisees
    sam = next(t for t in body["teachers"] if t["name"] == "Sam Patel")
    assert {c["rule_id"] for c in sam["checks"]} >= {"retreat-annual", "supervision-monthly"}
    assert all(
        c["status"] in {"met", "due_soon", "not_met", "not_applicable"} for c in sam["checks"]
    )
    assert (
        signed_in("jo").get(f"/api/teams/{team}/adherence", params={"as_of": "soon"}).status_code
        == 400
    )


def test_a_practitioner_gets_only_their_own_statuses(signed_in, teams):
    body = signed_in("sam").get(f"/api/teams/{teams['riverside']}/adherence").json()
    assert [t["name"] for t in body["teachers"]] == ["Sam Patel"]
    assert body["as_of"] == uk_today().isoformat()


@pytest.mark.parametrize(
    "slug",
    [
        "supervision",
        "retreats",
        "cpd",
        "courses",
        "participant-courses",
        "training",
        "mbi-tac",
        "declarations",
    ],
)
def test_records_of_every_kind(signed_in, teams, slug):
    client = signed_in("sam")
    response = client.get(f"/api/teams/{teams['riverside']}/practice/{slug}")
    assert response.status_code == 200
    records = response.json()
    assert isinstance(records, list)
    for record in records:
        assert {"id", "teacher_id", "created_at", "verified_at"} <= set(record)


def test_another_persons_records_are_not_found(signed_in, teams, demo_services, client):
    services = demo_services[0]
    team = teams["riverside"]
    sam = user_id(services, "sam")
    assert (
        signed_in("priya")
        .get(f"/api/teams/{team}/practice/supervision", params={"person": sam})
        .status_code
        == 404
    )
    jo = browser_as(client, "jo")
    assert (
        jo.get(f"/api/teams/{team}/practice/supervision", params={"person": sam}).status_code == 200
    )
    assert jo.get(
        f"/api/teams/{team}/practice/supervision", params={"person": "x" * 40}
    ).status_code in (400, 404)


def test_records_are_made_through_the_mutation_endpoint(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("sam")
    jo = user_id(services, "jo")
    today = uk_today().isoformat()
    outcome = mutate(
        client,
        team,
        "supervision.record",
        {"date": today, "minutes": 45, "format": "group", "group_size": 4, "supervisor_id": jo},
    )
    assert outcome["status"] == "applied", outcome
    record_id = outcome["result"]["record_id"]
    listed = client.get(f"/api/teams/{team}/practice/supervision").json()
    mine = next(r for r in listed if r["id"] == record_id)
    assert (mine["minutes"], mine["format"], mine["group_size"]) == (45, "group", 4)


@pytest.mark.parametrize(
    ("name", "args", "field", "message"),
    [
        ("supervision.record", {"minutes": 0}, "minutes", "1 minute or more"),
        ("supervision.record", {"minutes": 9999}, "minutes", "600 minutes or fewer"),
        (
            "supervision.record",
            {"date": (uk_today() + timedelta(days=2)).isoformat()},
            "date",
            "today or in the past",
        ),
        ("supervision.record", {"date": "3026-01-01"}, "date", "today or in the past"),
        (
            "supervision.record",
            {"supervisor_id": str(uuid.uuid4())},
            "supervisor_id",
            "not a supervisor in this team",
        ),
        (
            "supervision.record",
            {"teacher_id": str(uuid.uuid4())},
            "teacher_id",
            "not a member of this team",
        ),
        ("retreat.record", {"days": 100}, "days", "60 days or fewer"),
        (
            "training.record",
            {"start_date": "2024-01-01", "end_date": "2023-01-01"},
            "end_date",
            "after the start date",
        ),
        ("cpd.record", {"hours": -1}, "hours", "0.25 hours or more"),
    ],
)
def test_bad_input_through_the_api_is_rejected_naming_the_field(
    signed_in, teams, demo_services, name, args, field, message
):
    services = demo_services[0]
    team = teams["riverside"]
    good = {
        "supervision.record": {
            "date": uk_today().isoformat(),
            "minutes": 60,
            "format": "one_to_one",
            "supervisor_id": user_id(services, "jo"),
        },
        "retreat.record": {
            "start_date": "2026-01-10",
            "days": 5,
            "teacher_led": True,
            "mode": "online",
        },
        "training.record": {
            "organisation": "Bangor",
            "start_date": "2020-01-01",
            "end_date": "2021-01-01",
            "hours": 150,
        },
        "cpd.record": {"date": "2026-01-10", "hours": 2, "kind": "workshop", "participatory": True},
    }[name]
    outcome = mutate(signed_in("sam"), team, name, {**good, **args})
    assert outcome["status"] == "rejected"
    assert message in outcome["errors"][field]


def test_records_for_someone_else_need_their_supervisor_or_a_lead(
    signed_in, teams, demo_services, client
):
    services = demo_services[0]
    team = teams["riverside"]
    rating = {
        "date": "2026-02-01",
        "domain": "embodiment",
        "level": "competent",
        "rated_by": "supervisor",
        "teacher_id": user_id(services, "tom"),
    }
    refused = mutate(signed_in("sam"), team, "mbi_tac.record", rating)
    assert refused["status"] == "rejected"
    assert "the people you supervise" in refused["errors"][""]
    done = mutate(browser_as(client, "jo"), team, "mbi_tac.record", rating)
    assert done["status"] == "applied"
    [row] = query(
        services,
        team,
        "SELECT teacher_id, created_by FROM mbi_tac_ratings WHERE id = ?",
        [done["result"]["record_id"]],
    )
    assert (row["teacher_id"], row["created_by"]) == (
        user_id(services, "tom"),
        user_id(services, "jo"),
    )


def test_a_record_change_syncs_only_to_its_teacher(signed_in, teams, client):
    team = teams["riverside"]
    sam = signed_in("sam")
    outcome = mutate(
        sam,
        team,
        "cpd.record",
        {
            "date": "2026-01-10",
            "hours": 2,
            "kind": "reading",
            "participatory": False,
            "reflection": "private thoughts",
        },
    )
    version = outcome["version"]
    mine = sam.get(f"/api/teams/{team}/sync/pull", params={"since": version - 1}).json()
    assert any(c["entity"] == "cpd_activities" for c in mine["changes"])
    priya = (
        browser_as(client, "priya")
        .get(f"/api/teams/{team}/sync/pull", params={"since": version - 1})
        .json()
    )
    assert not any(c["entity"] == "cpd_activities" for c in priya["changes"])


def test_the_openapi_schema_describes_the_adherence_api(client):
    schema = client.get("/schema/openapi.json").json()
    paths = schema["paths"]
    assert "/api/teams/{team_id}/adherence" in paths
    for slug in (
        "supervision",
        "retreats",
        "cpd",
        "courses",
        "participant-courses",
        "training",
        "mbi-tac",
        "declarations",
    ):
        assert f"/api/teams/{{team_id}}/practice/{slug}" in paths
    components = schema["components"]["schemas"]
    assert {"AdherenceOut", "CheckOut", "SupervisionRecordOut", "RetreatRecordOut"} <= set(
        components
    )
    assert "minutes" in components["SupervisionRecordOut"]["properties"]


def test_an_old_client_without_the_new_yes_no_fields_still_syncs_with_the_default(
    signed_in, teams, demo_services
):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("sam")
    jo = user_id(services, "jo")
    today = uk_today().isoformat()
    old = {"date": today, "minutes": 60, "format": "group", "group_size": 4, "supervisor_id": jo}
    first = mutate(client, team, "supervision.record", old)
    assert first["status"] == "applied", first
    second = mutate(client, team, "supervision.record", old | {"own_work_discussed": False})
    assert second["status"] == "applied", second
    retreat = {"start_date": today, "days": 5, "teacher_led": True, "mode": "online"}
    third = mutate(client, team, "retreat.record", retreat)
    assert third["status"] == "applied", third
    rows = {
        r["id"]: r["own_work_discussed"]
        for r in query(services, team, "SELECT id, own_work_discussed FROM supervision_sessions")
    }
    assert rows[first["result"]["record_id"]] == 1
    assert rows[second["result"]["record_id"]] == 0
    [silent] = query(
        services,
        team,
        "SELECT mostly_silent FROM retreats WHERE id = ?",
        [third["result"]["record_id"]],
    )
    assert silent["mostly_silent"] == 1
