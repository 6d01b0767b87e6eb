"""The lead's team summary: every teacher's statuses as of a date, and a trend of how
many met every standard at the end of each of the months before.

One team evaluation reads every teacher's records and runs the engine: about 0.15 s
for 200 teachers with 10 years of records, and the trend needs one per month end. So:

- the month ends missing from the cache are evaluated from one read of the records
  (the earliest date's cutoffs keep everything a later date needs, and the engine
  counts only records dated by its "as of");
- each month end's counts (a few numbers) are kept per team file, team version and
  date, in a bounded LRU: a change to the team raises its version, so they are never
  stale (docs/decisions/0012);
- the whole summary is computed on a worker thread with its own read connection
  (docs/decisions/0004), so the first view after a change does not hold up other
  requests.
"""

from __future__ import annotations

import gc
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from backend.adherence import charts, queries, view
from backend.adherence.evaluations import (
    cutoffs,
    teacher_records,
    team_evaluations,
    team_profile,
)
from backend.adherence.queries import Person
from backend.adherence.rules.engine import evaluate_many
from backend.adherence.rules.results import Evaluation, Status
from backend.cache import Lru
from backend.db.connection import connect, snapshot

TREND_MONTHS = 12
"""Points on the trend: the "as of" date and the ends of the 11 months before it."""
COUNTS: Lru[tuple[Any, ...], dict[Status, int]] = Lru(16 * TREND_MONTHS)
"""Per (team file, team version, month end): how many teachers had each overall status."""


@dataclass(frozen=True, slots=True)
class Summary:
    teachers: list[Person]
    evaluations: dict[str, Evaluation]
    """Every teacher's evaluation as of the chosen date, by user id."""
    trend: list[charts.Point]


def team_summary(path: Path, as_of: date) -> Summary:
    """The summary of the team in this file, read on its own connection: call it on a
    worker thread (the event loop's reader is not shared across threads)."""
    with closing(connect(path)) as conn, snapshot(conn):
        teachers = queries.teachers(conn)
        evaluations = team_evaluations(conn, teachers, as_of, str(path))
        points = trend(conn, teachers, as_of, str(path), evaluations)
        return Summary(teachers, evaluations, points)


def trend(
    conn: sqlite3.Connection,
    teachers: list[Person],
    as_of: date,
    key: str,
    now: dict[str, Evaluation] | None = None,
) -> list[charts.Point]:
    """Overall counts at each of TREND_MONTHS dates up to as_of (`now`: the evaluations as
    of as_of, if already made). `teachers` must be every teacher in the team
    (queries.teachers): the cache key is the team file, its version and the date."""
    days = view.month_ends(as_of, TREND_MONTHS)
    version = queries.version(conn)
    found: dict[date, dict[Status, int]] = {}
    if now is not None:
        found[as_of] = charts.overall_counts(now.values())
    for day in days:
        counts = None if day in found else COUNTS.get((key, version, day))
        if counts is not None:
            found[day] = counts
    missing = [day for day in days if day not in found]
    if missing:
        for day, counts in overall_counts_at(conn, teachers, missing).items():
            COUNTS.put((key, version, day), counts)
            found[day] = counts
    return [charts.Point(day, found[day]) for day in days]


def overall_counts_at(
    conn: sqlite3.Connection, teachers: list[Person], days: list[date]
) -> dict[date, dict[Status, int]]:
    """How many teachers had each overall status on each day, from one read of records."""
    chosen = queries.settings(conn)
    profile = team_profile(chosen)
    paused = gc.isenabled()
    gc.disable()  # see evaluations.teacher_records
    try:
        records = teacher_records(conn, teachers, cutoffs(profile, min(days)))
        return {
            day: charts.overall_counts(evaluate_many(records, profile, day, chosen.due_soon_days))
            for day in days
        }
    finally:
        if paused:
            gc.enable()
