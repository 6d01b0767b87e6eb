"""Stage progress over time, replayed from the history of action status changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from backend.journey.rules.logic import ActionStatus, derive_stage, stage_strength, typical_stage
from backend.journey.rules.model import Characteristic, StageName, TeamJourney


@dataclass(frozen=True)
class StatusChange:
    action_id: str
    status: ActionStatus
    on: date


@dataclass(frozen=True)
class TimelinePoint:
    """Derived stages at the end of day `on`, in the journey's characteristic order."""

    on: date
    stages: tuple[tuple[str, StageName | None], ...]
    typical: StageName | None


def stage_timeline(
    journey: TeamJourney,
    changes: Iterable[StatusChange],
    initial: Mapping[str, ActionStatus] | None = None,
) -> tuple[TimelinePoint, ...]:
    """One point for the first day with changes, then one for each day the stages moved.

    Changes are applied in date order (same-day changes in the order given; the last
    one wins). Changes to actions outside the journey (hidden, unknown) are ignored.
    """
    owner = {
        action.id: ch.id
        for ch in journey.characteristics
        for stage in ch.stages
        for action in stage.actions
    }
    statuses = dict(initial or {})
    stages = {ch.id: _stage(ch, statuses) for ch in journey.characteristics}
    by_id = {ch.id: ch for ch in journey.characteristics}
    points: list[TimelinePoint] = []
    for day, day_changes in groupby(sorted(changes, key=lambda c: c.on), key=lambda c: c.on):
        touched = set()
        for change in day_changes:
            if change.action_id in owner:
                statuses[change.action_id] = change.status
                touched.add(owner[change.action_id])
        for ch_id in touched:
            stages[ch_id] = _stage(by_id[ch_id], statuses)
        snapshot = tuple(stages.items())
        if not points or snapshot != points[-1].stages:
            points.append(TimelinePoint(day, snapshot, typical_stage(stages.values())))
    return tuple(points)


def _stage(ch: Characteristic, statuses: Mapping[str, ActionStatus]) -> StageName | None:
    return derive_stage([stage_strength(stage, statuses) for stage in ch.stages])
