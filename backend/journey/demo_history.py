"""Five years of dated changes to Riverside's journey actions, and its own additions."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from backend.dates import add_months_clamped
from backend.journey import demo_text as text
from backend.journey.demo_seeder import (
    HIDDEN,
    HIDE_AT,
    LOCAL_ACTION,
    RIVERSIDE_PEOPLE,
    Seeder,
    update,
)
from backend.journey.rules.merge import new_local_id
from backend.journey.rules.model import StageName

# Where each Riverside characteristic has got to after five years.
TARGETS = {
    "make-it-fit": StageName.SUSTAINABLE,
    "evaluate-and-learn": StageName.DEVELOPMENTAL,
    "networks-and-culture": StageName.SUSTAINABLE,
    "build-a-team": StageName.DEVELOPMENTAL,
    "top-down-buy-in": StageName.DEVELOPMENTAL,
    "structure-and-governance": StageName.STARTING_OUT,
    "nourish-and-sustain": StageName.DEVELOPMENTAL,
}


def final_status(stage: StageName, target: StageName, n: int, count: int) -> str:
    """The status an action ends on, so the characteristic ends at its target stage."""
    if stage.rank < target.rank:
        return "in_place"
    if stage == target:
        if target == StageName.SUSTAINABLE:
            return "in_place" if n % 2 == 0 else "partly_in_place"
        return "partly_in_place" if n == 0 else "in_place"
    return "partly_in_place" if n == 0 and count >= 2 else "not_started"


WINDOWS = {  # months: when work on a stage's actions starts, and how long it takes
    StageName.STARTING_OUT: ((0.5, 9), (2, 9)),
    StageName.DEVELOPMENTAL: ((10, 26), (5, 14)),
    StageName.SUSTAINABLE: ((30, 46), (3, 8)),
}


def action_path(s: Seeder, stage: StageName, final: str) -> list[tuple[float, str]]:
    """When an action became partly and fully in place, in months from the start."""
    if final == "not_started":
        return []
    r = s.rng
    (start_lo, start_hi), (take_lo, take_hi) = WINDOWS[stage]
    partly = r.uniform(start_lo, start_hi)
    steps = [(partly, "partly_in_place")]
    if stage != StageName.STARTING_OUT and r.random() < 0.3:  # stalled, then resumed
        steps += [
            (partly + r.uniform(2, 4), "not_started"),
            (partly + r.uniform(5, 7), "partly_in_place"),
        ]
        partly += 7
    if final == "in_place":
        steps.append((partly + r.uniform(take_lo, take_hi), "in_place"))
    return steps


def action_history(
    s: Seeder,
    action_id: str,
    stage: StageName,
    final: str,
    dips: list[float],
    months: float = 60.0,
    siblings: int = 1,
) -> None:
    r = s.rng
    steps = action_path(s, stage, final)
    owner = r.choice(RIVERSIDE_PEOPLE)
    timeline: list[tuple[float, str, str]] = [(0.2, "not_started", "")]
    for n, (at, status) in enumerate(steps):
        timeline.append((at, status, r.choice(text.EVIDENCE) if status == "in_place" else ""))
        if status == "partly_in_place":  # progress notes while the work goes on
            until = steps[n + 1][0] if n + 1 < len(steps) else months - 3
            when = at + r.uniform(2, 4)
            while when < until - 0.5:
                timeline.append((when, "check", r.choice(text.PROGRESS)))
                when += r.uniform(3, 5)
    if steps and steps[-1][1] == "in_place":
        done = steps[-1][0]
        fragile = [d for d in dips if done + 1 < d < months - 9]
        chance = 0.7 if stage != StageName.STARTING_OUT else 0.5 if siblings >= 3 else 0.0
        for dip in sorted(r.sample(fragile, min(2, len(fragile)))):
            if r.random() < chance:
                back = dip + r.uniform(2, 4)
                timeline.append((dip + 0.3, "partly_in_place", r.choice(text.DIPS)))
                timeline.append((back, "in_place", r.choice(text.EVIDENCE)))
        check = done + r.uniform(9, 14)
        while check < months - 1:
            timeline.append((check, "check", r.choice(text.CHECKS)))
            check += r.uniform(10, 14)
    status, who, due = "not_started", "", ""
    for at, new, note in sorted(timeline):
        if at >= months - 0.1:
            continue
        on = s.at(at)
        if new != "check":
            status = new
        if status == "partly_in_place" and new != "check":
            who, due = s.user(owner), add_months_clamped(on, r.randint(3, 8)).isoformat()
        update(s, action_id, on, status, evidence=note, owner_id=who, due=due)
    s.final[action_id] = status


def local_content(s: Seeder) -> None:
    s.add(
        s.at(24),
        lambda: s.apply(
            "alex",
            "journey.local_action.add",
            {
                "characteristic_id": "nourish-and-sustain",
                "stage": "developmental",
                "text": LOCAL_ACTION,
            },
        ),
    )
    local_id = new_local_id("action", set(), LOCAL_ACTION)
    update(
        s,
        local_id,
        s.at(30),
        "partly_in_place",
        owner_id=s.user("priya"),
        due=add_months_clamped(s.at(30), 4).isoformat(),
    )
    update(s, local_id, s.at(36), "in_place", evidence="Runs on the first Tuesday of each month.")
    s.final[local_id] = "in_place"
    s.add(
        s.at(20),
        lambda: s.apply(
            "alex",
            "journey.local_question.add",
            {
                "theme_id": "making-it-fit",
                "text": "How well do our courses reach people whose first language is not English?",
            },
        ),
    )
    s.add(s.at(HIDE_AT), lambda: s.apply("alex", "journey.item.hide", {"item_id": HIDDEN}))


def plan_review(s: Seeder, content: Any) -> None:
    """Two months ago the lead went through every action still partly in place and gave it
    an owner and a due date; three were due before today and are now overdue."""
    on = s.at(58)
    open_ids = [
        a.id
        for ch in content.characteristics
        for st in ch.stages
        for a in st.actions
        if a.id != HIDDEN and s.final.get(a.id) == "partly_in_place"
    ]
    r = random.Random(58)  # noqa: S311 (demo data)
    late = set(r.sample(open_ids, min(3, len(open_ids))))
    for n, action_id in enumerate(open_ids):
        due = (
            s.end - timedelta(days=5 + 4 * n)
            if action_id in late
            else add_months_clamped(s.end, 1 + n % 5)
        )
        owner = "alex" if n % 3 == 0 else r.choice(RIVERSIDE_PEOPLE)
        update(
            s,
            action_id,
            on,
            "partly_in_place",
            owner_id=s.user(owner),
            due=due.isoformat(),
            evidence="Agreed at the plan review.",
        )
