"""The service's annual report: the page, annual.pdf and annual.docx, read back: the
team's name, every section, the right counts, and no person's name."""

from __future__ import annotations

import io

import docx
import pypdf

from backend.adherence.for_reports import TITLES as ADHERENCE_SECTIONS
from backend.journey.for_reports import TITLES as JOURNEY_SECTIONS
from tests.support.clock import TEST_TODAY
from tests.support.journeys import browser_as, query

SECTIONS = (*JOURNEY_SECTIONS, *ADHERENCE_SECTIONS)


def _names(services, team) -> list[str]:
    rows = query(services, team, "SELECT name FROM members")
    found = [r["name"] for r in rows]
    found += [r["name"] for r in query(services, team, "SELECT name FROM implementers")]
    return found


def _counts(services, team):
    end = TEST_TODAY
    start = end.replace(year=end.year - 1)
    courses = query(
        services,
        team,
        "SELECT count(*) AS n FROM courses_taught WHERE deleted_at IS NULL"
        " AND start_date > ? AND start_date <= ?",
        [start.isoformat(), end.isoformat()],
    )[0]["n"]
    pivots = query(
        services,
        team,
        "SELECT count(*) AS n FROM pivot_points WHERE happened_on > ? AND happened_on <= ?",
        [start.isoformat(), end.isoformat()],
    )[0]["n"]
    return courses, pivots


def _check(text: str, services, team, name: str) -> None:
    flat = " ".join(text.split())
    assert name in flat
    for section in SECTIONS:
        assert section in flat, section
    courses, pivots = _counts(services, team)
    assert f"Courses run: {courses}" in flat
    assert f"Pivot points: {pivots}" in flat
    for person in _names(services, team):
        assert person not in flat, person


def test_the_annual_report_page_pdf_and_word_say_the_same_without_names(
    client, teams, demo_services
):
    services = demo_services[0]
    team = teams["riverside"]
    name = query(services, team, "SELECT name FROM team")[0]["name"]
    alex = browser_as(client, "alex")
    page = alex.get(f"/teams/{team}/reports/annual")
    assert page.status_code == 200
    main = page.text.split("<main", 1)[1].split("</main>", 1)[0]
    import re

    _check(re.sub(r"<[^>]+>", " ", main).replace("&#39;", "'"), services, team, name)

    pdf = alex.get(f"/teams/{team}/reports/annual.pdf?end={TEST_TODAY.isoformat()}")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    _check("\n".join(p.extract_text() for p in reader.pages), services, team, name)

    word = alex.get(f"/teams/{team}/reports/annual.docx?end={TEST_TODAY.isoformat()}")
    assert word.status_code == 200
    document = docx.Document(io.BytesIO(word.content))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    _check("\n".join(parts), services, team, name)


def test_a_bad_period_is_told_with_the_input_kept(client, teams):
    alex = browser_as(client, "alex")
    response = alex.get(f"/teams/{teams['riverside']}/reports/annual?end=31/03/2026")
    assert response.status_code == 422
    assert "Enter the last day of the 12 months as a date" in response.text
    assert 'value="31/03/2026"' in response.text


def test_only_leads_see_the_annual_report(client, teams):
    for person, status in (("sam", 403), ("jo", 403), ("morgan", 404)):
        browser = browser_as(client, person)
        for suffix in ("", ".pdf", ".docx"):
            got = browser.get(f"/teams/{teams['riverside']}/reports/annual{suffix}")
            assert got.status_code == status, (person, suffix)


def test_team_settings_link_to_the_annual_report(client, teams):
    alex = browser_as(client, "alex")
    settings = alex.get(f"/teams/{teams['riverside']}/settings").text
    assert f"/teams/{teams['riverside']}/reports/annual" in settings


def test_the_charts_are_the_apps_own_svgs_and_tables_in_word(client, teams, demo_services):
    """The journey grid at the start and end and the ratings over time, drawn by the same
    templates as the journey and reviews pages, on the page and in the PDF; Word has
    tables and says so."""
    from backend.journey.for_reports import CHARTS_AS_TABLES

    team = teams["riverside"]
    alex = browser_as(client, "alex")
    page = alex.get(f"/teams/{team}/reports/annual").text
    for chart in ("report-grid-start", "report-grid-end", "report-ratings"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in page, chart
    assert page.count('<svg class="app-chart"') == 3
    journey = alex.get(f"/teams/{team}/journey").text
    grid_title = "The journey grid: how much of each stage is in place"
    assert grid_title in journey
    assert page.count(grid_title) == 2

    pdf = alex.get(f"/teams/{team}/reports/annual.pdf?end={TEST_TODAY.isoformat()}")
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    start = TEST_TODAY.replace(year=TEST_TODAY.year - 1)
    # the SVGs' own words: the stage headings drawn above each grid, twice
    assert text.count("Starting out Developmental Sustainable") == 2
    assert "Ratings over time" in text
    assert f"{start.year}" in text

    word = alex.get(f"/teams/{team}/reports/annual.docx?end={TEST_TODAY.isoformat()}")
    document = docx.Document(io.BytesIO(word.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert CHARTS_AS_TABLES in paragraphs
    assert "Ratings over time" in paragraphs
    assert len(document.tables) == 2
