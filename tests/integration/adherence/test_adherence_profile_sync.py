"""A teacher's practice profile (usual supervisor, professional background) is private to
them in sync, like their records: only their own devices pull it. Supervisors and leads
read it through the pages, as they do the records."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from backend.db.connection import connect
from backend.db.migrate import migrate
from tests.support.client import form_values
from tests.support.journeys import browser_as, query, user_id, write_team


def pulled_entities(client, team, since):
    body = client.get(f"/api/teams/{team}/sync/pull", params={"since": since}).json()
    return [(c["entity"], c["entity_id"]) for c in body["changes"]]


def save_profile(client, team, supervisor_id, background):
    page = client.get(f"/teams/{team}/practice/profile")
    hidden = form_values(page.text, f"/teams/{team}/practice/profile")
    saved = client.post_form(
        f"/teams/{team}/practice/profile",
        {
            **hidden,
            "usual_supervisor_id": supervisor_id,
            "professional_background": background,
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303


def test_a_profile_change_syncs_only_to_its_teacher(signed_in, client, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    sam_id = user_id(services, "sam")
    sam = signed_in("sam")
    since = int(query(services, team, "SELECT version FROM team")[0]["version"])
    save_profile(sam, team, user_id(services, "jo"), "Clinical psychologist, and a private note")
    assert ("teacher_profiles", sam_id) in pulled_entities(sam, team, since)
    for other in ("priya", "jo", "alex"):  # a practitioner, Sam's supervisor, the lead
        found = pulled_entities(browser_as(client, other), team, since)
        assert ("teacher_profiles", sam_id) not in found, other
    # ...as with the records of a supervisee, which their supervisor reads on the pages
    page = browser_as(client, "jo").get(f"/teams/{team}/adherence/people/{sam_id}")
    assert page.status_code == 200


def test_a_pull_from_the_start_has_only_your_own_profile(signed_in, teams, demo_services):
    services = demo_services[0]
    team = teams["riverside"]
    priya = signed_in("priya")
    profiles = {e for kind, e in pulled_entities(priya, team, 0) if kind == "teacher_profiles"}
    assert profiles == {user_id(services, "priya")}


def test_profiles_synced_before_become_private_when_the_file_is_opened(tmp_path, demo_services):
    """A team file from before profiles were private: the migration marks the old changes."""
    services, teams = demo_services
    team = teams["riverside"]
    write_team(
        services,
        team,
        "UPDATE changes SET visible_to = NULL WHERE entity = ?",
        ["teacher_profiles"],
    )
    write_team(
        services,
        team,
        "DELETE FROM _sqlite_migrations WHERE migration_set = 'adherence'"
        " AND name = '0005_private_teacher_profiles'",
    )
    path = services.teams.path(team)
    services.close()
    with closing(connect(path, writer=True)) as conn:
        assert migrate(conn, services.teams.migrations, "old team file") == 1
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(
            "SELECT entity_id, visible_to FROM changes WHERE entity = 'teacher_profiles'"
        ).fetchall()
    assert rows
    assert all(visible_to == entity_id for entity_id, visible_to in rows)
