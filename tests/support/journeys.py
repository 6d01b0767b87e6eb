"""Helpers for integration tests: second browsers, demo people's ids, poking the stores.

Everything here works on the real SQLite files a test's `demo_services` copied, so a
test can set up a state (an expired session, an expired invitation) that would take
days to reach through the pages.
"""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

from backend.accounts import queries as accounts
from backend.db.connection import immediate
from backend.demo import email_of
from backend.services import Services
from backend.teams.service import actor_for, apply
from tests.conftest import DEMO_PASSWORD
from tests.support.client import Client


def new_browser(client: Client) -> Client:
    """Another browser on the same running app, with its own cookies."""
    return Client(app=client.app)


def browser_as(client: Client, person: str) -> Client:
    other = new_browser(client)
    other.sign_in(email_of(person), DEMO_PASSWORD)
    return other


def user_id(services: Services, person: str) -> str:
    found = accounts.user_by_email(services.accounts.reader, email_of(person))
    assert found is not None, person
    return found[0].id


def team_row(services: Services, team_id: str) -> sqlite3.Row:
    row = services.teams.get(team_id).reader.execute("SELECT * FROM team").fetchone()
    assert row is not None
    return row


def team_version(services: Services, team_id: str) -> int:
    return int(team_row(services, team_id)["version"])


def team_name(services: Services, team_id: str) -> str:
    return str(team_row(services, team_id)["name"])


def query(services: Services, team_id: str, sql: str, params: Any = ()) -> list[sqlite3.Row]:
    return services.teams.get(team_id).reader.execute(sql, params).fetchall()


def write_team(services: Services, team_id: str, sql: str, params: Any = ()) -> None:
    """A raw write to a team file (to set up a state the pages cannot reach quickly)."""

    def work(conn: sqlite3.Connection) -> None:
        with immediate(conn):
            conn.execute(sql, params)

    services.teams.get(team_id).write_sync(work)


def write_accounts(services: Services, sql: str, params: Any = ()) -> None:
    def work(conn: sqlite3.Connection) -> None:
        with immediate(conn):
            conn.execute(sql, params)

    services.accounts.write_sync(work)


def accounts_rows(services: Services, sql: str, params: Any = ()) -> list[sqlite3.Row]:
    with closing(sqlite3.connect(services.settings.accounts_path)) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()


def expire_sessions_of(services: Services, person: str) -> None:
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    write_accounts(
        services,
        "UPDATE sessions SET expires_at = ? WHERE user_id = ?",
        [past, user_id(services, person)],
    )


def invite(
    services: Services,
    team_id: str,
    by: str,
    email: str,
    roles: list[str] | None = None,
) -> tuple[str, str]:
    """Invite someone through the mutation path; (raw token for the link, invite id)."""
    token = accounts.new_token()
    store = services.teams.get(team_id)
    lead = accounts.user_by_email(services.accounts.reader, email_of(by))
    assert lead is not None
    outcome = apply(
        services,
        store,
        actor_for(store, lead[0], "test"),
        "member.invite",
        {
            "email": email,
            "roles": roles or ["practitioner"],
            "token_hash": accounts.token_hash(token),
        },
    )
    return token, str(outcome.result["invite_id"])


def act(services: Services, team_id: str, person: str, name: str, args: dict[str, Any]) -> Any:
    """Apply a mutation as a demo person, outside any request (someone else's change)."""
    store = services.teams.get(team_id)
    found = accounts.user_by_email(services.accounts.reader, email_of(person))
    assert found is not None
    return apply(services, store, actor_for(store, found[0], "test"), name, args)


def link_path(page_text: str) -> str:
    """The path of the invitation link shown on the "Invitation created" page."""
    doc = lxml_html.document_fromstring(page_text)
    values = doc.xpath("//input[@id='invite-link']/@value")
    assert values, "no invitation link on the page"
    return urlsplit(str(values[0])).path


def mutation(name: str, args: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "name": name,
        "args": args,
        "client_id": "test-device",
        **extra,
    }
