"""Make the case: each section saved on its own by a lead through its mutation, read by
every member, refused to everyone else; bad input named in the error summary with the
input kept; the case read back from its PDF and Word document."""

from __future__ import annotations

import io
import re

import docx
import pypdf

from backend.case.queries import SECTIONS
from backend.case.seeds import NICE
from tests.support.journeys import browser_as, query, team_name

COSTS = {
    "courses_per_year": "4",
    "participants_per_course": "12",
    "sessions_per_course": "9",
    "teachers_per_session": "2",
    "staff_hours_per_session": "3.5",
    "staff_cost_per_hour": "40",
    "room_cost_per_session": "25",
    "supervision_cost_per_course": "300",
    "retreat_cost_per_year": "1200",
    "cpd_cost_per_year": "800",
    "note": "Agenda for change band 7, with on-costs",
}


def _base(team: str) -> str:
    return f"/teams/{team}/journey/case"


def _text(html: str) -> str:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).replace("&#39;", "'").split())


def test_a_lead_fills_the_case_section_by_section(client, teams, demo_services) -> None:
    services = demo_services[0]
    team = teams["riverside"]
    alex = browser_as(client, "alex")
    home = alex.get(_base(team))
    assert home.status_code == 200
    for _, title in SECTIONS:
        assert title in home.text
    assert "Suggested list" in home.text

    saved = alex.post_form(
        f"{_base(team)}/need",
        {"population": "250,000", "referrals_per_year": "1200", "note": "A clear gap"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    saved = alex.post_form(f"{_base(team)}/costs", COSTS, follow_redirects=False)
    assert saved.status_code == 303
    page = alex.get(f"{_base(team)}/costs").text
    # 9 x 2 x 3.5 x 40 = 2,520; rooms 225; supervision 300; (1,200 + 800) / 4 = 500
    assert "Cost per course: £3,545.00" in page
    assert "Cost per participant: £295.42" in page
    saved = alex.post_form(
        f"{_base(team)}/stakeholders",
        {
            "stakeholder_1_name": "Clinical director",
            "stakeholder_1_power": "high",
            "stakeholder_1_interest": "low",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    saved = alex.post_form(
        f"{_base(team)}/swot",
        {"strengths": "Trained teachers\n\nA keen lead", "threats": "Funding ends in March"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    saved = alex.post_form(
        f"{_base(team)}/outcomes", {"outcomes": "Courses run a year"}, follow_redirects=False
    )
    assert saved.status_code == 303
    evidence = alex.get(f"{_base(team)}/evidence").text
    assert NICE in evidence
    saved = alex.post_form(
        f"{_base(team)}/evidence",
        {"evidence_1_text": "Local audit shows demand", "evidence_1_source": "Our audit, 2026"},
        follow_redirects=False,
    )
    assert saved.status_code == 303

    rows = query(services, team, "SELECT section, text FROM case_items ORDER BY section, position")
    assert [(r["section"], r["text"]) for r in rows] == [
        ("evidence", "Local audit shows demand"),
        ("outcome", "Courses run a year"),
        ("stakeholder", "Clinical director"),
        ("strength", "Trained teachers"),
        ("strength", "A keen lead"),
        ("threat", "Funding ends in March"),
    ]
    kinds = query(
        services, team, "SELECT name FROM mutations WHERE name LIKE 'case.%' ORDER BY name"
    )
    assert {r["name"] for r in kinds} == {
        "case.need.save",
        "case.costs.save",
        "case.stakeholders.save",
        "case.swot.save",
        "case.outcomes.save",
        "case.evidence.save",
    }
    home = alex.get(_base(team)).text
    assert "Suggested list" not in home
    assert "Not started" not in home

    name = team_name(services, team)
    printed = _text(alex.get(f"{_base(team)}/print").text)
    pdf = alex.get(f"{_base(team)}.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    pdf_text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    word = docx.Document(io.BytesIO(alex.get(f"{_base(team)}.docx").content))
    parts = [p.text for p in word.paragraphs]
    parts += [c.text for t in word.tables for row in t.rows for c in row.cells]
    word_text = " ".join(" ".join(parts).split())
    for text in (printed, pdf_text, word_text):
        assert name in text
        for _, title in SECTIONS:
            assert title in text, title
        for said in ("Clinical director", "Funding ends in March", "Our audit, 2026", "£3,545.00"):
            assert said in text, said


def test_bad_input_is_named_and_kept(client, teams) -> None:
    team = teams["riverside"]
    alex = browser_as(client, "alex")
    bad = alex.post_form(
        f"{_base(team)}/costs",
        {**COSTS, "room_cost_per_session": "-5", "staff_cost_per_hour": "lots"},
    )
    assert bad.status_code == 422
    assert "Room cost per session must be 0 or more" in bad.text
    assert "Staff cost per hour must be a number, like 1.5" in bad.text
    assert 'value="lots"' in bad.text
    assert 'value="-5"' in bad.text
    long = alex.post_form(f"{_base(team)}/need", {"note": "x" * 2001, "population": "many"})
    assert long.status_code == 422
    assert "Note must be 2,000 characters or fewer" in long.text
    assert "Population served must be a whole number" in long.text
    missing = alex.post_form(f"{_base(team)}/evidence", {"evidence_1_text": "A finding"})
    assert missing.status_code == 422
    assert "Enter the source of evidence 1" in missing.text
    who = alex.post_form(f"{_base(team)}/stakeholders", {"stakeholder_1_name": "Board"})
    assert "Select the power of stakeholder 1" in who.text


def test_zero_participants_says_so_instead_of_failing(client, teams) -> None:
    team = teams["riverside"]
    alex = browser_as(client, "alex")
    saved = alex.post_form(
        f"{_base(team)}/costs", {**COSTS, "participants_per_course": "0"}, follow_redirects=False
    )
    assert saved.status_code == 303
    page = alex.get(f"{_base(team)}/print").text
    assert "cannot be worked out with no participants" in page


def test_members_read_and_only_leads_write(client, teams) -> None:
    team = teams["riverside"]
    sam = browser_as(client, "sam")
    page = sam.get(f"{_base(team)}/need")
    assert page.status_code == 200
    assert "<form" not in page.text.split("<main", 1)[1].split("</main>", 1)[0]
    assert sam.post_form(f"{_base(team)}/need", {"population": "1"}).status_code == 403
    assert sam.get(f"{_base(team)}.pdf").status_code == 200
    assert sam.get(f"{_base(team)}/risks").status_code == 200
    assert sam.get(f"{_base(team)}/nothing").status_code == 404
    alex = browser_as(client, "alex")
    assert alex.post_form(f"{_base(team)}/risks", {}).status_code == 404
    chris = browser_as(client, "chris")
    assert chris.get(_base(team)).status_code == 404
    anonymous = client.get(_base(team), follow_redirects=False)
    assert anonymous.headers["location"].startswith("/sign-in?next=")


def test_the_journey_and_the_annual_report_link_to_the_case(client, teams) -> None:
    team = teams["riverside"]
    alex = browser_as(client, "alex")
    link = f'href="/teams/{team}/journey/case"'
    assert link in alex.get(f"/teams/{team}/journey").text
    assert link in alex.get(f"/teams/{team}/reports/annual").text


def test_two_leads_saving_the_need_at_once_keep_both_values(client, teams, demo_services) -> None:
    """The need's form carries the version it was read at: a field changed by someone
    else since is kept and the clash stored, nothing silently lost."""
    services = demo_services[0]
    team = teams["riverside"]
    first, second = browser_as(client, "alex"), browser_as(client, "alex")
    pages = [b.get(f"{_base(team)}/need").text for b in (first, second)]
    versions = [re.search(r'name="base_version" value="(\d+)"', p).group(1) for p in pages]
    assert versions[0] == versions[1]
    saved = first.post_form(
        f"{_base(team)}/need",
        {"population": "1000", "base_version": versions[0]},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    clash = second.post_form(
        f"{_base(team)}/need",
        {"population": "2000", "base_version": versions[1]},
        follow_redirects=False,
    )
    assert clash.status_code == 303
    assert clash.headers["location"].endswith("/journey/case/need")
    kept = query(services, team, "SELECT population FROM case_need")
    assert kept[0]["population"] == 1000
    stored = query(services, team, "SELECT field FROM conflicts WHERE entity = 'case_need'")
    assert [r["field"] for r in stored] == ["population"]
    clashes = second.get(f"/teams/{team}/conflicts")
    assert clashes.status_code == 200
    assert "2000" in clashes.text


def test_the_case_is_in_the_offline_set_and_its_forms_queue_offline(client, teams) -> None:
    team = teams["riverside"]
    lead = browser_as(client, "alex").get(f"/api/teams/{team}/offline-set").json()["urls"]
    member = browser_as(client, "sam").get(f"/api/teams/{team}/offline-set").json()["urls"]
    assert _base(team) in member
    assert f"{_base(team)}/need" not in member
    for section in ("need", "evidence", "costs", "stakeholders", "swot", "outcomes"):
        assert f"{_base(team)}/{section}" in lead
    form = browser_as(client, "alex").get(f"{_base(team)}/costs").text
    assert 'data-mutation="case.costs.save"' in form
    assert "case.costs.save" in browser_as(client, "alex").get(_base(team)).text
