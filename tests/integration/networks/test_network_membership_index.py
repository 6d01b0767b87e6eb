"""The network guard reads a person's teams from the (person, team, roles) index in
accounts.db, not from every team file (decision 0025). The index must agree with the
team files after every member mutation, be rebuilt from them by its migration, and a
removed member must lose the network at once."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from backend import cli
from backend.accounts import queries as accounts
from backend.demo import email_of
from backend.mutations import Actor, Forbidden, NotFound
from backend.networks.access import network_access
from backend.networks.schema import a0002_memberships_from_team_files
from backend.teams.service import apply, create_team
from backend.validation import ValidationFailed
from tests.support.journeys import browser_as
from tests.support.networks import actor, network_with_riverside

PEOPLE = ["sam", "jo", "priya", "tom", "chris"]
ROLES = ["practitioner", "supervisor", "lead", "admin"]
roles = st.sets(st.sampled_from(ROLES), min_size=1).map(sorted)
op = st.one_of(
    st.tuples(st.just("join"), st.sampled_from(PEOPLE), roles),
    st.tuples(st.just("roles"), st.sampled_from(PEOPLE), roles),
    st.tuples(st.just("remove"), st.sampled_from(PEOPLE), st.just([])),
)


def _index(services, team_id: str) -> dict[str, str]:
    rows = services.accounts.reader.execute(
        "SELECT user_id, roles FROM memberships WHERE team_id = ?", [team_id]
    ).fetchall()
    return {r["user_id"]: r["roles"] for r in rows}


def _file(services, team_id: str) -> dict[str, str]:
    rows = (
        services.teams.get(team_id)
        .reader.execute("SELECT user_id, roles FROM members WHERE left_at IS NULL")
        .fetchall()
    )
    return {r["user_id"]: " ".join(sorted(r["roles"].split())) for r in rows}


def _user(services, person: str):
    return accounts.user_by_email(services.accounts.reader, email_of(person))[0]


def _do(services, team_id: str, lead: Actor, kind: str, person: str, chosen: list[str]) -> None:
    store = services.teams.get(team_id)
    user = _user(services, person)
    try:
        if kind == "join":
            token = accounts.new_token()
            invited = apply(
                services,
                store,
                lead,
                "member.invite",
                {"email": user.email, "roles": chosen, "token_hash": accounts.token_hash(token)},
            )
            joiner = Actor(user.id, user.name, frozenset(), "test")
            args = {"invite_id": invited.result["invite_id"], "token": token}
            apply(services, store, joiner, "member.join", args)
        elif kind == "roles":
            apply(services, store, lead, "member.roles", {"user_id": user.id, "roles": chosen})
        else:
            apply(services, store, lead, "member.remove", {"user_id": user.id})
    except (ValidationFailed, NotFound, Forbidden):
        pass  # refused (already a member, not a member): nothing changed, and still agrees


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(op, min_size=1, max_size=8))
def test_the_index_agrees_with_the_team_file_after_every_member_mutation(
    demo_services, ops
) -> None:
    services = demo_services[0]
    alex = _user(services, "alex")
    team_id = create_team(services, alex, "Index service")
    lead = Actor(alex.id, alex.name, frozenset({"admin", "lead", "practitioner"}), "test")
    assert _index(services, team_id) == _file(services, team_id)
    for kind, person, chosen in ops:
        _do(services, team_id, lead, kind, person, chosen)
        assert _index(services, team_id) == _file(services, team_id), (kind, person, chosen)


def test_the_migration_rebuilds_the_index_from_the_team_files(demo_services, teams) -> None:
    services = demo_services[0]
    riverside = teams["riverside"]
    truth = _file(services, riverside)
    sam = _user(services, "sam")
    chris = _user(services, "chris")

    def spoil(c: sqlite3.Connection) -> None:
        c.execute("DELETE FROM memberships WHERE user_id = ? AND team_id = ?", [sam.id, riverside])
        c.execute(
            "INSERT OR REPLACE INTO memberships (user_id, team_id, roles) VALUES (?, ?, 'lead')",
            [chris.id, riverside],
        )
        c.commit()

    services.accounts.write_sync(spoil)
    assert _index(services, riverside) != truth
    path = services.settings.accounts_path
    with closing(sqlite3.connect(path)) as conn:
        a0002_memberships_from_team_files(Database(conn))
        conn.commit()
    assert _index(services, riverside) == truth
    assert _index(services, teams["hillside"]) == _file(services, teams["hillside"])
    # `mbp reindex` does the same by hand (after restoring one team file on its own).
    services.accounts.write_sync(spoil)
    result = CliRunner().invoke(
        cli.main, ["reindex"], env={"MBP_DATA_DIR": str(services.settings.data_dir)}
    )
    assert result.exit_code == 0, result.output
    assert "memberships, as the team files say" in result.output
    assert _index(services, riverside) == truth


def test_a_removed_member_loses_the_network_at_once(client, demo_services, teams) -> None:
    services = demo_services[0]
    network_id = network_with_riverside(services, teams["riverside"])
    sam = browser_as(client, "sam")
    assert sam.get(f"/networks/{network_id}").status_code == 200
    apply(
        services,
        services.teams.get(teams["riverside"]),
        actor(services, "alex", frozenset({"admin", "lead"})),
        "member.remove",
        {"user_id": _user(services, "sam").id},
    )
    assert sam.get(f"/networks/{network_id}").status_code == 404
    assert network_access(services, network_id, _user(services, "sam").id) is None
    # A lead who is made a practitioner reads the network but no longer publishes for it.
    alex_id = _user(services, "alex").id
    assert network_access(services, network_id, alex_id).led
    jo = _user(services, "jo")
    apply(
        services,
        services.teams.get(teams["riverside"]),
        actor(services, "alex", frozenset({"admin", "lead"})),
        "member.roles",
        {"user_id": jo.id, "roles": ["admin", "lead"]},
    )
    apply(
        services,
        services.teams.get(teams["riverside"]),
        actor(services, "jo", frozenset({"admin", "lead"})),
        "member.roles",
        {"user_id": alex_id, "roles": ["practitioner"]},
    )
    found = network_access(services, network_id, alex_id)
    assert found is not None
    assert found.roles == frozenset({"member"})
    assert not found.led
