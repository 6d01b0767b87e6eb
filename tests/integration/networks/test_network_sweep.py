"""Every network route, tried as everyone a network concerns (the rows are in
test_route_sweep.EXPECTED, whose kinds say who may use each).

Who is tried, against a network of its own for each person (so one's change never
turns another's refusal into a missing record), led by Morgan with Riverside as its
member team:
    anonymous     not signed in
    chris         practitioner at Hillside, which is not in the network (outsider)
    sam           practitioner at Riverside (member practitioner: reads)
    alex          lead of Riverside (member team lead: publishes for Riverside)
    morgan        the network's lead, in no member team (moderates)
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from backend.demo import email_of
from backend.networks.service import apply_network
from tests.conftest import DEMO_PASSWORD
from tests.integration.web.test_route_sweep import EXPECTED, NETWORK_KINDS, _fill, _outcome
from tests.support.journeys import new_browser
from tests.support.networks import actor, network_with_riverside

ACTORS = ["anonymous", "chris", "sam", "alex", "morgan"]
ALLOWED = {
    "network": {"sam", "alex", "morgan"},
    "network_lead": {"morgan"},
    "publisher": {"alex"},
    "moderator": {"alex", "morgan"},
}
CASES = [
    pytest.param(method, path, id=f"{method} {path}")
    for (method, path), route in EXPECTED.items()
    if route.access in NETWORK_KINDS
]


def _expected(kind: str, person: str) -> str:
    if person == "anonymous":
        return "sign_in"
    if person == "chris":
        return "not_found"
    return "ok" if person in ALLOWED[kind] else "forbidden"


def _try(
    client: Any, services: Any, teams: dict[str, str], method: str, path: str, person: str
) -> str:
    route = EXPECTED[(method, path)]
    network_id = network_with_riverside(services, teams["riverside"])
    published = apply_network(
        services,
        network_id,
        actor(services, "alex"),
        "resource.publish",
        {
            "team_id": teams["riverside"],
            "title": "Sweep resource",
            "summary": "Found by the sweep",
            "url": "https://example.org/sweep",
            "kind": "evidence",
        },
    )
    case = apply_network(
        services,
        network_id,
        actor(services, "alex"),
        "case.draft",
        {"team_id": teams["riverside"], "title": "Our story"},
    )
    case_id = str(case.result["id"])
    apply_network(services, network_id, actor(services, "alex"), "case.share", {"case_id": case_id})
    asked = apply_network(
        services,
        network_id,
        actor(services, "sam"),
        "question.ask",
        {"team_id": teams["riverside"], "title": "Waiting lists?", "body": "How long are yours?"},
    )
    ids = {
        "network_id": network_id,
        "case_id": case_id,
        "question_id": str(asked.result["id"]),
        "resource_id": str(published.result["id"]),
        "riverside": teams["riverside"],
        "hillside": teams["hillside"],
    }
    browser = client if person == "anonymous" else new_browser(client)
    if person != "anonymous":
        signed = browser.post_form(
            "/sign-in",
            {"email": email_of(person), "password": DEMO_PASSWORD},
            follow_redirects=False,
        )
        assert signed.status_code == 303
    url = _fill(path, ids) + _fill(route.query, ids)
    kwargs: dict[str, Any] = {"follow_redirects": False}
    if method == "POST" and route.json is not None:
        response = browser.post(
            url, json=route.json, headers={"x-csrf-token": browser.csrf}, **kwargs
        )
    elif method == "POST":
        form = {k: _fill(v, ids) for k, v in (route.form or {}).items()}
        response = browser.post_form(url, form, **kwargs)
    else:
        response = browser.request(method, url, **kwargs)
    expected = _expected(route.access, person)
    got = _outcome(response, path)
    # The resource's file: a link resource has none, so the guard let them in to a 404;
    # sharing a case example that is already shared: the handler's own 404.
    if route.record and expected == "ok" and got == "not_found":
        got = "ok"
    if path.endswith("/file") and expected == "ok" and got == "not_found":
        got = "ok"
    problem = f"{method} {url} as {person}: expected {expected}, got {got} ({response.status_code} {response.text[:200]!r})"
    if got != expected:
        return problem
    returns = response.headers.get("location") == "/sign-in?next=" + quote(url)
    if expected == "sign_in" and not url.startswith("/api/") and not returns:
        return problem + " (sign-in should return here)"
    return ""


@pytest.mark.parametrize(("method", "path"), CASES)
def test_network_route_as_everyone(client, demo_services, teams, method, path) -> None:
    services = demo_services[0]
    problems = [_try(client, services, teams, method, path, person) for person in ACTORS]
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


def test_a_made_up_network_looks_the_same_as_someone_elses(client, demo_services, teams) -> None:
    services = demo_services[0]
    network_id = network_with_riverside(services, teams["riverside"])
    chris = new_browser(client)
    chris.sign_in(email_of("chris"), DEMO_PASSWORD)
    for suffix in ("", "/resources/new"):
        theirs = chris.get(f"/networks/{network_id}{suffix}")
        nobodys = chris.get(f"/networks/aaaaaaaaaaaa{suffix}")
        assert theirs.status_code == nobodys.status_code == 404
        assert "Sweep network" not in theirs.text
    bad = chris.get("/networks/..%2F..%2Fteams")
    assert bad.status_code == 404
