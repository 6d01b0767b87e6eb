"""The journey pages as members and leads see them, with JavaScript off (plain requests)
and as htmx fragments. Every HTML page is checked by the test client (one h1, title,
labelled controls, unique ids, forms with action and method)."""

from __future__ import annotations

from lxml import html as lxml_html

from tests.support.client import texts


def _svg(text: str, label_id: str) -> lxml_html.HtmlElement:
    doc = lxml_html.document_fromstring(text)
    found = doc.xpath(f"//svg[@role='img' and contains(@aria-labelledby, '{label_id}')]")
    assert found, f"no accessible svg labelled by {label_id}"
    svg = found[0]
    assert svg.xpath(f".//title[@id='{label_id}']"), "the svg has no title"
    assert "style=" not in lxml_html.tostring(svg).decode()
    return svg


def test_the_journey_page_shows_the_picture_the_grid_and_its_table(lead, base, snapshot):
    page = lead.get(f"{base}/journey")
    assert page.status_code == 200
    assert texts(page.text, "//h1") == ["Implementation journey"]
    assert "Your service is typically at the developmental stage" in " ".join(
        texts(page.text, "//p")
    )
    grid = _svg(page.text, "grid-title")
    assert len(grid.xpath(".//rect")) >= 21  # 7 characteristics x 3 stages
    rows = texts(page.text, "//table[contains(@class, 'app-grid-table')]/tbody/tr")
    assert len(rows) == 7
    snap = snapshot()
    for picture in snap.picture.characteristics:
        row = next(r for r in rows if picture.title in r)
        for strength in picture.strengths:
            shown = "n/a" if strength.percent is None else f"{strength.percent}%"
            assert shown in row
    assert "A reflective review is due" in page.text
    assert "3 overdue" in page.text
    assert "Starting the journey" in page.text
    assert "style=" not in page.text.split("<main")[1]


def test_every_member_reads_the_journey_but_only_leads_see_the_changes(as_person, base):
    sam = as_person("sam")
    page = sam.get(f"{base}/journey/characteristics/top-down-buy-in")
    assert page.status_code == 200
    assert "Add a local action" not in page.text
    assert "journey/hide" not in page.text
    assert "See the history" in page.text
    action = sam.get(f"{base}/journey/actions/top-down-buy-in.starting_out.make-the-case")
    assert texts(action.text, "//h1") == ["An action"]
    assert "<form" not in action.text.split("<main")[1].split("</main>")[0]


def test_a_characteristic_page_lists_actions_by_stage_with_history(lead, base):
    page = lead.get(f"{base}/journey/characteristics/make-it-fit")
    assert texts(page.text, "//h1") == ["Make it fit"]
    headings = texts(page.text, "//h2[not(ancestor::template)]")
    assert [h.split()[0] for h in headings[:3]] == ["Starting", "Developmental", "Sustainable"]
    assert "Add a local action" in headings
    assert "Recent changes" in headings
    items = texts(page.text, "//ul[contains(@class,'app-history')]/li")
    assert 1 <= len(items) <= 25
    assert page.text.count("/journey/actions/make-it-fit.") == 5
    action = lead.get(f"{base}/journey/actions/make-it-fit.starting_out.evidence")
    assert 'data-mutation="journey.item.hide"' in action.text
    assert "Hide this action" in action.text


def test_unverified_actions_are_labelled_as_suggestions(lead, base, snapshot):
    page = lead.get(f"{base}/journey/characteristics/structure-and-governance")
    snap = snapshot()
    note = snap.team.journey.suggestion_note
    actions = texts(page.text, "//li[contains(@class,'app-action')]")
    assert actions
    assert all("Suggestion" in a for a in actions)
    assert note.split(".")[0] in page.text


def test_the_action_plan_marks_overdue_items_and_filters_without_javascript(lead, base):
    page = lead.get(f"{base}/journey/plan")
    assert texts(page.text, "//h1") == ["Action plan"]
    assert page.text.count(">Overdue<") == 3
    overdue = lead.get(f"{base}/journey/plan?show=overdue")
    items = texts(overdue.text, "//li[contains(@class,'app-plan__item')]")
    assert len(items) == 3
    assert all("Overdue" in i for i in items)
    mine = lead.get(f"{base}/journey/plan?show=mine")
    assert "Owner: Alex Morgan" in mine.text
    assert "Owner: Sam Patel" not in mine.text
    odd = lead.get(f"{base}/journey/plan?show=everything-and-more")
    assert odd.status_code == 200


def test_the_plan_filter_is_a_fragment_for_htmx(lead, base, htmx):
    part = lead.get(f"{base}/journey/plan?show=overdue", headers=htmx)
    assert part.status_code == 200
    assert part.text.lstrip().startswith('<div id="action-plan-items">')
    assert "<html" not in part.text
    assert part.headers["cache-control"] == "no-store"
    assert "HX-Request" in part.headers["vary"]
    restore = lead.get(
        f"{base}/journey/plan?show=overdue",
        headers={**htmx, "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.text


def test_the_timeline_shows_stage_progress_and_pivot_points(lead, base, snapshot):
    page = lead.get(f"{base}/journey/timeline")
    assert texts(page.text, "//h1") == ["Stage progress over time"]
    svg = _svg(page.text, "timeline-title")
    snap = snapshot()
    markers = svg.xpath(".//polygon | .//circle")
    assert len(markers) == len(snap.pivots) == 30
    tables = lxml_html.document_fromstring(page.text).xpath("//table")
    assert len(tables) == 2
    assert len(tables[1].xpath(".//tbody/tr")) == 30
    assert len(tables[0].xpath(".//tbody/tr")) >= 5


def test_the_implementers_page_shows_the_drive_risks_with_reasons(lead, base):
    page = lead.get(f"{base}/journey/implementers")
    assert texts(page.text, "//h1") == ["Implementers and drive"]
    risks = texts(page.text, "//li[contains(@class,'app-risks__item')]")
    assert len(risks) == 1
    assert "Jo Clarke" in risks[0]
    assert "no successor is named" in risks[0]
    assert "Dr Ruth Okafor" in page.text


def test_pivot_points_are_listed_newest_first(lead, base, snapshot):
    page = lead.get(f"{base}/journey/pivot-points")
    items = texts(page.text, "//li[contains(@class,'app-pivots__item')]")
    assert len(items) == 30
    newest = snapshot().pivots[0]
    assert newest.what_happened in items[0]
    detail = lead.get(f"{base}/journey/pivot-points/{newest.id}")
    assert "Open a reflective review about it?" in detail.text
    assert f"/reviews/new?pivot_point={newest.id}" in detail.text


def test_the_team_home_has_a_journey_panel_and_navigation(as_person, base):
    sam = as_person("sam")
    home = sam.get(base)
    panel = texts(home.text, "//section[@id='journey-panel']")[0]
    assert "developmental" in panel
    assert "3 overdue" in panel
    assert "A reflective review is due" in panel
    assert "1 risk to the drive" in panel
    nav = texts(home.text, "//header//nav//a")
    assert "Journey" in nav
    assert "Reviews" in nav
    journey = sam.get(f"{base}/journey")
    current = lxml_html.document_fromstring(journey.text).xpath("//header//nav//a[@aria-current]")
    assert [a.text_content().strip() for a in current] == ["Journey"]


def test_unknown_ids_and_other_teams_are_not_found(lead, base, teams, as_person):
    for path in (
        "/journey/characteristics/no-such-thing",
        "/journey/actions/no-such-action",
        "/journey/pivot-points/00000000-0000-0000-0000-000000000000",
        "/journey/implementers/00000000-0000-0000-0000-000000000000",
        "/reviews/00000000-0000-0000-0000-000000000000",
        "/reviews/00000000-0000-0000-0000-000000000000/answer",
        "/reviews/compare?before=nope",
    ):
        assert lead.get(f"{base}{path}").status_code == 404, path
    chris = as_person("chris")
    assert chris.get(f"{base}/journey").status_code == 404
    assert chris.get(f"{base}/reviews").status_code == 404
    hillside = teams["hillside"]
    assert chris.get(f"/teams/{hillside}/journey").status_code == 200


def test_the_hillside_journey_has_just_started(as_person, teams):
    morgan = as_person("morgan")
    page = morgan.get(f"/teams/{teams['hillside']}/journey/implementers")
    risks = " ".join(texts(page.text, "//li[contains(@class,'app-risks__item')]"))
    assert "A single implementer" in risks
    assert "No senior sponsor" in risks


def test_the_journey_is_computed_once_per_team_version(
    lead, as_person, base, riverside, demo_services, snapshot
):
    first = snapshot()
    assert snapshot() is first
    lead.get(f"{base}/journey")
    sam_page = as_person("sam").get(f"{base}/journey")
    assert "Open a reflective review" not in sam_page.text  # members get their own variant
    assert "Open a reflective review" in lead.get(f"{base}/journey").text
    lead.post_form(f"{base}/journey/hide", {"item_id": "drive.widen"})
    assert snapshot() is not first
    assert snapshot().version > first.version


def test_the_journey_pages_name_their_sources_and_label_suggested_rows(lead, base):
    page = lead.get(f"{base}/journey")
    doc = lxml_html.document_fromstring(page.text)
    links = {a.get("href") for a in doc.xpath("//p[contains(@class, 'app-source')]/a")}
    assert (
        "https://implementing-mindfulness.co.uk/overview/maintaining-and-sustaining-an-mbct-service/"
        in links
    )
    assert "https://implementing-mindfulness.co.uk/overview/" in links  # Starting the journey
    rows = texts(page.text, "//table[contains(@class, 'app-grid-table')]/tbody/tr")
    suggested = sorted(
        r.split("(")[0].removeprefix("Characteristic").strip()
        for r in rows
        if "(suggested actions)" in r
    )
    assert suggested == [
        "Nourish and sustain yourselves",
        "Structure and governance",
        "Top-down buy-in",
    ]
    char = lead.get(f"{base}/journey/characteristics/make-it-fit")
    char_doc = lxml_html.document_fromstring(char.text)
    char_links = char_doc.xpath("//p[contains(@class, 'app-source')]/a/@href")
    assert any("maintaining-and-sustaining-an-mbct-service" in h for h in char_links)


def test_the_reflective_questions_cite_the_nhs_mindfulness_network_page(lead, base):
    page = lead.get(f"{base}/reviews/questions")
    assert page.status_code == 200
    cited = " ".join(texts(page.text, "//p[contains(@class, 'app-source')]"))
    assert "NHS Mindfulness Network" in cited
    assert "reflective questions" in cited


def test_top_down_buy_in_cites_aspire_exactly(lead, base):
    page = lead.get(f"{base}/journey/characteristics/top-down-buy-in")
    assert page.status_code == 200
    cited = " ".join(texts(page.text, "//p[contains(@class, 'app-source')]"))
    assert '"make a case for the programme"' in cited
    assert "examples of how services made the case, business cases and a financial case" in cited
    assert 'top-down "buy in"' in cited
    assert "resources on top-down buy-in" not in cited
