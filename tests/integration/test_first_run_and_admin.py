"""First run: the one-time set-up link makes the first account, a server admin; the
admin's pages: accounts, teams, disabling, who may create teams."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from backend import cli
from backend.accounts import server
from backend.app import build_services, create_app
from backend.demo import email_of
from tests.conftest import DEMO_PASSWORD, make_settings
from tests.support.client import Client, texts
from tests.support.journeys import browser_as, new_browser, user_id

LINK = re.compile(r"(https?://\S+)/setup\?token=(\S+)")


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)


def start(data_dir: Path, **env: str):
    environ = {"MBP_DATA_DIR": str(data_dir), "MBP_DEMO": "", "MBP_BASE_URL": None, **env}
    return CliRunner().invoke(cli.main, ["serve", "--port", "8123"], env=environ)


@pytest.fixture
def fresh(tmp_path, no_server):
    """A data folder `mbp serve` started on once, with the set-up link it printed."""
    data_dir = tmp_path / "data"
    result = start(data_dir, MBP_BASE_URL="https://mbp.example.nhs.uk")
    assert result.exit_code == 0, result.output
    found = LINK.search(result.output)
    assert found, result.output
    services = build_services(make_settings(data_dir))
    with Client(app=create_app(services.settings, services)) as client:
        yield client, services, found.group(2), found.group(1)
    services.close()


def make_first_account(client: Client, token: str, **fields: str):
    data = {"token": token, "email": "first@trust.nhs.uk", "name": "Fran First"}
    data["password"] = "correct horse battery"
    data.update(fields)
    return client.post_form("/setup", data, follow_redirects=False)


def test_serve_on_an_empty_folder_prints_a_link_from_the_base_url(fresh):
    _, services, token, base = fresh
    assert base == "https://mbp.example.nhs.uk"
    stored = services.accounts.reader.execute("SELECT token_hash FROM setup_tokens").fetchall()
    assert len(stored) == 1
    assert token not in {row[0] for row in stored}  # kept hashed


def test_the_link_makes_the_first_account_a_server_admin_and_works_once(fresh):
    client, services, token, _ = fresh
    page = client.get(f"/setup?token={token}")
    assert page.status_code == 200
    assert texts(page.text, "//h1") == ["Set up MBP Journey"]
    response = make_first_account(client, token)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin"
    admin = client.get("/admin")
    assert admin.status_code == 200
    assert "first@trust.nhs.uk" in admin.text
    assert "Server admin" in texts(admin.text, "//strong")
    assert client.get(f"/setup?token={token}").status_code == 404
    other = new_browser(client)
    assert make_first_account(other, token, email="second@trust.nhs.uk").status_code == 404
    assert server.user_count(services.accounts.reader) == 1


def test_a_wrong_or_missing_token_is_not_found(fresh):
    client, _, token, _ = fresh
    assert client.get("/setup").status_code == 404
    assert client.get("/setup?token=" + "x" * 43).status_code == 404
    assert client.get(f"/setup?token={token}").status_code == 200


def test_bad_input_keeps_what_was_typed_and_makes_nothing(fresh):
    client, services, token, _ = fresh
    response = make_first_account(client, token, password="short")
    assert response.status_code == 422
    assert "Password must be 10 characters or more" in response.text
    assert 'value="first@trust.nhs.uk"' in response.text
    assert server.user_count(services.accounts.reader) == 0


def test_a_second_start_on_a_folder_with_accounts_prints_no_link(fresh, tmp_path):
    client, services, token, _ = fresh
    make_first_account(client, token)
    result = start(Path(services.settings.data_dir))
    assert "/setup?token=" not in result.output


def test_create_user_admin_makes_a_server_admin(tmp_path):
    data_dir = tmp_path / "data"
    result = CliRunner().invoke(
        cli.main,
        ["create-user", "ops@trust.nhs.uk", "--name", "Ops", "--admin"],
        env={"MBP_DATA_DIR": str(data_dir), "MBP_NEW_PASSWORD": "a long enough password"},
    )
    assert result.exit_code == 0, result.output
    with sqlite3.connect(data_dir / "accounts.db") as conn:
        row = conn.execute("SELECT server_admin FROM users WHERE email = 'ops@trust.nhs.uk'")
        assert row.fetchone()[0] == 1


# The admin's pages, on the demo data with Sam made a server admin


@pytest.fixture
def admin(client, demo_services):
    services = demo_services[0]
    services.accounts.write_sync(lambda c: server.make_admin(c, user_id(services, "sam")))
    client.sign_in(email_of("sam"), DEMO_PASSWORD)
    return client


def test_only_server_admins_see_the_admin_pages(client, signed_in):
    assert client.get("/admin", follow_redirects=False).status_code in {302, 303, 401}
    signed_in("alex")
    assert client.get("/admin").status_code == 404
    assert client.post_form(f"/admin/accounts/{'x' * 36}/disable").status_code == 404


def test_the_admin_sees_every_account_and_team(admin, demo_services, teams):
    page = admin.get("/admin")
    assert email_of("alex") in page.text
    assert "Riverside MBCT service" in page.text


def test_disabling_an_account_ends_its_sessions_at_once_and_enabling_restores_it(
    admin, demo_services
):
    services = demo_services[0]
    alex = browser_as(admin, "alex")
    assert alex.get("/teams").status_code == 200
    alex_id = user_id(services, "alex")
    response = admin.post_form(f"/admin/accounts/{alex_id}/disable", follow_redirects=False)
    assert response.status_code == 303
    assert alex.get("/teams", follow_redirects=False).status_code != 200
    again = new_browser(admin)
    assert (
        again.post_form(
            "/sign-in", {"email": email_of("alex"), "password": DEMO_PASSWORD}
        ).status_code
        == 422
    )
    admin.post_form(f"/admin/accounts/{alex_id}/enable")
    assert again.sign_in(email_of("alex"), DEMO_PASSWORD).status_code == 200
    assert again.get("/teams").status_code == 200


def test_an_admin_cannot_disable_themselves(admin, demo_services):
    sam_id = user_id(demo_services[0], "sam")
    admin.post_form(f"/admin/accounts/{sam_id}/disable")
    assert admin.get("/admin").status_code == 200


def test_who_may_create_teams(admin, demo_services):
    alex = browser_as(admin, "alex")
    assert alex.get("/teams/new").status_code == 200
    admin.post_form("/admin/team-creation", {"who": "admins", "domains": ""})
    assert alex.get("/teams/new").status_code == 403
    refused = alex.post_form("/teams/new", {"name": "Sneaky team"})
    assert refused.status_code == 403
    assert admin.get("/teams/new").status_code == 200  # admins always may
    domain = email_of("alex").rsplit("@", 1)[1]
    admin.post_form("/admin/team-creation", {"who": "domains", "domains": f"nhs.scot, {domain}"})
    assert alex.get("/teams/new").status_code == 200
    admin.post_form("/admin/team-creation", {"who": "domains", "domains": "nhs.scot"})
    assert alex.get("/teams/new").status_code == 403


def test_domains_are_needed_and_checked(admin):
    response = admin.post_form("/admin/team-creation", {"who": "domains", "domains": ""})
    assert response.status_code == 422
    assert "Enter at least one email domain" in response.text
    response = admin.post_form("/admin/team-creation", {"who": "domains", "domains": "nhs"})
    assert response.status_code == 422
