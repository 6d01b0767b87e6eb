"""Data out (UK GDPR): a team's full export for its leads, a person's own export, and
the action plan as CSV. Each is read back."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile

from tests.support.journeys import browser_as, new_browser, query, user_id


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


def _all_text(services, team) -> str:
    conn = services.teams.get(team).reader
    found = []
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for row in conn.execute(f'SELECT * FROM "{table}"'):
            found.extend(str(v) for v in tuple(row) if v is not None)
    return "\n".join(found)


def test_deleting_an_account_anonymises_what_the_team_keeps_and_removes_the_rest(
    client, teams, demo_services
):
    services = demo_services[0]
    team = teams["riverside"]
    jo = user_id(services, "jo")
    member = query(services, team, "SELECT name, email FROM members WHERE user_id = ?", [jo])[0]
    name, email = member["name"], member["email"]
    tom = user_id(services, "tom")
    signed_by_jo = query(
        services, team, "SELECT count(*) AS n FROM supervision_sessions WHERE verified_by = ?", [jo]
    )[0]["n"]
    toms = query(
        services, team, "SELECT count(*) AS n FROM supervision_sessions WHERE teacher_id = ?", [tom]
    )[0]["n"]
    assert name in _all_text(services, team)

    browser = browser_as(client, "jo")
    confirm = browser.get("/profile/delete")
    assert confirm.status_code == 200
    for words in ("What is removed", "What is kept", "Deleted account", "Delete my account"):
        assert words in confirm.text
    wrong = browser.post_form("/profile/delete", {"current_password": "not my password"})
    assert wrong.status_code == 422
    assert "Your current password is not correct" in wrong.text
    assert name in _all_text(services, team)

    from tests.conftest import DEMO_PASSWORD

    done = browser.post_form(
        "/profile/delete", {"current_password": DEMO_PASSWORD}, follow_redirects=False
    )
    assert done.status_code == 303, done.text[:300]
    assert done.headers["location"] == "/sign-in"

    everything = _all_text(services, team)
    assert name not in everything
    assert email not in everything
    row = query(services, team, "SELECT name, email, left_at FROM members WHERE user_id = ?", [jo])[
        0
    ]
    assert (row["name"], row["email"]) == ("Deleted account", "")
    assert row["left_at"]
    # The team keeps Tom's records and Jo's sign-offs, without her name.
    assert (
        query(
            services,
            team,
            "SELECT count(*) AS n FROM supervision_sessions WHERE teacher_id = ?",
            [tom],
        )[0]["n"]
        == toms
    )
    kept = query(
        services,
        team,
        "SELECT verified_by_name FROM supervision_sessions WHERE verified_by = ?",
        [jo],
    )
    assert len(kept) == signed_by_jo
    assert {r["verified_by_name"] for r in kept} <= {"Deleted account"}
    tombstone = query(
        services, team, "SELECT actor_name, summary FROM audit ORDER BY id DESC LIMIT 1"
    )
    assert tombstone[0]["actor_name"] == "Deleted account"
    assert "deleted" in tombstone[0]["summary"]
    # The account is gone: no sign-in, no sessions, no memberships.
    accounts = services.accounts.reader
    assert (
        accounts.execute("SELECT count(*) FROM sessions WHERE user_id = ?", [jo]).fetchone()[0] == 0
    )
    assert (
        accounts.execute("SELECT count(*) FROM memberships WHERE user_id = ?", [jo]).fetchone()[0]
        == 0
    )
    assert (
        accounts.execute("SELECT count(*) FROM users WHERE email = ?", [email]).fetchone()[0] == 0
    )
    again = new_browser(client).post_form(
        "/sign-in", {"email": email, "password": DEMO_PASSWORD}, follow_redirects=False
    )
    assert again.status_code != 303
    assert browser.get("/profile", follow_redirects=False).status_code == 303


def test_the_only_team_admin_cannot_delete_their_account_until_someone_else_is_one(
    client, teams, demo_services
):
    from tests.conftest import DEMO_PASSWORD

    services = demo_services[0]
    admins = query(
        services,
        teams["riverside"],
        "SELECT count(*) AS n FROM members WHERE left_at IS NULL AND roles LIKE '%admin%'",
    )[0]["n"]
    assert admins == 1
    browser = browser_as(client, "alex")
    assert "You cannot delete your account yet" in browser.get("/profile/delete").text
    refused = browser.post_form("/profile/delete", {"current_password": DEMO_PASSWORD})
    assert refused.status_code == 409
    alex = user_id(services, "alex")
    assert (
        query(
            services, teams["riverside"], "SELECT left_at FROM members WHERE user_id = ?", [alex]
        )[0]["left_at"]
        is None
    )


def test_a_device_cannot_send_the_forget_mutation(client, teams):
    browser = browser_as(client, "sam")
    response = browser.post(
        f"/api/teams/{teams['riverside']}/mutations",
        json={
            "id": "forget-1",
            "name": "member.forget",
            "args": {},
            "client_id": "account-deletion",
        },
        headers={"x-csrf-token": browser.csrf},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"


def test_deleting_with_no_password_is_told_and_nothing_is_removed(client, teams, demo_services):
    browser = browser_as(client, "sam")
    response = browser.post_form("/profile/delete", {"current_password": ""})
    assert response.status_code == 422
    assert "nhsuk-error-summary" in response.text
    assert browser.get("/profile", follow_redirects=False).status_code == 200
