"""A network for tests: led by Morgan (lead of Hillside, which is not in it), with
Riverside (Alex leads, Sam practises) as its one member team."""

from __future__ import annotations

from backend.accounts import queries as accounts
from backend.demo import email_of
from backend.mutations import Actor
from backend.networks.service import apply_network, create_network
from backend.services import Services


def actor(services: Services, person: str, roles: frozenset[str] = frozenset()) -> Actor:
    found = accounts.user_by_email(services.accounts.reader, email_of(person))
    assert found is not None
    return Actor(found[0].id, found[0].name, roles, "test")


def network_with_riverside(services: Services, riverside: str) -> str:
    lead = actor(services, "morgan")
    network_id = create_network(services, lead, "Sweep network")
    apply_network(
        services,
        network_id,
        actor(services, "morgan", frozenset({"network_lead"})),
        "network.invite",
        {"team_id": riverside},
    )
    apply_network(
        services, network_id, actor(services, "alex"), "network.accept", {"team_id": riverside}
    )
    return network_id
