"""Every HTML page of the app, and the error page of every main form, on a phone 320 px
wide: status 200 (422 for a refused form), one h1, no serious or critical axe problem,
nothing scrolling sideways.

The pages come from the app's own route table, as tests/integration/web/test_route_sweep.py
reads it: a GET route that is in neither PAGES nor NOT_PAGES fails
`test_every_get_route_is_swept`, so a page cannot ship without being checked here.
Adding a page? Add a row to PAGES saying who looks at it; if its path names something
new, teach `_ids` where to find a real one.
"""

from __future__ import annotations

import fnmatch
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from backend.adherence.routes_supervisees import KINDS as SUPERVISEE_KINDS
from backend.adherence.rules.kinds import KINDS
from backend.app import create_app
from backend.case.queries import SECTIONS as CASE_SECTIONS
from backend.settings import Settings
from e2e.support import PHONE, check_accessibility, email, no_horizontal_scroll, sign_in

NARROW = {**PHONE, "viewport": {"width": 320, "height": 640}}
ANONYMOUS = "anonymous"

NOT_PAGES = {
    "/api/*": "JSON for the offline client, sync and other programs",
    "/schema*": "Litestar's OpenAPI description and its viewer, for developers",
    "/healthz": "a plain answer for health checks",
    "/.well-known/security.txt": "RFC 9116 contact details for security researchers (text)",
    "/static/{file_path}": "CSS, JavaScript, fonts and images",
    "/sw.js": "the service worker's script",
    "/manifest.webmanifest": "the web app manifest (JSON)",
    "/patterns": "development only (MBP_PATTERNS=1): test_patterns_page_at_320px below",
    "/admin": "the server admin's page: no demo person is one; axe-checked in test_accounts_email.py",
    "/setup": "first run only (an empty data folder); axe-checked in test_accounts_email.py",
    "/reset-password": "reached from a reset email; axe-checked in test_accounts_email.py",
    "/sign-up*": "self sign-up, off in the demo (no MBP_SIGNUP_DOMAINS)",
    "/sign-in/oidc*": "redirects to the OpenID provider (off in the demo); test_single_sign_on.py",
    "*.csv": "spreadsheet downloads",
    "*.ics": "calendar files",
    "/networks/{network_id}/resources/{resource_id}/file": "a resource's file (PDF, Office, image)",
    "/teams/{team_id}/evidence/{evidence_id}": "a certificate or letter (PDF or image) attached to a record; e2e/test_evidence.py",
    "*.zip": "data exports (UK GDPR); read back in tests/integration/exports/test_exports.py",
    "*.pdf": "PDF documents; read back in tests/integration/reports/test_annual_report.py",
    "*.docx": "Word documents; read back in tests/integration/reports/test_annual_report.py",
    "/calendar/{token}": "the calendar feed a calendar app subscribes to (text/calendar)",
}

# Who looks at each page: a lead sees the most controls, so Alex (lead and admin at
# Riverside) takes the journey and team pages; Sam (a practitioner with records of every
# kind) his own practice and a member's view of the pages leads see differently; Jo (a
# supervisor) her supervisee Tom. {slug} is every kind of record the route takes.
PAGES: dict[str, tuple[str, ...]] = {
    "/": (ANONYMOUS, "alex"),
    "/about": (ANONYMOUS,),
    "/accessibility": (ANONYMOUS,),
    "/privacy": (ANONYMOUS,),
    "/cookies": (ANONYMOUS,),
    "/sign-in": (ANONYMOUS,),
    "/forgot-password": (ANONYMOUS,),
    "/offline": (ANONYMOUS,),
    "/invites/{token}": (ANONYMOUS,),
    "/profile": ("sam",),
    "/profile/delete": ("sam", "alex"),
    "/teams/{team_id}/reports/annual": ("alex",),
    "/teams/{team_id}/journey/case": ("alex", "sam"),
    "/teams/{team_id}/journey/case/print": ("alex",),
    "/teams/{team_id}/journey/case/{section}": ("alex", "sam"),
    "/teams/{team_id}/practice/portfolio": ("sam",),
    "/sync": ("sam",),
    "/teams": ("alex",),
    "/supervising": ("jo", "sam"),
    "/teams/new": ("alex",),
    "/teams/{team_id}": ("alex", "sam"),
    "/teams/{team_id}/settings": ("alex",),
    "/teams/{team_id}/audit": ("alex",),
    "/teams/{team_id}/members": ("alex", "sam"),
    "/teams/{team_id}/members/{user_id}": ("alex", "sam"),
    "/teams/{team_id}/conflicts": ("alex",),
    "/teams/{team_id}/journey": ("alex", "sam"),
    "/teams/{team_id}/journey/characteristics/{characteristic_id}": ("alex", "sam"),
    "/teams/{team_id}/journey/actions/{action_id}": ("alex", "sam"),
    "/teams/{team_id}/journey/plan": ("alex",),
    "/teams/{team_id}/journey/timeline": ("alex",),
    "/teams/{team_id}/journey/pivot-points": ("alex",),
    "/teams/{team_id}/journey/pivot-points/new": ("alex",),
    "/teams/{team_id}/journey/pivot-points/{pivot_id}": ("alex",),
    "/teams/{team_id}/journey/pivot-points/{pivot_id}/edit": ("alex",),
    "/teams/{team_id}/journey/implementers": ("alex",),
    "/teams/{team_id}/journey/implementers/new": ("alex",),
    "/teams/{team_id}/journey/implementers/{implementer_id}": ("alex",),
    "/teams/{team_id}/reviews": ("alex",),
    "/teams/{team_id}/reviews/new": ("alex",),
    "/teams/{team_id}/reviews/compare": ("alex",),
    "/teams/{team_id}/reviews/questions": ("alex", "sam"),
    "/teams/{team_id}/reviews/{review_id}": ("alex", "sam"),
    "/teams/{team_id}/reviews/{review_id}/answer": ("sam",),
    "/teams/{team_id}/practice": ("sam",),
    "/teams/{team_id}/practice/profile": ("sam",),
    "/teams/{team_id}/practice/import": ("sam",),
    "/teams/{team_id}/practice/calendar": ("sam",),
    "/teams/{team_id}/practice/{slug}": ("sam",),
    "/teams/{team_id}/practice/{slug}/new": ("sam",),
    "/teams/{team_id}/practice/{slug}/{record_id}": ("sam",),
    "/teams/{team_id}/adherence": ("jo", "alex"),
    "/teams/{team_id}/adherence/people/{user_id}": ("jo",),
    "/teams/{team_id}/adherence/people/{user_id}/verify-all": ("jo",),
    "/teams/{team_id}/adherence/people/{user_id}/records/{slug}/{record_id}": ("jo",),
    "/teams/{team_id}/adherence/people/{user_id}/records/{slug}/new": ("jo",),
    "/teams/{team_id}/adherence/summary": ("alex",),
    "/teams/{team_id}/adherence/standards": ("alex",),
    "/networks": ("alex", "sam"),
    "/networks/new": ("alex",),
    "/networks/{network_id}": ("alex", "sam", "morgan"),
    "/networks/{network_id}/overview": ("alex", "sam"),
    "/networks/{network_id}/resources/new": ("alex",),
    "/networks/{network_id}/resources/{resource_id}": ("alex", "sam"),
    "/networks/{network_id}/cases": ("alex", "sam"),
    "/networks/{network_id}/cases/{case_id}": ("sam",),
    "/networks/{network_id}/questions": ("sam",),
    "/networks/{network_id}/questions/{question_id}": ("alex",),
}

# The same pages in other states worth a look: filtered, hidden, added locally.
VARIANTS: dict[str, tuple[str, ...]] = {
    "/teams/{team_id}/journey/plan?show=overdue": ("alex",),
    "/teams/{team_id}/journey/actions/{hidden_action_id}": ("alex",),
    "/teams/{team_id}/journey/actions/{local_action_id}": ("alex",),
    "/teams/{team_id}/adherence?show=not_met": ("jo",),
    "/teams/{team_id}/reviews/compare?before={first_review_id}&after={review_id}": ("sam",),
}


def _get_routes() -> set[str]:
    """Every path the app answers GET on, parameters without their types."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp), secret_key="sweep-" + "x" * 40))
        try:
            return {
                re.sub(r"\{(\w+):[\w]+\}", r"{\1}", route.path)
                for route in app.routes
                for handler in getattr(route, "route_handlers", [])
                if "GET" in handler.http_methods
            }
        finally:
            app.state.services.close()


def _not_a_page(path: str) -> bool:
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in NOT_PAGES)


def test_every_get_route_is_swept() -> None:
    pages = {path for path in _get_routes() if not _not_a_page(path)}
    assert not pages - set(PAGES), f"pages the sweep does not visit: {sorted(pages - set(PAGES))}"
    assert not set(PAGES) - pages, f"PAGES lists routes that are gone: {set(PAGES) - pages}"


def _ids(data_dir: Path) -> dict[str, str]:
    """Real ids from the seeded demo, read from the server's own files."""
    accounts = sqlite3.connect(data_dir / "accounts.db")
    team = accounts.execute("SELECT id FROM teams WHERE name LIKE 'Riverside%'").fetchone()[0]
    users = dict(accounts.execute("SELECT email, id FROM users").fetchall())
    accounts.close()
    db = sqlite3.connect(data_dir / "teams" / f"{team}.db")

    def one(sql: str, *args: str) -> str:
        row = db.execute(sql, args).fetchone()
        assert row, sql
        return str(row[0])

    action = one("SELECT action_id FROM action_states WHERE evidence != '' ORDER BY action_id")
    ids = {
        "team_id": team,
        "user_id": users[email("tom")],
        "characteristic_id": action.split(".")[0],
        "action_id": action,
        "hidden_action_id": one("SELECT item_id FROM hidden_items WHERE item_id LIKE '%.%.%'"),
        "local_action_id": one("SELECT id FROM local_actions"),
        "pivot_id": one("SELECT id FROM pivot_points ORDER BY happened_on DESC"),
        "implementer_id": one("SELECT id FROM implementers ORDER BY name"),
        "review_id": one("SELECT id FROM reflective_reviews ORDER BY opened_on DESC"),
        "first_review_id": one("SELECT id FROM reflective_reviews ORDER BY opened_on"),
    }
    sam = users[email("sam")]
    for kind in KINDS:  # one of Sam's records of each kind, for /practice/{slug}/{record_id}
        ids[f"record_id:{kind.slug}"] = one(
            f"SELECT id FROM {kind.table} WHERE teacher_id = ? ORDER BY id", sam
        )
    ids["tom_record_id:supervision"] = one(
        "SELECT id FROM supervision_sessions WHERE teacher_id = ? ORDER BY id", users[email("tom")]
    )
    db.close()
    network = (
        sqlite3.connect(data_dir / "accounts.db").execute("SELECT id FROM networks").fetchone()
    )
    assert network, "the demo has a network"
    ids["network_id"] = str(network[0])
    resources = sqlite3.connect(data_dir / "networks" / f"{network[0]}.db")
    ids["resource_id"] = str(
        resources.execute("SELECT id FROM resources WHERE file_sha != ''").fetchone()[0]
    )
    ids["case_id"] = str(resources.execute("SELECT id FROM case_examples").fetchone()[0])
    ids["question_id"] = str(resources.execute("SELECT id FROM questions").fetchone()[0])
    resources.close()
    return ids


def _params(path: str) -> list[str]:
    return re.findall(r"\{(\w+)\}", path)


def _urls(path: str, ids: dict[str, str]) -> list[str]:
    """The path with its parameters filled; one URL per kind of record for {slug}."""
    if "/adherence/" in path and "{record_id}" in path:  # one of Tom's, as his supervisor
        return _urls(
            path.replace("{slug}", "supervision").replace(
                "{record_id}", "{tom_record_id:supervision}"
            ),
            ids,
        )
    if "{section}" in path:  # every section of the case
        return [
            url for key, _ in CASE_SECTIONS for url in _urls(path.replace("{section}", key), ids)
        ]
    if "{slug}" in path:
        slugs = SUPERVISEE_KINDS if "/adherence/" in path else [kind.slug for kind in KINDS]
        return [
            url
            for slug in slugs
            for url in _urls(
                path.replace("{slug}", slug).replace("{record_id}", "{record_id:" + slug + "}"),
                ids,
            )
        ]
    return [re.sub(r"\{([\w:-]+)\}", lambda m: ids[m.group(1)], path)]


def _problems(page: Page, check: Callable[[Page], None]) -> list[str]:
    try:
        check(page)
    except AssertionError as problem:
        return [str(problem)]
    return []


def _page_problems(page: Page, status: int | None, expected: int = 200) -> list[str]:
    """What is wrong with the page as it is now (empty if nothing)."""
    where = page.url
    problems = [] if status == expected else [f"{where}: status {status}, expected {expected}"]
    width = page.evaluate("document.documentElement.clientWidth")
    if width != NARROW["viewport"]["width"]:
        problems.append(f"{where}: laid out {width}px wide, not as a 320px phone")
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"{where}: {headings} h1 elements")
    problems += _problems(page, check_accessibility)
    problems += _problems(page, no_horizontal_scroll)
    return problems


@dataclass
class People:
    """One signed-in phone per person, opened when first needed."""

    browser: Browser
    base_url: str

    def __post_init__(self) -> None:
        self.pages: dict[str, Page] = {}

    def page(self, person: str) -> Page:
        if person not in self.pages:
            # No service worker: the sweep is about the pages the server sends, and
            # saving every page for offline use would only slow it down.
            context = self.browser.new_context(
                base_url=self.base_url, service_workers="block", **NARROW
            )
            self.pages[person] = context.new_page()
            if person != ANONYMOUS:
                sign_in(self.pages[person], person)
        return self.pages[person]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@contextmanager
def people(browser: Browser, base_url: str) -> Iterator[People]:
    everyone = People(browser, base_url)
    try:
        yield everyone
    finally:
        everyone.close()


def _make_invitation(alex: Page, team: str) -> tuple[str, list[str]]:
    """Alex invites someone; the token of the link shown once, and that page's problems."""
    alex.goto(f"/teams/{team}/members")
    alex.get_by_label("Email address").fill("casey.new@example.nhs.uk")
    alex.get_by_label("Practitioner").check()
    with alex.expect_response(lambda r: r.request.method == "POST") as posted:
        alex.get_by_role("button", name="Create invitation").click()
    expect(alex.get_by_label("Invitation link")).to_be_visible()
    link = alex.get_by_label("Invitation link").input_value()
    return link.rsplit("/", 1)[-1], _page_problems(alex, posted.value.status)


def _make_conflict(server, team: str, person: str) -> None:
    """A clash waiting for Alex, so the conflicts page shows its choices."""
    server.stop()
    accounts = sqlite3.connect(server.data_dir / "accounts.db")
    user = accounts.execute("SELECT id FROM users WHERE email = ?", [email(person)]).fetchone()[0]
    accounts.close()
    db = server.team_db(team)
    db.execute(
        "INSERT INTO conflicts (id, mutation_id, entity, entity_id, field, base_value,"
        " server_value, client_value, user_id, created_at) VALUES ('sweep-clash',"
        " 'sweep-mutation', 'team', ?, 'name', '\"Riverside\"', '\"Riverside MBCT service\"',"
        " '\"Riverside mindfulness service\"', ?, '2026-01-01T00:00:00')",
        [team, user],
    )
    db.commit()
    db.close()
    server.start()


def _visit(page: Page, url: str) -> list[str]:
    response = page.goto(url)
    return _page_problems(page, response.status if response else None)


def _new_team(alex: Page) -> str:
    """A team just made, with nothing in it yet: every page shows its empty state."""
    alex.goto("/teams/new")
    alex.get_by_label("Team name").fill("Seaview mindfulness service")
    alex.get_by_role("button", name="Create team").click()
    expect(alex.locator(".nhsuk-caption-l").first).to_have_text("Seaview mindfulness service")
    team: str = alex.evaluate("document.body.dataset.team")
    return team


# Well over a hundred pages, each with axe and the HTML checker: longer than the
# suite's 120 s per test on a busy 2-core machine.
@pytest.mark.timeout(600)
def test_every_page_at_320px(browser: Browser, server) -> None:
    ids = _ids(server.data_dir)
    _make_conflict(server, ids["team_id"], "alex")
    problems: list[str] = []
    visited = 0
    with people(browser, server.url) as phones:
        token, invitation_problems = _make_invitation(phones.page("alex"), ids["team_id"])
        problems += invitation_problems
        ids["token"] = token
        for path, who in [*PAGES.items(), *VARIANTS.items()]:
            for url in _urls(path, ids):
                for person in who:
                    problems += [f"[{person}] {p}" for p in _visit(phones.page(person), url)]
                    visited += 1

        alex = phones.page("alex")
        empty = {"team_id": _new_team(alex)}
        for path in PAGES:
            if path.startswith("/teams/{team_id}") and not set(_params(path)) - {
                "team_id",
                "slug",
                "section",
            }:
                for url in _urls(path, empty):
                    problems += [f"[alex, new team] {p}" for p in _visit(alex, url)]
                    visited += 1
    assert visited > 100
    assert not problems, f"{len(problems)} problems on {visited} pages:\n" + "\n".join(problems)


@dataclass(frozen=True)
class Form:
    """A form sent with what a person might get wrong: every text field left empty, or
    the values in `fill` (CSS selector -> value) such as a date that does not exist."""

    person: str
    path: str
    button: str
    fill: tuple[tuple[str, str], ...] = ()

    @property
    def blank(self) -> bool:
        return not self.fill


def _bad_date(name: str) -> tuple[tuple[str, str], ...]:
    return ((f"#{name}-day", "31"), (f"#{name}-month", "2"), (f"#{name}-year", "2025"))


BASE = "/teams/{team_id}"
FORMS = [
    Form("sam", BASE + "/practice/supervision/new", "Save", _bad_date("date")),
    Form("sam", BASE + "/practice/cpd/new", "Save"),
    Form("sam", BASE + "/practice/retreats/new", "Save"),
    Form("sam", BASE + "/practice/courses/new", "Save"),
    Form("sam", BASE + "/practice/profile", "Save", (("#professional_background", "x" * 501),)),
    Form("jo", BASE + "/adherence/people/{user_id}/records/supervision/new", "Save"),
    Form("alex", BASE + "/journey/pivot-points/new", "Log the pivot point"),
    Form("alex", BASE + "/journey/implementers/new", "Add the implementer"),
    Form("alex", BASE + "/journey/actions/{action_id}", "Save changes", _bad_date("evidence_date")),
    Form("alex", BASE + "/journey/characteristics/{characteristic_id}", "Add the action"),
    Form("alex", BASE + "/reviews/questions", "Add the question"),
    Form("alex", BASE + "/journey/case/need", "Save the local need", (("#population", "many"),)),
    Form(
        "alex", BASE + "/journey/case/costs", "Save the costs", (("#room_cost_per_session", "-5"),)
    ),
    Form("alex", BASE + "/reviews/new", "Open the review"),
    Form("alex", BASE + "/members", "Create invitation"),
    Form("sam", "/profile/delete", "Delete my account"),
    Form("alex", BASE + "/settings", "Save"),
    Form("alex", "/teams/new", "Create team"),
    Form(ANONYMOUS, "/sign-in", "Sign in"),
]
TEXT_FIELDS = (
    "input[type=text], input[type=email], input[type=password], input:not([type]), textarea"
)


def _send_badly(page: Page, url: str, form: Form) -> list[str]:
    """Send the form wrongly; the problems of the page that answers (empty if none)."""
    page.goto(url)
    button = page.get_by_role("button", name=form.button, exact=True)
    fields = page.locator("form", has=button)
    if form.blank:
        for field in fields.locator(TEXT_FIELDS).all():
            if field.is_visible():
                field.fill("")
    for selector, value in form.fill:
        fields.locator(selector).fill(value)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        button.click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    problems = _page_problems(page, posted.value.status, expected=422)
    if not summary.locator("li").count():
        problems.append(f"{page.url}: the error summary lists nothing")
    for selector, value in form.fill:  # what they typed is kept
        if fields.locator(selector).input_value() != value:
            problems.append(f"{page.url}: {selector} lost what was typed")
    return problems


def test_every_main_form_shows_its_errors_at_320px(browser: Browser, server) -> None:
    ids = _ids(server.data_dir)
    problems: list[str] = []
    with people(browser, server.url) as phones:
        for form in FORMS:
            url = re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], form.path)
            problems += [
                f"[{form.person}] {p}" for p in _send_badly(phones.page(form.person), url, form)
            ]

        # A review is opened (after its error above); Sam saves no answers to it.
        alex = phones.page("alex")
        alex.goto(f"/teams/{ids['team_id']}/reviews/new")
        alex.get_by_role("button", name="Open the review").click()
        expect(alex.get_by_text("The review is open")).to_be_visible()
        answer = Form("sam", "", "Save as a draft")
        problems += [
            "[sam] " + p for p in _send_badly(phones.page("sam"), alex.url + "/answer", answer)
        ]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_patterns_page_at_320px(browser: Browser, server) -> None:
    """The page of every shared part, on a development server: axe clean, nothing
    scrolling sideways, every part there to look at."""
    server.stop()
    server.start(MBP_PATTERNS="1")
    phone = browser.new_context(base_url=server.url, **NARROW)
    page = phone.new_page()
    try:
        assert _visit(page, "/patterns") == []
        expect(page.locator(".nhsuk-error-summary a")).to_have_count(5)
        expect(page.locator("svg.app-chart[role=img]")).to_have_count(1)
    finally:
        phone.close()
