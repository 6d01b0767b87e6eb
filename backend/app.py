"""The app factory: all wiring in one place. Nothing happens at import time."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Litestar, Request, Response, get
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.logging import LoggingConfig
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.router import Router
from litestar.static_files import create_static_files_router

from backend.accounts.schema import migrations as accounts_migrations
from backend.db.stores import Store, TeamStores
from backend.features import Feature
from backend.mutations import Registry
from backend.mutations.schema import migrations as core_migrations
from backend.services import Services
from backend.settings import Settings
from backend.web.auth import access_guard
from backend.web.errors import exception_handlers
from backend.web.form_limits import form_limits
from backend.web.openapi import TrueJsonRenderPlugin, TrueYamlRenderPlugin
from backend.web.security import security_headers
from backend.web.templating import environment


def all_features() -> list[Feature]:
    """Every feature, in the order their navigation and home panels appear."""
    from backend.accounts.feature import FEATURE as accounts
    from backend.adherence.feature import FEATURE as adherence
    from backend.admin.feature import FEATURE as admin
    from backend.case.feature import FEATURE as case
    from backend.exports.feature import FEATURE as exports
    from backend.journey.feature import FEATURE as journey
    from backend.legal.feature import FEATURE as legal
    from backend.networks.feature import FEATURE as networks
    from backend.patterns.feature import FEATURE as patterns
    from backend.reports.feature import FEATURE as reports
    from backend.sync.feature import FEATURE as sync
    from backend.teams.feature import FEATURE as teams

    return [
        teams,
        journey,
        adherence,
        networks,
        accounts,
        sync,
        admin,
        legal,
        exports,
        reports,
        case,
        patterns,
    ]


def build_services(settings: Settings, features: list[Feature] | None = None) -> Services:
    """The stores, the mutation registry and the templates, for the app or a script."""
    features = features if features is not None else all_features()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    accounts_sets = [
        accounts_migrations,
        *(f.accounts_migrations for f in features if f.accounts_migrations),
    ]
    accounts = Store(settings.accounts_path, accounts_sets, "accounts.db")
    accounts.open()
    team_sets = [core_migrations, *(f.team_migrations for f in features if f.team_migrations)]
    teams = TeamStores(settings.teams_dir, team_sets, settings.max_open_team_stores)
    registry = Registry(spec for f in features for spec in f.mutations)
    templates = environment(f.templates for f in features if f.templates)
    network_sets = [
        core_migrations,
        *(f.network_migrations for f in features if f.network_migrations),
    ]
    networks = TeamStores(
        settings.networks_dir, network_sets, settings.max_open_team_stores, kind="Network"
    )
    network_registry = Registry(spec for f in features for spec in f.network_mutations)
    return Services(
        settings, accounts, teams, registry, tuple(features), templates, networks, network_registry
    )


@get("/healthz", opt={"access": "public"}, include_in_schema=False)
async def healthz(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    """200 {"status": "ok"}, or 503 naming each file that failed its check (quick_check
    when this process first opened it): {"status": "unhealthy", "stores": [...]}."""
    services: Services = request.app.state.services
    bad = [
        {"store": "accounts.db", "problem": services.accounts.problem}
        for _ in [0]
        if services.accounts.problem is not None
    ]
    bad += [
        {"store": f"teams/{team_id}.db", "team": team_id, "problem": problem}
        for team_id, problem in sorted(services.teams.unhealthy.items())
    ]
    if bad:
        return Response({"status": "unhealthy", "stores": bad}, status_code=503)
    return Response({"status": "ok"}, status_code=200)


@get(
    "/manifest.webmanifest",
    opt={"access": "public"},
    include_in_schema=False,
    media_type="application/manifest+json",
)
async def manifest() -> Response[Any]:
    return Response(
        content={
            "name": "MBP Journey",
            "short_name": "MBP Journey",
            "description": "Implementation journeys and good practice for NHS mindfulness services",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#f0f4f5",
            "theme_color": "#005eb8",
            "icons": [
                {
                    "src": "/static/vendor/nhsuk-frontend/assets/images/nhsuk-icon-192.png",
                    "sizes": "192x192",
                    "type": "image/png",
                    "purpose": "any",
                },
                {
                    "src": "/static/vendor/nhsuk-frontend/assets/images/nhsuk-icon-512.png",
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "any",
                },
            ],
        },
        media_type="application/manifest+json",
    )


def create_app(settings: Settings, services: Services | None = None) -> Litestar:
    services = services or build_services(settings)
    routes = [route for feature in services.features for route in feature.routes]
    static = create_static_files_router(
        path="/static",
        directories=[settings.static_dir],
        opt={"access": "public", "exclude_from_csrf": True},
        include_in_schema=False,
        send_as_attachment=False,
    )

    def close_stores(_: Litestar) -> None:
        services.close()

    app = Litestar(
        route_handlers=[*routes, static, healthz, manifest],
        guards=[access_guard],
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name="mbp_csrf",
            cookie_secure=settings.secure_cookies,
            cookie_samesite="lax",
            header_name="x-csrf-token",
            exclude_from_csrf_key="exclude_from_csrf",
        ),
        middleware=[DefineMiddleware(form_limits)],
        before_send=[security_headers(settings.secure_cookies)],
        exception_handlers=exception_handlers(),
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=1000, gzip_compress_level=5
        ),
        openapi_config=OpenAPIConfig(
            title="MBP Journey API",
            version="1",
            path="/schema",
            render_plugins=[TrueJsonRenderPlugin(), TrueYamlRenderPlugin()],
            openapi_router=Router(path="/schema", route_handlers=[], opt={"access": "public"}),
        ),
        logging_config=LoggingConfig(
            root={"level": "INFO", "handlers": ["queue_listener"]},
            log_exceptions="never",
        ),
        request_max_body_size=settings.max_body_bytes,
        on_shutdown=[close_stores],
        debug=False,
    )
    app.state.services = services
    if settings.send_mail:  # the served app; scripts and most tests send nothing
        from backend.mail.sender import Sender

        sender = Sender(services)
        app.on_startup.append(sender.start)
        app.on_shutdown.insert(0, sender.stop)
    logging.getLogger("mbp").setLevel(logging.INFO)
    return app
