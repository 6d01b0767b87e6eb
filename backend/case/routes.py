"""Make the case: a task list of sections, one page per section (each saved on its own),
the whole case as a printable page, as PDF (the same HTML) and as a Word document.

Every member reads the case; service leads write it (`case.<section>.save`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from backend.case.costs import pounds
from backend.case.document import docx_bytes
from backend.case.mutations import MAX_EVIDENCE, MAX_STAKEHOLDERS, SCHEMAS, SWOT
from backend.case.queries import SECTIONS, TITLES, Case, read_case
from backend.case.view import COST_LABELS, NEED_LABELS, quadrants
from backend.dates import uk_today
from backend.teams.roles import LEAD, LEADS, MEMBER
from backend.web.auth import run_sync, services_of, team_of
from backend.web.documents import PDF_CSS, pdf_bytes
from backend.web.forms import FormState, read_form
from backend.web.mutate import submit
from backend.web.render import page, redirect, render_string
from backend.words import format_number

EDITABLE = set(SCHEMAS)
MERGED = {"need", "costs"}
"""Single-row sections: their forms carry the team version they were read at, so a field
someone else changed since is kept and the clash stored (decision 27)."""
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CASE_CSS = (
    PDF_CSS
    + """
.app-case-grid { width: 100%; max-width: 16cm; }
"""
)


def _case(request: Request[Any, Any, Any]) -> Case:
    team = team_of(request)
    return read_case(team.store.reader, team.name, uk_today(), services_of(request).features)


def _context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    team = team_of(request)
    return {
        "base": f"/teams/{team.id}/journey/case",
        "is_lead": bool(team.roles & LEADS),
        "sections": SECTIONS,
        "titles": TITLES,
        "swot": SWOT,
        "need_labels": NEED_LABELS,
        "cost_labels": COST_LABELS,
        "quadrants": quadrants,
        "pounds": pounds,
        "pounds_of": _shown,
    }


def _shown(name: str, value: Any) -> str:
    """A saved cost input as shown: pounds for a cost, else the number."""
    if "cost" in name:
        return pounds(Decimal(str(value)))
    return format_number(float(value), thousands=True)


def _values(case: Case, section: str) -> dict[str, Any]:
    """A section's saved values as its form's fields."""
    if section == "need":
        return dict(case.need or {})
    if section == "costs":
        return dict(case.costs or {})
    if section == "evidence":
        values = {}
        for i, (text, source) in enumerate(case.evidence, start=1):
            values[f"evidence_{i}_text"] = text
            values[f"evidence_{i}_source"] = source
        return values
    if section == "stakeholders":
        values = {}
        for i, person in enumerate(case.stakeholders, start=1):
            values[f"stakeholder_{i}_name"] = person.name
            values[f"stakeholder_{i}_power"] = person.power
            values[f"stakeholder_{i}_interest"] = person.interest
        return values
    if section == "swot":
        return {name: "\n".join(case.swot.get(name, [])) for name, _, _ in SWOT}
    return {"outcomes": "\n".join(case.outcomes)}


def _rows(section: str, form: FormState) -> int:
    """How many rows a list form shows: those filled in and two blank ones."""
    if section == "evidence":
        prefix, most = "evidence_{}_text", MAX_EVIDENCE
    else:
        prefix, most = "stakeholder_{}_name", MAX_STAKEHOLDERS
    filled = max((i for i in range(1, most + 1) if form.value(prefix.format(i))), default=0)
    return min(most, filled + 2)


@get("/teams/{team_id:str}/journey/case", opt=MEMBER)
async def case_home(request: Request[Any, Any, Any]) -> Response[str]:
    return page(request, "case/index.html", case=_case(request), **_context(request))


def _section_page(
    request: Request[Any, Any, Any], section: str, form: FormState, status: int = 200
) -> Response[str]:
    context = _context(request)
    rows = _rows(section, form) if section in {"evidence", "stakeholders"} else 0
    if section in MERGED and not form.value("base_version"):
        version = team_of(request).store.reader.execute("SELECT version FROM team").fetchone()
        form.values["base_version"] = version[0]
    return page(
        request,
        "case/section.html",
        status=status,
        case=_case(request),
        section=section,
        form=form,
        rows=rows,
        **context,
    )


@get("/teams/{team_id:str}/journey/case/print", opt=MEMBER)
async def case_print(request: Request[Any, Any, Any]) -> Response[str]:
    return page(request, "case/print.html", case=_case(request), **_context(request))


@get("/teams/{team_id:str}/journey/case/{section:str}", opt=MEMBER)
async def case_section(request: Request[Any, Any, Any], section: FromPath[str]) -> Response[str]:
    if section not in TITLES:
        raise NotFoundException()
    form = FormState(values=_values(_case(request), section) if section in EDITABLE else {})
    return _section_page(request, section, form)


@post("/teams/{team_id:str}/journey/case/{section:str}", opt=LEAD)
async def save_section(
    request: Request[Any, Any, Any], team_id: FromPath[str], section: FromPath[str]
) -> Response[Any]:
    if section not in EDITABLE:
        raise NotFoundException()
    data = await read_form(request)
    name = f"case.{section}.save"
    outcome = await submit(request, team_of(request), name, data)
    if not outcome.ok:
        spec = services_of(request).registry.get(name)
        form = FormState(
            values=data, errors=dict(outcome.errors), schema=spec.schema if spec else None
        )
        return _section_page(request, section, form, status=422)
    flash = f"{TITLES[section]}: saved in the case"
    if outcome.status == "conflict":
        flash = f"{TITLES[section]}: someone else changed it at the same time. Check it"
        return redirect(f"/teams/{team_id}/journey/case/{section}", flash=flash)
    return redirect(f"/teams/{team_id}/journey/case", flash=flash)


def _file(content: bytes, media_type: str, filename: str) -> Response[bytes]:
    return Response(
        content=content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@get("/teams/{team_id:str}/journey/case.pdf", opt=MEMBER)
async def case_pdf(request: Request[Any, Any, Any]) -> Response[Any]:
    html = render_string(
        request, "case/document.html", {"case": _case(request), **_context(request)}
    )
    made = await run_sync(pdf_bytes, html, CASE_CSS)
    return _file(made, "application/pdf", "case-for-the-service.pdf")


@get("/teams/{team_id:str}/journey/case.docx", opt=MEMBER)
async def case_docx(request: Request[Any, Any, Any]) -> Response[Any]:
    made = await run_sync(docx_bytes, _case(request))
    return _file(made, DOCX, "case-for-the-service.docx")


ROUTES = [case_home, case_print, case_section, save_section, case_pdf, case_docx]
