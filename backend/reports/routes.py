"""Reports: the service's annual report (page, PDF, Word)."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, Response, get

from backend.dates import format_date, uk_today, window_start
from backend.reports.annual import Annual, docx_bytes, gather
from backend.teams.roles import LEAD
from backend.web.auth import run_sync, services_of, team_of
from backend.web.documents import PDF_CSS, download, pdf_bytes
from backend.web.forms import FormState
from backend.web.render import page, render_string

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _period(request: Request[Any, Any, Any]) -> tuple[date | None, FormState]:
    raw = request.query_params.get("end", "")
    if not raw:
        end = uk_today()
        return end, FormState(values={"end": end.isoformat()})
    try:
        end = date.fromisoformat(raw.strip())
    except ValueError:
        message = "Enter the last day of the 12 months as a date, like 2026-03-31"
        return None, FormState(values={"end": raw}, errors={"end": message})
    if end > uk_today():
        message = "The last day of the 12 months must be today or in the past"
        return None, FormState(values={"end": raw}, errors={"end": message})
    return end, FormState(values={"end": end.isoformat()})


async def _report(request: Request[Any, Any, Any], end: date) -> Annual:
    team = team_of(request)
    report: Annual = await run_sync(
        gather, team.store.path, services_of(request), team.name, window_start(end, 12), end
    )
    return report


@get("/reports/annual", opt=LEAD)
async def annual(request: Request[Any, Any, Any]) -> Response[str]:
    return await _annual_page(request)


async def _annual_page(request: Request[Any, Any, Any]) -> Response[str]:
    end, form = _period(request)
    if end is None:
        shown = await _report(request, uk_today())
        return page(
            request, "reports/annual.html", status=422, report=shown, form=form, long=format_date
        )
    return page(
        request,
        "reports/annual.html",
        report=await _report(request, end),
        form=form,
        long=format_date,
    )


@get("/reports/annual.pdf", opt=LEAD)
async def annual_pdf(request: Request[Any, Any, Any]) -> Response[Any]:
    end, _ = _period(request)
    if end is None:
        return await _annual_page(request)
    report = await _report(request, end)
    html = render_string(
        request,
        "reports/annual_document.html",
        {"report": report, "team": team_of(request), "long": format_date},
    )
    made = await run_sync(pdf_bytes, html, PDF_CSS)
    return download(made, "application/pdf", f"annual-report-{end.isoformat()}.pdf")


@get("/reports/annual.docx", opt=LEAD)
async def annual_docx(request: Request[Any, Any, Any]) -> Response[Any]:
    end, _ = _period(request)
    if end is None:
        return await _annual_page(request)
    report = await _report(request, end)
    made = await run_sync(docx_bytes, report)
    return download(made, DOCX, f"annual-report-{end.isoformat()}.docx")


TEAM_ROUTES = [annual, annual_pdf, annual_docx]
"""Under /teams/{team_id}: the feature's team router (web/routing.py)."""
