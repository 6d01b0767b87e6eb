"""`mbp import-team`: a team's export.zip re-imported into a fresh data folder gives the
same pages (journey, adherence, annual report), and never overwrites a team."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from backend.accounts.passwords import hash_password
from backend.app import build_services, create_app
from backend.cli import main
from backend.demo import email_of
from tests.conftest import DEMO_PASSWORD, make_settings
from tests.support.client import Client
from tests.support.journeys import browser_as

PAGES = ("/journey", "/adherence", "/reports/annual", "/journey/case/print")


def run(data_dir: Path, *args: str) -> Any:
    return CliRunner().invoke(main, list(args), env={"MBP_DATA_DIR": str(data_dir)})


def _main(html: str) -> str:
    """What the page says, with the parts made per request masked."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r'name="_csrf_token" value="[^"]*"', 'name="_csrf_token" value=""', main)
    main = re.sub(r'name="mutation_id" value="[^"]*"', 'name="mutation_id" value=""', main)
    return re.sub(r'nonce="[^"]*"', 'nonce=""', main)


def _pages(browser: Client, team: str) -> dict[str, str]:
    found = {}
    for path in PAGES:
        response = browser.get(f"/teams/{team}{path}")
        assert response.status_code == 200, path
        found[path] = _main(response.text)
    return found


def test_an_export_reimported_into_a_fresh_server_gives_the_same_pages(
    client, teams, tmp_path: Path
) -> None:
    team = teams["riverside"]
    alex = browser_as(client, "alex")
    export = tmp_path / "export.zip"
    export.write_bytes(alex.get(f"/teams/{team}/export.zip").content)
    before = _pages(alex, team)

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    done = run(fresh, "import-team", str(export))
    assert done.exit_code == 0, done.output
    assert f"as team {team}" in done.output
    assert "with no password" in done.output

    accounts = sqlite3.connect(fresh / "accounts.db")
    with accounts:
        accounts.execute(
            "UPDATE users SET password_hash = ? WHERE email = ?",
            [hash_password(DEMO_PASSWORD), email_of("alex")],
        )
    accounts.close()
    services = build_services(make_settings(fresh))
    try:
        with Client(app=create_app(services.settings, services)) as other:
            other.sign_in(email_of("alex"), DEMO_PASSWORD)
            after = _pages(other, team)
    finally:
        services.close()
    for path in PAGES:
        assert len(before[path]) > 2000, path
        assert after[path] == before[path], path

    again = run(fresh, "import-team", str(export))
    assert again.exit_code == 1
    assert "there is already a team" in again.output
    renamed = run(fresh, "import-team", str(export), "--team-id", "new")
    assert renamed.exit_code == 0, renamed.output
    assert len(list((fresh / "teams").glob("*.db"))) == 2


def test_what_is_not_a_team_export_is_refused(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("hello")
    done = run(fresh, "import-team", str(not_zip))
    assert done.exit_code == 1
    assert "is not a zip file" in done.output
    bad_id = run(fresh, "import-team", str(not_zip), "--team-id", "../../etc")
    assert bad_id.exit_code == 1


def test_an_export_from_a_newer_version_is_refused_and_nothing_is_left(
    client, teams, tmp_path: Path
) -> None:
    import zipfile

    alex = browser_as(client, "alex")
    export = tmp_path / "export.zip"
    export.write_bytes(alex.get(f"/teams/{teams['riverside']}/export.zip").content)
    with zipfile.ZipFile(export) as archive:
        (tmp_path / "team.db").write_bytes(archive.read("team.db"))
    db = sqlite3.connect(tmp_path / "team.db")
    with db:
        db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('journey', '9999_from_the_future', '2030-01-01')"
        )
    db.close()
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(newer, "w") as archive:
        archive.write(tmp_path / "team.db", "team.db")
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    done = run(fresh, "import-team", str(newer))
    assert done.exit_code == 1, done.output
    assert "newer version" in done.output
    assert list((fresh / "teams").glob("*")) == []
    registered = sqlite3.connect(fresh / "accounts.db").execute("SELECT * FROM teams").fetchall()
    assert registered == []
