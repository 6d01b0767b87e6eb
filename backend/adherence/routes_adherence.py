"""Adherence pages: a teacher's own standards, the supervisor's dashboard, one
teacher's reasons and records with sign-off, the team summary, and the lead's choice
of standards."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath
from markupsafe import Markup

from backend.adherence import charts, queries, view
from backend.adherence.comments import comments_of, latest_comments
from backend.adherence.evaluations import (
    FRAGMENTS,
    evaluate_teacher,
    profiles,
    team_profile,
)
from backend.adherence.rules import kinds as k
from backend.adherence.rules.results import Status
from backend.adherence.rules.team_options import option_values
from backend.adherence.team_standards import rule_inputs, threshold_inputs
from backend.adherence.trend import team_summary
from backend.adherence.web import (
    SUPERVISING,
    adherence_page,
    as_of_of,
    base_of,
    cached_forms,
    cached_fragment,
    checks_html,
    is_lead,
    may_sign_for,
    me,
    viewable,
    visible_evaluations,
)
from backend.dates import uk_today
from backend.db.connection import snapshot
from backend.teams.roles import LEAD
from backend.web.auth import run_sync, team_of, user_of
from backend.web.forms import FormState, read_form
from backend.web.mutate import submit
from backend.web.render import redirect, render_string

FILTERS = [("all", "Everyone"), ("not_met", "Not met"), ("due_soon", "Due soon")]
RECENT = 20


def _as_of_form(as_of: date, errors: dict[str, str], **extra: str) -> FormState:
    return FormState(values={"as_of": as_of.isoformat(), **extra}, errors=errors)


@get("/practice")
async def my_adherence(request: Request[Any, Any, Any]) -> Response[Any]:
    team = team_of(request)
    person = me(request)
    as_of, errors = as_of_of(request)
    conn = team.store.reader
    path = str(team.store.path)
    form = _as_of_form(as_of, errors)
    with snapshot(conn):  # everything on the page at one team version
        evaluation = evaluate_teacher(conn, person, as_of, path)
        profile = team_profile(queries.settings(conn))
        version = queries.version(conn)

        def render() -> Markup:
            context = {
                "v": view,
                "kinds": k,
                "person": person,
                "evaluation": evaluation,
                "profile": profile,
                "checks": checks_html(request, evaluation, profile, own=True),
                "as_of": as_of,
                "today": uk_today(),
                "form": form,
                "base": base_of(team),
                "record_counts": queries.record_counts(conn, k.KINDS, person.user_id),
                "comments": latest_comments(conn, person.user_id),
            }
            return Markup(render_string(request, "adherence/_mine.html", context))  # noqa: S704

        key = ("mine", path, version, uk_today(), as_of, person, tuple(errors.items()))
        main_html = FRAGMENTS.get_or_make(key, render)
    return adherence_page(
        request,
        "adherence/mine.html",
        person=person,
        evaluation=evaluation,
        profile=profile,
        as_of=as_of,
        today=uk_today(),
        form=form,
        main_html=main_html,
    )


@get("/adherence", opt=SUPERVISING)
async def dashboard(request: Request[Any, Any, Any]) -> Response[Any]:
    team = team_of(request)
    conn = team.store.reader
    user = user_of(request)
    as_of, errors = as_of_of(request)
    show = request.query_params.get("show", "all")
    show = show if show in dict(FILTERS) else "all"
    found = await visible_evaluations(team, user.id, as_of)
    teachers, evaluations = found.teachers, found.evaluations
    key = str(team.store.path)
    ids = tuple(p.user_id for p in teachers)
    cache_key = ("dashboard", key, found.version, as_of, show, ids, is_lead(team))

    def having(status: Status | None) -> list[Any]:
        return [
            (p, evaluations[p.user_id])
            for p in teachers
            if status is None
            or any(c.status is status and not c.advisory for c in evaluations[p.user_id].checks)
        ]

    def table() -> Markup:
        wanted = {"not_met": Status.NOT_MET, "due_soon": Status.DUE_SOON}
        rows = having(wanted.get(show))
        counts = {"all": len(teachers), **{key: len(having(s)) for key, s in wanted.items()}}
        html = render_string(
            request,
            "adherence/_dashboard_table.html",
            {
                "base": base_of(team),
                "v": view,
                "rows": rows,
                "total": len(teachers),
                "waiting": queries.unverified_counts(conn, k.KINDS),
                "show": show,
                "filters": FILTERS,
                "counts": counts,
                "as_of": as_of,
                "today": uk_today(),
                "is_lead": is_lead(team),
            },
        )
        return Markup(html)  # noqa: S704 - rendered by our autoescaping templates

    with snapshot(conn):  # the records waiting for sign-off, at the evaluations' version
        same = queries.version(conn) == found.version
        html = FRAGMENTS.get_or_make(cache_key, table) if same else table()  # changed: not kept

    return adherence_page(
        request,
        "adherence/dashboard.html",
        fragment="adherence/_dashboard_cached.html",
        table=html,
        total=len(teachers),
        show=show,
        filters=FILTERS,
        as_of=as_of,
        filter_form=cached_fragment(
            request,
            ("filter", base_of(team), show, as_of, tuple(errors.items())),
            "adherence/_dashboard_filter.html",
            {
                "base": base_of(team),
                "form": _as_of_form(as_of, errors, show=show),
                "filters": FILTERS,
            },
        ),
        form=_as_of_form(as_of, errors, show=show),
        today=uk_today(),
        sample=next(iter(evaluations.values()), None),
    )


def person_page_response(
    request: Request[Any, Any, Any], user_id: str, form: FormState | None = None, status: int = 200
) -> Response[Any]:
    team = team_of(request)
    conn = team.store.reader
    person = viewable(request, user_id)
    as_of, errors = as_of_of(request)
    may_sign = may_sign_for(request, person)
    done = request.query_params.get("done", "")
    key = str(team.store.path)

    def records() -> dict[str, list[Any]]:
        return {kind.slug: queries.records(conn, kind, person.user_id) for kind in k.KINDS}

    form = form or _as_of_form(as_of, errors)
    action = f"{base_of(team)}/adherence/people/{person.user_id}"

    with snapshot(conn):  # the evaluation, the records, and the version they were read at
        evaluation = evaluate_teacher(conn, person, as_of, key)
        profile = team_profile(queries.settings(conn))
        version = queries.version(conn)
        waiting = FRAGMENTS.get_or_make(
            ("waiting", key, version, person.user_id),
            lambda: sum(1 for rs in records().values() for r in rs if not r.verified),
        )

        def context() -> dict[str, Any]:
            return {
                "base": base_of(team),
                "person": person,
                "evaluation": evaluation,
                "profile": profile,
                "checks": checks_html(request, evaluation, profile, own=False),
                "as_of": as_of,
                "today": uk_today(),
                "records": records(),
                "recent": RECENT,
                "waiting": waiting,
                "may_sign": may_sign,
                "comments": comments_of(conn, person.user_id),
                "done": done,
                "form": form,
                "standing_html": cached_fragment(
                    request,
                    ("standing", key, evaluation.teacher_id, evaluation.as_of, version),
                    "adherence/_standing.html",
                    {"evaluation": evaluation},
                ),
                "as_of_html": cached_fragment(
                    request,
                    ("as-of-form", action, *_form_key(form)),
                    "adherence/_as_of_form.html",
                    {"form": form, "action": action},
                ),
            }

        main_html = cached_forms(
            request,
            (
                "person-page",
                key,
                version,
                uk_today(),
                as_of,
                person,
                may_sign,
                done,
                *_form_key(form),
            ),
            "adherence/_person_main.html",
            context,
        )
    return adherence_page(
        request,
        "adherence/person.html",
        status=status,
        person=person,
        evaluation=evaluation,
        profile=profile,
        as_of=as_of,
        today=uk_today(),
        form=form,
        main_html=main_html,
    )


def _form_key(form: FormState) -> tuple[Any, ...]:
    """What a form shows: its values and messages (values as text, lists as tuples)."""
    values = tuple(
        sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in form.values.items())
    )
    return values, tuple(form.errors.items())


@get("/adherence/people/{user_id:str}", opt=SUPERVISING)
async def person_page(request: Request[Any, Any, Any], user_id: FromPath[str]) -> Response[Any]:
    return person_page_response(request, user_id)


@get("/adherence/summary", opt=LEAD)
async def summary(request: Request[Any, Any, Any]) -> Response[Any]:
    team = team_of(request)
    as_of, errors = as_of_of(request)
    found = await run_sync(team_summary, team.store.path, as_of)  # seconds, uncached
    now = found.evaluations
    return adherence_page(
        request,
        "adherence/summary.html",
        as_of=as_of,
        teachers=found.teachers,
        counts=charts.rule_counts(now.values()),
        overall=charts.overall_counts(now.values()),
        trend=found.trend,
        chart=charts.trend_svg(found.trend),
        sample=next(iter(now.values()), None),
        form=_as_of_form(as_of, errors),
    )


def _standards_page(
    request: Request[Any, Any, Any], form: FormState, status: int = 200
) -> Response[Any]:
    team = team_of(request)
    chosen = queries.settings(team.store.reader)
    current = team_profile(chosen)
    return adherence_page(
        request,
        "adherence/standards.html",
        status=status,
        form=form,
        profiles=list(profiles().values()),
        current=current,
        groups=rule_inputs(profiles()[current.id]),
        settings=chosen,
        version=queries.version(team.store.reader),
    )


@get("/adherence/standards", opt=LEAD)
async def standards_page(request: Request[Any, Any, Any]) -> Response[Any]:
    chosen = queries.settings(team_of(request).store.reader)
    current = team_profile(chosen)
    values: dict[str, Any] = {"profile_id": current.id, "due_soon_days": str(chosen.due_soon_days)}
    for item in threshold_inputs(current):
        values[item.name] = item.shown
    values |= option_values(current)
    return _standards_page(request, FormState(values=values))


@post("/adherence/standards", opt=LEAD)
async def save_standards(request: Request[Any, Any, Any]) -> Response[Any]:
    team = team_of(request)
    data = await read_form(request)
    outcome = await submit(request, team, "adherence.standards", data)
    if not outcome.ok:
        return _standards_page(request, FormState(values=data, errors=dict(outcome.errors)), 422)
    return redirect(
        f"{base_of(team)}/adherence/standards", flash="The team's standards have been saved"
    )


TEAM_ROUTES = [my_adherence, dashboard, person_page, summary, standards_page, save_standards]
"""Under /teams/{team_id}: the feature's team router (web/routing.py)."""
