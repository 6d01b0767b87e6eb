"""`mbp`: run the server and look after its data.

mbp serve [--host H] [--port P] [--workers N] [--no-demo]
mbp create-user EMAIL --name NAME            (asks for a password)
mbp create-team NAME --owner EMAIL
mbp migrate                                  (bring every file's schema up to date)
mbp demo                                     (seed the demo teams if missing)
mbp backup DEST | restore SRC | check        (backend/operations.py)
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import Any

import click

from backend import operations
from backend.settings import from_environment


@click.group(help=__doc__)
def main() -> None:
    pass


@main.command(help="Start the server (seeding the demo teams on first start).")
@click.option(
    "--host", default=lambda: os.environ.get("MBP_HOST", "127.0.0.1"), show_default="127.0.0.1"
)
@click.option(
    "--port", default=lambda: int(os.environ.get("MBP_PORT", "8000")), type=int, show_default="8000"
)
@click.option("--workers", default=1, type=int, show_default=True)
@click.option("--demo/--no-demo", default=True, help="Seed demo teams on first start.")
def serve(host: str, port: int, workers: int, demo: bool) -> None:
    import uvicorn

    from backend.app import build_services

    settings = from_environment()
    services = build_services(settings)
    if demo:
        print_demo(services)
    services.close()
    click.echo(f"Data folder: {settings.data_dir}")
    click.echo(f"MBP Journey is running at http://{host}:{port}/  (Ctrl+C to stop)")
    os.environ["MBP_DATA_DIR"] = str(settings.data_dir)
    uvicorn.run(
        "backend.asgi:app",
        host=host,
        port=port,
        workers=workers,
        loop="uvloop",
        http="httptools",
        log_level="warning",
        access_log=False,
        proxy_headers=False,
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
def create_user(email: str, name: str, password: str | None) -> None:
    from backend.accounts import queries
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
    click.echo(f"Created {user.email} ({user.id})")


@main.command("create-team", help="Create a team owned by an existing account.")
@click.argument("name")
@click.option("--owner", required=True, help="Email of the team's first admin and lead.")
def create_team(name: str, owner: str) -> None:
    from backend.accounts import queries
    from backend.app import build_services
    from backend.teams.service import create_team as create
    from backend.validation import ValidationFailed

    services = build_services(from_environment())
    found = queries.user_by_email(services.accounts.reader, owner)
    if found is None:
        sys.exit(f"No account for {owner}. Create it first with: mbp create-user")
    try:
        team_id = create(services, found[0], name)
    except ValidationFailed as failed:
        sys.exit("\n".join(failed.errors.values()))
    click.echo(f"Created team {name} ({team_id}) at /teams/{team_id}")


@main.command(help="Bring the schema of accounts.db and every team file up to date.")
def migrate() -> None:
    from backend.app import build_services

    services = build_services(from_environment())
    ids = services.teams.ids()
    for team_id in ids:
        services.teams.get(team_id)
    services.close()
    click.echo(f"accounts.db and {len(ids)} team files are up to date")


@main.command(help="Seed the demo teams and people if they are missing.")
def demo() -> None:
    from backend.app import build_services

    services = build_services(from_environment())
    print_demo(services)
    services.close()


def print_demo(services: Any) -> None:
    from backend.demo import demo_password, ensure_demo

    people = ensure_demo(services)
    click.echo(f"Demo sign-ins (password for all: {demo_password(services)}):")
    for email, description in people:
        click.echo(f"  {email:<36} {description}")


for _command in operations.COMMANDS:  # backup, restore, check
    main.add_command(_command)


if __name__ == "__main__":
    main()
