"""What a feature contributes: routes, mutations, migrations, templates and hooks.

A feature owns one folder under backend/: its routes, mutations, team-store
migrations, templates, home-page panels, demo data and the pages that belong to
a person's offline set. `backend/app.py:all_features()` lists the features;
a feature never reaches into another feature's SQL or imports its modules: what one
asks of another goes through a hook (`backend/hooks.py`, `Feature.provides`).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backend.hooks import Hook

if TYPE_CHECKING:
    from sqlite_utils.migrations import Migrations

    from backend.mutations import MutationSpec


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    path: str
    """Path under the team, e.g. "members" for /teams/{id}/members; "" for the home page."""
    roles: frozenset[str] | None = None
    order: int = 50
    """Lower comes first: on a phone the first items show and the rest go under "More"."""


@dataclass(frozen=True, slots=True)
class Landing:
    """Where a person could start in one team, and how much they have to do there.

    `path` is under the team ("" for the team home); the highest `weight` over every team
    and feature wins, the team used last breaking ties."""

    path: str
    weight: int


@dataclass(frozen=True, slots=True)
class FirstStep:
    """One item of a new team's "Get started" checklist on the team home."""

    order: int
    text: str
    path: str
    """Under the team, e.g. "members"."""
    done: bool
    hint: str = ""


@dataclass(frozen=True, slots=True)
class HomePanel:
    """A panel on the team home page: a template and a function that fills it.

    The function takes (request, team, user) and runs on the event loop: a plain
    function for quick reads, or a coroutine function when the panel may need slow work
    (it awaits a worker thread for that, as the good-practice panel does).
    """

    template: str
    context: Callable[..., dict[str, Any] | Awaitable[dict[str, Any]]]
    order: int = 50

    async def fill(self, request: Any, team: Any, user: Any) -> dict[str, Any]:
        """The panel's template context."""
        made = self.context(request, team, user)
        if inspect.isawaitable(made):
            awaited: dict[str, Any] = await made
            return awaited
        return made


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    routes: Sequence[Any] = ()
    mutations: Sequence[MutationSpec] = ()
    team_migrations: Migrations | None = None
    templates: Path | None = None
    navigation: Sequence[NavItem] = ()
    home_panels: Sequence[HomePanel] = ()
    seed_demo: Callable[..., None] | None = None
    offline_paths: Callable[..., list[str]] | None = None
    stylesheets: Sequence[str] = ()
    """Files under frontend/ every page links (and the service worker keeps offline)."""
    first_steps: Callable[..., list[FirstStep]] | None = None
    """(team access) -> this feature's items of the "Get started" checklist."""
    landing: Callable[..., Landing | None] | None = None
    """(team access, user id) -> where this person could start in this team, if here."""
    network_migrations: Migrations | None = None
    """Tables this feature keeps in each network file (beside the core ones)."""
    network_mutations: Sequence[MutationSpec] = ()
    accounts_migrations: Migrations | None = None
    """Tables (indexes) this feature keeps in accounts.db, in its own migration set."""
    provides: Mapping[Hook[Any], Any] = field(default_factory=dict)
    """This feature's answers to the questions other features ask (`backend/hooks.py`)."""
