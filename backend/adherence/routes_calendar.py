"""A teacher's due dates in their calendar: a one-off .ics download (signed in), and a
secret subscription link that a calendar app fetches without signing in.

The subscription feed `/calendar/<token>.ics` is public and answers only for a live
token: the accounts index names the team file, the team file must agree that the hash
is that person's live link, and the person must still be a member. Anything else is
404, the same answer as a token that never existed. See calendar_links.py.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar import Request, Response, get, head, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from backend.accounts import public as accounts
from backend.adherence import calendar_feed, queries
from backend.adherence.calendar_links import NEW_LINK, SHOWN_AS, STOP_LINK, TOKEN
from backend.adherence.evaluations import evaluate_teacher
from backend.adherence.queries import Person
from backend.adherence.rules.results import Evaluation, Status
from backend.adherence.web import adherence_page, base_of, me
from backend.dates import uk_today
from backend.db.stores import UnknownTeam
from backend.web.auth import services_of, team_of
from backend.web.forms import FormState, read_form
from backend.web.mutate import submit
from backend.web.render import redirect

FEED = {"access": "public", "exclude_from_csrf": True}
"""The subscription feed: no session, and no CSRF cookie either (a calendar app keeps
no cookies, and the feed takes no form)."""
REFRESH_HOURS = 12


def due_events(
    team_id: str, person: Person, evaluation: Evaluation, base: str
) -> list[calendar_feed.Event]:
    events = []
    for check in evaluation.checks:
        if check.next_due is None or check.status is Status.NOT_APPLICABLE:
            continue
        overdue = check.status is Status.NOT_MET
        events.append(
            calendar_feed.Event(
                uid=f"{check.rule_id}.{person.user_id}.{team_id}@mbp-journey",
                day=check.next_due,
                summary=f"{'Overdue' if overdue else 'Due'}: {check.title}",
                description=f"{check.reason}\n{base}/practice",
            )
        )
    return events


def _origin(request: Request[Any, Any, Any]) -> str:
    """MBP_BASE_URL: links shown or put in a calendar never come from the Host header."""
    return services_of(request).settings.base_url


def _ics(
    request: Request[Any, Any, Any],
    team_id: str,
    team_name: str,
    person: Person,
    evaluation: Evaluation,
    *,
    disposition: str,
    refresh_hours: int = 0,
) -> Response[str]:
    base = f"{_origin(request)}/teams/{team_id}"
    text = calendar_feed.calendar(
        f"Good practice: {team_name}",
        due_events(team_id, person, evaluation, base),
        refresh_hours=refresh_hours,
    )
    return Response(
        content=text,
        media_type="text/calendar",  # Litestar adds "; charset=utf-8"
        headers={
            "Content-Disposition": f'{disposition}; filename="good-practice.ics"',
            "Cache-Control": "private, no-store",
            "X-Robots-Tag": "noindex, nofollow",
        },
    )


@get("/practice/calendar.ics")
async def my_calendar(request: Request[Any, Any, Any]) -> Response[str]:
    team = team_of(request)
    person = me(request)
    evaluation = evaluate_teacher(team.store.reader, person, uk_today())
    return _ics(request, team.id, team.name, person, evaluation, disposition="attachment")


def _subscribed(request: Request[Any, Any, Any], token: str) -> Response[str]:
    raw = token.removesuffix(".ics")
    if raw == token or not TOKEN.fullmatch(raw):
        raise NotFoundException()
    services = services_of(request)
    found = accounts.calendar_token(services.accounts.reader, raw)
    if found is None:
        raise NotFoundException()
    team_id, user_id = found
    try:
        store = services.teams.get(team_id)
    except UnknownTeam:
        raise NotFoundException() from None
    conn = store.reader
    person = queries.person(conn, user_id)
    if person is None or not queries.calendar_link_is_live(conn, user_id, accounts.token_hash(raw)):
        raise NotFoundException()
    team_name = str(conn.execute("SELECT name FROM team").fetchone()["name"])
    evaluation = evaluate_teacher(conn, person, uk_today(), str(store.path))
    return _ics(
        request,
        team_id,
        team_name,
        person,
        evaluation,
        disposition="inline",
        refresh_hours=REFRESH_HOURS,
    )


@get("/calendar/{token:str}", opt=FEED, include_in_schema=False)
async def subscribed_calendar(
    request: Request[Any, Any, Any], token: FromPath[str]
) -> Response[str]:
    """The feed a calendar app subscribes to: /calendar/<token>.ics, no cookie needed."""
    return _subscribed(request, token)


@head("/calendar/{token:str}", opt=FEED, include_in_schema=False)
async def subscribed_calendar_head(
    request: Request[Any, Any, Any], token: FromPath[str]
) -> Response[None]:
    """What a calendar app asks before (or instead of) fetching: the feed's headers, no body."""
    full = _subscribed(request, token)
    length = len(full.render(full.content, "text/calendar"))
    return Response(
        content=None,  # a text type with no content has an empty body
        media_type="text/calendar",
        headers={**full.headers, "Content-Length": str(length)},  # the GET's, uncompressed
    )


def _calendar_page(
    request: Request[Any, Any, Any],
    *,
    link: str = "",
    form: FormState | None = None,
    status: int = 200,
) -> Response[Any]:
    team = team_of(request)
    person = me(request)
    response = adherence_page(
        request,
        "adherence/calendar.html",
        status=status,
        live=queries.calendar_link(team.store.reader, person.user_id),
        link=link,
        webcal="webcal://" + link.split("://", 1)[1] if link else "",
        host=urlsplit(_origin(request)).netloc,
        form=form or FormState(),
    )
    if link:  # the token is shown once: never keep this page anywhere
        response.headers["Cache-Control"] = "no-store"
    return response


@get("/practice/calendar")
async def calendar_page(request: Request[Any, Any, Any]) -> Response[Any]:
    return _calendar_page(request)


@post("/practice/calendar")
async def make_calendar_link(request: Request[Any, Any, Any]) -> Response[Any]:
    """Make a new secret link (stopping the old one) and show it, once."""
    team = team_of(request)
    me(request)
    data = await read_form(request)
    outcome = await submit(request, team, NEW_LINK, data)
    here = f"{base_of(team)}/practice/calendar"
    if not outcome.ok:
        form = FormState(errors={"": next(iter(outcome.errors.values()), "Try again")})
        return _calendar_page(request, form=form, status=422)
    if outcome.status == "duplicate":
        return redirect(
            here,
            flash="That calendar link was made already and cannot be shown again."
            " Make a new link if you need to copy it",
        )
    token = outcome.result[SHOWN_AS]
    return _calendar_page(request, link=f"{_origin(request)}/calendar/{token}.ics")


@post("/practice/calendar/stop")
async def stop_calendar_link(request: Request[Any, Any, Any]) -> Response[Any]:
    team = team_of(request)
    me(request)
    data = await read_form(request)
    outcome = await submit(request, team, STOP_LINK, data)
    if not outcome.ok:
        form = FormState(errors={"": next(iter(outcome.errors.values()), "Try again")})
        return _calendar_page(request, form=form, status=422)
    return redirect(
        f"{base_of(team)}/practice/calendar",
        flash="Your calendar link has been stopped. Calendars that used it get no more updates",
    )


TEAM_ROUTES = [my_calendar, calendar_page, make_calendar_link, stop_calendar_link]
"""Under /teams/{team_id}: the feature's team router (web/routing.py)."""
ROUTES = [subscribed_calendar, subscribed_calendar_head]
__all__ = ["ROUTES"]
