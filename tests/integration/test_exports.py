"""Data out (UK GDPR): a team's full export for its leads, a person's own export, and
the action plan as CSV. Each is read back."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile

from tests.support.journeys import browser_as, query, user_id


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("application/zip")
    assert "attachment" in response.headers["content-disposition"]
    assert response.headers["cache-control"] == "private, no-store"
    return zipfile.ZipFile(io.BytesIO(response.content))


def _csv(zf: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(zf.read(name).decode("utf-8"))))


def test_a_lead_exports_the_whole_team_as_a_database_csvs_json_and_a_readme(
    signed_in, teams, demo_services, tmp_path
):
    services = demo_services[0]
    team = teams["riverside"]
    zf = _zip(signed_in("alex").get(f"/teams/{team}/export.zip"))
    names = set(zf.namelist())
    assert {"team.db", "team.json", "README.txt"} <= names
    (tmp_path / "team.db").write_bytes(zf.read("team.db"))
    copy = sqlite3.connect(tmp_path / "team.db")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    tables = [
        r[0]
        for r in copy.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\'"
        )
    ]
    assert {f"tables/{t}.csv" for t in tables} <= names
    readme = zf.read("README.txt").decode()
    for table in tables:
        assert f"  {table}:" in readme
    members = _csv(zf, "tables/members.csv")
    live = query(services, team, "SELECT count(*) AS n FROM members")[0]["n"]
    assert len(members) == live
    assert "Alex" in {m["name"].split()[0] for m in members}
    document = json.loads(zf.read("team.json"))
    assert document["team"]["name"] == query(services, team, "SELECT name FROM team")[0]["name"]
    assert len(document["tables"]["members"]) == live
    sessions = query(services, team, "SELECT count(*) AS n FROM supervision_sessions")[0]["n"]
    assert len(document["tables"]["supervision_sessions"]) == sessions
    assert len(_csv(zf, "tables/supervision_sessions.csv")) == sessions


def test_the_team_export_leaves_out_token_hashes_and_unshared_review_drafts(
    signed_in, teams, demo_services, tmp_path
):
    services = demo_services[0]
    team = teams["riverside"]
    hashes = [r["token_hash"] for r in query(services, team, "SELECT token_hash FROM invites")]
    drafts = query(services, team, "SELECT count(*) AS n FROM review_answers WHERE shared = 0")
    zf = _zip(signed_in("alex").get(f"/teams/{team}/export.zip"))
    everything = b"".join(zf.read(name) for name in zf.namelist())
    for token_hash in hashes:
        assert token_hash.encode() not in everything
    (tmp_path / "team.db").write_bytes(zf.read("team.db"))
    copy = sqlite3.connect(tmp_path / "team.db")
    assert copy.execute("SELECT count(*) FROM review_answers WHERE shared = 0").fetchone() == (0,)
    shared = query(services, team, "SELECT count(*) AS n FROM review_answers WHERE shared = 1")
    assert copy.execute("SELECT count(*) FROM review_answers").fetchone() == (shared[0]["n"],)
    assert drafts[0]["n"] >= 0


def test_only_a_lead_of_that_team_may_export_it(client, teams):
    for person, status in (("sam", 403), ("jo", 403), ("morgan", 404), ("chris", 404)):
        browser = browser_as(client, person)
        response = browser.get(f"/teams/{teams['riverside']}/export.zip", follow_redirects=False)
        assert response.status_code == status, person
    # A lead of Hillside gets Hillside, never Riverside, whatever the path says.
    morgan = browser_as(client, "morgan")
    zf = _zip(morgan.get(f"/teams/{teams['hillside']}/export.zip"))
    assert "Riverside" not in zf.read("team.json").decode()


def test_a_person_exports_their_own_data_from_every_team_and_nobody_elses(
    signed_in, teams, demo_services
):
    services = demo_services[0]
    team = teams["riverside"]
    sam = user_id(services, "sam")
    zf = _zip(signed_in("sam").get("/profile/export.zip"))
    account = json.loads(zf.read("account.json"))
    assert account["id"] == sam
    assert "password_hash" not in account
    assert team in {t["id"] for t in account["teams"]}
    mine = query(
        services, team, "SELECT count(*) AS n FROM supervision_sessions WHERE teacher_id = ?", [sam]
    )
    rows = _csv(zf, f"teams/{team}/supervision_sessions.csv")
    assert len(rows) == mine[0]["n"] > 0
    assert {r["teacher_id"] for r in rows} == {sam}
    document = json.loads(zf.read("you.json"))
    for table in document["teams"][team]["tables"].values():
        for row in table:
            people = {row.get(c) for c in ("user_id", "teacher_id", "author_id", "actor_id")}
            assert sam in people
            assert "token_hash" not in row
    assert "Riverside" in zf.read("README.txt").decode()


def test_the_action_plan_downloads_as_csv(signed_in, teams, demo_services):
    team = teams["riverside"]
    response = signed_in("sam").get(f"/teams/{team}/journey/plan.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows
    assert set(rows[0]) >= {"characteristic", "stage", "action", "status", "owner", "due"}
    assert {r["status"] for r in rows} <= {
        "Not started",
        "Partly in place",
        "In place",
        "Not applicable",
    }
    plan_page = signed_in("sam").get(f"/teams/{team}/journey/plan")
    assert f"/teams/{team}/journey/plan.csv" in plan_page.text


def test_the_pages_offer_the_exports(signed_in, teams):
    browser = signed_in("alex")
    assert "/profile/export.zip" in browser.get("/profile").text
    settings = browser.get(f"/teams/{teams['riverside']}/settings").text
    assert f"/teams/{teams['riverside']}/export.zip" in settings
