"""Case examples and Ask the network: the pages and their forms."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from backend.networks import tags
from backend.networks.conversations import CASE_SECTIONS
from backend.networks.journey_notes import journey_notes
from backend.networks.web import NETWORK, PUBLISHERS, network_of, submit_network
from backend.web.auth import services_of, user_of
from backend.web.forms import FormState, read_form
from backend.web.render import page, redirect


def _cases(request: Request[Any, Any, Any], form: FormState, status: int = 200) -> Response[Any]:
    network = network_of(request)
    user = user_of(request)
    rows = network.store.reader.execute(
        "SELECT c.*, t.name AS team_name FROM case_examples c"
        " LEFT JOIN network_teams t ON t.team_id = c.team_id"
        " WHERE c.status = 'shared' OR c.author_id = ? ORDER BY c.created_at DESC",
        [user.id],
    ).fetchall()
    return page(
        request,
        "networks/cases.html",
        status=status,
        network=network,
        cases=rows,
        form=form,
        sections=CASE_SECTIONS,
    )


@get("/networks/{network_id:str}/cases", opt=NETWORK)
async def cases(request: Request[Any, Any, Any]) -> Response[Any]:
    """With ?start_from=<team>, for a lead of that team: a draft whose pivot-points part
    starts from the team's own pivot points and stage changes, to edit before saving."""
    network = network_of(request)
    start_from = request.query_params.get("start_from")
    values = {"team_id": next(iter(network.led), "")}
    if start_from and start_from in network.led:
        store = services_of(request).teams.get(start_from)
        values = {
            "team_id": start_from,
            "pivot_points": journey_notes(store, services_of(request)),
        }
    return _cases(request, FormState(values=values))


@post("/networks/{network_id:str}/cases", opt=PUBLISHERS)
async def draft(request: Request[Any, Any, Any], network_id: FromPath[str]) -> Response[Any]:
    network = network_of(request)
    data = await read_form(request)
    if len(network.led) == 1:
        data["team_id"] = next(iter(network.led))
    outcome = await submit_network(request, network_id, network.roles, "case.draft", data)
    if not outcome.ok:
        return _cases(request, FormState(values=data, errors=dict(outcome.errors)), 422)
    return redirect(
        f"/networks/{network_id}/cases/{outcome.result.get('id')}",
        flash="Your draft is saved. Only you can see it until you share it",
    )


@get("/networks/{network_id:str}/cases/{case_id:str}", opt=NETWORK)
async def case(request: Request[Any, Any, Any], case_id: FromPath[str]) -> Response[Any]:
    network = network_of(request)
    row = network.store.reader.execute(
        "SELECT c.*, t.name AS team_name FROM case_examples c"
        " LEFT JOIN network_teams t ON t.team_id = c.team_id"
        " WHERE c.id = ? AND (c.status = 'shared' OR c.author_id = ?)",
        [case_id, user_of(request).id],
    ).fetchone()
    if row is None:
        raise NotFoundException()
    return page(request, "networks/case.html", network=network, case=row, sections=CASE_SECTIONS)


@post("/networks/{network_id:str}/cases/{case_id:str}/share", opt=PUBLISHERS)
async def share(
    request: Request[Any, Any, Any], network_id: FromPath[str], case_id: FromPath[str]
) -> Response[Any]:
    network = network_of(request)
    outcome = await submit_network(
        request, network_id, network.roles, "case.share", {"case_id": case_id}
    )
    if not outcome.ok:
        raise NotFoundException()
    return redirect(
        f"/networks/{network_id}/cases/{case_id}",
        flash="The case example is shared with the network",
    )


def _questions(
    request: Request[Any, Any, Any], form: FormState, status: int = 200
) -> Response[Any]:
    network = network_of(request)
    rows = network.store.reader.execute(
        "SELECT q.*, (SELECT count(*) FROM replies r WHERE r.question_id = q.id) AS replies"
        " FROM questions q ORDER BY q.asked_at DESC LIMIT 200"
    ).fetchall()
    return page(
        request,
        "networks/questions.html",
        status=status,
        network=network,
        questions=rows,
        form=form,
        tags=tags.tags_of(services_of(request)),
    )


@get("/networks/{network_id:str}/questions", opt=NETWORK)
async def questions(request: Request[Any, Any, Any]) -> Response[Any]:
    return _questions(request, FormState())


@post("/networks/{network_id:str}/questions", opt=NETWORK)
async def ask(request: Request[Any, Any, Any], network_id: FromPath[str]) -> Response[Any]:
    network = network_of(request)
    data = await read_form(request)
    if len(network.teams) == 1:
        data["team_id"] = next(iter(network.teams))
    outcome = await submit_network(request, network_id, network.roles, "question.ask", data)
    if not outcome.ok:
        errors = dict(outcome.errors)
        if "" in errors:
            errors["title"] = errors.pop("")
        return _questions(request, FormState(values=data, errors=errors), 422)
    return redirect(
        f"/networks/{network_id}/questions/{outcome.result.get('id')}",
        flash="Your question has been asked",
    )


def _question(
    request: Request[Any, Any, Any], question_id: str, form: FormState, status: int = 200
) -> Response[Any]:
    network = network_of(request)
    conn = network.store.reader
    row = conn.execute("SELECT * FROM questions WHERE id = ?", [question_id]).fetchone()
    if row is None:
        raise NotFoundException()
    replies = conn.execute(
        "SELECT r.*, t.name AS team_name FROM replies r LEFT JOIN network_teams t"
        " ON t.team_id = r.team_id WHERE r.question_id = ? ORDER BY r.at",
        [question_id],
    ).fetchall()
    return page(
        request,
        "networks/question.html",
        status=status,
        network=network,
        question=row,
        replies=replies,
        form=form,
        tags=tags.tags_of(services_of(request)),
    )


@get("/networks/{network_id:str}/questions/{question_id:str}", opt=NETWORK)
async def question(request: Request[Any, Any, Any], question_id: FromPath[str]) -> Response[Any]:
    return _question(request, question_id, FormState())


@post("/networks/{network_id:str}/questions/{question_id:str}", opt=NETWORK)
async def answer(
    request: Request[Any, Any, Any], network_id: FromPath[str], question_id: FromPath[str]
) -> Response[Any]:
    network = network_of(request)
    data = await read_form(request)
    if len(network.teams) == 1:
        data["team_id"] = next(iter(network.teams))
    data["question_id"] = question_id
    outcome = await submit_network(request, network_id, network.roles, "question.reply", data)
    if not outcome.ok:
        errors = dict(outcome.errors)
        if "" in errors or "question_id" in errors:
            raise NotFoundException()
        return _question(request, question_id, FormState(values=data, errors=errors), 422)
    return redirect(
        f"/networks/{network_id}/questions/{question_id}", flash="Your reply has been added"
    )


ROUTES = [cases, draft, case, share, questions, ask, question, answer]
