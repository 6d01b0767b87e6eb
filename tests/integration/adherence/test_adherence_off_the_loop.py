"""A team's evaluations not yet cached (the first view after a change) are read and
evaluated on a worker thread with a connection of its own, so other requests are answered
meanwhile; they are cached under the team version that thread read, and a cached view
stays on the event loop."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest

from backend.adherence import evaluations, queries, web
from backend.adherence.evaluations import (
    CACHE,
    FRAGMENTS,
    cached_team_evaluations,
    evaluate_team,
    read_team_evaluations,
)
from backend.adherence.rules import kinds as k
from backend.adherence.rules.results import Status
from backend.dates import uk_today
from tests.support.client import texts
from tests.support.journeys import act

REAL_EVALUATE_TEAM = evaluate_team


def where() -> str:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return "worker thread"
    return "event loop"


class Held:
    """evaluate_team, made to wait until released (at most 5 s): a slow evaluation."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.where: list[str] = []

    def __call__(self, conn: Any, teachers: Any, as_of: date) -> Any:
        self.where.append(where())
        self.started.set()
        self.release.wait(timeout=5)
        return REAL_EVALUATE_TEAM(conn, teachers, as_of)


def a_change(demo_services: Any, team: str) -> None:
    """Someone changes the team: its version goes up, so nothing of it is cached."""
    act(demo_services[0], team, "alex", "team.rename", {"name": "Riverside, renamed"})


def answered_while_evaluating(client: Any, path: str, held: Held) -> Any:
    """Fetch `path` on another thread; while its evaluation is held, /healthz must be
    answered (it would wait for the evaluation if that blocked the event loop)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        page = pool.submit(client.get, path)
        assert held.started.wait(timeout=5), "the page evaluated nothing"
        started = time.perf_counter()
        health = client.get("/healthz")
        took = time.perf_counter() - started
        still_evaluating = not page.done()
        held.release.set()
        response = page.result(timeout=10)
    assert health.status_code == 200
    assert still_evaluating, "/healthz was answered only after the evaluation"
    assert took < 2
    assert held.where == ["worker thread"]
    return response


def hold(monkeypatch: pytest.MonkeyPatch) -> Held:
    """Team evaluations from now on are held (after signing in: that opens the home)."""
    slow = Held()
    monkeypatch.setattr(evaluations, "evaluate_team", slow)
    return slow


def test_the_dashboard_is_evaluated_off_the_event_loop(
    signed_in, demo_services, teams, monkeypatch
):
    team = teams["riverside"]
    client = signed_in("alex")
    a_change(demo_services, team)
    held = hold(monkeypatch)
    page = answered_while_evaluating(client, f"/teams/{team}/adherence", held)
    assert page.status_code == 200
    assert "Sam Patel" in page.text


def test_the_team_home_is_evaluated_off_the_event_loop(
    signed_in, demo_services, teams, monkeypatch
):
    team = teams["riverside"]
    client = signed_in("alex")
    a_change(demo_services, team)
    held = hold(monkeypatch)
    page = answered_while_evaluating(client, f"/teams/{team}", held)
    assert page.status_code == 200
    panel = " ".join(texts(page.text, "//section[@id='adherence-panel']")[0].split())
    store = demo_services[0].teams.get(team)
    people = queries.teachers(store.reader)
    done = REAL_EVALUATE_TEAM(store.reader, people, uk_today()).values()
    not_met = sum(
        1 for e in done if any(c.status is Status.NOT_MET and not c.advisory for c in e.checks)
    )
    assert f"Of the {len(people)} practitioners in the team, {not_met} " in panel


def test_a_cold_view_is_cached_and_the_next_views_stay_on_the_event_loop(
    signed_in, demo_services, teams, monkeypatch
):
    team = teams["riverside"]
    store = demo_services[0].teams.get(team)
    client = signed_in("alex")
    a_change(demo_services, team)
    hops: list[str] = []
    real = web.run_sync

    async def counted(func: Any, *args: Any) -> Any:
        hops.append(func.__name__)
        return await real(func, *args)

    monkeypatch.setattr(web, "run_sync", counted)
    first = client.get(f"/teams/{team}/adherence")
    assert hops == ["read_team_evaluations"]
    again = client.get(f"/teams/{team}/adherence")
    home = client.get(f"/teams/{team}")
    api = client.get(f"/api/teams/{team}/adherence")
    csv = client.get(f"/teams/{team}/adherence/statuses.csv")
    assert [first.status_code, again.status_code, home.status_code] == [200, 200, 200]
    assert [api.status_code, csv.status_code] == [200, 200]
    assert hops == ["read_team_evaluations"]  # the lead's selection, cached once

    today = uk_today()
    found = cached_team_evaluations(store.reader, queries.teachers, today, str(store.path))
    assert found is not None
    assert found.version == queries.version(store.reader)
    assert found.teachers == queries.teachers(store.reader)
    assert found.evaluations == evaluate_team(store.reader, found.teachers, today)
    overall = {t["user_id"]: t["overall"] for t in api.json()["teachers"]}
    assert overall == {uid: e.overall.value for uid, e in found.evaluations.items()}


def test_a_supervisors_cold_view_shows_only_their_supervisees(
    signed_in, demo_services, teams, monkeypatch
):
    team = teams["riverside"]
    client = signed_in("jo")
    a_change(demo_services, team)
    held = hold(monkeypatch)
    held.release.set()  # not held: only where it runs matters here
    page = client.get(f"/api/teams/{team}/adherence")
    assert page.status_code == 200
    store = demo_services[0].teams.get(team)
    jo = queries.person_by_email(store.reader, "jo.clarke@example.nhs.uk")
    assert jo is not None
    supervisees = {p.user_id for p in queries.supervisees(store.reader, jo.user_id)}
    assert supervisees
    assert supervisees <= {t["user_id"] for t in page.json()["teachers"]}
    assert held.where == ["worker thread"]


def test_evaluations_are_cached_under_the_version_the_thread_read(demo_services, teams):
    team = teams["riverside"]
    store = demo_services[0].teams.get(team)
    key, today = str(store.path), uk_today()
    looked_at = queries.version(store.reader)
    assert cached_team_evaluations(store.reader, queries.teachers, today, key) is None
    a_change(demo_services, team)  # after the event loop looked, before the thread reads
    found = read_team_evaluations(store.path, queries.teachers, today)
    assert found.version == looked_at + 1
    ids = tuple(p.user_id for p in found.teachers)
    assert CACHE.get((key, looked_at, today, ids)) is None
    assert CACHE.get((key, found.version, today, ids)) is found.evaluations
    assert cached_team_evaluations(store.reader, queries.teachers, today, key) == found


def test_the_thread_reads_one_snapshot_while_the_team_changes(demo_services, teams, monkeypatch):
    services = demo_services[0]
    team = teams["riverside"]
    store = services.teams.get(team)
    key, today = str(store.path), uk_today()
    before = queries.version(store.reader)
    teachers = queries.teachers(store.reader)
    expected = evaluate_team(store.reader, teachers, today)

    def changed_meanwhile(conn: Any, chosen: Any, as_of: date) -> Any:
        record = {"date": today.isoformat(), "hours": "30", "kind": "reading"}
        act(services, team, "sam", k.CPD.mutations[0], {**record, "participatory": "no"})
        return REAL_EVALUATE_TEAM(conn, chosen, as_of)

    monkeypatch.setattr(evaluations, "evaluate_team", changed_meanwhile)
    found = read_team_evaluations(store.path, queries.teachers, today)
    monkeypatch.undo()
    assert queries.version(store.reader) > before  # the change was made
    assert found.version == before
    assert found.evaluations == expected  # and is not in what was read
    after = evaluate_team(store.reader, teachers, today)
    assert after != expected
    assert cached_team_evaluations(store.reader, queries.teachers, today, key) is None


def test_people_opening_a_changed_team_at_once_share_one_evaluation(
    demo_services, teams, monkeypatch
):
    store = demo_services[0].teams.get(teams["riverside"])
    held = hold(monkeypatch)
    at_the_lock = threading.Semaphore(0)
    real_lock_for = evaluations._evaluating

    def lock_for(key: str) -> threading.Lock:
        at_the_lock.release()  # this view has missed the cache and queues for the lock
        return real_lock_for(key)

    monkeypatch.setattr(evaluations, "_evaluating", lock_for)
    with ThreadPoolExecutor(max_workers=3) as pool:
        views = [
            pool.submit(read_team_evaluations, store.path, queries.teachers, uk_today())
            for _ in range(3)
        ]
        assert held.started.wait(timeout=5)
        for _ in range(3):  # the first is evaluating; the others wait for it
            assert at_the_lock.acquire(timeout=5)
        held.release.set()
        found = [view.result(timeout=10) for view in views]
    assert len(held.where) == 1
    assert found[1].evaluations is found[0].evaluations
    assert found[2].evaluations is found[0].evaluations


def test_a_dashboard_table_is_not_kept_when_the_team_changed_while_evaluating(
    signed_in, demo_services, teams, monkeypatch
):
    team = teams["riverside"]
    store = demo_services[0].teams.get(team)
    client = signed_in("alex")
    a_change(demo_services, team)
    real = web.run_sync
    read_at: list[int] = []

    async def then_a_change(func: Any, *args: Any) -> Any:
        found = await real(func, *args)
        read_at.append(found.version)
        a_change(demo_services, team)  # before the table is rendered on the loop
        return found

    monkeypatch.setattr(web, "run_sync", then_a_change)
    page = client.get(f"/teams/{team}/adherence")
    assert page.status_code == 200
    assert "Sam Patel" in page.text
    assert queries.version(store.reader) == read_at[0] + 1
    ids = tuple(p.user_id for p in queries.teachers(store.reader))

    def table_at(version: int) -> Any:
        return FRAGMENTS.get(("dashboard", str(store.path), version, uk_today(), "all", ids, True))

    assert table_at(read_at[0]) is None  # its "waiting for sign-off" was read later
    monkeypatch.undo()
    assert client.get(f"/teams/{team}/adherence").status_code == 200
    assert table_at(read_at[0] + 1) is not None
