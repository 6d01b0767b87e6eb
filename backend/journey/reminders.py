"""What the weekly reminder digest says about the journey, to the team's leads: actions
in the plan that are overdue, and a review that is due."""

from __future__ import annotations

from datetime import date
from typing import Any

from backend.journey.view import team_snapshot
from backend.teams.roles import LEADS


def reminders(store: Any, base: str, as_of: date) -> dict[str, list[str]]:
    conn = store.reader
    leads = [
        row["user_id"]
        for row in conn.execute("SELECT user_id, roles FROM members WHERE left_at IS NULL")
        if LEADS & set(row["roles"].split())
    ]
    if not leads:
        return {}
    snap = team_snapshot(store, None, as_of)
    lines = [
        f"Overdue: {item.text} (due {item.due.day} {item.due:%B %Y})"
        for item in snap.plan
        if item.overdue and item.due is not None
    ]
    if lines:
        lines.append(f"See the action plan: {base}/journey/plan")
    if snap.review_due.is_due:
        lines.append(f"A review of your journey is due: {base}/reviews")
    return dict.fromkeys(leads, lines) if lines else {}
