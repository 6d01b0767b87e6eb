"""The service's annual report: figures for a governance meeting, with counts, never
names (who met a standard, who implements, who answered a review are counted only).

The report is the frame (the team, the 12 months, the order of the sections); the
sections are the features' own (hook ANNUAL_REPORT_SECTIONS: the journey's, then
adherence's). `gather()` asks each feature for its sections inside one snapshot of the
team file; the page, `annual.pdf` (WeasyPrint, from the same HTML) and `annual.docx`
(python-docx) are made from what it returns.
"""

from __future__ import annotations

import io
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from backend.dates import format_date
from backend.db.connection import connect, snapshot
from backend.hooks import ANNUAL_REPORT_SECTIONS, ReportSection, WordPart, provided


@dataclass(frozen=True)
class Annual:
    team_name: str
    start: date
    end: date
    sections: tuple[ReportSection, ...]
    """Every feature's sections, in their order."""


def gather(path: Path, services: Any, team_name: str, start: date, end: date) -> Annual:
    """Everything the report says, read from the team file in one snapshot on a connection
    of its own (call it on a worker thread)."""
    with closing(connect(path)) as conn, snapshot(conn):
        sections = [
            section
            for sections_of in provided(services.features, ANNUAL_REPORT_SECTIONS)
            for section in sections_of(conn, services, start, end)
        ]
    return Annual(team_name, start, end, tuple(sorted(sections, key=lambda s: s.order)))


def docx_bytes(report: Annual) -> bytes:
    """The report as an editable Word document."""
    from docx import Document

    doc = Document()
    doc.add_heading(f"{report.team_name}: annual report", 0)
    doc.add_paragraph(f"{format_date(report.start)} to {format_date(report.end)}")
    for section in report.sections:
        doc.add_heading(section.title, 1)
        for part in section.word:
            _add(doc, part)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _add(doc: Any, part: WordPart) -> None:
    if part.kind == "heading":
        doc.add_heading(part.text, 2)
    elif part.kind == "bullet":
        doc.add_paragraph(part.text, style="List Bullet")
    elif part.kind == "table":
        header, *rows = part.rows
        table = doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
    else:
        doc.add_paragraph(part.text)
