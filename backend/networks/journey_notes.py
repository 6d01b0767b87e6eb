"""Starting a case example from the team's own journey: its pivot points (when, what
happened, how the service related to it) and a short history of its stage changes, as
editable text for the draft's pivot-points section. Read through the journey's public
view of a team (read-only); nothing is written to the team's file."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from backend.journey.history import long_date
from backend.journey.rules.labels import EFFECT_LABELS
from backend.journey.view import team_snapshot
from backend.networks import tags

MAX_CHARS = 4000
"""The pivot-points section's own limit."""
PIVOTS = 8
STAGE_CHANGES = 10


def _fits(head: str, lines: list[str], room: int) -> list[str]:
    """The heading and as many lines (in order) as fit in `room` characters."""
    kept: list[str] = []
    used = len(head) + 1
    for line in lines:
        if used + len(line) + 1 > room:
            break
        kept.append(line)
        used += len(line) + 1
    return [head, *kept] if kept else []


def journey_notes(store: Any, services: Any) -> str:
    """The team's newest pivot points and stage changes, oldest first within each part."""
    snap = team_snapshot(store, services)
    pivots = []
    for p in reversed(snap.pivots[:PIVOTS]):
        line = f"- {long_date(p.happened_on)}: {p.what_happened.strip().rstrip('.')}"
        line += f" ({EFFECT_LABELS.get(p.effect, p.effect).lower()})."
        if p.response.strip():
            line += f" How we related to it: {p.response.strip()}"
        pivots.append(" ".join(line.split()))
    stage = dict(tags.stages())
    titles = {ch.id: ch.title for ch in snap.team.journey.characteristics}
    moves = []
    points = snap.timeline
    for before, after in pairwise(points):
        was = dict(before.stages)
        for cid, now in after.stages:
            if now != was.get(cid):
                old = was.get(cid)
                then = stage.get(old.value, "").lower() if old else "not assessed"
                to = stage.get(now.value, "").lower() if now else "not assessed"
                moves.append(f"- {long_date(after.on)}: {titles[cid]} moved from {then} to {to}.")
    moves = moves[-STAGE_CHANGES:]
    parts = _fits("Our pivot points, from our journey:", pivots, MAX_CHARS // 2)
    room = MAX_CHARS - sum(len(x) + 1 for x in parts) - 1
    parts += ([""] if parts else []) + _fits("How our stages changed:", moves, room)
    text = "\n".join(parts).strip()
    return text or "Our journey has no pivot points or stage changes recorded yet."
