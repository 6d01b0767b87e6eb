"""The long-lived objects a request needs, built once by the app factory."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from backend.db.stores import Store, TeamStores
from backend.features import Feature
from backend.mutations import Registry
from backend.settings import Settings


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    accounts: Store
    teams: TeamStores
    registry: Registry
    features: tuple[Feature, ...]
    templates: jinja2.Environment
    networks: TeamStores
    """One file per network (data/networks/<id>.db), with the same core tables as a team."""
    network_registry: Registry
    """The mutations a network store accepts (its own set: a team's never apply there)."""

    def close(self) -> None:
        self.networks.close()
        self.teams.close()
        self.accounts.close()
