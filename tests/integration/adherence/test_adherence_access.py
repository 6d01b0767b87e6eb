"""Every adherence route, tried as everyone: only the intended people get through.

The same idea as test_route_sweep.py, for this feature's routes, with one more kind of
access: `supervisor` (a supervisor, lead or admin of the team). Each actor works on
their own records where a route names one.
"""

from __future__ import annotations

from typing import Any

import pytest

from backend.demo import email_of
from tests.conftest import DEMO_PASSWORD
from tests.support.clock import TEST_TODAY
from tests.support.journeys import query, user_id

TODAY = TEST_TODAY.isoformat()
SUPERVISION = {"date": TODAY, "minutes": "60", "format": "peer"}
ROUTES: list[tuple[str, str, str, dict[str, Any] | None]] = [
    ("GET", "/teams/{team}/practice", "member", None),
    ("GET", "/teams/{team}/practice/profile", "member", None),
    ("POST", "/teams/{team}/practice/profile", "member", {"professional_background": "Nurse"}),
    ("GET", "/teams/{team}/practice/supervision", "member", None),
    ("GET", "/teams/{team}/practice/supervision/new", "member", None),
    ("POST", "/teams/{team}/practice/supervision", "member", SUPERVISION),
    ("GET", "/teams/{team}/practice/supervision/{mine}", "member", None),
    ("POST", "/teams/{team}/practice/supervision/{mine}", "member", SUPERVISION),
    ("POST", "/teams/{team}/practice/supervision/{mine}/delete", "member", {}),
    ("GET", "/teams/{team}/practice/import", "member", None),
    ("POST", "/teams/{team}/practice/import", "member", {}),
    ("POST", "/teams/{team}/practice/import/confirm", "member", {"csv": "nonsense"}),
    ("GET", "/teams/{team}/practice/records.csv", "member", None),
    ("GET", "/teams/{team}/practice/statuses.csv", "member", None),
    ("GET", "/teams/{team}/practice/calendar.ics", "member", None),
    ("GET", "/teams/{team}/practice/calendar", "member", None),
    ("POST", "/teams/{team}/practice/calendar", "member", {}),
    ("POST", "/teams/{team}/practice/calendar/stop", "member", {}),
    ("GET", "/api/teams/{team}/adherence", "member", None),
    ("GET", "/api/teams/{team}/practice/supervision", "member", None),
    ("GET", "/teams/{team}/adherence", "supervisor", None),
    ("GET", "/teams/{team}/adherence/people/{sam}", "supervisor", None),
    ("POST", "/teams/{team}/adherence/people/{sam}/verify", "supervisor", {"kind": "cpd"}),
    ("POST", "/teams/{team}/adherence/people/{sam}/verify-all", "supervisor", {}),
    ("GET", "/teams/{team}/adherence/people/{sam}/records/supervision/new", "supervisor", None),
    ("GET", "/teams/{team}/adherence/people/{sam}/records/mbi-tac/new", "supervisor", None),
    ("POST", "/teams/{team}/adherence/people/{sam}/records/supervision", "supervisor", SUPERVISION),
    ("POST", "/teams/{team}/adherence/people/{sam}/records/mbi-tac", "supervisor", {}),
    ("GET", "/teams/{team}/adherence/records.csv", "supervisor", None),
    ("GET", "/teams/{team}/adherence/statuses.csv", "supervisor", None),
    ("GET", "/teams/{team}/adherence/summary", "lead", None),
    ("GET", "/teams/{team}/adherence/standards", "lead", None),
    (
        "POST",
        "/teams/{team}/adherence/standards",
        "lead",
        {"profile_id": "gpg", "due_soon_days": "30"},
    ),
]
ACTORS = ["anonymous", "chris", "morgan", "sam", "jo", "alex"]
ROLE = {"sam": "practitioner", "jo": "supervisor", "alex": "lead"}


def expected(kind: str, actor: str) -> str:
    if actor == "anonymous":
        return "sign_in"
    if actor in {"chris", "morgan"}:
        return "not_found"
    allowed = {
        "member": {"practitioner", "supervisor", "lead"},
        "supervisor": {"supervisor", "lead"},
        "lead": {"lead"},
    }[kind]
    return "ok" if ROLE[actor] in allowed else "forbidden"


def outcome(response: Any) -> str:
    status = response.status_code
    assert status < 500, response.text[:300]
    if status == 401 or (status == 303 and response.headers["location"].startswith("/sign-in")):
        return "sign_in"
    return {404: "not_found", 403: "forbidden"}.get(
        status, "ok" if status < 400 or status == 422 else str(status)
    )


@pytest.mark.parametrize(
    ("method", "path", "kind", "form", "actor"),
    [
        pytest.param(*route, actor, id=f"{route[0]} {route[1]} as {actor}")
        for route in ROUTES
        for actor in ACTORS
    ],
)
def test_adherence_route_as(client, demo_services, teams, method, path, kind, form, actor):
    services = demo_services[0]
    team = teams["riverside"]
    sam = user_id(services, "sam")
    mine = "00000000-0000-4000-8000-000000000000"
    if actor in ROLE:
        rows = query(
            services,
            team,
            "SELECT id FROM supervision_sessions WHERE teacher_id = ? AND deleted_at IS NULL",
            [user_id(services, actor)],
        )
        mine = rows[0]["id"]
    url = path.format(team=team, sam=sam, mine=mine)
    data = dict(form or {})
    if url.endswith("/verify"):
        data["record_id"] = query(
            services,
            team,
            "SELECT id FROM cpd_activities WHERE teacher_id = ? AND verified_at IS NULL",
            [sam],
        )[0]["id"]
    if actor != "anonymous":
        client.sign_in(email_of(actor), DEMO_PASSWORD)
    if method == "POST":
        response = client.post_form(url, data, follow_redirects=False)
    else:
        response = client.get(url, follow_redirects=False)
    got = outcome(response)
    assert got == expected(kind, actor), (
        f"{method} {url} as {actor}: {response.status_code} {response.text[:200]!r}"
    )
