"""Courses taught: a period of training or supervising teachers is recorded with them
(and counts for monthly supervision); a course dated later is shown as planned."""

from __future__ import annotations

from datetime import date, timedelta

from backend.dates import uk_today
from tests.support.client import form_values
from tests.support.journeys import query, user_id


def parts(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def post_course(client, team: str, **fields: str):
    page = client.get(f"/teams/{team}/practice/courses/new")
    assert page.status_code == 200
    hidden = form_values(page.text, f"/teams/{team}/practice/courses")
    good = {"programme": "MBCT", "sessions": "8", "role": "lead", "closely_supervised": "no"}
    return page, client.post_form(
        f"/teams/{team}/practice/courses", {**hidden, **good, **fields}, follow_redirects=False
    )


def newest_course(services, team: str, person: str):
    rows = query(
        services,
        team,
        "SELECT * FROM courses_taught WHERE teacher_id = ? ORDER BY created_at DESC LIMIT 1",
        [user_id(services, person)],
    )
    return rows[0]


def test_a_period_of_supervising_teachers_is_recorded_and_listed(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("sam")
    page, response = post_course(
        client, team, work="supervising", **parts("start_date", uk_today())
    )
    assert "What was the work?" in page.text
    assert 'name="work" type="radio" value="teaching" checked' in page.text or (
        'value="teaching" checked' in page.text
    )
    assert response.status_code == 303, response.text[:300]
    assert newest_course(services, team, "sam")["work"] == "supervising"
    listing = client.get(f"/teams/{team}/practice/courses")
    assert "Supervising teachers: MBCT, 8 weeks" in listing.text


def test_a_course_posted_without_the_work_field_is_teaching(signed_in, teams, demo_services):
    # An offline client from before the field existed posts no `work`.
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("sam")
    _, response = post_course(client, team, **parts("start_date", uk_today()))
    assert response.status_code == 303, response.text[:300]
    assert newest_course(services, team, "sam")["work"] == "teaching"


def test_an_unknown_kind_of_work_is_refused_with_the_input_kept(signed_in, teams):
    team = teams["riverside"]
    client = signed_in("sam")
    _, response = post_course(
        client, team, work="juggling", programme="MBSR", **parts("start_date", uk_today())
    )
    assert response.status_code == 422
    assert "Select what the work was from the list" in response.text
    assert 'value="MBSR"' in response.text


def test_a_course_dated_later_is_shown_as_planned(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("sam")
    later = uk_today() + timedelta(days=40)
    _, response = post_course(client, team, programme="MBSR", **parts("start_date", later))
    assert response.status_code == 303, response.text[:300]
    listing = client.get(f"/teams/{team}/practice/courses")
    when = f"{later.day} {later:%B %Y}"
    assert f"Course taught saved as planned: it counts from {when}" in listing.text
    assert f"MBSR, 8 weeks, lead teacher, planned: counts from {when}" in listing.text
    assert newest_course(services, team, "sam")["start_date"] == later.isoformat()


def test_an_older_client_changing_a_period_of_supervising_keeps_it(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("sam")
    post_course(client, team, work="supervising", **parts("start_date", uk_today()))
    record = newest_course(services, team, "sam")
    url = f"/teams/{team}/practice/courses/{record['id']}"
    hidden = form_values(client.get(url).text, url)
    fields = {"programme": "MBSR", "sessions": "6", "role": "lead", "closely_supervised": "no"}
    changed = client.post_form(
        url, {**hidden, **fields, **parts("start_date", uk_today())}, follow_redirects=False
    )
    assert changed.status_code == 303, changed.text[:300]
    after = newest_course(services, team, "sam")
    assert (after["programme"], after["work"]) == ("MBSR", "supervising")
