"""`mbp`: run the server and look after its data.

mbp serve [--host H] [--port P] [--workers N] [--demo]
mbp create-user EMAIL --name NAME [--admin]  (asks for a password)
mbp create-team NAME --owner EMAIL
mbp migrate                                  (bring every file's schema up to date)
mbp reindex                                  (rebuild who-is-in-which-team from the team files)
mbp demo                                     (seed the demo teams if missing)
mbp remind [--dry-run]                       (queue this week's reminder digests)
mbp backup DEST | restore SRC | check        (backend/operations.py)
mbp restore-replica [URL]                    (backend/replication.py; MBP_REPLICA_URL)
mbp import-team EXPORT.zip [--team-id ID|new] (a team's export.zip; never overwrites)
"""

from __future__ import annotations

import getpass
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from backend import operations, replication
from backend.settings import from_environment


@click.group(help=__doc__)
def main() -> None:
    pass


@main.command(help="Start the server (with --demo or MBP_DEMO=1, seed the demo teams).")
@click.option(
    "--host", default=lambda: os.environ.get("MBP_HOST", "127.0.0.1"), show_default="127.0.0.1"
)
@click.option(
    "--port", default=lambda: int(os.environ.get("MBP_PORT", "8000")), type=int, show_default="8000"
)
@click.option("--workers", default=1, type=int, show_default=True)
@click.option(
    "--demo/--no-demo",
    default=lambda: os.environ.get("MBP_DEMO", "") == "1",
    help="Seed the demo teams and people if missing (never unless asked; or MBP_DEMO=1).",
)
def serve(host: str, port: int, workers: int, demo: bool) -> None:
    from backend.app import build_services
    from backend.db.stores import StoreUnhealthy

    if not os.environ.get("MBP_BASE_URL"):  # links in emails and pages start with it
        os.environ["MBP_BASE_URL"] = f"http://{host}:{port}"
    if problem := operations.unwritable(operations.data_dir_from_environment()):
        stop(f"mbp serve: {problem}.")
    try:
        settings = from_environment()
        services = build_services(settings)
    except StoreUnhealthy as exc:
        stop(
            f"mbp serve: {exc.label} failed its check ({exc.problem}): stop, run mbp check,"
            " and restore it from a backup (mbp restore into an empty folder)."
        )
    except (OSError, sqlite3.Error) as exc:
        stop(f"mbp serve: the data folder cannot be used ({exc}): check its permissions.")
    if demo:
        print_demo(services)
    print_setup_link(services)
    services.close()
    click.echo(f"Data folder: {settings.data_dir}")
    click.echo(f"MBP Journey is running at http://{host}:{port}/  (Ctrl+C to stop)")
    os.environ["MBP_DATA_DIR"] = str(settings.data_dir)
    replica = os.environ.get("MBP_REPLICA_URL", "")
    if replica:
        try:
            replication.check_url(replica)
            replication.binary()
        except click.ClickException as exc:
            stop(f"mbp serve: {exc.message}.")
        click.echo(f"Replicating every store to {replica} (Litestream)")
    with replication.replicating(settings.data_dir, replica):
        run_uvicorn(host, port, workers)


def run_uvicorn(host: str, port: int, workers: int) -> None:
    import uvicorn

    uvicorn.run(
        "backend.asgi:app",
        host=host,
        port=port,
        workers=workers,
        loop="uvloop",
        http="httptools",
        log_level="warning",
        access_log=False,
        # Behind a proxy, MBP_FORWARDED_ALLOW_IPS (its address) lets X-Forwarded-For name
        # the client, so sign-in guessing is slowed per real address.
        proxy_headers=bool(os.environ.get("MBP_FORWARDED_ALLOW_IPS")),
        forwarded_allow_ips=os.environ.get("MBP_FORWARDED_ALLOW_IPS") or None,
    )


@main.command("create-user", help="Create an account.")
@click.argument("email")
@click.option("--name", required=True)
@click.option(
    "--password",
    envvar="MBP_NEW_PASSWORD",
    default=None,
    help="Or set MBP_NEW_PASSWORD; asked for if not given.",
)
@click.option("--admin", is_flag=True, help="Make the account a server admin.")
def create_user(email: str, name: str, password: str | None, admin: bool) -> None:
    from backend.accounts import queries, server
    from backend.accounts.passwords import PASSWORD, hash_password
    from backend.app import build_services
    from backend.teams.service import create_user as insert
    from backend.validation import Email, Schema, Text, ValidationFailed

    services = build_services(from_environment())
    password = password or getpass.getpass("Password: ")
    try:
        clean = Schema(
            [Email("email"), Text("name", "Full name", max_length=100), PASSWORD]
        ).validate({"email": email, "name": name, "password": password})
    except ValidationFailed as failed:
        sys.exit("\n".join(failed.errors.values()))
    if queries.user_by_email(services.accounts.reader, clean["email"]):
        sys.exit(f"There is already an account for {clean['email']}")
    user = insert(services, clean["email"], clean["name"], hash_password(clean["password"]))
    if admin:
        services.accounts.write_sync(lambda c: server.make_admin(c, user.id))
    click.echo(f"Created {user.email} ({user.id}){', a server admin' if admin else ''}")


@main.command("create-team", help="Create a team owned by an existing account.")
@click.argument("name")
@click.option("--owner", required=True, help="Email of the team's first admin and lead.")
@click.option(
    "--does-not-teach",
    is_flag=True,
    help="The owner leads without teaching: not made a practitioner.",
)
def create_team(name: str, owner: str, does_not_teach: bool) -> None:
    from backend.accounts import queries
    from backend.app import build_services
    from backend.teams.service import create_team as create
    from backend.validation import ValidationFailed

    services = build_services(from_environment())
    found = queries.user_by_email(services.accounts.reader, owner)
    if found is None:
        sys.exit(f"No account for {owner}. Create it first with: mbp create-user")
    try:
        team_id = create(services, found[0], name, teaches=not does_not_teach)
    except ValidationFailed as failed:
        sys.exit("\n".join(failed.errors.values()))
    click.echo(f"Created team {name} ({team_id}) at /teams/{team_id}")


@main.command(help="Bring the schema of accounts.db and every team and network file up to date.")
def migrate() -> None:
    from backend.app import build_services

    services = build_services(from_environment())
    ids = services.teams.ids()
    for team_id in ids:
        services.teams.get(team_id)
    networks = services.networks.ids() if services.networks.teams_dir.is_dir() else []
    for network_id in networks:
        services.networks.get(network_id)
    services.close()
    click.echo(
        f"accounts.db, {len(ids)} team files and {len(networks)} network files are up to date"
    )


@main.command(help="Rebuild accounts.db's index of who is in which team from the team files.")
def reindex() -> None:
    """After restoring a team file on its own (decision 25): the network pages read a
    person's teams and roles from this index."""
    from backend.app import build_services
    from backend.db.connection import immediate
    from backend.networks.schema import rebuild_memberships

    services = build_services(from_environment())
    teams_dir = services.settings.teams_dir

    def run(conn: sqlite3.Connection) -> int:
        with immediate(conn):
            return rebuild_memberships(conn, teams_dir)

    rows = services.accounts.write_sync(run)
    services.close()
    click.echo(f"The team index has {rows} memberships, as the team files say")


@main.command(help="Seed the demo teams and people if they are missing.")
def demo() -> None:
    from backend.app import build_services

    services = build_services(from_environment())
    print_demo(services)
    services.close()


@main.command(help="Queue this week's reminder digests (once per person per week).")
@click.option("--dry-run", is_flag=True, help="Print what would be sent; queue nothing.")
def remind(dry_run: bool) -> None:
    from backend.app import build_services
    from backend.dates import uk_today
    from backend.reminders.digest import gather, queue_digests, week_of

    services = build_services(from_environment())
    today = uk_today()
    if dry_run:
        digests = gather(services, today)
        for digest in digests:
            click.echo(f"To {digest.email} ({week_of(today)}):\n{digest.text()}\n")
        click.echo(f"{len(digests)} digests would be sent")
    else:
        queued = queue_digests(services, today, again=True)
        click.echo(f"{queued} digests queued for {week_of(today)}")
    services.close()


@main.command(
    "import-team",
    help="Load a team's export.zip into the data folder (never over an existing team).",
)
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--team-id",
    default=None,
    help="The team's id here (default: the id in the export; 'new' for a new one).",
)
def import_team(export: Path, team_id: str | None) -> None:
    from backend.app import build_services
    from backend.exports.importing import ImportRefused
    from backend.exports.importing import import_team as load

    services = build_services(from_environment())
    try:
        done = load(services, export, team_id)
    except ImportRefused as refused:
        services.close()
        stop(f"mbp import-team: {refused}.")
    services.close()
    click.echo(f"Imported {done.name} as team {done.team_id}")
    if done.accounts_made:
        click.echo(
            f"Accounts made for {len(done.accounts_made)} members, with no password:"
            ' they choose one with "Forgot your password?"'
        )
    for email in done.left_out:
        click.echo(f"Not linked: {email} already has another account here; invite them again")


def stop(line: str) -> NoReturn:
    """End a command with one line on stderr that says what to fix, never a traceback."""
    click.echo(line, err=True)
    sys.exit(1)


def print_setup_link(services: Any) -> None:
    """First run (no accounts yet): a one-time link that makes the first account, an admin."""
    from backend.accounts import server

    if server.user_count(services.accounts.reader) > 0:
        return
    token = services.accounts.write_sync(server.new_setup_token)
    click.echo("This server has no accounts yet. To make the first one (a server admin), open:")
    click.echo(f"  {services.settings.base_url}/setup?token={token}")
    click.echo("The link works once.")


def print_demo(services: Any) -> None:
    from backend.demo import demo_password, ensure_demo

    people = ensure_demo(services)
    click.echo(f"Demo sign-ins (password for all: {demo_password(services)}):")
    for email, description in people:
        click.echo(f"  {email:<36} {description}")


for _command in operations.COMMANDS:  # backup, restore, check
    main.add_command(_command)
main.add_command(replication.restore_replica_command)


if __name__ == "__main__":
    main()
