"""What the weekly reminder digest says about good practice: for a teacher, standards
due soon or not met, with their next step; for a supervisor, records waiting for their
sign-off. Read from one team file; called on a worker thread or by `mbp remind`."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from backend.adherence import queries
from backend.adherence.evaluations import evaluate_team, team_profile
from backend.adherence.rules.kinds import KINDS
from backend.adherence.rules.results import Status
from backend.adherence.view import next_step

WORTH_SAYING = (Status.NOT_MET, Status.DUE_SOON)


def reminders(store: Any, base: str, as_of: date) -> dict[str, list[str]]:
    """Lines for each person (by user id); `base` is the team's address."""
    conn = store.reader
    said: dict[str, list[str]] = defaultdict(list)
    teachers = queries.teachers(conn)
    if teachers:
        evaluations = evaluate_team(conn, teachers, as_of)
        profile = team_profile(queries.settings(conn))
        for teacher in teachers:
            evaluation = evaluations.get(teacher.user_id)
            for check in evaluation.checks if evaluation else ():
                if check.advisory or check.status not in WORTH_SAYING:
                    continue
                line = f"{check.title}: {check.status.label.lower()}"
                if check.status is Status.DUE_SOON and check.next_due:
                    line += f", by {check.next_due.day} {check.next_due:%B %Y}"
                step = next_step(check, profile, base)
                if step is not None:
                    line += f". Next step: {step.text} ({step.href})"
                said[teacher.user_id].append(line)
    waiting = queries.unverified_counts(conn, KINDS)
    for supervisor in queries.supervisors(conn):
        count = sum(
            waiting.get(p.user_id, 0) for p in queries.supervisees(conn, supervisor.user_id)
        )
        if count:
            plural = "record is" if count == 1 else "records are"
            said[supervisor.user_id].append(
                f"{count} {plural} waiting for your sign-off ({base}/adherence)"
            )
    return dict(said)
