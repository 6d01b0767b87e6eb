"""A teacher's record pages: list, add with sensible defaults, change, delete, profile."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backend.dates import uk_today
from tests.support.client import form_values, texts
from tests.support.journeys import browser_as, query, user_id


def today_parts(name: str, day: date | None = None) -> dict[str, str]:
    day = day or uk_today()
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def new_form(client, team, slug):
    page = client.get(f"/teams/{team}/practice/{slug}/new")
    assert page.status_code == 200
    return page, form_values(page.text, f"/teams/{team}/practice/{slug}")


def records_of(services, team, table, person):
    return query(
        services,
        team,
        f"SELECT * FROM {table} WHERE teacher_id = ? AND deleted_at IS NULL ORDER BY created_at",
        [user_id(services, person)],
    )


def test_logging_supervision_takes_only_the_defaults(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("sam")
    page, hidden = new_form(client, team, "supervision")
    assert "Log a supervision session" in texts(page.text, "//h1")[0]
    # Today, 60 minutes, one-to-one and the usual supervisor are filled in.
    assert f'value="{uk_today().day}"' in page.text
    assert 'name="minutes" type="text" value="60"' in page.text or 'value="60"' in page.text
    jo = user_id(services, "jo")
    assert f'value="{jo}" checked' in page.text
    before = len(records_of(services, team, "supervision_sessions", "sam"))
    response = client.post_form(
        f"/teams/{team}/practice/supervision",
        {
            **hidden,
            **today_parts("date"),
            "minutes": "60",
            "format": "one_to_one",
            "supervisor_id": jo,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/teams/{team}/practice/supervision"
    rows = records_of(services, team, "supervision_sessions", "sam")
    assert len(rows) == before + 1
    newest = max(rows, key=lambda r: r["created_at"])
    assert (newest["date"], newest["minutes"], newest["format"]) == (
        uk_today().isoformat(),
        60,
        "one_to_one",
    )
    assert newest["supervisor_name"] == "Jo Clarke"
    listing = client.get(f"/teams/{team}/practice/supervision")
    assert "Supervision session saved" in listing.text
    assert "1 h, one-to-one with Jo Clarke" in listing.text


def test_every_record_form_works_offline_and_without_javascript(signed_in, teams):
    client = signed_in("sam")
    team = teams["riverside"]
    from lxml import html

    for slug in (
        "supervision",
        "retreats",
        "cpd",
        "courses",
        "participant-courses",
        "training",
        "mbi-tac",
        "declarations",
    ):
        page = client.get(f"/teams/{team}/practice/{slug}/new")
        doc = html.document_fromstring(page.text)
        [form] = doc.xpath(f"//form[@action='/teams/{team}/practice/{slug}']")
        assert form.get("method") == "post"
        assert form.get("data-mutation", "").endswith(".record")
        assert form.get("data-pending-label")
        assert form.get("data-pending-summary")
        assert form.get("data-return") == f"/teams/{team}/practice/{slug}"
        assert form.xpath(".//input[@name='_csrf_token']")
        assert form.xpath(".//input[@name='mutation_id']")
        listing = html.document_fromstring(client.get(f"/teams/{team}/practice/{slug}").text)
        [pending] = listing.xpath("//*[@data-pending-for]")
        assert form.get("data-mutation") in pending.get("data-pending-for").split()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"minutes": "0"}, "minutes", "Length must be 1 minute or more"),
        ({"minutes": "601"}, "minutes", "Length must be 600 minutes or fewer"),
        ({"minutes": "-30"}, "minutes", "Length must be 1 minute or more"),
        ({"minutes": "an hour"}, "minutes", "Length must be a whole number"),
        ({"format": "group"}, "group_size", "Enter how many people were in the group"),
        (
            {"supervisor_id": "3f0c1f7e-58a4-4c6f-9d0c-6d0c0e0f0a0b"},
            "supervisor_id",
            "not a supervisor in this team",
        ),
        ({"supervisor_id": "nobody"}, "supervisor_id", "Select your supervisor from the list"),
        (
            {"supervisor_id": "outside", "supervisor_name": ""},
            "supervisor_name",
            "Enter the name of your supervisor",
        ),
        ({"date-day": "31", "date-month": "2", "date-year": "2026"}, "date", "must be a real date"),
        (
            today_parts("date", uk_today() + timedelta(days=3)),
            "date",
            "must be today or in the past",
        ),
    ],
)
def test_bad_supervision_is_refused_with_the_field_named(
    signed_in, teams, demo_services, fields, field, message
):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("sam")
    _, hidden = new_form(client, team, "supervision")
    jo = user_id(services, "jo")
    data = {
        **hidden,
        **today_parts("date"),
        "minutes": "60",
        "format": "one_to_one",
        "supervisor_id": jo,
        **fields,
    }
    before = len(records_of(services, team, "supervision_sessions", "sam"))
    response = client.post_form(f"/teams/{team}/practice/supervision", data)
    assert response.status_code == 422
    summary = " ".join(texts(response.text, "//div[contains(@class, 'nhsuk-error-summary')]"))
    assert message in summary
    assert response.text.count(f'href="#{field}') >= 1
    assert texts(response.text, "//title")[0].startswith("Error: ")
    # The person's input is kept.
    for name, value in fields.items():
        if value and name != "supervisor_id":
            assert f'value="{value}"' in response.text
    assert len(records_of(services, team, "supervision_sessions", "sam")) == before


@pytest.mark.parametrize(
    ("slug", "fields", "message"),
    [
        ("retreats", {"days": "0.25"}, "Days must be 0.5 days or more"),
        ("retreats", {"days": "61"}, "Days must be 60 days or fewer"),
        ("retreats", {"days": "-2"}, "Days must be 0.5 days or more"),
        (
            "retreats",
            today_parts("start_date", uk_today() + timedelta(days=800)),
            "Start date must be no later than a year from today",
        ),
        ("cpd", {"hours": "0.125"}, "Hours must be a number, like 1.5"),
        ("cpd", {"hours": "0.2"}, "Hours must be 0.25 hours or more"),
        ("cpd", {"hours": "201"}, "Hours must be 200 hours or fewer"),
        ("cpd", {"reflection": "x" * 2001}, "Reflection must be 2,000 characters or fewer"),
        (
            "training",
            {
                **today_parts("start_date", date(2020, 5, 1)),
                **today_parts("end_date", date(2020, 4, 1)),
            },
            "End date must be the same as or after the start date",
        ),
        ("training", {"hours": "5000"}, "Hours of training must be 2,000 hours or fewer"),
        ("courses", {"sessions": "0"}, "Number of weeks must be 1 week or more"),
        ("courses", {"participants": "-1"}, "Number of participants must be 0 or more"),
        ("declarations", {"personal_practice": ""}, "Enter your personal practice"),
        ("mbi-tac", {"level": "superb"}, "Select level from the list"),
    ],
)
def test_bad_records_of_every_kind_are_refused(signed_in, teams, slug, fields, message):
    team = teams["riverside"]
    client = signed_in("sam")
    _, hidden = new_form(client, team, slug)
    good = {
        "retreats": {
            **today_parts("start_date"),
            "days": "5",
            "teacher_led": "yes",
            "mode": "residential",
        },
        "cpd": {**today_parts("date"), "hours": "3", "kind": "workshop", "participatory": "yes"},
        "training": {
            "organisation": "Bangor",
            **today_parts("start_date", date(2020, 1, 1)),
            **today_parts("end_date", date(2021, 1, 1)),
            "hours": "150",
        },
        "courses": {
            "programme": "MBCT",
            **today_parts("start_date"),
            "sessions": "8",
            "role": "lead",
            "closely_supervised": "no",
        },
        "declarations": {
            **today_parts("date"),
            "personal_practice": "Daily",
            "ethical_framework": "HCPC",
            "supervision_arrangement": "Monthly",
        },
        "mbi-tac": {
            **today_parts("date"),
            "domain": "embodiment",
            "level": "competent",
            "rated_by": "self",
        },
    }[slug]
    response = client.post_form(f"/teams/{team}/practice/{slug}", {**hidden, **good, **fields})
    assert response.status_code == 422, response.text[:300]
    assert message in " ".join(
        texts(response.text, "//div[contains(@class, 'nhsuk-error-summary')]")
    )
    ok = client.post_form(
        f"/teams/{team}/practice/{slug}", {**hidden, **good}, follow_redirects=False
    )
    assert ok.status_code == 303


def test_a_retreat_takes_a_date_and_days(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("sam")
    page, hidden = new_form(client, team, "retreats")
    assert 'value="yes" checked' in page.text  # teacher-led by default
    response = client.post_form(
        f"/teams/{team}/practice/retreats",
        {
            **hidden,
            **today_parts("start_date"),
            "days": "2.5",
            "teacher_led": "yes",
            "mode": "residential",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    newest = max(records_of(services, team, "retreats", "sam"), key=lambda r: r["created_at"])
    assert (newest["days"], newest["teacher_led"], newest["mode"]) == (2.5, 1, "residential")


def test_a_double_submitted_record_is_saved_once(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("sam")
    _, hidden = new_form(client, team, "cpd")
    data = {**hidden, **today_parts("date"), "hours": "2", "kind": "reading", "participatory": "no"}
    before = len(records_of(services, team, "cpd_activities", "sam"))
    client.post_form(f"/teams/{team}/practice/cpd", data)
    client.post_form(f"/teams/{team}/practice/cpd", data)
    assert len(records_of(services, team, "cpd_activities", "sam")) == before + 1


def _latest(services, team, table, person):
    return max(records_of(services, team, table, person), key=lambda r: r["created_at"])


def test_editing_a_signed_off_record_clears_the_sign_off(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("sam")
    signed = query(
        services,
        team,
        "SELECT * FROM retreats WHERE teacher_id = ? AND verified_at IS NOT NULL LIMIT 1",
        [user_id(services, "sam")],
    )[0]
    url = f"/teams/{team}/practice/retreats/{signed['id']}"
    page = client.get(url)
    assert "Signed off by Jo Clarke" in page.text
    assert "Saving a change clears the sign-off" in page.text
    hidden = form_values(page.text, url)
    assert hidden["record_id"] == signed["id"]
    assert hidden["base_version"]
    start = date.fromisoformat(signed["start_date"])
    data = {
        **hidden,
        **today_parts("start_date", start),
        "days": "6",
        "teacher_led": "yes",
        "mode": signed["mode"],
        "name": "",
    }
    response = client.post_form(url, data, follow_redirects=False)
    assert response.status_code == 303
    [row] = query(services, team, "SELECT * FROM retreats WHERE id = ?", [signed["id"]])
    assert row["days"] == 6
    assert row["verified_at"] is None
    assert row["verified_by"] is None
    assert row["updated_at"] is not None


def test_saving_an_unchanged_record_keeps_its_sign_off(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("sam")
    signed = query(
        services,
        team,
        "SELECT * FROM participant_courses WHERE teacher_id = ? AND verified_at IS NOT NULL",
        [user_id(services, "sam")],
    )[0]
    url = f"/teams/{team}/practice/participant-courses/{signed['id']}"
    hidden = form_values(client.get(url).text, url)
    day = date.fromisoformat(signed["date"])
    client.post_form(url, {**hidden, **today_parts("date", day), "programme": signed["programme"]})
    [row] = query(
        services, team, "SELECT verified_at FROM participant_courses WHERE id = ?", [signed["id"]]
    )
    assert row["verified_at"] == signed["verified_at"]


def test_deleting_keeps_the_row_for_audit_but_it_stops_counting(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("sam")
    row = _latest(services, team, "cpd_activities", "sam")
    url = f"/teams/{team}/practice/cpd/{row['id']}"
    page = client.get(url)
    delete_hidden = form_values(page.text, f"{url}/delete")
    response = client.post_form(f"{url}/delete", delete_hidden, follow_redirects=False)
    assert response.status_code == 303
    [kept] = query(
        services, team, "SELECT deleted_at FROM cpd_activities WHERE id = ?", [row["id"]]
    )
    assert kept["deleted_at"] is not None
    assert client.get(url).status_code == 404
    assert row["id"] not in client.get(f"/teams/{team}/practice/cpd").text


def test_another_persons_record_is_not_found(signed_in, teams, demo_services, client):
    services = demo_services[0]
    team = teams["riverside"]
    row = _latest(services, team, "supervision_sessions", "sam")
    url = f"/teams/{team}/practice/supervision/{row['id']}"
    priya = browser_as(client, "priya")
    assert priya.get(url).status_code == 404
    assert priya.post_form(url, {"minutes": "10"}).status_code == 404
    assert priya.post_form(f"{url}/delete", {}).status_code == 404
    jo = browser_as(client, "jo")  # even their supervisor edits nothing of theirs
    assert jo.get(url).status_code == 404
    # Another team's member never sees the team at all.
    chris = browser_as(client, "chris")
    assert chris.get(f"/teams/{team}/practice").status_code == 404
    assert signed_in("sam").get(f"/teams/{team}/practice/nonsense").status_code == 404


def test_usual_supervisor_is_chosen_on_the_profile(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("priya")
    page = client.get(f"/teams/{team}/practice/profile")
    assert page.status_code == 200
    hidden = form_values(page.text, f"/teams/{team}/practice/profile")
    bad = client.post_form(
        f"/teams/{team}/practice/profile",
        {
            **hidden,
            "usual_supervisor_id": user_id(services, "tom"),
            "professional_background": "RMN",
        },
    )
    assert bad.status_code == 422
    assert "not a supervisor in this team" in bad.text
    ok = client.post_form(
        f"/teams/{team}/practice/profile",
        {
            **hidden,
            "usual_supervisor_id": "outside",
            "usual_supervisor_name": "Dr A Person",
            "professional_background": "RMN",
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    [row] = query(
        services,
        team,
        "SELECT * FROM teacher_profiles WHERE user_id = ?",
        [user_id(services, "priya")],
    )
    assert (row["usual_supervisor_id"], row["usual_supervisor_name"]) == (None, "Dr A Person")
    new = client.get(f"/teams/{team}/practice/supervision/new")
    assert 'value="Dr A Person"' in new.text
    jo = browser_as(client, "jo")  # Priya is no longer Jo's supervisee
    assert jo.get(f"/teams/{team}/adherence/people/{user_id(services, 'priya')}").status_code == 404


def test_pages_in_the_offline_set(signed_in, teams, demo_services):
    client = signed_in("sam")
    team = teams["riverside"]
    urls = client.get(f"/api/teams/{team}/offline-set").json()["urls"]
    for path in (
        "/practice",
        "/practice/supervision",
        "/practice/supervision/new",
        "/practice/retreats",
        "/practice/profile",
    ):
        assert f"/teams/{team}{path}" in urls
    assert "/sync" in urls  # the changes waiting on the device, most needed offline
    # Their own record pages too, the newest of each kind, read (or changed) offline.
    newest = query(
        demo_services[0],
        team,
        "SELECT id FROM supervision_sessions WHERE teacher_id = ? AND deleted_at IS NULL"
        " ORDER BY date DESC, created_at DESC LIMIT 3",
        [user_id(demo_services[0], "sam")],
    )
    assert len(newest) == 3
    for row in newest:
        assert f"/teams/{team}/practice/supervision/{row['id']}" in urls
    for url in urls:
        if "/practice" in url:
            assert client.get(url).status_code == 200


def test_a_long_list_shows_the_latest_and_offers_the_rest(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("sam")
    total = len(records_of(services, team, "supervision_sessions", "sam"))
    assert total > 25
    page = client.get(f"/teams/{team}/practice/supervision")
    assert len(texts(page.text, "//li[contains(@class, 'app-records__item')]")) == 25
    assert f"Show all {total}" in page.text
    everything = client.get(f"/teams/{team}/practice/supervision?all=1")
    assert len(texts(everything.text, "//li[contains(@class, 'app-records__item')]")) == total
