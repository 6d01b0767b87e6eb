"""The journey's sections of the service's annual report (hook ANNUAL_REPORT_SECTIONS):
where the journey stood at the start and the end (the grid, as the journey page draws
it), actions, pivot points, reflective reviews (with ratings over time) and implementers
with their drive risks. Counts, never names."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from backend.dates import format_date
from backend.hooks import ReportSection, WordPart
from backend.journey import queries, review_queries
from backend.journey.review_view import RatingsTable, ratings_over_time, shared_reviews
from backend.journey.rules.charts import CELL_BANDS, grid_chart
from backend.journey.rules.drive import drive_risks
from backend.journey.rules.labels import STAGE_LABELS
from backend.journey.rules.logic import ActionStatus, OverallPicture, assess_journey
from backend.journey.rules.model import StageName, TeamContent
from backend.journey.team import merged

TITLES = (
    "Where the journey stood",
    "Actions",
    "Pivot points",
    "Reflective reviews",
    "Implementers and drive risks",
)
"""The journey's sections, in the report's order (the first five)."""

CHARTS_AS_TABLES = (
    "The page and the PDF show these figures as charts too; this editable document"
    " gives them as tables."
)


@dataclass(frozen=True)
class GridRow:
    title: str
    start: tuple[str, ...]
    end: tuple[str, ...]
    start_stage: str
    end_stage: str


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


def annual_sections(
    conn: sqlite3.Connection, services: Any, start: date, end: date
) -> list[ReportSection]:
    """The journey's five sections, read from `conn` (inside the report's snapshot)."""
    content = merged(conn, services)
    return [
        _where_it_stood(conn, content, start, end),
        _actions(conn, start, end),
        _pivots(conn, start, end),
        _reviews(conn, content, start, end),
        _drive(conn, end),
    ]


def _where_it_stood(
    conn: sqlite3.Connection, content: TeamContent, start: date, end: date
) -> ReportSection:
    changes = queries.status_changes(conn)
    start_picture = assess_journey(content.journey, _statuses(changes, start))
    end_picture = assess_journey(content.journey, _statuses(changes, end))
    before, after = _cells(start_picture), _cells(end_picture)
    grid = tuple(
        GridRow(ch.title, before[ch.id][0], after[ch.id][0], before[ch.id][1], after[ch.id][1])
        for ch in content.journey.characteristics
    )
    context = {
        "start": start,
        "end": end,
        "grid": grid,
        "start_chart": grid_chart(start_picture),
        "end_chart": grid_chart(end_picture),
        "cell_bands": CELL_BANDS,
    }
    return ReportSection(
        10, TITLES[0], "journey", "journey/_report_grid.html", context, _grid(grid)
    )


def _grid(grid: tuple[GridRow, ...]) -> tuple[WordPart, ...]:
    header = ("Characteristic", "At the start", "At the end")
    rows = tuple(
        (
            row.title,
            f"{row.start_stage} ({' / '.join(row.start)})",
            f"{row.end_stage} ({' / '.join(row.end)})",
        )
        for row in grid
    )
    return (WordPart("table", rows=(header, *rows)), WordPart("paragraph", CHARTS_AS_TABLES))


def _actions(conn: sqlite3.Connection, start: date, end: date) -> ReportSection:
    completed = conn.execute(
        "SELECT count(DISTINCT action_id) FROM action_history"
        " WHERE status = 'in_place' AND evidence_date BETWEEN ? AND ?",
        [start.isoformat(), end.isoformat()],
    ).fetchone()[0]
    overdue = sum(
        1
        for r in queries.action_states(conn).values()
        if r.due_on is not None
        and r.due_on <= end
        and r.status not in {ActionStatus.IN_PLACE, ActionStatus.NOT_APPLICABLE}
    )
    word = (
        WordPart("paragraph", f"Actions completed: {completed}"),
        WordPart("paragraph", f"Actions overdue at the end: {overdue}"),
    )
    context = {"completed": completed, "overdue": overdue}
    return ReportSection(20, TITLES[1], "actions", "journey/_report_actions.html", context, word)


def _pivots(conn: sqlite3.Connection, start: date, end: date) -> ReportSection:
    pivots = tuple(
        (p.happened_on.isoformat(), p.kind.replace("_", " "), p.effect.replace("_", " "))
        for p in sorted(queries.pivot_points(conn), key=lambda p: p.happened_on)
        if start <= p.happened_on <= end
    )
    word = (
        WordPart("paragraph", f"Pivot points: {len(pivots)}"),
        *(WordPart("bullet", f"{when}: {kind}, {effect}") for when, kind, effect in pivots),
    )
    context = {"pivots": pivots}
    return ReportSection(30, TITLES[2], "pivots", "journey/_report_pivots.html", context, word)


def _reviews(
    conn: sqlite3.Connection, content: TeamContent, start: date, end: date
) -> ReportSection:
    rows = conn.execute(
        "SELECT r.id, r.opened_on, count(DISTINCT s.author_id) AS people, avg(s.rating) AS mean"
        " FROM reflective_reviews r LEFT JOIN review_ratings s"
        " ON s.review_id = r.id AND s.shared = 1 AND s.rating IS NOT NULL"
        " WHERE r.opened_on BETWEEN ? AND ? GROUP BY r.id ORDER BY r.opened_on, r.id",
        [start.isoformat(), end.isoformat()],
    ).fetchall()
    reviews = tuple(
        (
            r["opened_on"],
            r["people"],
            "no ratings shared" if r["mean"] is None else f"{r['mean']:+.1f}",
        )
        for r in rows
    )
    infos = [r for r in review_queries.reviews(conn) if start <= r.opened_on <= end]
    chart, table = ratings_over_time(infos, shared_reviews(conn, infos), content.questions)
    context = {"reviews": reviews, "ratings_chart": chart, "ratings_table": table}
    word = (
        WordPart("paragraph", f"Reviews: {len(reviews)}"),
        *(
            WordPart("bullet", f"{when}: {people} people rated, average {mean}")
            for when, people, mean in reviews
        ),
        *(_ratings_word(table) if chart is not None else ()),
    )
    return ReportSection(40, TITLES[3], "reviews", "journey/_report_reviews.html", context, word)


def _ratings_word(ratings: RatingsTable) -> tuple[WordPart, ...]:
    """Ratings over time (a chart on the page and in the PDF) as a table."""
    header = ("Review opened", *(title for _, title in ratings.themes))
    rows = tuple(
        (format_date(info.opened_on), *(_rating(value) for value in values))
        for info, values in ratings.rows
    )
    return (WordPart("heading", "Ratings over time"), WordPart("table", rows=(header, *rows)))


def _rating(value: int | None) -> str:
    return "No rating" if value is None else (f"+{value}" if value > 0 else str(value))


def _drive(conn: sqlite3.Connection, end: date) -> ReportSection:
    implementers = queries.implementers(conn)
    active = [i for i in implementers if i.expected_leaving is None or i.expected_leaving >= end]
    seniority = tuple(sorted(Counter(i.seniority.label for i in active).items()))
    risks = tuple(risk.title for risk in drive_risks(implementers, end))
    word = (
        WordPart("paragraph", f"Implementers: {len(active)}"),
        *(WordPart("bullet", f"{label}: {n}") for label, n in seniority),
        WordPart("paragraph", f"Drive risks: {len(risks)}"),
        *(WordPart("bullet", risk) for risk in risks),
    )
    context = {"implementers": len(active), "seniority": seniority, "risks": risks}
    return ReportSection(50, TITLES[4], "drive", "journey/_report_drive.html", context, word)
