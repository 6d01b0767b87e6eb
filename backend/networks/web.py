"""Plumbing the network pages share: the network a route is about, and posting a form
as a network mutation on the one path (apply_mutation on the network's file)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request

from backend.mutations import Actor, Mutation, Outcome, apply_mutation
from backend.networks.access import NetworkAccess
from backend.web.auth import device_of, services_of, user_of
from backend.web.forms import posted_mutation_id
from backend.web.mutate import FORM_ONLY, base_version_of, web_client_id

NETWORK = {"access": "network"}
NETWORK_LEADS = {"access": "network", "roles": frozenset({"network_lead"})}
PUBLISHERS = {"access": "network", "roles": frozenset({"team_lead"})}
MODERATORS = {"access": "network", "roles": frozenset({"team_lead", "network_lead"})}
SIGNED_IN = {"access": "signed_in"}


def network_of(request: Request[Any, Any, Any]) -> NetworkAccess:
    network: NetworkAccess = request.state.network
    return network


async def submit_network(
    request: Request[Any, Any, Any],
    network_id: str,
    roles: frozenset[str],
    name: str,
    data: Mapping[str, Any],
) -> Outcome:
    services = services_of(request)
    user = user_of(request)
    mutation = Mutation(
        id=posted_mutation_id(data),
        name=name,
        args={k: v for k, v in data.items() if k not in FORM_ONLY},
        client_id=web_client_id(request),
        base_version=base_version_of(data),
    )
    actor = Actor(user.id, user.name, roles, device_of(request))
    store = services.networks.get(network_id)
    return await store.write(
        lambda conn: apply_mutation(
            conn,
            services.network_registry,
            actor,
            mutation,
            services=services,
            record_rejection=False,
        )
    )
