"""What the journey tells the networks feature (hooks in backend/hooks.py): the
framework's characteristics, stages and themes that resources and questions are tagged
with (FRAMEWORK_TAGS), and a team's pivot points and stage changes, for a case example
its lead starts (JOURNEY_NOTES). Plain data; nothing is written to a team's file."""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from typing import Any

from backend.hooks import FrameworkTags, JourneyNotes, PivotNote, StageMove
from backend.journey.rules.content import load_content
from backend.journey.rules.labels import EFFECT_LABELS
from backend.journey.view import team_snapshot


@cache
def framework_tags() -> FrameworkTags:
    """The shipped content's characteristics, stages and themes, as (id, title) pairs."""
    content = load_content()
    return FrameworkTags(
        tuple((c.id, c.title) for c in content.characteristics),
        tuple((s.name.value, s.title) for s in content.stages),
        tuple((t.id, t.title) for t in content.themes),
    )


def journey_notes(store: Any, services: Any) -> JourneyNotes:
    """Every pivot point and every change of a characteristic's stage, oldest first."""
    snap = team_snapshot(store, services)
    pivots = tuple(
        PivotNote(p.happened_on, p.what_happened, EFFECT_LABELS.get(p.effect, p.effect), p.response)
        for p in reversed(snap.pivots)
    )
    stage = dict(framework_tags().stages)
    titles = {ch.id: ch.title for ch in snap.team.journey.characteristics}
    moves = []
    for before, after in pairwise(snap.timeline):
        was = dict(before.stages)
        for cid, now in after.stages:
            if now != was.get(cid):
                old = was.get(cid)
                moves.append(
                    StageMove(
                        after.on,
                        titles[cid],
                        stage.get(old.value, "") if old else None,
                        stage.get(now.value, "") if now else None,
                    )
                )
    return JourneyNotes(pivots, tuple(moves))
