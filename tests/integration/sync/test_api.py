"""The JSON API: teams and members, the mutation endpoint, push and pull."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import pytest

from tests.support.journeys import (
    mutation,
    query,
    team_name,
    team_version,
    user_id,
    write_team,
)

TEAM_KEYS = {"id", "name", "roles"}
MEMBER_KEYS = {"user_id", "name", "email", "roles", "joined_at"}
OUTCOME_KEYS = {"id", "status", "version", "errors", "result", "conflicts"}


def push(client, team_id, *mutations):
    response = client.post_json(f"/api/teams/{team_id}/sync/push", {"mutations": list(mutations)})
    assert response.status_code == 200, response.text[:300]
    body = response.json()
    assert set(body) == {"results", "version"}
    for result in body["results"]:
        assert set(result) == OUTCOME_KEYS
    return body


def pull(client, team_id, **params):
    response = client.get(f"/api/teams/{team_id}/sync/pull", params=params)
    assert response.status_code == 200, response.text[:300]
    body = response.json()
    assert set(body) == {"changes", "version", "more", "last_seq"}
    return body


# Teams and members


def test_api_teams_lists_your_teams_with_your_roles(signed_in, teams):
    client = signed_in("alex")
    response = client.get("/api/teams")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert [set(t) for t in body] == [TEAM_KEYS, TEAM_KEYS]
    by_id = {t["id"]: t for t in body}
    assert by_id[teams["riverside"]] == {
        "id": teams["riverside"],
        "name": "Riverside MBCT service",
        "roles": ["admin", "lead", "practitioner"],
    }
    assert by_id[teams["hillside"]]["roles"] == ["supervisor"]
    chris = signed_in("chris")
    assert [t["id"] for t in chris.get("/api/teams").json()] == [teams["hillside"]]


def test_api_team_detail_has_the_version(signed_in, teams, demo_services):
    client = signed_in("sam")
    riverside = teams["riverside"]
    body = client.get(f"/api/teams/{riverside}").json()
    assert set(body) == {"id", "name", "roles", "version"}
    assert body["id"] == riverside
    assert body["name"] == "Riverside MBCT service"
    assert body["roles"] == ["practitioner"]
    assert body["version"] == team_version(demo_services[0], riverside)


def test_api_team_members(signed_in, teams, demo_services):
    client = signed_in("sam")
    body = client.get(f"/api/teams/{teams['riverside']}/members").json()
    assert all(set(m) == MEMBER_KEYS for m in body)
    assert [m["name"] for m in body] == [
        "Alex Morgan",
        "Jo Clarke",
        "Priya Shah",
        "Sam Patel",
        "Tom Evans",
    ]
    jo = next(m for m in body if m["name"] == "Jo Clarke")
    assert jo["user_id"] == user_id(demo_services[0], "jo")
    assert jo["email"] == "jo.clarke@example.nhs.uk"
    assert sorted(jo["roles"]) == ["practitioner", "supervisor"]
    assert datetime.fromisoformat(jo["joined_at"]).tzinfo is not None


def test_api_session(signed_in, teams, demo_services):
    client = signed_in("sam")
    body = client.get("/api/session").json()
    assert set(body) == {"user_id", "name", "email", "csrf_token", "team_id"}
    assert body["user_id"] == user_id(demo_services[0], "sam")
    assert body["email"] == "sam.patel@example.nhs.uk"
    assert body["csrf_token"]
    assert body["team_id"] == teams["riverside"]


def test_the_openapi_schema_describes_the_api(client):
    response = client.get("/schema/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path, method in [
        ("/api/teams", "get"),
        ("/api/teams/{team_id}", "get"),
        ("/api/teams/{team_id}/members", "get"),
        ("/api/teams/{team_id}/sync/push", "post"),
        ("/api/teams/{team_id}/sync/pull", "get"),
        ("/api/teams/{team_id}/mutations", "post"),
        ("/api/session", "get"),
    ]:
        assert method in paths.get(path, {}), f"{method.upper()} {path} is not in the schema"
    push_body = paths["/api/teams/{team_id}/sync/push"]["post"]["requestBody"]
    ref = push_body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "mutations" in schema["components"]["schemas"][ref]["properties"]
    pull_params = {p["name"] for p in paths["/api/teams/{team_id}/sync/pull"]["get"]["parameters"]}
    assert {"team_id", "since", "client_id"} <= pull_params
    assert client.get("/schema/openapi.yaml").status_code == 200


# Pushing mutations


def test_a_pushed_rename_applies_once(signed_in, teams, demo_services):
    client = signed_in("alex")
    riverside = teams["riverside"]
    services = demo_services[0]
    before = team_version(services, riverside)
    rename = mutation("team.rename", {"name": "Riverside via the API"})

    body = push(client, riverside, rename)
    [outcome] = body["results"]
    assert outcome["status"] == "applied"
    assert outcome["id"] == rename["id"]
    assert outcome["version"] == before + 1 == body["version"]
    assert team_name(services, riverside) == "Riverside via the API"
    assert client.get(f"/api/teams/{riverside}").json()["version"] == before + 1

    again = push(client, riverside, rename)
    assert again["results"][0]["status"] == "duplicate"
    assert again["version"] == before + 1
    assert team_version(services, riverside) == before + 1
    audit = query(services, riverside, "SELECT * FROM audit WHERE mutation_id = ?", [rename["id"]])
    assert len(audit) == 1
    assert audit[0]["actor_id"] == user_id(services, "alex")
    # A device's sequence is kept per person: the server keys it by person and device.
    assert audit[0]["client_id"] == f"{user_id(services, 'alex')}:test-device"


def test_the_single_mutation_endpoint(signed_in, teams, demo_services):
    client = signed_in("alex")
    riverside = teams["riverside"]
    rename = mutation("team.rename", {"name": "Riverside single"})
    response = client.post_json(f"/api/teams/{riverside}/mutations", rename)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == OUTCOME_KEYS
    assert body["status"] == "applied"
    again = client.post_json(f"/api/teams/{riverside}/mutations", rename).json()
    assert again["status"] == "duplicate"
    assert again["version"] == body["version"]


def test_a_sequence_gap_is_held_until_the_missing_change_arrives(signed_in, teams, demo_services):
    client = signed_in("alex")
    riverside = teams["riverside"]
    services = demo_services[0]
    before = team_version(services, riverside)
    first = mutation("team.rename", {"name": "First"}, client_id="phone-1", seq=1)
    second = mutation("team.rename", {"name": "Second"}, client_id="phone-1", seq=2)

    held = push(client, riverside, second)["results"][0]
    assert held["status"] == "held"
    assert "Waiting for change 1" in held["errors"][""]
    assert team_version(services, riverside) == before
    assert pull(client, riverside, since=before, client_id="phone-1")["last_seq"] == 0

    body = push(client, riverside, first, second)
    assert [r["status"] for r in body["results"]] == ["applied", "applied"]
    assert team_name(services, riverside) == "Second"
    assert body["version"] == before + 2
    assert pull(client, riverside, since=before, client_id="phone-1")["last_seq"] == 2

    # A different change under a number the device already spent is refused, never
    # dropped as if it had applied: the device keeps it to send again.
    late = mutation("team.rename", {"name": "Late"}, client_id="phone-1", seq=1)
    refused = push(client, riverside, late)["results"][0]
    assert refused["status"] == "rejected"
    assert "reused a number" in refused["errors"][""]
    assert team_name(services, riverside) == "Second"


def test_invalid_args_are_rejected_per_field_and_the_rejection_is_kept(
    signed_in, teams, demo_services
):
    client = signed_in("alex")
    riverside = teams["riverside"]
    services = demo_services[0]
    before = team_version(services, riverside)
    bad = mutation("team.rename", {"name": "x" * 500}, client_id="phone-2", seq=1)

    rejected = push(client, riverside, bad)["results"][0]
    assert rejected["status"] == "rejected"
    assert rejected["errors"] == {"name": "Team name must be 100 characters or fewer"}
    assert team_version(services, riverside) == before
    recorded = query(services, riverside, "SELECT status FROM mutations WHERE id = ?", [bad["id"]])
    assert [r["status"] for r in recorded] == ["rejected"]

    resent = push(client, riverside, bad)["results"][0]
    assert resent["status"] == "duplicate"
    assert resent["errors"] == rejected["errors"]
    # The device's queue moves on past the rejected change.
    after = mutation("team.rename", {"name": "Fixed name"}, client_id="phone-2", seq=2)
    assert push(client, riverside, after)["results"][0]["status"] == "applied"


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        ({}, "name", "Enter team name"),
        ({"name": "   "}, "name", "Enter team name"),
        ({"name": {"nested": "object"}}, "name", "Enter text"),
        ({"name": None}, "name", "Enter team name"),
    ],
)
def test_odd_args_are_rejections_not_faults(signed_in, teams, args, field, message):
    client = signed_in("alex")
    outcome = push(client, teams["riverside"], mutation("team.rename", args))["results"][0]
    assert outcome["status"] == "rejected"
    assert outcome["errors"] == {field: message}


def test_unknown_extra_args_are_ignored(signed_in, teams, demo_services):
    client = signed_in("alex")
    riverside = teams["riverside"]
    outcome = push(
        client, riverside, mutation("team.rename", {"name": "Riverside", "colour": "blue"})
    )["results"][0]
    assert outcome["status"] == "applied"
    assert team_name(demo_services[0], riverside) == "Riverside"


def test_a_practitioner_cannot_rename_the_team_through_the_api(signed_in, teams, demo_services):
    client = signed_in("sam")
    riverside = teams["riverside"]
    before = team_version(demo_services[0], riverside)
    for name, args in [
        ("team.rename", {"name": "Sam's team"}),
        ("member.roles", {"user_id": user_id(demo_services[0], "sam"), "roles": ["admin"]}),
        ("member.remove", {"user_id": user_id(demo_services[0], "priya")}),
        (
            "member.invite",
            {"email": "friend@example.nhs.uk", "roles": ["lead"], "token_hash": "a" * 64},
        ),
    ]:
        outcome = push(client, riverside, mutation(name, args))["results"][0]
        assert outcome["status"] == "rejected", name
        assert outcome["errors"] == {"": "You do not have permission to make this change"}, name
    assert team_version(demo_services[0], riverside) == before
    assert team_name(demo_services[0], riverside) == "Riverside MBCT service"


def test_an_unknown_mutation_asks_for_an_update_and_is_not_recorded(
    signed_in, teams, demo_services
):
    client = signed_in("alex")
    riverside = teams["riverside"]
    services = demo_services[0]
    before = team_version(services, riverside)
    future = mutation("team.teleport", {"where": "moon"}, client_id="phone-3", seq=1)

    outcome = push(client, riverside, future)["results"][0]
    assert outcome["status"] == "update_needed"
    assert "Update the app" in outcome["errors"][""]
    assert team_version(services, riverside) == before
    assert query(services, riverside, "SELECT 1 FROM mutations WHERE id = ?", [future["id"]]) == []
    # Sent again (after the server is updated, say), it is considered afresh.
    assert push(client, riverside, future)["results"][0]["status"] == "update_needed"
    # The device keeps it in its queue: its next change waits behind it.
    following = mutation("team.rename", {"name": "Next"}, client_id="phone-3", seq=2)
    assert push(client, riverside, following)["results"][0]["status"] == "held"


def test_a_batch_is_applied_in_order_with_an_outcome_each(signed_in, teams, demo_services):
    client = signed_in("alex")
    riverside = teams["riverside"]
    before = team_version(demo_services[0], riverside)
    body = push(
        client,
        riverside,
        mutation("team.rename", {"name": "One"}),
        mutation("team.rename", {"name": ""}),
        mutation("no.such.thing", {}),
        mutation("team.rename", {"name": "Two"}),
    )
    assert [r["status"] for r in body["results"]] == [
        "applied",
        "rejected",
        "update_needed",
        "applied",
    ]
    assert body["version"] == before + 2
    assert team_name(demo_services[0], riverside) == "Two"


def test_an_empty_push_answers_the_current_version(signed_in, teams, demo_services):
    client = signed_in("sam")
    body = push(client, teams["riverside"])
    assert body == {"results": [], "version": team_version(demo_services[0], teams["riverside"])}


def test_a_stale_base_version_over_the_api_is_a_conflict(signed_in, teams, demo_services):
    client = signed_in("alex")
    riverside = teams["riverside"]
    base = team_version(demo_services[0], riverside)
    push(client, riverside, mutation("team.rename", {"name": "Renamed first"}, client_id="laptop"))
    late = mutation(
        "team.rename", {"name": "Renamed offline"}, base_version=base, client_id="phone"
    )
    outcome = push(client, riverside, late)["results"][0]
    assert outcome["status"] == "conflict"
    assert outcome["conflicts"][0]["field"] == "name"
    assert outcome["conflicts"][0]["client_value"] == "Renamed offline"
    assert outcome["conflicts"][0]["server_value"] == "Renamed first"
    assert team_name(demo_services[0], riverside) == "Renamed first"


# Pulling changes


def test_pull_from_zero_returns_every_change(signed_in, teams, demo_services):
    client = signed_in("sam")
    riverside = teams["riverside"]
    current = team_version(demo_services[0], riverside)
    body = pull(client, riverside, since=0)
    assert body["version"] == current
    assert body["more"] is False
    versions = [c["version"] for c in body["changes"]]
    assert versions == sorted(versions)
    assert {"team", "members"} <= {c["entity"] for c in body["changes"]}
    assert "invites" not in {c["entity"] for c in body["changes"]}  # leads only
    for change in body["changes"]:
        assert set(change) == {"version", "mutation_id", "entity", "entity_id", "op", "data", "at"}
    visible = query(
        demo_services[0],
        riverside,
        "SELECT version, entity, entity_id FROM changes"
        " WHERE (visible_to IS NULL OR visible_to = ?) AND entity != 'invites' ORDER BY id",
        [user_id(demo_services[0], "sam")],
    )
    assert [(c["version"], c["entity"], c["entity_id"]) for c in body["changes"]] == [
        (r["version"], r["entity"], r["entity_id"]) for r in visible
    ], "a member sees every change that is not someone else's private one"

    assert pull(client, riverside, since=current)["changes"] == []


def test_pull_pages_with_more(signed_in, teams, demo_services):
    client = signed_in("alex")  # a lead: version 2 is an invitation
    riverside = teams["riverside"]
    current = team_version(demo_services[0], riverside)
    assert current > 3
    first = pull(client, riverside, since=0, limit=2)
    assert first["version"] == 2
    assert first["more"] is True
    assert {c["version"] for c in first["changes"]} == {1, 2}
    rest = pull(client, riverside, since=first["version"])
    assert rest["more"] is False
    assert rest["version"] == current


def test_a_pushed_change_is_pulled_by_the_rest_of_the_team(signed_in, teams):
    alex = signed_in("alex")
    riverside = teams["riverside"]
    since = pull(alex, riverside)["version"]
    push(alex, riverside, mutation("team.rename", {"name": "Riverside for all"}))
    sam = signed_in("sam")
    body = pull(sam, riverside, since=since)
    assert [(c["entity"], c["op"], c["data"]) for c in body["changes"]] == [
        ("team", "update", {"name": "Riverside for all"})
    ]


def test_private_changes_are_pulled_only_by_their_author(signed_in, teams, demo_services):
    services = demo_services[0]
    riverside = teams["riverside"]
    version = team_version(services, riverside) + 1
    sam_id = user_id(services, "sam")
    write_team(
        services,
        riverside,
        "INSERT INTO changes (version, mutation_id, entity, entity_id, op, data, visible_to, at)"
        " VALUES (?, ?, 'draft', 'd1', 'insert', ?, ?, '2026-03-01T10:00:00+00:00')",
        [version, str(uuid.uuid4()), json.dumps({"note": "Sam's private draft"}), sam_id],
    )
    write_team(services, riverside, "UPDATE team SET version = ?", [version])

    alex = signed_in("alex")
    seen_by_alex = pull(alex, riverside, since=version - 1)
    assert seen_by_alex["changes"] == []
    assert seen_by_alex["version"] == version
    assert "private draft" not in json.dumps(pull(alex, riverside, since=0))

    sam = signed_in("sam")
    seen_by_sam = pull(sam, riverside, since=version - 1)
    assert [c["data"] for c in seen_by_sam["changes"]] == [{"note": "Sam's private draft"}]


def test_pull_answers_the_devices_last_sequence_number_only(signed_in, teams):
    client = signed_in("alex")
    riverside = teams["riverside"]
    push(client, riverside, mutation("team.rename", {"name": "A"}, client_id="tablet", seq=1))
    assert pull(client, riverside, client_id="tablet")["last_seq"] == 1
    assert pull(client, riverside, client_id="another-device")["last_seq"] == 0
    assert pull(client, riverside)["last_seq"] == 0
