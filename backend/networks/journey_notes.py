"""Starting a case example from the team's own journey: its pivot points (when, what
happened, how the service related to it) and a short history of its stage changes, as
editable text for the draft's pivot-points section. Asked of the journey feature (hook
JOURNEY_NOTES), which reads the team's file read-only; nothing is written to it."""

from __future__ import annotations

from typing import Any

from backend.dates import format_date
from backend.hooks import JOURNEY_NOTES, JourneyNotes, provided_one

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
    ask = provided_one(services.features, JOURNEY_NOTES)
    notes = ask(store, services) if ask is not None else JourneyNotes((), ())
    pivots = []
    for p in notes.pivot_points[-PIVOTS:]:
        line = f"- {format_date(p.happened_on)}: {p.what_happened.strip().rstrip('.')}"
        line += f" ({p.effect.lower()})."
        if p.response.strip():
            line += f" How we related to it: {p.response.strip()}"
        pivots.append(" ".join(line.split()))
    moves = [
        f"- {format_date(m.on)}: {m.characteristic} moved from {_stage(m.was)} to {_stage(m.now)}."
        for m in notes.stage_moves[-STAGE_CHANGES:]
    ]
    parts = _fits("Our pivot points, from our journey:", pivots, MAX_CHARS // 2)
    room = MAX_CHARS - sum(len(x) + 1 for x in parts) - 1
    parts += ([""] if parts else []) + _fits("How our stages changed:", moves, room)
    text = "\n".join(parts).strip()
    return text or "Our journey has no pivot points or stage changes recorded yet."


def _stage(title: str | None) -> str:
    return title.lower() if title is not None else "not assessed"
