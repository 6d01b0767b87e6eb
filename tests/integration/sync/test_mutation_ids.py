"""A mutation id is settled per actor: reusing someone else's id is refused, not reported
as a duplicate (which the outbox would take for success and drop)."""

from __future__ import annotations

import uuid

from tests.support.journeys import query

CPD = {"date": "2026-01-10", "hours": 2, "kind": "workshop", "participatory": True}


def test_someone_elses_mutation_id_is_refused(signed_in, teams, demo_services) -> None:
    services = demo_services[0]
    team = teams["riverside"]
    taken = str(uuid.uuid4())
    alex = signed_in("alex")
    body = {"id": taken, "name": "cpd.record", "args": {**CPD, "title": "alex's"}, "client_id": "a"}
    first = alex.post_json(f"/api/teams/{team}/mutations", body)
    assert first.json()["status"] == "applied"
    again = alex.post_json(f"/api/teams/{team}/mutations", body)
    assert again.json()["status"] == "duplicate"  # the same person resending: harmless
    sam = signed_in("sam")
    clash = {**body, "args": {**CPD, "title": "sam's"}, "client_id": "s"}
    outcome = sam.post_json(f"/api/teams/{team}/mutations", clash).json()
    assert outcome["status"] == "rejected", outcome
    assert "another change" in outcome["errors"][""]
    push = sam.post_json(
        f"/api/teams/{team}/sync/push", {"mutations": [{**clash, "client_id": "p", "seq": 1}]}
    ).json()
    assert push["results"][0]["status"] == "rejected"
    assert not query(services, team, "SELECT 1 FROM cpd_activities WHERE title = ?", ["sam's"])
