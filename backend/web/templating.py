"""The Jinja environment: our feature templates first, then the NHS.UK macros."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup

from backend.teams.roles import ROLE_LABELS, ROLES
from backend.words import plural, quantity

UK = ZoneInfo("Europe/London")
WEB_TEMPLATES = Path(__file__).parent / "templates"


def when(value: str | datetime | None) -> str:
    """An instant as people in the UK read it: 3 March 2026 at 2:15pm."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return str(value)[:40]
    if moment.tzinfo is None:
        return f"{moment.day} {moment:%B %Y}"
    local = moment.astimezone(UK)
    hour = local.hour % 12 or 12
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def day(value: str | None) -> str:
    """A date as people in the UK read it: 3 March 2026."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value[:10])
    except ValueError:
        return str(value)[:40]
    return f"{moment.day} {moment:%B %Y}"


def roles(value: Iterable[str]) -> str:
    chosen = set(value)
    return ", ".join(ROLE_LABELS[r] for r in ROLES if r in chosen)


def device(user_agent: str) -> str:
    """A short description of a browser from its user agent."""
    ua = user_agent or ""
    named = {"": "Unknown device", "server": "Server", "demo": "Demo data", "bench": "Benchmark"}
    if ua in named or "Mozilla" not in ua:
        return named.get(ua, ua[:40])
    system = next(
        (
            name
            for key, name in (
                ("iPhone", "iPhone"),
                ("iPad", "iPad"),
                ("Android", "Android"),
                ("Windows", "Windows"),
                ("Mac OS", "Mac"),
                ("Linux", "Linux"),
            )
            if key in ua
        ),
        "another system",
    )
    browser = next(
        (
            name
            for key, name in (
                ("Edg/", "Edge"),
                ("Firefox", "Firefox"),
                ("Chrome", "Chrome"),
                ("Safari", "Safari"),
            )
            if key in ua
        ),
        "a browser",
    )
    return f"{browser} on {system}"


CACHED_COMPONENTS = {
    "skip-link": ("nhsuk/components/skip-link/macro.jinja", "skipLink"),
    "header": ("nhsuk/components/header/macro.jinja", "header"),
    "footer": ("nhsuk/components/footer/macro.jinja", "footer"),
    "notification-banner": (
        "nhsuk/components/notification-banner/macro.jinja",
        "notificationBanner",
    ),
}


def component_cache(env: jinja2.Environment) -> Any:
    """Render an NHS.UK component macro, remembering the HTML for the same parameters.

    The header and footer are the costliest parts of every page and repeat
    exactly for the same person, team and page, so they are rendered once.
    """

    @lru_cache(maxsize=1024)
    def render(name: str, key: str) -> Markup:
        path, macro = CACHED_COMPONENTS[name]
        module = env.get_template(path).module
        return Markup(getattr(module, macro)(json.loads(key)))  # noqa: S704 (macro output)

    def cached(name: str, params: dict[str, Any]) -> Markup:
        return render(name, json.dumps(params, sort_keys=True, default=str))

    return cached


def environment(template_dirs: Iterable[Path]) -> jinja2.Environment:
    """The environment for these template folders, made once per process.

    It holds nothing but compiled templates and pure filters, so every app in a
    process (the tests make hundreds) shares one and compiles each template once.
    """
    return _environment(tuple(template_dirs))


@lru_cache(maxsize=8)
def _environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([WEB_TEMPLATES, *template_dirs]),
            jinja2.PackageLoader("nhsuk_frontend_jinja"),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        undefined=jinja2.ChainableUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        # Every template kept, in a plain dict: they are a fixed set, and Jinja's LRU costs
        # about 9 us a lookup (a deque scan), some 60 lookups (imports, includes) a page.
        cache_size=-1,
    )
    filters: dict[str, Any] = {
        "when": when,
        "day": day,
        "roles": roles,
        "device": device,
        # One pluralising helper (backend/words.py): "1 hour a week", "1 pivot point".
        "quantity": quantity,
        "plural": plural,
    }
    env.filters.update(filters)
    env.globals["cached_component"] = component_cache(env)
    return env
