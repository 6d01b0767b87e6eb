"""Good-practice adherence: what the feature contributes to the app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backend.adherence import (
    api,
    routes_adherence,
    routes_calendar,
    routes_evidence,
    routes_files,
    routes_portfolio,
    routes_records,
    routes_signoff,
    routes_supervisees,
    routes_supervising,
    schema,
)
from backend.adherence.calendar_links import SPECS as CALENDAR_SPECS
from backend.adherence.demo import seed_demo
from backend.adherence.evidence import SPECS as EVIDENCE_SPECS
from backend.adherence.for_reports import annual_sections
from backend.adherence.importing import IMPORT_SPEC
from backend.adherence.mutations import PROFILE_SPEC, VERIFY_ALL_SPEC, VERIFY_SPEC, record_specs
from backend.adherence.panels import home_panel
from backend.adherence.patterns import pattern_samples
from backend.adherence.queries import records, settings_chosen, supervisees, unverified_counts
from backend.adherence.reminders import reminders
from backend.adherence.routes_supervisees import KINDS as SUPERVISEE_KINDS
from backend.adherence.rules.kinds import KINDS
from backend.adherence.shared_counts import shared_counts
from backend.adherence.signoff_mutations import SPECS as SIGN_OFF_SPECS
from backend.adherence.team_standards import STANDARDS_SPEC
from backend.adherence.web import SUPERVISORS
from backend.features import Feature, FirstStep, HomePanel, Landing, NavItem
from backend.hooks import ADHERENCE_COUNTS, ANNUAL_REPORT_SECTIONS, PATTERN_SAMPLES, REMINDERS
from backend.web.routing import team_router

OFFLINE_SUPERVISEES = 25
"""At most this many supervisees' pages are kept on a supervisor's device."""
OFFLINE_RECORDS = 3
"""A teacher's newest records of each kind kept on their device (each record's page):
the ones most likely to be checked or corrected; each page is about 20 KB."""


def offline_paths(team: Any, user: Any) -> list[str]:
    """A teacher's own pages: their standards, each list of records and its form, and
    their calendar link (so it can be stopped without signal), and the pages of their
    newest records of each kind (to read, or change, without signal). For a supervisor, also
    their dashboard and each supervisee's page with its forms, so they can sign records
    off and add sessions without signal."""
    base = f"/teams/{team.id}/practice"
    paths = [base, f"{base}/profile", f"{base}/calendar"]
    for kind in KINDS:
        paths += [f"{base}/{kind.slug}", f"{base}/{kind.slug}/new"]
    for kind in KINDS:
        newest = records(team.store.reader, kind, user.id)[:OFFLINE_RECORDS]
        paths += [f"{base}/{kind.slug}/{record.id}" for record in newest]
    if team.roles & SUPERVISORS:
        paths.append(f"/teams/{team.id}/adherence")
        for person in supervisees(team.store.reader, user.id)[:OFFLINE_SUPERVISEES]:
            page = f"/teams/{team.id}/adherence/people/{person.user_id}"
            paths += [page, f"{page}/verify-all"]
            paths += [f"{page}/records/{slug}/new" for slug in SUPERVISEE_KINDS]
    return paths


def landing(team: Any, user_id: str) -> Landing | None:
    """A supervisor with supervisees starts on them (more so with records to sign off);
    a practitioner on their own good practice."""
    conn = team.store.reader
    if team.roles & SUPERVISORS:
        theirs = {p.user_id for p in supervisees(conn, user_id)}
        if theirs:
            waiting = unverified_counts(conn, KINDS)
            return Landing("adherence", 21 if any(waiting.get(t) for t in theirs) else 20)
    if "practitioner" in team.roles:
        return Landing("practice", 10)
    return None


def first_steps(team: Any) -> list[FirstStep]:
    chosen = settings_chosen(team.store.reader)
    return [
        FirstStep(
            20,
            "Choose your standards",
            "adherence/standards",
            chosen,
            "The good-practice standards your teachers are judged against",
        )
    ]


FEATURE = Feature(
    name="adherence",
    # Files, the calendar and the portfolio before records: /practice/import,
    # /practice/records.csv, /practice/calendar and /practice/portfolio are fixed paths.
    routes=[
        team_router(
            *routes_files.TEAM_ROUTES,
            *routes_calendar.TEAM_ROUTES,
            *routes_portfolio.TEAM_ROUTES,
            *routes_adherence.TEAM_ROUTES,
            *routes_signoff.TEAM_ROUTES,
            *routes_supervisees.TEAM_ROUTES,
            *routes_records.TEAM_ROUTES,
        ),
        *routes_calendar.ROUTES,
        *routes_supervising.ROUTES,
        *routes_evidence.ROUTES,
        *api.routes(),
    ],
    mutations=[
        *record_specs(),
        VERIFY_SPEC,
        VERIFY_ALL_SPEC,
        *SIGN_OFF_SPECS,
        PROFILE_SPEC,
        IMPORT_SPEC,
        STANDARDS_SPEC,
        *CALENDAR_SPECS,
        *EVIDENCE_SPECS,
    ],
    team_migrations=schema.migrations,
    templates=Path(__file__).parent / "templates",
    navigation=[
        NavItem("Good practice", "practice", order=10),
        NavItem("Adherence", "adherence", SUPERVISORS, order=20),
    ],
    landing=landing,
    first_steps=first_steps,
    home_panels=[HomePanel("adherence/_home_panel.html", home_panel, order=20)],
    seed_demo=seed_demo,
    stylesheets=["app/adherence.css"],
    offline_paths=offline_paths,
    provides={
        REMINDERS: reminders,
        ANNUAL_REPORT_SECTIONS: annual_sections,
        ADHERENCE_COUNTS: shared_counts,
        PATTERN_SAMPLES: pattern_samples,
    },
)
