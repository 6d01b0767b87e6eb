"""The demo: two teams of realistic people, seeded through the mutation path.

Each feature adds its own demo records through Feature.seed_demo(demo). The
demo password is MBP_DEMO_PASSWORD if set, else a random one kept in the data
folder, so a demo never ships with a password known from the source code.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from backend.accounts import queries as accounts
from backend.accounts.passwords import hash_password
from backend.db.stores import Store
from backend.mutations import Actor, Outcome
from backend.services import Services
from backend.teams.service import actor_for, apply, create_team, create_user

DEMO_DOMAIN = "example.nhs.uk"
PEOPLE = {
    "alex": ("Alex Morgan", "Service lead at Riverside; supervisor at Hillside"),
    "sam": ("Sam Patel", "Practitioner at Riverside"),
    "jo": ("Jo Clarke", "Supervisor in both teams"),
    "priya": ("Priya Shah", "Practitioner at Riverside"),
    "tom": ("Tom Evans", "Practitioner at Riverside, newly trained"),
    "morgan": ("Morgan Lee", "Service lead at Hillside"),
    "chris": ("Chris Wong", "Practitioner at Hillside"),
}
TEAMS = {
    "riverside": (
        "Riverside MBCT service",
        "alex",
        {
            "sam": ["practitioner"],
            "jo": ["supervisor", "practitioner"],
            "priya": ["practitioner"],
            "tom": ["practitioner"],
        },
    ),
    "hillside": (
        "Hillside MBSR service",
        "morgan",
        {
            "alex": ["supervisor"],
            "jo": ["supervisor", "practitioner"],
            "chris": ["practitioner"],
        },
    ),
}


def email_of(key: str) -> str:
    first, last = PEOPLE[key][0].lower().split()
    return f"{first}.{last}@{DEMO_DOMAIN}"


@dataclass
class Demo:
    """What a feature's demo seeder gets: the teams, the people, and a way to act as them."""

    services: Services
    teams: dict[str, str] = field(default_factory=dict)
    people: dict[str, accounts.User] = field(default_factory=dict)

    def store(self, team: str) -> Store:
        return self.services.teams.get(self.teams[team])

    def actor(self, team: str, person: str) -> Actor:
        return actor_for(self.store(team), self.people[person], "demo")

    def apply(self, team: str, person: str, name: str, args: Mapping[str, Any]) -> Outcome:
        return apply(
            self.services, self.store(team), self.actor(team, person), name, args, client_id="demo"
        )


def demo_password(services: Services) -> str:
    from_env = os.environ.get("MBP_DEMO_PASSWORD")
    if from_env:
        return from_env
    path = services.settings.data_dir / "demo-password.txt"
    if not path.exists():
        words = ["calm", "river", "breath", "cedar", "harbour", "meadow", "lantern", "pebble"]
        path.write_text(
            "-".join(secrets.choice(words) for _ in range(3)) + f"-{secrets.randbelow(90) + 10}"
        )
        path.chmod(0o600)
    return path.read_text().strip()


def sign_ins() -> list[tuple[str, str]]:
    return [(email_of(k), description) for k, (_, description) in PEOPLE.items()]


def ensure_demo(services: Services) -> list[tuple[str, str]]:
    """Seed the demo if it is missing; return the demo sign-ins (email, who)."""
    if accounts.user_by_email(services.accounts.reader, email_of("alex")) is None:
        seed(services)
    return sign_ins()


def seed(services: Services) -> Demo:
    password_hash = hash_password(demo_password(services))
    demo = Demo(services)
    for key, (name, _) in PEOPLE.items():
        demo.people[key] = create_user(services, email_of(key), name, password_hash)
    for team_key, (team_name, lead, members) in TEAMS.items():
        demo.teams[team_key] = create_team(services, demo.people[lead], team_name, "demo")
        for person, roles in members.items():
            _invite_and_join(demo, team_key, lead, person, roles)
    apply(
        services,
        demo.store("riverside"),
        demo.actor("riverside", "alex"),
        "member.invite",
        {
            "email": f"new.teacher@{DEMO_DOMAIN}",
            "roles": ["practitioner"],
            "token_hash": accounts.token_hash(accounts.new_token()),
        },
        client_id="demo",
    )
    for feature in services.features:
        if feature.seed_demo is not None:
            feature.seed_demo(demo)
    return demo


def _invite_and_join(demo: Demo, team: str, lead: str, person: str, roles: list[str]) -> None:
    token = accounts.new_token()
    invited = demo.apply(
        team,
        lead,
        "member.invite",
        {
            "email": email_of(person),
            "roles": roles,
            "token_hash": accounts.token_hash(token),
        },
    )
    joiner = Actor(demo.people[person].id, demo.people[person].name, frozenset(), "demo")
    apply(
        demo.services,
        demo.store(team),
        joiner,
        "member.join",
        {"invite_id": invited.result["invite_id"], "token": token},
        client_id="demo",
    )
