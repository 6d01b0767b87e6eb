"""The OpenAPI document at /schema tells the truth: only the JSON API is in it, and for a
few routes every response really received (successes and errors, signed in and not) has a
status the document lists and a body of the shape it documents."""

from __future__ import annotations

from typing import Any

import jsonschema_rs  # schemathesis's validator (a pinned dev dependency)
import pytest

from backend.web.errors import UNHEALTHY_API
from tests.support.journeys import mutation, new_browser

CPD = {"date": "2026-01-10", "hours": 2, "kind": "workshop", "participatory": True, "title": "x"}


@pytest.fixture
def document(client) -> dict[str, Any]:
    response = client.get("/schema/openapi.json")
    assert response.status_code == 200
    return response.json()


def documented(doc: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    return doc["paths"][path][method.lower()]["responses"]


def check(doc: dict[str, Any], method: str, template: str, response: Any) -> None:
    """The response's status is documented for this route, and its body has that shape."""
    responses = documented(doc, method, template)
    status = str(response.status_code)
    assert status in responses, f"{method} {template}: {status} is not documented"
    content = responses[status].get("content")
    if content is None:
        return
    assert response.headers["content-type"].startswith("application/json")
    schema = {**content["application/json"]["schema"], "components": doc["components"]}
    errors = [str(e) for e in jsonschema_rs.validator_for(schema).iter_errors(response.json())]
    assert not errors, f"{method} {template} {status}: {errors[:3]}"


def test_only_the_json_api_is_documented(document) -> None:
    assert document["paths"], "no paths at all"
    assert all(path.startswith("/api/") for path in document["paths"])
    assert "Error" in document["components"]["schemas"]
    for ops in document["paths"].values():
        for op in ops.values():
            for code, response in op["responses"].items():
                if code.startswith(("4", "5")):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}


def test_responses_have_the_documented_shapes(document, signed_in, teams, client) -> None:
    doc = document
    riverside, hillside = teams["riverside"], teams["hillside"]
    anonymous = new_browser(client)
    check(doc, "GET", "/api/teams", anonymous.get("/api/teams"))
    assert anonymous.get("/api/teams").status_code == 401
    check(doc, "GET", "/api/session", anonymous.get("/api/session"))

    sam = signed_in("sam")
    seen = set()
    for method, template, path, body in [
        ("GET", "/api/session", "/api/session", None),
        ("GET", "/api/teams", "/api/teams", None),
        ("GET", "/api/teams/{team_id}", f"/api/teams/{riverside}", None),
        ("GET", "/api/teams/{team_id}", f"/api/teams/{hillside}", None),
        ("GET", "/api/teams/{team_id}", "/api/teams/nosuchteam12", None),
        ("GET", "/api/teams/{team_id}/members", f"/api/teams/{riverside}/members", None),
        ("GET", "/api/teams/{team_id}/sync/pull", f"/api/teams/{riverside}/sync/pull", None),
        (
            "GET",
            "/api/teams/{team_id}/sync/pull",
            f"/api/teams/{riverside}/sync/pull?since=minus-one",
            None,
        ),
        ("GET", "/api/teams/{team_id}/practice/cpd", f"/api/teams/{riverside}/practice/cpd", None),
        ("GET", "/api/teams/{team_id}/offline-set", f"/api/teams/{riverside}/offline-set", None),
        (
            "POST",
            "/api/teams/{team_id}/sync/push",
            f"/api/teams/{riverside}/sync/push",
            {"mutations": [mutation("cpd.record", CPD)]},
        ),
        (
            "POST",
            "/api/teams/{team_id}/sync/push",
            f"/api/teams/{riverside}/sync/push",
            {"mutations": "not a list"},
        ),
        (
            "POST",
            "/api/teams/{team_id}/mutations",
            f"/api/teams/{riverside}/mutations",
            mutation("cpd.record", CPD),
        ),
        (
            "POST",
            "/api/teams/{team_id}/mutations",
            f"/api/teams/{riverside}/mutations",
            mutation("cpd.record", {**CPD, "hours": "many"}),
        ),
    ]:
        response = sam.get(path) if body is None else sam.post_json(path, body)
        check(doc, method, template, response)
        seen.add(response.status_code)
    assert {200, 400, 404} <= seen, seen

    # Without the CSRF header: 403, in the documented shape.
    forged = sam.post(f"/api/teams/{riverside}/sync/push", json={"mutations": []})
    assert forged.status_code == 403
    check(doc, "POST", "/api/teams/{team_id}/sync/push", forged)


def test_the_unhealthy_store_error_is_documented(document) -> None:
    assert "503" in documented(document, "POST", "/api/teams/{team_id}/sync/push")
    schema = {"$ref": "#/components/schemas/Error", "components": document["components"]}
    assert jsonschema_rs.validator_for(schema).is_valid({"error": UNHEALTHY_API, "status": 503})
