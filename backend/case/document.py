"""The case as an editable Word document (python-docx); the PDF is the printable page's
own HTML (backend/web/documents.py:pdf_bytes). The stakeholder grid is a table here."""

from __future__ import annotations

import io
from typing import Any

from backend.case.costs import pounds
from backend.case.mutations import SWOT
from backend.case.queries import TITLES, Case
from backend.case.view import COST_LABELS, NEED_LABELS, quadrants


def _bullets(doc: Any, lines: list[str], empty: str = "None recorded yet.") -> None:
    if not lines:
        doc.add_paragraph(empty)
    for line in lines:
        doc.add_paragraph(line, style="List Bullet")


def _table(doc: Any, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def docx_bytes(case: Case) -> bytes:
    """The whole case, section by section, as a Word document."""
    from docx import Document

    doc = Document()
    doc.add_heading(f"{case.team_name}: the case for the service", 0)
    doc.add_heading(TITLES["need"], 1)
    need = case.need or {}
    _table(
        doc, ("Figure", "Value"), [(label, _number(need.get(name))) for name, label in NEED_LABELS]
    )
    if need.get("note"):
        doc.add_paragraph(need["note"])
    doc.add_heading(TITLES["evidence"], 1)
    for text, source in case.evidence:
        doc.add_paragraph(f"{text} Source: {source}", style="List Bullet")
    doc.add_heading(TITLES["costs"], 1)
    _costs(doc, case)
    doc.add_heading(TITLES["stakeholders"], 1)
    doc.add_paragraph("The power and interest grid, as a table.")
    _table(
        doc,
        ("Stakeholder", "Power", "Interest", "Approach"),
        [
            (p.name, p.power.title(), p.interest.title(), q)
            for q, people in quadrants(case)
            for p in people
        ],
    )
    doc.add_heading(TITLES["swot"], 1)
    for name, _, label in SWOT:
        doc.add_heading(label, 2)
        _bullets(doc, case.swot.get(name, []))
    doc.add_heading(TITLES["risks"], 1)
    _bullets(doc, [f"{title}. {reason}" for title, reason in case.risks], "No drive risks.")
    doc.add_heading(TITLES["outcomes"], 1)
    _bullets(doc, case.outcomes)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _number(value: Any) -> str:
    return "Not given" if value is None else f"{value:,}"


def _costs(doc: Any, case: Case) -> None:
    result = case.cost_result
    if case.costs is None or result is None:
        doc.add_paragraph("Not worked out yet.")
        return
    _table(doc, ("Input", "Value"), [(label, str(case.costs[name])) for name, label in COST_LABELS])
    _table(
        doc, ("One course", "Cost"), [(line.label, pounds(line.amount)) for line in result.lines]
    )
    doc.add_paragraph(f"Cost per course: {pounds(result.per_course)}")
    doc.add_paragraph(f"Cost per participant: {pounds(result.per_participant)}")
    doc.add_paragraph(f"Cost a year: {pounds(result.per_year)}")
    for message in result.messages:
        doc.add_paragraph(message)
    if case.costs.get("note"):
        doc.add_paragraph(case.costs["note"])
