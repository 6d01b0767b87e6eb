"""Files: CSV export of records and statuses, the .ics feed, and importing a spreadsheet
(preview, row-by-row problems, nothing imported until every row is right)."""

from __future__ import annotations

import csv
import io
import re

import pytest

from backend.dates import uk_today
from tests.support.client import form_values, texts
from tests.support.journeys import browser_as, query, user_id

HEADER = "type,person,date,minutes,format,supervisor,days,teacher_led,mode,hours,kind,participatory"


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def upload(client, team, content: bytes | str, name: str = "records.csv"):
    data = content.encode() if isinstance(content, str) else content
    page = client.get(f"/teams/{team}/practice/import")
    return client.post(
        f"/teams/{team}/practice/import",
        data={"_csrf_token": client.csrf},
        files={"csv": (name, data, "text/csv")},
    ), page


def count(services, team, table, person):
    return query(
        services,
        team,
        f"SELECT count(*) AS n FROM {table} WHERE teacher_id = ? AND deleted_at IS NULL",
        [user_id(services, person)],
    )[0]["n"]


def test_statuses_csv_records_the_profile_version_and_as_of_date(signed_in, teams):
    team = teams["riverside"]
    response = signed_in("sam").get(f"/teams/{team}/practice/statuses.csv?as_of=2026-01-31")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    rows = rows_of(response.text)
    assert {r["as_of"] for r in rows} == {"2026-01-31"}
    assert {(r["profile_id"], r["profile_version"]) for r in rows} == {("gpg", "3")}
    retreat = next(r for r in rows if r["rule_id"] == "retreat-annual")
    assert retreat["status"] in {"Met", "Due soon", "Not met"}
    assert retreat["reason"]
    assert response.text.endswith("\r\n")


def test_team_csv_has_everyone_a_lead_sees_and_only_supervisees_for_a_supervisor(
    signed_in, teams, client
):
    team = teams["riverside"]
    lead_rows = rows_of(signed_in("alex").get(f"/teams/{team}/adherence/statuses.csv").text)
    assert {r["teacher_name"] for r in lead_rows} == {
        "Alex Morgan",
        "Jo Clarke",
        "Priya Shah",
        "Sam Patel",
        "Tom Evans",
    }
    jo = browser_as(client, "jo")
    jo_rows = rows_of(jo.get(f"/teams/{team}/adherence/records.csv").text)
    assert {r["teacher_name"] for r in jo_rows} == {"Priya Shah", "Sam Patel", "Tom Evans"}
    assert browser_as(client, "sam").get(f"/teams/{team}/adherence/records.csv").status_code == 403


def test_records_csv_round_trips_through_the_importer(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("tom")
    exported = client.get(f"/teams/{team}/practice/records.csv")
    rows = rows_of(exported.text)
    assert {r["type"] for r in rows} >= {
        "participant_course",
        "training",
        "retreat",
        "course",
        "supervision",
        "declaration",
    }
    supervision = next(r for r in rows if r["type"] == "supervision")
    assert supervision["supervisor"] == "jo.clarke@example.nhs.uk"
    assert supervision["course_start"]
    assert next(r for r in rows if r["type"] == "retreat")["teacher_led"] == "yes"
    before = count(services, team, "retreats", "tom")
    response, _ = upload(client, team, exported.text)
    assert response.status_code == 200, response.text[:500]
    assert f"{len(rows)} records will be added" in response.text
    assert count(services, team, "retreats", "tom") == before  # nothing yet
    confirm = form_values(response.text, f"/teams/{team}/practice/import/confirm")
    done = client.post_form(
        f"/teams/{team}/practice/import/confirm", confirm, follow_redirects=False
    )
    assert done.status_code == 303
    assert count(services, team, "retreats", "tom") == 2 * before
    again = client.post_form(
        f"/teams/{team}/practice/import/confirm", confirm, follow_redirects=False
    )
    assert again.status_code == 303  # the same confirmation twice imports once
    assert count(services, team, "retreats", "tom") == 2 * before


def test_a_spreadsheet_with_problems_imports_nothing_and_names_each_row(
    signed_in, teams, demo_services
):
    services = demo_services[0]
    team = teams["riverside"]
    client = signed_in("sam")
    text = "\r\n".join(
        [
            HEADER,
            "supervision,,2026-03-02,60,one_to_one,,,,,,,",
            "supervision,,14/03/2026,700,One-to-one,,,,,,,",
            "retreat,,2026-04-01,,,,-1,yes,residential,,,",
            "supervision,,2026-04-02,60,one_to_one,nobody@example.nhs.uk,,,,,,",
            "cpd,stranger@example.nhs.uk,2026-04-03,,,,,,,2,workshop,yes",
            "cpd,,2026-04-04,,,,,maybe,,2,workshop,yes",
            "sleep,,2026-04-05,,,,,,,,,",
            "cpd,,2099-01-01,,,,,,,2,workshop,yes",
        ]
    )
    before = count(services, team, "supervision_sessions", "sam")
    response, _ = upload(client, team, text)
    assert response.status_code == 422
    problems = texts(response.text, "//table[@id='import-problems']/tbody/tr")
    joined = " | ".join(problems)
    assert "Row 3, minutes" in joined
    assert "600 minutes or fewer" in joined
    assert "Row 4, days" in joined
    assert "Row 5, supervisor" in joined
    assert "not a supervisor in this team" in joined
    assert "Row 6, person" in joined
    assert "stranger@example.nhs.uk is not a member of this team" in joined
    assert "Row 7, teacher_led" in joined
    assert "is not used for cpd records" in joined
    assert "Row 8, type" in joined
    assert "Row 9, date" in joined
    assert "today or in the past" in joined
    assert "Row 2" not in joined
    assert "Nothing has been imported" in response.text
    assert count(services, team, "supervision_sessions", "sam") == before
    # The error summary links to each row's problem.
    assert 'href="#row-3-minutes"' in response.text
    assert 'id="row-3-minutes"' in response.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"who,when\r\nSam,today\r\n", "columns we do not know: who, when"),
        (b"type,person\r\nsupervision,\r\n", "no 'date' column"),
        (
            "type,date,programme\r\nparticipant_course,2020-01-01,Caf\u00e9\r\n".encode("latin-1"),
            "not saved as UTF-8",
        ),
        (b"", "The file is empty"),
        (b"type,date\r\n", "no records"),
        (b"type,date,date\r\ncpd,2020-01-01,2020-01-01\r\n", "more than once"),
        (b"\x00\x01\x02binary", "not a CSV file"),
        (("type,date\r\n" + "cpd,2020-01-01\r\n" * 5001).encode(), "at most 5,000"),
        (
            b"type,date,programme\r\n"
            + b"participant_course,2020-01-01,"
            + b"x" * (2 * 1024 * 1024)
            + b"\r\n",
            "smaller than 2 MB",
        ),
    ],
)
def test_a_malformed_file_gets_a_clear_message(signed_in, teams, content, message):
    team = teams["riverside"]
    response, _ = upload(signed_in("sam"), team, content)
    assert response.status_code == 422
    assert message in " ".join(
        texts(response.text, "//div[contains(@class, 'nhsuk-error-summary')]")
    )


def test_a_lead_imports_for_the_team_and_a_practitioner_only_for_themself(
    signed_in, teams, demo_services, client
):
    services = demo_services[0]
    team = teams["riverside"]
    text = "type,person,date,days,teacher_led,mode\r\nretreat,priya.shah@example.nhs.uk,2026-02-01,5,yes,online\r\n"
    sam_try, _ = upload(signed_in("sam"), team, text)
    assert sam_try.status_code == 422
    assert "only import records for yourself or the people you supervise" in sam_try.text
    lead = browser_as(client, "alex")
    preview, _ = upload(lead, team, text)
    assert preview.status_code == 200
    assert "Priya Shah" in preview.text
    before = count(services, team, "retreats", "priya")
    lead.post_form(
        f"/teams/{team}/practice/import/confirm",
        form_values(preview.text, f"/teams/{team}/practice/import/confirm"),
    )
    assert count(services, team, "retreats", "priya") == before + 1


def test_the_calendar_feed_follows_rfc_5545(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    response = signed_in("sam").get(f"/teams/{team}/practice/calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    sam = user_id(services, "sam")
    assert f"UID:retreat-annual.{sam}.{team}@mbp-journey" in body.replace("\r\n ", "")
    assert re.search(r"DTSTAMP:\d{8}T\d{6}Z", body)
    assert "SUMMARY:Due: 5 days of retreat a year" in body
    assert "\\;" in body or "\\," in body  # reasons carry commas and semicolons, escaped
    events = body.count("BEGIN:VEVENT")
    assert events == body.count("END:VEVENT") >= 3
    unfolded = body.replace("\r\n ", "")
    due = re.search(
        r"UID:retreat-annual[^\r]*\r\n(?:[^\r]*\r\n)*?DTSTART;VALUE=DATE:(\d{8})", unfolded
    )
    assert due
    assert due.group(1) > uk_today().strftime("%Y%m%d")
