"""Adherence pages: your own standards, the supervisor's dashboard and sign-off, the team
summary and the lead's choice of standards, and the panel on the team home."""

from __future__ import annotations

import json
from datetime import date

from lxml import html

from backend.dates import uk_today
from tests.support.client import form_values, texts
from tests.support.journeys import browser_as, query, user_id


def checks(page_text: str) -> dict[str, str]:
    """Standard id -> status text, from the list of standards on a page."""
    doc = html.document_fromstring(page_text)
    return {
        li.get("id").removeprefix("check-"): " ".join(
            li.xpath(".//p[contains(@class, 'app-check__status')]/strong")[0].text_content().split()
        )
        for li in doc.xpath("//li[contains(@class, 'app-check')]")
    }


def test_your_page_shows_each_standard_with_reason_due_date_and_next_step(signed_in, teams):
    team = teams["riverside"]
    page = signed_in("sam").get(f"/teams/{team}/practice")
    assert page.status_code == 200
    statuses = checks(page.text)
    assert statuses["retreat-annual"] == "Due soon"
    tags = {
        " ".join(t.split())
        for t in texts(page.text, "//strong[contains(@class, 'nhsuk-tag--yellow')]")
    }
    assert "Due soon" in tags  # a colour, and the status in words
    assert "Met" in texts(page.text, "//strong[contains(@class, 'nhsuk-tag--green')]")
    assert statuses["supervision-monthly"] == "Met"
    assert statuses["supervision-per-course"] == "Not applicable"
    doc = html.document_fromstring(page.text)
    [retreat] = doc.xpath("//li[@id='check-retreat-annual']")
    text = " ".join(retreat.text_content().split())
    assert "5 days of teacher-led retreat in the 12 months" in text
    assert "Next due:" in text
    assert retreat.xpath(f".//a[@href='/teams/{team}/practice/retreats/new']")
    assert "Judged against UK Good Practice Guidelines (BAMBA)" in page.text
    assert "version 3" in page.text


def test_as_of_shows_how_things_stood_on_a_past_date(signed_in, teams):
    team = teams["riverside"]
    client = signed_in("tom")
    now = checks(client.get(f"/teams/{team}/practice").text)
    then = client.get(f"/teams/{team}/practice?as_of=2024-01-31")
    assert then.status_code == 200
    past = checks(then.text)
    assert now["training-hours"] == "Met"
    assert past["training-hours"] == "Not met"  # training had not started
    assert "as of 31 January 2024" in then.text
    bad = client.get(f"/teams/{team}/practice?as_of=31/01/2024")
    assert "As of must be a real date" in bad.text
    far = client.get(f"/teams/{team}/practice?as_of=1800-01-01")
    assert "As of must be between" in far.text


def test_supervisor_sees_supervisees_by_standard_and_filters(signed_in, teams):
    team = teams["riverside"]
    client = signed_in("jo")
    page = client.get(f"/teams/{team}/adherence")
    assert page.status_code == 200
    names = texts(page.text, "//table//th[@scope='row']")
    assert names == ["Priya Shah", "Sam Patel", "Tom Evans"]
    assert "Retreat" not in texts(page.text, "//h1")[0]
    assert "Not met" in page.text
    assert "Due soon" in page.text
    not_met = client.get(f"/teams/{team}/adherence?show=not_met")
    assert texts(not_met.text, "//table//th[@scope='row']") == ["Priya Shah"]
    current = texts(not_met.text, "//nav[@aria-label='Show']//a[@aria-current='page']")
    assert current == ["Not met (1)"]
    assert texts(page.text, "//nav[@aria-label='Show']//a") == [
        "Everyone (3)",
        "Not met (1)",
        "Due soon (2)",
    ]
    assert 'name="show" value="not_met"' in not_met.text  # kept when the date changes
    due = client.get(f"/teams/{team}/adherence?show=due_soon")
    assert texts(due.text, "//table//th[@scope='row']") == ["Sam Patel", "Tom Evans"]
    fragment = client.get(
        f"/teams/{team}/adherence?show=not_met",
        headers={"HX-Request": "true", "HX-Request-Type": "partial"},
    )
    assert fragment.text.lstrip().startswith('<div id="adherence-dashboard"')
    assert fragment.headers["cache-control"] == "no-store"


def test_practitioners_cannot_see_the_dashboard_and_leads_see_everyone(signed_in, teams, client):
    team = teams["riverside"]
    assert signed_in("sam").get(f"/teams/{team}/adherence").status_code == 403
    lead = browser_as(client, "alex")
    names = texts(lead.get(f"/teams/{team}/adherence").text, "//table//th[@scope='row']")
    assert names == ["Alex Morgan", "Jo Clarke", "Priya Shah", "Sam Patel", "Tom Evans"]


def test_a_supervisor_sees_only_their_own_supervisees(signed_in, teams, demo_services, client):
    services = demo_services[0]
    team = teams["riverside"]
    jo = signed_in("jo")
    assert jo.get(f"/teams/{team}/adherence/people/{user_id(services, 'sam')}").status_code == 200
    assert jo.get(f"/teams/{team}/adherence/people/{user_id(services, 'alex')}").status_code == 404
    assert jo.get(f"/teams/{team}/adherence/people/{user_id(services, 'chris')}").status_code == 404
    assert jo.get(f"/teams/{team}/adherence/people/not-a-person").status_code == 404
    hillside = browser_as(client, "jo")
    assert (
        hillside.get(
            f"/teams/{teams['hillside']}/adherence/people/{user_id(services, 'sam')}"
        ).status_code
        == 404
    )


def test_supervisor_signs_off_one_record_then_the_rest(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    sam = user_id(services, "sam")
    client = signed_in("jo")
    url = f"/teams/{team}/adherence/people/{sam}"
    page = client.get(url)
    waiting = query(
        services,
        team,
        "SELECT id FROM supervision_sessions WHERE teacher_id = ? AND verified_at IS NULL AND deleted_at IS NULL",
        [sam],
    )
    assert waiting
    record = waiting[0]["id"]
    doc = html.document_fromstring(page.text)
    [form] = [
        f
        for f in doc.xpath(f"//form[@action='{url}/verify']")
        if f.xpath(f".//input[@value='{record}']")
    ]
    hidden = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    response = client.post_form(f"{url}/verify", hidden, follow_redirects=False)
    assert response.status_code == 303
    [row] = query(
        services,
        team,
        "SELECT verified_by, verified_by_name, verified_at FROM supervision_sessions WHERE id = ?",
        [record],
    )
    assert row["verified_by"] == user_id(services, "jo")
    assert row["verified_by_name"] == "Jo Clarke"
    assert row["verified_at"]
    again = client.post_form(f"{url}/verify", {**hidden, "mutation_id": ""})
    assert again.status_code == 422
    assert "already been signed off" in again.text
    everything = client.post_form(
        f"{url}/verify-all",
        form_values(client.get(f"{url}/verify-all").text, f"{url}/verify-all"),
        follow_redirects=False,
    )
    assert everything.status_code == 303
    left = query(
        services,
        team,
        "SELECT count(*) AS n FROM cpd_activities WHERE teacher_id = ? AND verified_at IS NULL AND deleted_at IS NULL",
        [sam],
    )
    assert left[0]["n"] == 0
    assert "Every record has been signed off" in client.get(url).text
    # Sam sees who signed off, and when.
    listing = signed_in("sam").get(f"/teams/{team}/practice/supervision")
    assert "Signed off" in listing.text
    assert "by Jo Clarke" in listing.text


def test_only_their_supervisor_or_a_lead_signs_records_off(signed_in, teams, demo_services, client):
    services = demo_services[0]
    team = teams["riverside"]
    sam = user_id(services, "sam")
    record = query(
        services,
        team,
        "SELECT id FROM cpd_activities WHERE teacher_id = ? AND verified_at IS NULL",
        [sam],
    )[0]["id"]
    own = signed_in("sam").post_form(
        f"/teams/{team}/adherence/people/{sam}/verify", {"kind": "cpd", "record_id": record}
    )
    assert own.status_code == 403  # practitioners have no supervision pages at all
    jo_own = browser_as(client, "jo")
    jo_id = user_id(services, "jo")
    jo_record = query(
        services, team, "SELECT id FROM cpd_activities WHERE teacher_id = ?", [jo_id]
    )[0]["id"]
    mine = jo_own.post_form(
        f"/teams/{team}/adherence/people/{jo_id}/verify", {"kind": "cpd", "record_id": jo_record}
    )
    assert mine.status_code == 422
    assert "signed off by your supervisor" in mine.text
    wrong_person = jo_own.post_form(
        f"/teams/{team}/adherence/people/{user_id(services, 'priya')}/verify",
        {"kind": "cpd", "record_id": record},
    )
    assert wrong_person.status_code == 404


def test_team_summary_has_a_chart_with_the_same_numbers_in_a_table(signed_in, teams):
    team = teams["riverside"]
    client = signed_in("alex")
    page = client.get(f"/teams/{team}/adherence/summary")
    assert page.status_code == 200
    doc = html.document_fromstring(page.text)
    [svg] = doc.xpath("//svg[@class='app-chart']")
    assert svg.xpath("./title")
    assert svg.xpath("./desc")
    assert len(doc.xpath("//table[@id='adherence-trend-table']/tbody/tr")) == 12
    assert 'style="' not in page.text.split("<main", 1)[1]
    last = doc.xpath("//table[@id='adherence-trend-table']/tbody/tr")[-1]
    assert uk_today().strftime("%B %Y") in last.text_content()
    rows = texts(page.text, "//table[@id='adherence-rule-counts']/tbody/tr/th")
    assert "5 days of retreat a year" in rows
    assert signed_in("jo").get(f"/teams/{team}/adherence/summary").status_code == 403


def posted_form(page_text: str, action: str) -> dict[str, str | list[str]]:
    """What a browser sends for the form as it stands: inputs, the checked radios and
    checkboxes (repeated names as lists) and the selected options."""
    doc = html.document_fromstring(page_text)
    [form] = [f for f in doc.xpath("//form") if f.get("action") == action]
    data: dict[str, list[str]] = {}
    for field in form.xpath(".//input[@name] | .//select[@name] | .//textarea[@name]"):
        kind = field.get("type", "text")
        if kind in ("radio", "checkbox") and field.get("checked") is None:
            continue
        if field.tag == "select":
            chosen = field.xpath("./option[@selected]/@value") or field.xpath("./option/@value")[:1]
            value = chosen[0] if chosen else ""
        else:
            value = field.get("value") or (field.text or "")
        data.setdefault(field.get("name"), []).append(value)
    return {k: v[0] if len(v) == 1 else v for k, v in data.items()}


def test_a_lead_tightens_a_threshold_but_cannot_loosen_it(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("alex")
    url = f"/teams/{team}/adherence/standards"
    page = client.get(url)
    base = {**posted_form(page.text, url), "profile_id": "gpg", "due_soon_days": "30"}
    loosen = client.post_form(url, {**base, "threshold-retreat-annual": "3"})
    assert loosen.status_code == 422
    assert (
        "5 days of retreat a year must be 5 or more: a team may tighten a standard, never loosen it"
        in loosen.text
    )
    assert client.post_form(url, {**base, "threshold-retreat-annual": "lots"}).status_code == 422
    assert client.post_form(url, {**base, "due_soon_days": "400"}).status_code == 422
    ok = client.post_form(
        url,
        {**base, "threshold-retreat-annual": "6", "due_soon_days": "45"},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    [row] = query(services, team, "SELECT * FROM adherence_settings")
    assert row["profile_id"] == "gpg"
    assert row["due_soon_days"] == 45
    assert '"retreat-annual"' in row["overrides"]
    sam = signed_in("sam").get(f"/teams/{team}/practice")
    assert "tightened by the team: retreat-annual" in sam.text
    assert checks(sam.text)["retreat-annual"] == "Not met"  # 5 days are no longer enough
    assert signed_in("jo").get(url).status_code == 403


def test_a_lead_chooses_stricter_options_but_cannot_loosen_one(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("alex")
    url = f"/teams/{team}/adherence/standards"
    page = client.get(url)
    doc = html.document_fromstring(page.text)
    # Each standard is a group named by its title, with its threshold and its options.
    [monthly] = doc.xpath("//fieldset[@id='standard-supervision-monthly']")
    assert (
        "Supervision every month you teach, train or supervise"
        in monthly.xpath("./legend")[0].text_content()
    )
    group = "option-supervision-monthly-group_supervision"
    assert monthly.xpath(f".//input[@name='{group}'][@value='full'][@checked]")
    assert [i.get("value") for i in monthly.xpath(f".//input[@name='{group}']")] == [
        "full",
        "pro_rata",
        "excluded",
    ]
    # What the profile already asks at its strictest is said, not offered.
    [retreat] = doc.xpath("//fieldset[@id='standard-retreat-annual']")
    assert not retreat.xpath(".//input[@name='option-retreat-annual-teacher_led_only']")
    assert "Do self-led retreats count? No, only teacher-led retreats count." in " ".join(
        retreat.text_content().split()
    )

    base = posted_form(page.text, url)
    loosen = client.post_form(
        url,
        {**base, "option-training-retreat-blocks_add_up": "true", "threshold-retreat-annual": "6"},
    )
    assert loosen.status_code == 422
    summary = texts(loosen.text, "//div[contains(@class, 'nhsuk-error-summary')]//li")
    assert summary == [
        "For A retreat of at least 5 days during training, choose the profile's answer to"
        " whether shorter retreats add up (no, one retreat must last the days needed) or a"
        " stricter one: a team may tighten a standard, never loosen it"
    ]
    assert 'value="6"' in loosen.text  # the rest of the input is kept
    none_left = client.post_form(url, {**base, "option-cpd-yearly-kinds": ""})
    assert "Select at least one kind of CPD that counts for Some CPD each year" in none_left.text

    chosen = {
        **base,
        group: "pro_rata",
        "option-retreat-annual-online_counts": "false",
        "option-cpd-yearly-kinds": ["", "workshop", "course", "conference"],
    }
    ok = client.post_form(url, chosen, follow_redirects=False)
    assert ok.status_code == 303
    [row] = query(services, team, "SELECT overrides FROM adherence_settings")
    assert json.loads(row["overrides"]) == {
        "cpd-yearly": {"options": {"kinds": ["workshop", "course", "conference"]}},
        "retreat-annual": {"options": {"online_counts": False}},
        "supervision-monthly": {"options": {"group_supervision": "pro_rata"}},
    }
    again = html.document_fromstring(client.get(url).text)
    assert again.xpath(f"//input[@name='{group}'][@value='pro_rata'][@checked]")
    assert again.xpath(
        "//input[@name='option-retreat-annual-online_counts'][@value='false'][@checked]"
    )
    ticked = again.xpath("//input[@name='option-cpd-yearly-kinds'][@checked]/@value")
    assert ticked == ["workshop", "course", "conference"]
    sam = signed_in("sam").get(f"/teams/{team}/practice")
    assert "tightened by the team: cpd-yearly, retreat-annual, supervision-monthly" in sam.text


def test_a_lead_changes_the_profile(signed_in, teams):
    team = teams["riverside"]
    client = signed_in("alex")
    url = f"/teams/{team}/adherence/standards"
    hidden = form_values(client.get(url).text, url)
    assert (
        client.post_form(
            url, {**hidden, "profile_id": "nonsense", "due_soon_days": "30"}
        ).status_code
        == 422
    )
    assert client.post_form(url, {**hidden, "due_soon_days": "30"}).status_code == 422
    ok = client.post_form(
        url, {**hidden, "profile_id": "local-trust", "due_soon_days": "30"}, follow_redirects=False
    )
    assert ok.status_code == 303
    page = client.get(f"/teams/{team}/practice")
    assert "profile <code>local-trust</code>" in page.text


def test_the_team_home_shows_your_standards_and_your_supervisees(signed_in, teams, client):
    team = teams["riverside"]
    sam = signed_in("sam").get(f"/teams/{team}")
    panel = " ".join(texts(sam.text, "//section[@id='adherence-panel']")[0].split())
    assert "Your standards: Due soon" in panel
    assert "supervise" not in panel
    jo = browser_as(client, "jo").get(f"/teams/{team}")
    panel = " ".join(texts(jo.text, "//section[@id='adherence-panel']")[0].split())
    assert (
        "Of the 3 practitioners you supervise, 1 has something not met and 2 something due soon"
        in panel
    )
    nav = texts(jo.text, "//nav//a")
    assert "Good practice" in nav
    assert "Adherence" in nav
    assert "Adherence" not in texts(sam.text, "//nav//a")


def test_reading_with_cutoffs_skips_exactly_what_prune_skips(demo_services, teams):
    from backend.adherence import queries as q
    from backend.adherence.evaluations import cutoffs, profiles, prune, teacher_records

    services = demo_services[0]
    conn = services.teams.get(teams["riverside"]).reader
    people = q.teachers(conn)
    for as_of in (uk_today(), date(2031, 6, 30)):
        since = cutoffs(profiles()["gpg"], as_of)
        full = teacher_records(conn, people)
        read = teacher_records(conn, people, since)
        assert read == [prune(records, since) for records in full]
    assert sum(len(r.supervision) for r in read) < sum(len(r.supervision) for r in full)


def test_evaluations_are_cached_per_team_version(demo_services, teams, signed_in):
    from backend.adherence import queries as q
    from backend.adherence.evaluations import evaluate_team, team_evaluations

    services = demo_services[0]
    store = services.teams.get(teams["riverside"])
    people = q.teachers(store.reader)
    first = team_evaluations(store.reader, people, uk_today(), str(store.path))
    assert team_evaluations(store.reader, people, uk_today(), str(store.path)) is first
    assert first == evaluate_team(store.reader, people, uk_today())
    client = signed_in("sam")
    page = client.get(f"/teams/{teams['riverside']}/practice/cpd/new")
    client.post_form(
        f"/teams/{teams['riverside']}/practice/cpd",
        {
            **form_values(page.text, f"/teams/{teams['riverside']}/practice/cpd"),
            "date": uk_today().isoformat(),
            "hours": "1",
            "kind": "reading",
            "participatory": "no",
        },
    )
    after = team_evaluations(store.reader, people, uk_today(), str(store.path))
    assert after is not first


def test_advice_has_its_own_tag_and_count_so_the_page_never_contradicts_its_summary(
    signed_in, teams
):
    team = teams["riverside"]
    page = signed_in("sam").get(f"/teams/{team}/practice")
    statuses = checks(page.text)
    doc = html.document_fromstring(page.text)
    advice = {"annual-declaration", "cpd-yearly"}
    for rule_id in advice:
        assert statuses[rule_id].startswith("Suggestion") or statuses[rule_id] == "Not applicable"
        [item] = doc.xpath(f"//li[@id='check-{rule_id}']")
        assert not item.xpath(".//strong[contains(@class, 'nhsuk-tag--red')]")
        assert not item.xpath(".//strong[contains(@class, 'nhsuk-tag--green')]")
    required = {k: s for k, s in statuses.items() if k not in advice}
    assert all(not s.startswith("Suggestion") for s in required.values())
    [tally] = doc.xpath("//p[@id='adherence-tally']")
    words = " ".join(tally.text_content().split())
    met = sum(s == "Met" for s in required.values())
    assert f"{met} met," in words
    followed = sum(statuses[r] == "Suggestion followed" for r in advice)
    applying = sum(statuses[r] != "Not applicable" for r in advice)
    assert f"Suggestions, not counted: {followed} of {applying} followed." in words
