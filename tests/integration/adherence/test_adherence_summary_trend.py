"""The team summary's trend: the same numbers as evaluating the team at each month end,
computed once per team version (past month ends never change at a version), on a
worker thread; and the API's "as of" date kept to a sensible range."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from backend.adherence import charts, queries, trend, view
from backend.adherence.evaluations import evaluate_team
from backend.dates import uk_today
from tests.support.journeys import act


def test_the_trend_matches_evaluating_the_team_at_each_month_end(demo_services, teams):
    services = demo_services[0]
    store = services.teams.get(teams["riverside"])
    conn = store.reader
    people = queries.teachers(conn)
    as_of = date(2026, 9, 15)
    points = trend.trend(conn, people, as_of, str(store.path) + "#match")
    assert [p.day for p in points] == view.month_ends(as_of, trend.TREND_MONTHS)
    assert len(points) == 12
    for point in points:
        expected = charts.overall_counts(evaluate_team(conn, people, point.day).values())
        assert point.counts == expected, point.day


def test_past_month_ends_are_evaluated_once_per_team_version(demo_services, teams, monkeypatch):
    services = demo_services[0]
    team = teams["riverside"]
    store = services.teams.get(team)
    asked: list[list[date]] = []
    real = trend.overall_counts_at

    def counting(conn, teachers, days):
        asked.append(list(days))
        return real(conn, teachers, days)

    monkeypatch.setattr(trend, "overall_counts_at", counting)
    as_of = uk_today()
    first = trend.team_summary(store.path, as_of)
    assert asked == [view.month_ends(as_of, 12)[:-1]]  # "as of" comes with the evaluations
    assert trend.team_summary(store.path, as_of).trend == first.trend
    assert len(asked) == 1  # nothing evaluated again at the same version
    act(services, team, "alex", "team.rename", {"name": "Riverside renamed"})
    trend.team_summary(store.path, as_of)
    assert len(asked) == 2  # a change raises the version: evaluated again
    assert trend.COUNTS.size == 16 * trend.TREND_MONTHS  # bounded


def test_the_summary_page_is_computed_off_the_event_loop(signed_in, teams, monkeypatch):
    where: list[str] = []
    real = trend.team_summary

    def watched(path, as_of):
        try:
            asyncio.get_running_loop()
            where.append("event loop")
        except RuntimeError:
            where.append("worker thread")
        return real(path, as_of)

    from backend.adherence import routes_adherence

    monkeypatch.setattr(routes_adherence, "team_summary", watched)
    page = signed_in("alex").get(f"/teams/{teams['riverside']}/adherence/summary")
    assert page.status_code == 200
    assert where == ["worker thread"]


@pytest.mark.parametrize(
    "as_of",
    ["1899-12-31", "1989-12-31", "9999-12-31", "2200-01-01", "far", "2026-02-30"],
)
def test_the_api_refuses_an_as_of_out_of_range_naming_the_field(signed_in, teams, as_of):
    response = signed_in("sam").get(
        f"/api/teams/{teams['riverside']}/adherence", params={"as_of": as_of}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert set(body["errors"]) == {"as_of"}


def test_the_api_answers_as_of_a_year_from_today(signed_in, teams):
    latest = uk_today() + timedelta(days=366)
    client = signed_in("sam")
    url = f"/api/teams/{teams['riverside']}/adherence"
    assert client.get(url, params={"as_of": latest.isoformat()}).status_code == 200
    too_late = client.get(url, params={"as_of": (latest + timedelta(days=1)).isoformat()})
    assert too_late.status_code == 400
    assert too_late.json()["errors"]["as_of"] == (
        f"as_of must be from 1990-01-01 to {latest.isoformat()}"
    )
    assert client.get(url, params={"as_of": "1990-01-01"}).status_code == 200
