"""Reflective review pages: the list, opening a review, answering and sharing, one
review's answers, comparing two reviews, and the reflective questions themselves."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from markupsafe import Markup

from backend.db.connection import snapshot
from backend.journey import answer_fields, queries, review_queries
from backend.journey.review_mutations import ANSWER_PREFIX, RATING_PREFIX
from backend.journey.review_queries import ReviewInfo
from backend.journey.review_view import by_theme, ratings_over_time, shared_reviews
from backend.journey.rules.reviews import compare_reviews
from backend.journey.view import Snapshot
from backend.journey.web import (
    cached_fragment,
    date_values,
    form_fields,
    is_lead,
    journey_page,
    live_fragment,
    not_found,
    posted_form,
    snapshot_of,
)
from backend.teams.roles import LEAD
from backend.web.auth import services_of, team_of, user_of
from backend.web.forms import FormState, read_form
from backend.web.mutate import submit
from backend.web.render import redirect


@get("/reviews")
async def reviews(request: Request[Any, Any, Any]) -> Response[str]:
    snap = snapshot_of(request)
    conn = team_of(request).store.reader

    def over_time() -> dict[str, Any]:
        everything = shared_reviews(conn, snap.reviews)
        chart, table = ratings_over_time(snap.reviews, everything, snap.team.questions)
        return {"chart": chart, "table": table}

    ratings = cached_fragment(request, snap, "reviews/_ratings.html", build=over_time)
    return journey_page(
        request,
        "reviews/list.html",
        snap=snap,
        mine=review_queries.responses_of(conn, user_of(request).id),
        ratings=ratings,
        review_due=cached_fragment(request, snap, "journey/_review_due.html"),
        compare=_compare_filter(request, snap, _compare_form(snap.reviews, None, None)),
    )


def _compare_form(infos: list[ReviewInfo], before: str | None, after: str | None) -> FormState:
    before = before or (infos[1].id if len(infos) > 1 else "")
    after = after or (infos[0].id if infos else "")
    return FormState(values={"before": before, "after": after})


def _compare_filter(
    request: Request[Any, Any, Any], snap: Snapshot, form: FormState, target: str = ""
) -> Markup:
    """The choice of two reviews (a GET form, no token), rendered once per version and choice."""
    return cached_fragment(
        request,
        snap,
        "reviews/_compare_filter.html",
        variant=f"{form.value('before')}:{form.value('after')}:{target}",
        form=form,
        target=target,
    )


def _new_review_page(
    request: Request[Any, Any, Any], form: FormState, status: int = 200, *, posted: bool
) -> Response[str]:
    snap = snapshot_of(request)
    options = [("", "Not linked to a pivot point")] + [
        (p.id, f"{p.happened_on.day} {p.happened_on:%B %Y}: {p.what_happened}") for p in snap.pivots
    ]
    fields = form_fields(
        request,
        snap,
        "reviews/_new_review_fields.html",
        form,
        posted=posted,
        variant=form.value("pivot_point_id"),
        pivot_options=options,
    )
    return journey_page(request, "reviews/new.html", status=status, form=form, fields=fields)


@get("/reviews/new", opt=LEAD)
async def new_review(
    request: Request[Any, Any, Any],
    pivot_point: Annotated[str, QueryParameter(name="pivot_point", max_length=64)] = "",
) -> Response[str]:
    snap = snapshot_of(request)
    values: dict[str, Any] = date_values("opened_on", snap.today)
    pivot = next((p for p in snap.pivots if p.id == pivot_point), None)
    if pivot is not None:
        values |= {
            "pivot_point_id": pivot.id,
            "title": "Review after a pivot point",
            "reason": f"To reflect on what changed after: {pivot.what_happened}",
        }
    else:
        values |= {"title": "Six-monthly review"}
    return _new_review_page(request, FormState(values=values), posted=False)


@post("/reviews/new", opt=LEAD)
async def open_review(request: Request[Any, Any, Any], team_id: FromPath[str]) -> Response[Any]:
    data = await read_form(request)
    outcome = await submit(request, team_of(request), "journey.review.open", data)
    if not outcome.ok:
        form = posted_form(request, "journey.review.open", data, outcome)
        return _new_review_page(request, form, 422, posted=True)
    return redirect(
        f"/teams/{team_id}/reviews/{outcome.result.get('id', '')}",
        flash="The review is open. Members can now answer the reflective questions",
    )


def _review_or_404(request: Request[Any, Any, Any], review_id: str) -> ReviewInfo:
    found = review_queries.review(team_of(request).store.reader, review_id[:64])
    if found is None:
        raise not_found()
    return found


@get("/reviews/{review_id:str}")
async def review_page(request: Request[Any, Any, Any], review_id: FromPath[str]) -> Response[str]:
    snap = snapshot_of(request)
    conn = team_of(request).store.reader
    me = user_of(request).id
    with snapshot(conn):  # the review and its answers as of one version
        info = _review_or_404(request, review_id)
        answers = review_queries.visible_answers(conn, info.id, me)
        ratings = review_queries.visible_ratings(conn, info.id, me)
        mine = review_queries.response(conn, info.id, me)
        same_version = queries.version(conn) == snap.version
    context: dict[str, Any] = {"review": info, "questions": snap.team.questions}
    drafts = any(not a.shared for a in answers) or any(not r.shared for r in ratings)
    if drafts or not same_version:  # this person's own, or newer: rendered for them alone
        themes = by_theme(snap.team.questions, answers, ratings)
        team_answers = live_fragment(
            request, snap, "reviews/_team_answers.html", themes=themes, **context
        )
    else:  # shared rows only: the same for every member at this version
        team_answers = cached_fragment(
            request,
            snap,
            "reviews/_team_answers.html",
            variant=info.id,
            build=lambda: {"themes": by_theme(snap.team.questions, answers, ratings)},
            **context,
        )
    return journey_page(
        request,
        "reviews/review.html",
        snap=snap,
        review=info,
        mine=mine,
        team_answers=team_answers,
        pivot=next((p for p in snap.pivots if p.id == info.pivot_point_id), None),
    )


def _answer_page(
    request: Request[Any, Any, Any],
    info: ReviewInfo,
    form: FormState | None = None,
    status: int = 200,
) -> Response[str]:
    snap = snapshot_of(request)
    conn = team_of(request).store.reader
    me = user_of(request).id
    mine = review_queries.response(conn, info.id, me)
    if form is None:
        values: dict[str, Any] = {"base_version": snap.version}
        for question_id, row in review_queries.own_answers(conn, info.id, me).items():
            values[f"{ANSWER_PREFIX}{question_id}"] = row.text
        for theme_id, rating in review_queries.own_ratings(conn, info.id, me).items():
            values[f"{RATING_PREFIX}{theme_id}"] = "" if rating is None else str(rating)
        form = FormState(values=values)
    return journey_page(
        request,
        "reviews/answer.html",
        status=status,
        snap=snap,
        review=info,
        mine=mine,
        form=form,
        fields=_answer_fields(request, snap, form),
    )


def _answer_fields(
    request: Request[Any, Any, Any], snap: Snapshot, form: FormState
) -> dict[str, Markup]:
    """This person's answer fields, from the fields rendered once per team version."""
    env = services_of(request).templates
    rendered = snap.keep(
        "reviews/answer-fields", lambda: answer_fields.render_fields(env, snap.team.questions)
    )
    return answer_fields.fill(rendered, form)


@get("/reviews/{review_id:str}/answer")
async def answer_page(request: Request[Any, Any, Any], review_id: FromPath[str]) -> Response[str]:
    return _answer_page(request, _review_or_404(request, review_id))


@post("/reviews/{review_id:str}/answer")
async def save_answers(
    request: Request[Any, Any, Any], team_id: FromPath[str], review_id: FromPath[str]
) -> Response[Any]:
    info = _review_or_404(request, review_id)
    data = await read_form(request)
    outcome = await submit(
        request, team_of(request), "journey.review.answer", {**data, "review_id": info.id}
    )
    if not outcome.ok:
        return _answer_page(
            request, info, posted_form(request, "journey.review.answer", data, outcome), 422
        )
    shared = outcome.result.get("shared")
    flash = (
        "Your changes have been saved and shared with the team"
        if shared
        else "Your answers have been saved as a draft. Only you can see them until you share them"
    )
    return redirect(f"/teams/{team_id}/reviews/{info.id}", flash=flash)


@post("/reviews/{review_id:str}/share")
async def share(
    request: Request[Any, Any, Any], team_id: FromPath[str], review_id: FromPath[str]
) -> Response[Any]:
    info = _review_or_404(request, review_id)
    data = await read_form(request)
    outcome = await submit(
        request, team_of(request), "journey.review.share", {**data, "review_id": info.id}
    )
    if not outcome.ok:
        message = next(iter(outcome.errors.values()), "Your answers could not be shared")
        return redirect(f"/teams/{team_id}/reviews/{info.id}", flash=message)
    return redirect(
        f"/teams/{team_id}/reviews/{info.id}", flash="Your answers are now shared with the team"
    )


@get("/reviews/compare")
async def compare(
    request: Request[Any, Any, Any],
    before: Annotated[str, QueryParameter(name="before", max_length=64)] = "",
    after: Annotated[str, QueryParameter(name="after", max_length=64)] = "",
) -> Response[str]:
    snap = snapshot_of(request)
    by_id = {r.id: r for r in snap.reviews}
    if (before and before not in by_id) or (after and after not in by_id):
        raise not_found()
    form = _compare_form(snap.reviews, before or None, after or None)
    old, new = by_id.get(form.value("before")), by_id.get(form.value("after"))
    if old is not None and new is not None and old.opened_on > new.opened_on:
        old, new = new, old
    conn = team_of(request).store.reader

    def compared() -> dict[str, Any]:
        everything = shared_reviews(conn, snap.reviews)
        found = {r.id: r for r in everything}
        comparison = None
        if old is not None and new is not None:
            comparison = compare_reviews(found[old.id], found[new.id], snap.team.questions)
        chart, table = ratings_over_time(
            snap.reviews,
            everything,
            snap.team.questions,
            frozenset(r.id for r in (old, new) if r is not None),
        )
        return {"comparison": comparison, "chart": chart, "table": table}

    cached = cached_fragment(
        request,
        snap,
        "reviews/_comparison.html",
        variant=f"{old.id if old else ''}:{new.id if new else ''}",
        build=compared,
        old=old,
        new=new,
        themes={t.id: t.title for t in snap.team.questions.themes},
    )
    return journey_page(
        request,
        "reviews/compare.html",
        fragment="journey/_cached.html",
        snap=snap,
        form=form,
        filter=_compare_filter(request, snap, form, "#review-comparison"),
        cached=cached,
    )


@get("/reviews/questions")
async def questions(request: Request[Any, Any, Any]) -> Response[str]:
    return _questions_page(request, FormState(), posted=False)


def _questions_page(
    request: Request[Any, Any, Any], form: FormState, status: int = 200, *, posted: bool
) -> Response[str]:
    snap = snapshot_of(request)
    fields = None
    if is_lead(request):
        fields = form_fields(
            request,
            snap,
            "reviews/_question_fields.html",
            form,
            posted=posted,
            theme_options=[(t.id, t.title) for t in snap.team.questions.themes],
        )
    return journey_page(
        request, "reviews/questions.html", status=status, snap=snap, form=form, fields=fields
    )


@post("/reviews/questions", opt=LEAD)
async def add_question(request: Request[Any, Any, Any], team_id: FromPath[str]) -> Response[Any]:
    data = await read_form(request)
    outcome = await submit(request, team_of(request), "journey.local_question.add", data)
    if not outcome.ok:
        form = posted_form(request, "journey.local_question.add", data, outcome)
        return _questions_page(request, form, 422, posted=True)
    return redirect(
        f"/teams/{team_id}/reviews/questions",
        flash="Your question has been added to the review form",
    )


TEAM_ROUTES = [
    reviews,
    new_review,
    open_review,
    compare,
    questions,
    add_question,
    review_page,
    answer_page,
    save_answers,
    share,
]
"""Under /teams/{team_id}: the feature's team router (web/routing.py)."""
