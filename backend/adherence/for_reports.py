"""Adherence's sections of the service's annual report (hook ANNUAL_REPORT_SECTIONS):
good practice (how many teachers met each standard on the last day) and the courses run
in the 12 months. Counts, never names."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from typing import Any

from backend.adherence import queries
from backend.adherence.evaluations import evaluate_team
from backend.adherence.rules.results import Status
from backend.hooks import ReportSection, WordPart

TITLES = ("Good practice", "Courses run")
"""Adherence's sections, in the report's order (after the journey's)."""


def annual_sections(
    conn: sqlite3.Connection, _services: Any, start: date, end: date
) -> list[ReportSection]:
    """Good practice and courses run, read from `conn` (inside the report's snapshot)."""
    return [_good_practice(conn, end), _courses(conn, start, end)]


def _good_practice(conn: sqlite3.Connection, end: date) -> ReportSection:
    teachers = queries.teachers(conn)
    evaluations = evaluate_team(conn, teachers, end)
    met: Counter[str] = Counter()
    applies: Counter[str] = Counter()
    titles: dict[str, str] = {}
    for evaluation in evaluations.values():
        for check in evaluation.checks:
            if check.status == Status.NOT_APPLICABLE:
                continue
            titles[check.rule_id] = check.title
            met[check.rule_id] += check.status in {Status.MET, Status.DUE_SOON}
            applies[check.rule_id] += 1
    standards = tuple((titles[rule], met[rule], applies[rule]) for rule in titles)
    word = (
        WordPart("paragraph", f"Teachers: {len(teachers)}"),
        *(WordPart("bullet", f"{title}: {n} of {of} met") for title, n, of in standards),
    )
    context = {"teachers": len(teachers), "standards": standards}
    return ReportSection(
        60, TITLES[0], "good-practice", "adherence/_report_good_practice.html", context, word
    )


def _courses(conn: sqlite3.Connection, start: date, end: date) -> ReportSection:
    courses = conn.execute(
        "SELECT count(*) FROM courses_taught WHERE deleted_at IS NULL"
        " AND start_date BETWEEN ? AND ?",
        [start.isoformat(), end.isoformat()],
    ).fetchone()[0]
    word = (WordPart("paragraph", f"Courses run: {courses}"),)
    context = {"courses": courses}
    return ReportSection(70, TITLES[1], "courses", "adherence/_report_courses.html", context, word)
