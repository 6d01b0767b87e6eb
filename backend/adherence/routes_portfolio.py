"""A teacher's own portfolio for appraisal, revalidation or a listing application: the
page and its PDF (`portfolio.py` gathers it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, Response, get

from backend.adherence.portfolio import Portfolio, gather
from backend.adherence.web import me
from backend.dates import format_date, uk_today, window_start
from backend.web.auth import run_sync, team_of
from backend.web.documents import PDF_CSS, download, pdf_bytes
from backend.web.forms import FormState
from backend.web.render import page, render_string


def _dates(request: Request[Any, Any, Any]) -> tuple[tuple[date, date] | None, FormState]:
    """The portfolio's period: ?start= and ?end= (default: the 12 months to today)."""
    today = uk_today()
    raw = {name: request.query_params.get(name, "").strip() for name in ("start", "end")}
    errors: dict[str, str] = {}
    found: dict[str, date] = {}
    for name, label in (("start", "first"), ("end", "last")):
        if not raw[name]:
            continue
        try:
            found[name] = date.fromisoformat(raw[name])
        except ValueError:
            errors[name] = f"Enter the {label} day as a date, like 2026-03-31"
    end = found.get("end", today)
    start = found.get("start", window_start(end, 12))
    if not errors and start > end:
        errors["start"] = "The first day must be on or before the last day"
    if errors:
        return None, FormState(values=raw, errors=errors)
    return (start, end), FormState(values={"start": start.isoformat(), "end": end.isoformat()})


async def _portfolio(request: Request[Any, Any, Any], start: date, end: date) -> Portfolio:
    team = team_of(request)
    made: Portfolio = await run_sync(gather, team.store.path, me(request), start, end)
    return made


async def _portfolio_page(request: Request[Any, Any, Any]) -> Response[str]:
    period, form = _dates(request)
    if period is None:
        today = uk_today()
        shown = await _portfolio(request, window_start(today, 12), today)
        return page(
            request,
            "adherence/portfolio.html",
            status=422,
            portfolio=shown,
            form=form,
            long=format_date,
        )
    shown = await _portfolio(request, *period)
    return page(request, "adherence/portfolio.html", portfolio=shown, form=form, long=format_date)


@get("/practice/portfolio")
async def portfolio(request: Request[Any, Any, Any]) -> Response[str]:
    return await _portfolio_page(request)


@get("/practice/portfolio.pdf")
async def portfolio_pdf(request: Request[Any, Any, Any]) -> Response[Any]:
    period, _ = _dates(request)
    if period is None:
        return await _portfolio_page(request)
    shown = await _portfolio(request, *period)
    html = render_string(
        request,
        "adherence/portfolio_document.html",
        {"portfolio": shown, "team": team_of(request), "long": format_date},
    )
    made = await run_sync(pdf_bytes, html, PDF_CSS)
    return download(made, "application/pdf", f"portfolio-{period[1].isoformat()}.pdf")


TEAM_ROUTES = [portfolio, portfolio_pdf]
"""Under /teams/{team_id}: the adherence feature's team router (web/routing.py)."""
