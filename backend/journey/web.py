"""Helpers the journey's route modules share: access options, the snapshot, page context."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from litestar import Request, Response
from litestar.exceptions import NotFoundException
from markupsafe import Markup

from backend.journey import labels
from backend.journey.charts import CELL_BANDS, EFFECT_MARKS, STAGE_BANDS
from backend.journey.logic import ESTABLISHED_PERCENT, UNDER_WAY_PERCENT
from backend.journey.view import Snapshot, team_snapshot
from backend.web.auth import LEADS, services_of, team_of
from backend.web.render import page, render_string

MEMBER = {"access": "team"}
LEAD = {"access": "team", "roles": LEADS}
LABELS = {
    "status": labels.STATUS_LABELS,
    "status_colour": labels.STATUS_COLOURS,
    "stage": labels.STAGE_LABELS,
    "kind": labels.KIND_LABELS,
    "effect": labels.EFFECT_LABELS,
    "effect_short": labels.EFFECT_SHORT,
    "effect_colour": labels.EFFECT_COLOURS,
    "rating": labels.RATING_LABELS,
    "cell_bands": CELL_BANDS,
    "stage_bands": STAGE_BANDS,
    "effect_marks": EFFECT_MARKS,
    "stage_options": labels.STAGE_OPTIONS,
    "status_options": labels.STATUS_OPTIONS,
    "kind_options": labels.KIND_OPTIONS,
    "effect_options": labels.EFFECT_OPTIONS,
    "seniority_options": labels.SENIORITY_OPTIONS,
    "rating_options": labels.RATING_OPTIONS,
    "established": ESTABLISHED_PERCENT,
    "under_way": UNDER_WAY_PERCENT,
}


def new_mutation_id() -> str:
    """A fresh id for a small form on a page with several (each submit applies once)."""
    return str(uuid.uuid4())


def snapshot_of(request: Request[Any, Any, Any]) -> Snapshot:
    return team_snapshot(team_of(request).store, services_of(request))


def is_lead(request: Request[Any, Any, Any]) -> bool:
    return team_of(request).has(*LEADS)


def common(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """What every journey template uses (pages and the fragments cached for everyone)."""
    return {
        "labels": LABELS,
        "signed": labels.signed,
        "new_mutation_id": new_mutation_id,
        "is_lead": is_lead(request),
        "base": f"/teams/{team_of(request).id}",
        "short_day": short_day,
    }


def journey_page(
    request: Request[Any, Any, Any],
    template: str,
    *,
    status: int = 200,
    fragment: str | None = None,
    **context: Any,
) -> Response[str]:
    """page() with what every journey template uses."""
    return page(request, template, status=status, fragment=fragment, **common(request), **context)


def cached_fragment(
    request: Request[Any, Any, Any],
    snap: Snapshot,
    template: str,
    *,
    variant: str = "",
    build: Callable[[], dict[str, Any]] | None = None,
    **context: Any,
) -> Markup:
    """A fragment that is the same for everyone with the same access, rendered once per
    team version (and `variant`, which must name everything else the context depends
    on). It must hold nothing personal: no form (CSRF token), no drafts."""
    shared = common(request)
    key = f"{template}:{shared['is_lead']}:{variant}"

    def render() -> str:
        extra = build() if build is not None else {}
        return render_string(request, template, {**shared, "snap": snap, **context, **extra})

    return snap.fragment(key, render)


def date_values(name: str, value: date | None) -> dict[str, str]:
    """A stored date as the NHS date input's -day, -month and -year fields."""
    if value is None:
        return {}
    return {
        f"{name}-day": str(value.day),
        f"{name}-month": str(value.month),
        f"{name}-year": str(value.year),
    }


def not_found() -> NotFoundException:
    return NotFoundException()


def short_day(value: date) -> str:
    """14 Dec 2025: for tables on small screens."""
    return f"{value.day} {value:%b %Y}"
