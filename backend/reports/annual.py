"""The service's annual report: figures for a governance meeting, with counts, never
names (who met a standard, who implements, who answered a review are counted only).

`gather()` reads one snapshot of the team file; the page, `annual.pdf` (WeasyPrint, from
the same HTML) and `annual.docx` (python-docx) are made from what it returns.
"""

from __future__ import annotations

import io
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from backend.adherence import queries as adherence_queries
from backend.adherence.evaluations import evaluate_team
from backend.adherence.rules.results import Status
from backend.db.connection import connect, snapshot
from backend.journey import queries as journey_queries
from backend.journey import review_queries
from backend.journey.review_view import RatingsTable, ratings_over_time, shared_reviews
from backend.journey.rules.charts import GridChart, RatingsChart, grid_chart
from backend.journey.rules.drive import drive_risks
from backend.journey.rules.labels import STAGE_LABELS
from backend.journey.rules.logic import ActionStatus, OverallPicture, assess_journey
from backend.journey.rules.model import StageName
from backend.journey.team import merged

SECTIONS = (
    "Where the journey stood",
    "Actions",
    "Pivot points",
    "Reflective reviews",
    "Implementers and drive risks",
    "Good practice",
    "Courses run",
)


@dataclass(frozen=True)
class GridRow:
    title: str
    start: tuple[str, ...]
    end: tuple[str, ...]
    start_stage: str
    end_stage: str


@dataclass(frozen=True)
class Annual:
    team_name: str
    start: date
    end: date
    grid: tuple[GridRow, ...]
    completed: int
    overdue: int
    pivots: tuple[tuple[str, str, str], ...]
    reviews: tuple[tuple[str, int, str], ...]
    implementers: int
    seniority: tuple[tuple[str, int], ...]
    risks: tuple[str, ...]
    teachers: int
    standards: tuple[tuple[str, int, int], ...]
    courses: int
    start_chart: GridChart | None = None
    """The journey grid on the first day, as the same SVG the journey page draws."""
    end_chart: GridChart | None = None
    ratings_chart: RatingsChart | None = None
    """The team's ratings of each theme, review by review (the reviews page's SVG)."""
    ratings_table: RatingsTable | None = None


def _statuses(changes: list[Any], upto: date) -> dict[str, ActionStatus]:
    statuses: dict[str, ActionStatus] = {}
    for change in changes:
        if change.on <= upto:
            statuses[change.action_id] = change.status
    return statuses


def _cells(picture: OverallPicture) -> dict[str, tuple[tuple[str, ...], str]]:
    found = {}
    for ch in picture.characteristics:
        cells = []
        for name in StageName:
            pct = ch.strength(name).percent
            cells.append("n/a" if pct is None else f"{pct}%")
        found[ch.characteristic_id] = (
            tuple(cells),
            STAGE_LABELS[ch.stage] if ch.stage else "Not yet",
        )
    return found


def gather(path: Path, services: Any, team_name: str, start: date, end: date) -> Annual:
    """Everything the report says, read from the team file in one snapshot on a connection
    of its own (call it on a worker thread)."""
    with closing(connect(path)) as conn, snapshot(conn):
        content = merged(conn, services)
        changes = journey_queries.status_changes(conn)
        records = journey_queries.action_states(conn)
        pivots = journey_queries.pivot_points(conn)
        implementers = journey_queries.implementers(conn)
        rows = conn.execute(
            "SELECT r.id, r.opened_on, count(DISTINCT s.author_id) AS people, avg(s.rating) AS mean"
            " FROM reflective_reviews r LEFT JOIN review_ratings s"
            " ON s.review_id = r.id AND s.shared = 1 AND s.rating IS NOT NULL"
            " WHERE r.opened_on BETWEEN ? AND ? GROUP BY r.id ORDER BY r.opened_on, r.id",
            [start.isoformat(), end.isoformat()],
        ).fetchall()
        completed = conn.execute(
            "SELECT count(DISTINCT action_id) FROM action_history"
            " WHERE status = 'in_place' AND evidence_date BETWEEN ? AND ?",
            [start.isoformat(), end.isoformat()],
        ).fetchone()[0]
        courses = conn.execute(
            "SELECT count(*) FROM courses_taught WHERE deleted_at IS NULL"
            " AND start_date BETWEEN ? AND ?",
            [start.isoformat(), end.isoformat()],
        ).fetchone()[0]
        teachers = adherence_queries.teachers(conn)
        evaluations = evaluate_team(conn, teachers, end)
        infos = [r for r in review_queries.reviews(conn) if start <= r.opened_on <= end]
        shared = shared_reviews(conn, infos)
    journey = content.journey
    ratings_chart, ratings_table = ratings_over_time(infos, shared, content.questions)
    start_picture = assess_journey(journey, _statuses(changes, start))
    end_picture = assess_journey(journey, _statuses(changes, end))
    before = _cells(start_picture)
    after = _cells(end_picture)
    grid = tuple(
        GridRow(ch.title, before[ch.id][0], after[ch.id][0], before[ch.id][1], after[ch.id][1])
        for ch in journey.characteristics
    )
    overdue = sum(
        1
        for r in records.values()
        if r.due_on is not None
        and r.due_on <= end
        and r.status not in {ActionStatus.IN_PLACE, ActionStatus.NOT_APPLICABLE}
    )
    met: Counter[str] = Counter()
    titles: dict[str, str] = {}
    for evaluation in evaluations.values():
        for check in evaluation.checks:
            if check.status == Status.NOT_APPLICABLE:
                continue
            titles[check.rule_id] = check.title
            met[check.rule_id] += check.status in {Status.MET, Status.DUE_SOON}
    applies = Counter(
        c.rule_id
        for e in evaluations.values()
        for c in e.checks
        if c.status != Status.NOT_APPLICABLE
    )
    active = [i for i in implementers if i.expected_leaving is None or i.expected_leaving >= end]
    return Annual(
        team_name=team_name,
        start=start,
        end=end,
        grid=grid,
        completed=completed,
        overdue=overdue,
        pivots=tuple(
            (p.happened_on.isoformat(), p.kind.replace("_", " "), p.effect.replace("_", " "))
            for p in sorted(pivots, key=lambda p: p.happened_on)
            if start <= p.happened_on <= end
        ),
        reviews=tuple(
            (
                r["opened_on"],
                r["people"],
                "no ratings shared" if r["mean"] is None else f"{r['mean']:+.1f}",
            )
            for r in rows
        ),
        implementers=len(active),
        seniority=tuple(sorted(Counter(i.seniority.label for i in active).items())),
        risks=tuple(risk.title for risk in drive_risks(implementers, end)),
        teachers=len(teachers),
        standards=tuple((titles[rule], met[rule], applies[rule]) for rule in titles),
        courses=courses,
        start_chart=grid_chart(start_picture),
        end_chart=grid_chart(end_picture),
        ratings_chart=ratings_chart,
        ratings_table=ratings_table,
    )


def docx_bytes(report: Annual) -> bytes:
    """The report as an editable Word document."""
    from docx import Document

    doc = Document()
    doc.add_heading(f"{report.team_name}: annual report", 0)
    doc.add_paragraph(f"{_long(report.start)} to {_long(report.end)}")
    doc.add_heading(SECTIONS[0], 1)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("Characteristic", "At the start", "At the end"), strict=True
    ):
        cell.text = text
    for row in report.grid:
        cells = table.add_row().cells
        cells[0].text = row.title
        cells[1].text = f"{row.start_stage} ({' / '.join(row.start)})"
        cells[2].text = f"{row.end_stage} ({' / '.join(row.end)})"
    doc.add_paragraph(CHARTS_AS_TABLES)
    doc.add_heading(SECTIONS[1], 1)
    doc.add_paragraph(f"Actions completed: {report.completed}")
    doc.add_paragraph(f"Actions overdue at the end: {report.overdue}")
    doc.add_heading(SECTIONS[2], 1)
    doc.add_paragraph(f"Pivot points: {len(report.pivots)}")
    for when, kind, effect in report.pivots:
        doc.add_paragraph(f"{when}: {kind}, {effect}", style="List Bullet")
    doc.add_heading(SECTIONS[3], 1)
    doc.add_paragraph(f"Reviews: {len(report.reviews)}")
    for when, people, mean in report.reviews:
        doc.add_paragraph(f"{when}: {people} people rated, average {mean}", style="List Bullet")
    _ratings_table(doc, report)
    doc.add_heading(SECTIONS[4], 1)
    doc.add_paragraph(f"Implementers: {report.implementers}")
    for label, n in report.seniority:
        doc.add_paragraph(f"{label}: {n}", style="List Bullet")
    doc.add_paragraph(f"Drive risks: {len(report.risks)}")
    for risk in report.risks:
        doc.add_paragraph(risk, style="List Bullet")
    doc.add_heading(SECTIONS[5], 1)
    doc.add_paragraph(f"Teachers: {report.teachers}")
    for title, met, applies in report.standards:
        doc.add_paragraph(f"{title}: {met} of {applies} met", style="List Bullet")
    doc.add_heading(SECTIONS[6], 1)
    doc.add_paragraph(f"Courses run: {report.courses}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


CHARTS_AS_TABLES = (
    "The page and the PDF show these figures as charts too; this editable document"
    " gives them as tables."
)


def _ratings_table(doc: Any, report: Annual) -> None:
    """Ratings over time (a chart on the page and in the PDF) as a table."""
    ratings = report.ratings_table
    if report.ratings_chart is None or ratings is None:
        return
    doc.add_heading("Ratings over time", 2)
    table = doc.add_table(rows=1, cols=1 + len(ratings.themes))
    table.style = "Table Grid"
    header = ("Review opened", *(title for _, title in ratings.themes))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for info, values in ratings.rows:
        cells = table.add_row().cells
        cells[0].text = _long(info.opened_on)
        for cell, value in zip(cells[1:], values, strict=True):
            cell.text = "No rating" if value is None else (f"+{value}" if value > 0 else str(value))


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
