"""What a team shares with a network beyond where it stands: its good-practice counts
(teachers meeting each standard, never who) and, through its dated snapshots, how it
moved over the last year. Only services that chose to share are counted; small counts
are suppressed; none of it leaves in a pull."""

from __future__ import annotations

import json
from datetime import timedelta

from lxml import html as lxml_html

from backend.accounts import queries as accounts
from backend.dates import today_fixed_at, uk_today
from backend.demo import email_of
from backend.networks.overview_routes import adherence_counts
from backend.networks.service import apply_network
from backend.teams.service import create_team
from tests.support.client import texts
from tests.support.journeys import browser_as
from tests.support.networks import actor, network_with_riverside


def _new_member(services, network_id: str, name: str) -> str:
    user = accounts.user_by_email(services.accounts.reader, email_of("alex"))[0]
    team_id = create_team(services, user, name)
    lead = actor(services, "morgan", frozenset({"network_lead"}))
    apply_network(services, network_id, lead, "network.invite", {"team_id": team_id})
    apply_network(
        services, network_id, actor(services, "alex"), "network.accept", {"team_id": team_id}
    )
    return team_id


def _share(services, network_id, team_id, snapshot=None, adherence=None) -> None:
    args = {
        "team_id": team_id,
        "share_snapshot": snapshot is not None,
        "named": False,
        "snapshot": json.dumps(snapshot or {}),
        "share_adherence": "yes" if adherence is not None else "no",
        "adherence": json.dumps(adherence or {}),
    }
    outcome = apply_network(services, network_id, actor(services, "alex"), "network.sharing", args)
    assert outcome.ok, outcome.errors


def _table(text: str, table_id: str) -> dict[str, list[str]]:
    doc = lxml_html.document_fromstring(text)
    rows = {}
    for tr in doc.xpath(f"//table[@id='{table_id}']/tbody/tr"):
        cells = [" ".join(c.text_content().split()) for c in tr.xpath("./th|./td")]
        rows[cells[0]] = cells[1:]
    return rows


def test_good_practice_counts_are_shared_by_choice_counted_and_suppressed(
    client, demo_services, teams
) -> None:
    services = demo_services[0]
    network_id = network_with_riverside(services, teams["riverside"])
    url = f"/networks/{network_id}/overview"
    one = {"supervision": {"title": "Supervision", "met": 4}, "cpd": {"title": "CPD", "met": 1}}
    a = _new_member(services, network_id, "Alpha service")
    b = _new_member(services, network_id, "Beta service")
    quiet = _new_member(services, network_id, "Quiet service")
    _share(services, network_id, a, adherence=one)
    _share(services, network_id, b, adherence=one)
    _share(services, network_id, quiet, snapshot={"make-it-fit": "developmental"})
    sam = browser_as(client, "sam")
    few = sam.get(url)
    assert few.status_code == 200
    assert "standards-table" not in few.text  # two services share: nothing shown
    assert "Not enough services share their good-practice counts" in few.text

    # Riverside's lead first says no: nothing of its practice enters the network file.
    alex = browser_as(client, "alex")
    said_no = alex.post_form(
        f"/networks/{network_id}/sharing",
        {"team_id": teams["riverside"], "share_snapshot": "no", "share_adherence": "no"},
    )
    assert said_no.status_code == 200
    logged = (
        services.networks.get(network_id)
        .reader.execute("SELECT data FROM changes WHERE entity_id = ?", [teams["riverside"]])
        .fetchall()
    )
    assert not any('"met"' in r["data"] for r in logged)
    # Then shares through the page: counted from its own file, read-only.
    before = services.teams.get(teams["riverside"]).reader.execute("SELECT version FROM team")
    version = before.fetchone()[0]
    shared = alex.post_form(
        f"/networks/{network_id}/sharing",
        {"team_id": teams["riverside"], "share_snapshot": "no", "share_adherence": "yes"},
    )
    assert shared.status_code == 200
    assert "good-practice counts are shared" in shared.text
    river = services.teams.get(teams["riverside"]).reader
    assert river.execute("SELECT version FROM team").fetchone()[0] == version
    theirs = adherence_counts(services, services.teams.get(teams["riverside"]), uk_today())
    assert theirs  # the demo's teachers meet some standards and not others
    stored = (
        services.networks.get(network_id)
        .reader.execute(
            "SELECT adherence FROM network_teams WHERE team_id = ?", [teams["riverside"]]
        )
        .fetchone()["adherence"]
    )
    assert json.loads(stored) == theirs
    assert not any("name" in json.dumps(v).lower() for v in theirs.values())

    rows = _table(sam.get(url).text, "standards-table")
    totals: dict[str, int] = {}
    for counts in (one, one, theirs):
        for entry in counts.values():
            totals[entry["title"]] = totals.get(entry["title"], 0) + entry["met"]
    assert set(rows) == set(totals)
    for title, n in totals.items():
        assert rows[title] == [str(n) if n >= 3 else "fewer than 3"]

    # Nothing of the counts (nor the dated snapshots) leaves in a pull.
    pulled = alex.get(f"/api/networks/{network_id}/sync/pull").json()
    assert all("adherence" not in c["data"] for c in pulled["changes"])
    assert all(c["entity"] != "snapshot_history" for c in pulled["changes"])

    # Stopping, or leaving, takes a team's counts out at once.
    alex.post_form(
        f"/networks/{network_id}/sharing",
        {"team_id": teams["riverside"], "share_snapshot": "no", "share_adherence": "no"},
    )
    assert "standards-table" not in sam.get(url).text
    assert (
        sam.post_form(
            f"/networks/{network_id}/sharing",
            {"team_id": teams["riverside"], "share_snapshot": "no", "share_adherence": "yes"},
        ).status_code
        == 403
    )


def test_the_overview_says_how_many_services_moved_stage_over_the_last_year(
    client, demo_services, teams
) -> None:
    services = demo_services[0]
    network_id = network_with_riverside(services, teams["riverside"])
    url = f"/networks/{network_id}/overview"
    then = {"make-it-fit": "starting_out", "top-down-buy-in": "developmental"}
    now = {"make-it-fit": "developmental", "top-down-buy-in": "developmental"}
    members = [_new_member(services, network_id, f"Service {i}") for i in range(4)]
    today = uk_today()
    with today_fixed_at(today - timedelta(days=400)):
        for team_id in members:
            _share(services, network_id, team_id, snapshot=then)
    with today_fixed_at(today - timedelta(days=100)):  # newer, but under a year old
        for team_id in members:
            _share(services, network_id, team_id, snapshot=now)
    for team_id in members[:3]:
        _share(services, network_id, team_id, snapshot=now)
        _share(services, network_id, team_id, snapshot=now)  # twice today: one entry
    network = services.networks.get(network_id).reader
    days = network.execute(
        "SELECT team_id, count(*) AS n FROM snapshot_history GROUP BY team_id"
    ).fetchall()
    assert {r["team_id"]: r["n"] for r in days} == {
        members[0]: 3,
        members[1]: 3,
        members[2]: 3,
        members[3]: 2,
    }
    sam = browser_as(client, "sam")
    rows = _table(sam.get(url).text, "change-table")
    assert rows["Make it fit"] == ["4", "fewer than 3"]
    assert rows["Top-down buy-in"] == ["fewer than 3", "fewer than 3"]

    # A service that stops sharing takes its history with it; two left are too few.
    _share(services, network_id, members[0])
    _share(services, network_id, members[1])
    assert (
        network.execute(
            "SELECT count(*) FROM snapshot_history WHERE team_id IN (?, ?)", members[:2]
        ).fetchone()[0]
        == 0
    )
    page = sam.get(url).text
    assert "change-table" not in page
    assert "Not enough services have shared a snapshot at least a year ago" in page
    assert texts(page, "//h2").count("Change over the last year") == 1


def test_a_case_example_can_start_from_the_teams_own_journey(client, demo_services, teams) -> None:
    services = demo_services[0]
    network_id = network_with_riverside(services, teams["riverside"])
    river = services.teams.get(teams["riverside"]).reader
    version = river.execute("SELECT version FROM team").fetchone()[0]
    alex = browser_as(client, "alex")
    page = alex.get(f"/networks/{network_id}/cases")
    assert "Start from our journey" in page.text
    started = alex.get(f"/networks/{network_id}/cases?start_from={teams['riverside']}")
    assert started.status_code == 200
    notes = texts(started.text, "//textarea[@name='pivot_points']")[0]
    assert notes.startswith("Our pivot points, from our journey:")
    assert "How we related to it:" in notes
    assert "How our stages changed:" in notes
    assert " moved from " in notes
    assert len(notes) <= 4000
    assert river.execute("SELECT version FROM team").fetchone()[0] == version  # read only
    # Edited and saved like any draft.
    saved = alex.post_form(
        f"/networks/{network_id}/cases",
        {"title": "Riverside's story", "pivot_points": notes + "\nWhat we learned."},
    )
    assert saved.status_code == 200
    assert "What we learned." in saved.text
    # Only a lead of the team gets its journey; anyone else gets an empty form.
    sam = browser_as(client, "sam")
    theirs = sam.get(f"/networks/{network_id}/cases?start_from={teams['riverside']}")
    assert theirs.status_code == 200
    assert "Our pivot points" not in theirs.text
    hillside = alex.get(f"/networks/{network_id}/cases?start_from={teams['hillside']}")
    assert hillside.status_code == 200
    assert "Our pivot points" not in hillside.text
    odd = alex.get(f"/networks/{network_id}/cases?start_from=" + "x" * 500)
    assert odd.status_code == 200
