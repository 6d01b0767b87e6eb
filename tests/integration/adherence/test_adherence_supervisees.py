"""A supervisor adds a supervision session or an MBI-TAC rating for a supervisee from the
supervisee's page, with the teacher's own forms and mutations; sign-off forms work
offline; a supervisor's device keeps their supervisees' pages."""

from __future__ import annotations

from lxml import html

from tests.support.client import form_values, texts
from tests.support.clock import TEST_TODAY
from tests.support.journeys import browser_as, query, user_id

TODAY = TEST_TODAY
DATE = {"date-day": str(TODAY.day), "date-month": str(TODAY.month), "date-year": str(TODAY.year)}


def person_url(team: str, person: str) -> str:
    return f"/teams/{team}/adherence/people/{person}"


def newest(services, team, table, person):
    rows = query(
        services,
        team,
        f"SELECT * FROM {table} WHERE teacher_id = ? ORDER BY created_at DESC LIMIT 1",
        [user_id(services, person)],
    )
    return rows[0]


def test_a_supervisor_logs_a_session_for_a_supervisee_signed_off_at_once(
    signed_in, teams, demo_services
):
    services = demo_services[0]
    team = teams["riverside"]
    sam = user_id(services, "sam")
    jo = signed_in("jo")
    here = person_url(team, sam)
    page = jo.get(here)
    assert "Add a record for Sam Patel" in texts(page.text, "//h2")
    new = jo.get(f"{here}/records/supervision/new")
    assert texts(new.text, "//h1") == ["Log a supervision session for Sam Patel"]
    doc = html.document_fromstring(new.text)
    [form] = doc.xpath(f"//form[@action='{here}/records/supervision']")
    assert form.get("data-mutation") == "supervision.record"
    assert form.get("data-return") == here
    assert form.get("data-pending-label") == "Supervision session for Sam Patel"
    assert form.xpath(f".//input[@type='hidden'][@name='teacher_id'][@value='{sam}']")
    jo_id = user_id(services, "jo")
    assert form.xpath(f".//input[@name='supervisor_id'][@value='{jo_id}'][@checked]")
    assert "Jo Clarke (you)" in new.text
    assert form.xpath(".//input[@name='sign_off'][@value='yes'][@checked]")
    assert form.xpath(".//input[@name='minutes'][@value='60']")

    hidden = form_values(new.text, f"{here}/records/supervision")
    saved = jo.post_form(
        f"{here}/records/supervision",
        {
            **hidden,
            **DATE,
            "minutes": "45",
            "format": "one_to_one",
            "supervisor_id": jo_id,
            "sign_off": "yes",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == here
    row = newest(services, team, "supervision_sessions", "sam")
    assert (row["minutes"], row["teacher_id"], row["created_by"]) == (45, sam, jo_id)
    assert (row["supervisor_name"], row["verified_by"]) == ("Jo Clarke", jo_id)
    after = jo.get(here)
    assert "Supervision session saved and signed off for Sam Patel" in after.text
    audit = query(services, team, "SELECT summary FROM audit ORDER BY version DESC LIMIT 1")
    assert audit[0]["summary"] == ("Recorded a supervision session for Sam Patel and signed it off")
    # Sam sees it among their own records, signed off by Jo.
    listing = signed_in("sam").get(f"/teams/{team}/practice/supervision")
    assert "45 min, one-to-one with Jo Clarke" in listing.text


def test_a_rating_added_for_a_supervisee_is_rated_by_the_supervisor(
    signed_in, teams, demo_services
):
    services = demo_services[0]
    team = teams["riverside"]
    tom = user_id(services, "tom")
    jo = signed_in("jo")
    here = person_url(team, tom)
    new = jo.get(f"{here}/records/mbi-tac/new")
    assert texts(new.text, "//h1") == ["Add an MBI-TAC rating for Tom Evans"]
    assert 'name="rated_by" value="supervisor"' in new.text
    assert "Myself" not in new.text
    hidden = form_values(new.text, f"{here}/records/mbi-tac")
    assert hidden["rated_by"] == "supervisor"
    saved = jo.post_form(
        f"{here}/records/mbi-tac",
        {**hidden, **DATE, "domain": "embodiment", "level": "proficient", "rated_by": "self"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    row = newest(services, team, "mbi_tac_ratings", "tom")
    assert (row["domain"], row["level"], row["rated_by"]) == (
        "embodiment",
        "proficient",
        "supervisor",
    )
    assert row["verified_at"] is None  # "sign it off now" was not ticked
    assert "MBI-TAC rating saved for Tom Evans" in jo.get(here).text


def test_bad_input_is_shown_with_the_input_kept_in_words_about_them(
    signed_in, teams, demo_services
):
    services = demo_services[0]
    team = teams["riverside"]
    here = person_url(team, user_id(services, "sam"))
    jo = signed_in("jo")
    hidden = form_values(
        jo.get(f"{here}/records/supervision/new").text, f"{here}/records/supervision"
    )
    before = len(query(services, team, "SELECT id FROM supervision_sessions"))
    bad = jo.post_form(
        f"{here}/records/supervision",
        {**hidden, **DATE, "minutes": "0", "format": "one_to_one", "supervisor_id": ""},
    )
    assert bad.status_code == 422
    summary = texts(bad.text, "//div[contains(@class, 'nhsuk-error-summary')]//li")
    assert summary == ["Length must be 1 minute or more"]
    assert 'value="0"' in bad.text  # kept
    assert texts(bad.text, "//h1") == ["Log a supervision session for Sam Patel"]
    no_one = jo.post_form(
        f"{here}/records/supervision",
        {**hidden, **DATE, "minutes": "50", "format": "one_to_one", "supervisor_id": ""},
    )
    assert no_one.status_code == 422
    summary = texts(no_one.text, "//div[contains(@class, 'nhsuk-error-summary')]//li")
    assert summary == ["Select the supervisor"]  # not "your supervisor": it is Sam's
    assert 'value="50"' in no_one.text
    future = jo.post_form(
        f"{here}/records/supervision",
        {
            **hidden,
            "date-day": "1",
            "date-month": "1",
            "date-year": str(TODAY.year + 1),
            "minutes": "60",
            "format": "peer",
        },
    )
    assert future.status_code == 422
    assert "Date of the session must be today or in the past" in future.text
    assert len(query(services, team, "SELECT id FROM supervision_sessions")) == before


def test_only_their_supervisor_or_a_lead_adds_records_for_someone(
    signed_in, teams, demo_services, client
):
    services = demo_services[0]
    team = teams["riverside"]
    jo = signed_in("jo")
    alex_id, jo_id, tom = (user_id(services, p) for p in ("alex", "jo", "tom"))
    peer = {**DATE, "minutes": "60", "format": "peer"}
    # Alex is not Jo's supervisee: as if the page did not exist.
    assert jo.get(f"{person_url(team, alex_id)}/records/supervision/new").status_code == 404
    assert jo.post_form(f"{person_url(team, alex_id)}/records/supervision", peer).status_code == 404
    # Jo's own records are added on her own pages.
    own = jo.get(f"{person_url(team, jo_id)}/records/supervision/new", follow_redirects=False)
    assert own.status_code == 303
    assert own.headers["location"] == f"/teams/{team}/practice/supervision/new"
    assert jo.post_form(f"{person_url(team, jo_id)}/records/supervision", peer).status_code == 404
    # Only sessions and ratings are added this way.
    assert jo.get(f"{person_url(team, tom)}/records/cpd/new").status_code == 404
    assert jo.post_form(f"{person_url(team, tom)}/records/retreats", peer).status_code == 404
    # Practitioners have no supervision pages; a lead adds for anyone.
    sam = browser_as(client, "sam")
    assert sam.get(f"{person_url(team, tom)}/records/supervision/new").status_code == 403
    lead = browser_as(client, "alex")
    url = f"{person_url(team, jo_id)}/records/supervision"
    hidden = form_values(lead.get(f"{url}/new").text, url)
    done = lead.post_form(url, {**hidden, **peer}, follow_redirects=False)
    assert done.status_code == 303
    row = newest(services, team, "supervision_sessions", "jo")
    assert (row["created_by"], row["format"]) == (alex_id, "peer")


def test_you_cannot_sign_off_your_own_new_record(signed_in, teams):
    team = teams["riverside"]
    sam = signed_in("sam")
    url = f"/teams/{team}/practice/cpd"
    body = {
        "id": "5a0f5a0f-0000-4000-8000-000000000001",
        "name": "cpd.record",
        "args": {
            "date": TODAY.isoformat(),
            "hours": 1,
            "kind": "reading",
            "participatory": False,
            "sign_off": True,
        },
        "client_id": "test",
    }
    outcome = sam.post_json(f"/api/teams/{team}/mutations", body).json()
    assert outcome["status"] == "rejected"
    assert outcome["errors"]["sign_off"] == "Your own records are signed off by your supervisor"
    # The teacher's own form never offers it.
    assert 'name="sign_off"' not in sam.get(f"{url}/new").text


def test_sign_off_forms_work_offline_and_the_page_shows_waiting_cards(
    signed_in, teams, demo_services
):
    services = demo_services[0]
    team = teams["riverside"]
    sam = user_id(services, "sam")
    here = person_url(team, sam)
    page = signed_in("jo").get(here)
    doc = html.document_fromstring(page.text)
    assert doc.xpath(f"//a[@href='{here}/verify-all']")  # to a page that lists them first
    confirm = html.document_fromstring(signed_in("jo").get(f"{here}/verify-all").text)
    [everything] = confirm.xpath(f"//form[@action='{here}/verify-all']")
    assert everything.get("data-mutation") == "practice.verify_all"
    assert everything.get("data-return") == here
    assert "for Sam Patel" in everything.get("data-pending-label")
    # Queued offline, the form's own fields are the mutation's arguments.
    assert everything.xpath(f".//input[@name='teacher_id'][@value='{sam}']")
    ones = doc.xpath(f"//form[@action='{here}/verify']")
    assert ones
    for form in ones:
        assert form.get("data-mutation") == "practice.verify"
        assert form.get("data-return") == here
        assert form.get("data-pending-label").startswith("Sign off: ")
        assert form.get("data-pending-label").endswith(" for Sam Patel")
        names = {i.get("name") for i in form.xpath(".//input")}
        assert {"kind", "record_id", "mutation_id"} <= names
    [cards] = doc.xpath("//*[@data-pending-for]")
    assert set(cards.get("data-pending-for").split()) == {
        "practice.verify",
        "practice.verify_all",
        "practice.withdraw_sign_off",  # withdrawing and commenting offline wait here too
        "practice.comment",
    }
    assert cards.get("data-pending-return") == here  # only what was queued for Sam


def test_a_supervisors_device_keeps_their_supervisees_pages(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    jo = signed_in("jo")
    urls = jo.get(f"/api/teams/{team}/offline-set").json()["urls"]
    assert f"/teams/{team}/adherence" in urls
    for person in ("sam", "tom", "priya"):
        here = person_url(team, user_id(services, person))
        assert {here, f"{here}/records/supervision/new", f"{here}/records/mbi-tac/new"} <= set(urls)
    assert person_url(team, user_id(services, "alex")) not in urls
    for url in urls:
        if "/adherence" in url:
            assert jo.get(url).status_code == 200, url
    sam_urls = signed_in("sam").get(f"/api/teams/{team}/offline-set").json()["urls"]
    assert not any("/adherence" in url for url in sam_urls)
