"""The demo teams' journeys, seeded through the mutation path (Feature.seed_demo).

Riverside has five years of history: hundreds of dated action changes, thirty pivot
points, ten reflective reviews with answers shared by several members (and one
draft), and implementers including one leaving soon with no successor. Hillside has
just started. Every record goes through `demo.apply`, so it is validated, logged and
audited like any other change; dated records carry their own dates as arguments.
"""

from __future__ import annotations

import random
from typing import Any

from backend.dates import add_months_clamped, uk_today
from backend.journey import demo_text as text
from backend.journey.demo_history import (
    TARGETS,
    action_history,
    final_status,
    local_content,
    plan_review,
)
from backend.journey.demo_registers import (
    add_implementer,
    answer,
    answers_for,
    implementers,
    pivots,
    reviews,
)
from backend.journey.demo_seeder import HIDDEN, HIDE_AT, Seeder, update
from backend.journey.rules.model import StageName
from backend.journey.team import shipped


def seed_demo(demo: Any) -> None:
    end = uk_today()
    riverside = Seeder(demo, "riverside", add_months_clamped(end, -60), end, random.Random(2021))  # noqa: S311 (demo data)
    _riverside(riverside)
    riverside.run()
    hillside = Seeder(demo, "hillside", add_months_clamped(end, -8), end, random.Random(2025))  # noqa: S311
    _hillside(hillside)
    hillside.run()


def _riverside(s: Seeder) -> None:
    content = shipped(s.demo.services)
    dips = [float(m) for m, _, effect, *_ in text.RIVERSIDE_PIVOTS if effect == "more_fragile"]
    for ch in content.characteristics:
        for stage in ch.stages:
            for n, action in enumerate(stage.actions):
                final = final_status(stage.name, TARGETS[ch.id], n, len(stage.actions))
                until = HIDE_AT if action.id == HIDDEN else 60.0
                action_history(s, action.id, stage.name, final, dips, until, len(stage.actions))
    local_content(s)
    pivots(s)
    implementers(s)
    reviews(s)
    plan_review(s, content)


def _hillside(s: Seeder) -> None:
    content = shipped(s.demo.services)
    starting = [
        a for ch in content.characteristics for a in ch.stage(StageName.STARTING_OUT).actions
    ]
    for n, action in enumerate(starting[:9]):
        status = "in_place" if n % 3 == 0 else "partly_in_place"
        extra: dict[str, Any] = {"evidence": "Agreed with the service manager."}
        if status == "partly_in_place":
            extra = {"owner_id": s.user("morgan"), "due": add_months_clamped(s.end, 2).isoformat()}
        update(s, action.id, s.at(1 + n * 0.5), status, **extra)
    s.add(
        s.at(2),
        lambda: s.apply(
            "morgan",
            "journey.pivot.log",
            {
                "happened_on": s.at(2).isoformat(),
                "kind": "funding",
                "effect": "stronger",
                "what_happened": "The locality agreed to fund a first MBSR course for staff.",
                "response": "Booked a teacher and a room.",
                "themes": ["context"],
            },
        ),
    )
    s.add(
        s.at(0.5),
        lambda: add_implementer(
            s,
            "morgan",
            {
                "name": "Morgan Lee",
                "role": "Service lead",
                "seniority": "team_lead",
                "skills": "MBSR teaching",
                "passion": "Staff wellbeing.",
            },
        ),
    )

    def review() -> None:
        out = s.apply(
            "morgan",
            "journey.review.open",
            {
                "title": "First reflective review",
                "opened_on": s.at(3).isoformat(),
                "reason": "",
                "pivot_point_id": "",
            },
        )
        questions = [q for t in content.themes for q in t.questions]
        answers = answers_for(s, ["morgan", "chris"], 0, questions)
        for person in ("morgan", "chris"):
            answer(s, person, out.result["id"], 0, answers[person], share=True)

    s.add(s.at(3), review)
