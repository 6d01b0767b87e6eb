"""A teacher's portfolio: their own records in the period, sign-offs and comments, and
their standing; as a page and as PDF (read back)."""

from __future__ import annotations

import io

import pypdf

from backend.adherence.rules import kinds as k
from tests.support.clock import TEST_TODAY
from tests.support.journeys import browser_as, query, user_id


def test_the_portfolio_lists_every_kind_and_the_standing_on_the_page_and_in_the_pdf(
    client, teams, demo_services
):
    services = demo_services[0]
    team = teams["riverside"]
    sam = user_id(services, "sam")
    name = query(services, team, "SELECT name FROM members WHERE user_id = ?", [sam])[0]["name"]
    browser = browser_as(client, "sam")
    page = browser.get(f"/teams/{team}/practice/portfolio")
    assert page.status_code == 200
    for kind in k.KINDS:
        assert f"<h2>{kind.plural}</h2>" in page.text.replace("&#39;", "'")
    assert "Standing on" in page.text
    assert name in page.text
    start = TEST_TODAY.replace(year=TEST_TODAY.year - 1).isoformat()
    sessions = query(
        services,
        team,
        "SELECT date FROM supervision_sessions WHERE teacher_id = ? AND deleted_at IS NULL"
        " AND date > ? AND date <= ?",
        [sam, start, TEST_TODAY.isoformat()],
    )
    assert sessions
    for row in sessions:
        assert f"<strong>{row['date']}</strong>" in page.text

    pdf = browser.get(f"/teams/{team}/practice/portfolio.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert name in text
    assert "Standing on" in text
    for kind in k.KINDS:
        assert kind.plural in text


def test_a_portfolio_is_only_ever_ones_own(client, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    tom = query(
        services, team, "SELECT name FROM members WHERE user_id = ?", [user_id(services, "tom")]
    )[0]["name"]
    jo = browser_as(client, "jo")
    page = jo.get(f"/teams/{team}/practice/portfolio?user_id={user_id(services, 'tom')}")
    assert page.status_code == 200
    assert tom not in page.text.split("<main", 1)[1]
    other = browser_as(client, "chris").get(f"/teams/{team}/practice/portfolio")
    assert other.status_code == 404


def test_a_bad_period_is_told_with_the_input_kept(client, teams):
    browser = browser_as(client, "sam")
    response = browser.get(
        f"/teams/{teams['riverside']}/practice/portfolio?start=2026-13-01&end=2026-03-31"
    )
    assert response.status_code == 422
    assert "Enter the first day as a date" in response.text
    assert 'value="2026-13-01"' in response.text
    backwards = browser.get(
        f"/teams/{teams['riverside']}/practice/portfolio?start=2026-03-31&end=2026-01-01"
    )
    assert backwards.status_code == 422
    assert "The first day must be on or before the last day" in backwards.text
