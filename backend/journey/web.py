"""Helpers the journey's route modules share: access options, the snapshot, page context."""

from __future__ import annotations

import json
import uuid
import weakref
from collections.abc import Callable
from datetime import date
from typing import Any

import jinja2
from litestar import Request, Response
from litestar.exceptions import NotFoundException
from markupsafe import Markup

from backend.journey.rules import labels
from backend.journey.rules.charts import CELL_BANDS, EFFECT_MARKS, STAGE_BANDS
from backend.journey.rules.logic import ESTABLISHED_PERCENT, UNDER_WAY_PERCENT
from backend.journey.view import Snapshot, team_snapshot
from backend.teams.roles import LEADS
from backend.web.auth import services_of, team_of
from backend.web.forms import FormState
from backend.web.mutate import request_reads
from backend.web.render import page, render_string

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
    """The team's snapshot, the same one for the whole request (until it writes): a form's
    values, its base version and the fields kept for that version must all come from one
    version, or values read before a colleague's change would be kept as the new
    version's and saving them would silently undo that change."""
    reads = request_reads(request)
    found: Snapshot | None = reads.get("journey.snapshot")
    if found is None:
        found = reads["journey.snapshot"] = team_snapshot(
            team_of(request).store, services_of(request)
        )
    return found


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
        "component": static_component(services_of(request).templates),
    }


# NHS.UK components whose output depends only on their parameters, rendered once for
# each set: only ever called with parameters that hold nothing personal and no token.
STATIC_COMPONENTS = {
    "back_link": ("nhsuk/components/back-link/macro.jinja", "backLink"),
    "button": ("nhsuk/components/button/macro.jinja", "button"),
    "tag": ("nhsuk/components/tag/macro.jinja", "tag"),
}
MAX_COMPONENTS = 1024
_COMPONENTS: weakref.WeakKeyDictionary[jinja2.Environment, dict[str, Markup]] = (
    weakref.WeakKeyDictionary()
)


def static_component(env: jinja2.Environment) -> Callable[[str, dict[str, Any]], Markup]:
    """component(name, params) for templates: a back link, a button or a tag, rendered
    once per place and wording (per template environment, at most MAX_COMPONENTS kept).
    A back link's macro alone costs about as much as the rest of a cached page."""
    kept = _COMPONENTS.setdefault(env, {})

    def component(name: str, params: dict[str, Any]) -> Markup:
        key = f"{name}:{json.dumps(params, sort_keys=True)}"
        found = kept.get(key)
        if found is None:
            if len(kept) >= MAX_COMPONENTS:
                kept.clear()
            path, macro = STATIC_COMPONENTS[name]
            html = getattr(env.get_template(path).module, macro)(params)
            found = kept[key] = Markup(html)  # noqa: S704 (the NHS.UK macro's own output)
        return found

    return component


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
    key = f"{template}:{is_lead(request)}:{variant}"

    def render() -> str:
        extra = build() if build is not None else {}
        shared = common(request)
        return render_string(request, template, {**shared, "snap": snap, **context, **extra})

    return snap.fragment(key, render)


def form_fields(
    request: Request[Any, Any, Any],
    snap: Snapshot,
    template: str,
    form: FormState,
    *,
    posted: bool,
    variant: str = "",
    **context: Any,
) -> Markup:
    """The visible fields of a form without its hidden ones: the NHS.UK macros, the costly
    part of a page. A form as the server fills it (empty, or from the snapshot) is rendered
    once per team version and `variant`, which must name what its values depend on; a
    `posted` form, holding what someone typed, is rendered afresh and never kept.
    `template` must hold no CSRF token, mutation id, base version or draft: the page
    renders its hidden fields on every request. A form whose base version is not the
    snapshot's is rendered afresh too: its values are not the snapshot's to keep."""
    shown_as_of = str(form.values.get("base_version", snap.version))
    if posted or shown_as_of != str(snap.version):
        return live_fragment(request, snap, template, form=form, **context)
    return cached_fragment(request, snap, template, variant=variant, form=form, **context)


def live_fragment(
    request: Request[Any, Any, Any], snap: Snapshot, template: str, **context: Any
) -> Markup:
    """A fragment rendered for this request only: it holds someone's own input or drafts."""
    html = render_string(request, template, {**common(request), "snap": snap, **context})
    return Markup(html)  # noqa: S704 (our own template)


def posted_form(
    request: Request[Any, Any, Any], mutation: str, data: dict[str, Any], outcome: Any
) -> FormState:
    """A form shown again with what was posted and the messages. With the mutation's
    schema, the error summary links a date's message to its day field, so following the
    link puts focus in the field."""
    spec = services_of(request).registry.get(mutation)
    schema = spec.schema if spec is not None else None
    return FormState(values=data, errors=dict(outcome.errors), schema=schema)


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
