"""Pure rules for the journey grid: strength, derived stage, overall picture, action plan.

The rules are written out in `docs/journey-rules.md`; keep the two in step.

- Points per action: in place 2, partly in place 1, not started 0; not applicable
  actions are left out. An action with no recorded status counts as not started.
- Strength of a stage = points / (2 x applicable actions), as a percentage rounded
  down. A stage with no applicable actions has no strength (None).
- A stage is *established* when its strength is >= 80% and *under way* when >= 50%.
  A stage with no applicable actions counts as both.
- Derived stage: sustainable if starting out and developmental are established and
  sustainable is under way; developmental if starting out is established and
  developmental is under way; otherwise starting out. A characteristic with no
  applicable actions at all has no derived stage (None, "not assessed").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from backend.journey.rules.model import (
    STAGE_ORDER,
    Action,
    Characteristic,
    Stage,
    StageName,
    TeamJourney,
)

ESTABLISHED_PERCENT = 80
UNDER_WAY_PERCENT = 50


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    PARTLY_IN_PLACE = "partly_in_place"
    IN_PLACE = "in_place"
    NOT_APPLICABLE = "not_applicable"


STATUS_POINTS: Mapping[ActionStatus, int] = {
    ActionStatus.NOT_STARTED: 0,
    ActionStatus.PARTLY_IN_PLACE: 1,
    ActionStatus.IN_PLACE: 2,
}
MAX_POINTS = 2


@dataclass(frozen=True)
class ActionState:
    """What a team has recorded against one action."""

    status: ActionStatus = ActionStatus.NOT_STARTED
    owner: str | None = None
    due: date | None = None
    evidence: str = ""


@dataclass(frozen=True)
class StageStrength:
    stage: StageName
    points: int
    applicable: int
    not_applicable: int = 0

    @property
    def possible(self) -> int:
        return MAX_POINTS * self.applicable

    @property
    def percent(self) -> int | None:
        """Rounded down, so it never overstates; None when nothing applies."""
        if self.applicable == 0:
            return None
        return self.points * 100 // self.possible

    def reaches(self, threshold_percent: int) -> bool:
        """Exact comparison; a stage with no applicable actions always reaches."""
        return self.points * 100 >= threshold_percent * self.possible


@dataclass(frozen=True)
class CharacteristicPicture:
    characteristic_id: str
    title: str
    strengths: tuple[StageStrength, ...]
    stage: StageName | None
    focus: StageName | None

    def strength(self, name: StageName) -> StageStrength:
        return self.strengths[name.rank]


@dataclass(frozen=True)
class OverallPicture:
    characteristics: tuple[CharacteristicPicture, ...]
    counts: tuple[tuple[StageName, int], ...]
    not_assessed: tuple[str, ...]
    typical: StageName | None
    weakest: StageName | None
    weakest_ids: tuple[str, ...]
    stage_strengths: tuple[StageStrength, ...]


@dataclass(frozen=True)
class PlanItem:
    action_id: str
    text: str
    characteristic_id: str
    characteristic_title: str
    stage: StageName
    status: ActionStatus
    owner: str | None
    due: date | None
    overdue: bool
    suggestion: bool
    local: bool


def stage_strength(stage: Stage, statuses: Mapping[str, ActionStatus]) -> StageStrength:
    points = applicable = not_applicable = 0
    for action in stage.actions:
        status = statuses.get(action.id, ActionStatus.NOT_STARTED)
        if status == ActionStatus.NOT_APPLICABLE:
            not_applicable += 1
        else:
            applicable += 1
            points += STATUS_POINTS[status]
    return StageStrength(stage.name, points, applicable, not_applicable)


def _ordered(strengths: Sequence[StageStrength]) -> tuple[StageStrength, ...]:
    by_stage = {s.stage: s for s in strengths}
    if set(by_stage) != set(STAGE_ORDER) or len(strengths) != len(STAGE_ORDER):
        raise ValueError("need exactly one strength for each of the three stages")
    return tuple(by_stage[name] for name in STAGE_ORDER)


def derive_stage(strengths: Sequence[StageStrength]) -> StageName | None:
    """The stage a characteristic has reached (see the module docstring)."""
    start, developing, lasting = _ordered(strengths)
    if start.applicable == developing.applicable == lasting.applicable == 0:
        return None
    if (
        start.reaches(ESTABLISHED_PERCENT)
        and developing.reaches(ESTABLISHED_PERCENT)
        and lasting.reaches(UNDER_WAY_PERCENT)
    ):
        return StageName.SUSTAINABLE
    if start.reaches(ESTABLISHED_PERCENT) and developing.reaches(UNDER_WAY_PERCENT):
        return StageName.DEVELOPMENTAL
    return StageName.STARTING_OUT


def focus_stage(strengths: Sequence[StageStrength]) -> StageName | None:
    """The stage to work on: the first that is not established (else sustainable)."""
    ordered = _ordered(strengths)
    if all(s.applicable == 0 for s in ordered):
        return None
    for strength in ordered:
        if not strength.reaches(ESTABLISHED_PERCENT):
            return strength.stage
    return StageName.SUSTAINABLE


def assess_characteristic(
    characteristic: Characteristic, statuses: Mapping[str, ActionStatus]
) -> CharacteristicPicture:
    strengths = tuple(stage_strength(characteristic.stage(name), statuses) for name in STAGE_ORDER)
    return CharacteristicPicture(
        characteristic_id=characteristic.id,
        title=characteristic.title,
        strengths=strengths,
        stage=derive_stage(strengths),
        focus=focus_stage(strengths),
    )


def assess_journey(journey: TeamJourney, statuses: Mapping[str, ActionStatus]) -> OverallPicture:
    return summarise([assess_characteristic(ch, statuses) for ch in journey.characteristics])


def summarise(pictures: Sequence[CharacteristicPicture]) -> OverallPicture:
    """The team's overall picture: counts per stage, typical (lower median) and weakest."""
    assessed = [p for p in pictures if p.stage is not None]
    weakest = min((p.stage for p in assessed if p.stage is not None), key=_rank, default=None)
    pooled = tuple(
        StageStrength(
            name,
            sum(p.strength(name).points for p in pictures),
            sum(p.strength(name).applicable for p in pictures),
            sum(p.strength(name).not_applicable for p in pictures),
        )
        for name in STAGE_ORDER
    )
    return OverallPicture(
        characteristics=tuple(pictures),
        counts=tuple((name, sum(1 for p in assessed if p.stage == name)) for name in STAGE_ORDER),
        not_assessed=tuple(p.characteristic_id for p in pictures if p.stage is None),
        typical=typical_stage(p.stage for p in pictures),
        weakest=weakest,
        weakest_ids=tuple(p.characteristic_id for p in assessed if p.stage == weakest),
        stage_strengths=pooled,
    )


def typical_stage(stages: Iterable[StageName | None]) -> StageName | None:
    """The lower median of the assessed stages (None when nothing is assessed)."""
    ranks = sorted(stage.rank for stage in stages if stage is not None)
    return STAGE_ORDER[ranks[(len(ranks) - 1) // 2]] if ranks else None


def _rank(stage: StageName) -> int:
    return stage.rank


def statuses_of(states: Mapping[str, ActionState]) -> dict[str, ActionStatus]:
    return {action_id: state.status for action_id, state in states.items()}


def action_plan(
    journey: TeamJourney, states: Mapping[str, ActionState], as_of: date
) -> tuple[PlanItem, ...]:
    """Gaps to close, in grid order.

    An action is in the plan when it applies, is not in place, and either sits in or
    before its characteristic's focus stage, or already has an owner or a due date.
    It is overdue when its due date is before `as_of`.
    """
    statuses = statuses_of(states)
    items: list[PlanItem] = []
    for ch in journey.characteristics:
        focus = assess_characteristic(ch, statuses).focus
        for stage in ch.stages:
            for action in stage.actions:
                state = states.get(action.id, ActionState())
                if state.status in (ActionStatus.IN_PLACE, ActionStatus.NOT_APPLICABLE):
                    continue
                in_reach = focus is not None and stage.name.rank <= focus.rank
                if in_reach or state.owner or state.due:
                    items.append(_plan_item(ch, action, state, as_of))
    return tuple(items)


def _plan_item(ch: Characteristic, action: Action, state: ActionState, as_of: date) -> PlanItem:
    return PlanItem(
        action_id=action.id,
        text=action.text,
        characteristic_id=ch.id,
        characteristic_title=ch.title,
        stage=action.stage,
        status=state.status,
        owner=state.owner,
        due=state.due,
        overdue=state.due is not None and state.due < as_of,
        suggestion=action.suggestion,
        local=action.local,
    )
