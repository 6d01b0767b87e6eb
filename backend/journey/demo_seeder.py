"""The demo seeder's working parts: dated events applied in order, as demo people."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from backend.dates import add_months_clamped

RIVERSIDE_PEOPLE = ["alex", "sam", "jo", "priya", "tom"]
HIDDEN = "networks-and-culture.sustainable.joint-provision"
HIDE_AT = 40.0
LOCAL_ACTION = "Offer a monthly practice session open to every teacher in the trust."


@dataclass(order=True)
class Event:
    on: date
    seq: int
    run: Callable[[], Any] = field(compare=False)


@dataclass
class Seeder:
    demo: Any
    team: str
    start: date
    end: date
    rng: random.Random
    events: list[Event] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)
    final: dict[str, str] = field(default_factory=dict)

    def at(self, months: float) -> date:
        whole = int(months)
        day = add_months_clamped(self.start, whole) + timedelta(days=int((months - whole) * 30))
        return min(day, self.end)

    def add(self, on: date, run: Callable[[], Any]) -> None:
        self.events.append(Event(on, len(self.events), run))

    def apply(self, person: str, name: str, args: dict[str, Any]) -> Any:
        return self.demo.apply(self.team, person, name, args)

    def user(self, person: str) -> str:
        return str(self.demo.people[person].id)

    def run(self) -> None:
        for event in sorted(self.events):
            event.run()


def update(s: Seeder, action_id: str, on: date, status: str, **extra: Any) -> None:
    args = {"action_id": action_id, "status": status, "evidence_date": on.isoformat()}
    args |= {"owner_id": "", "due": "", "evidence": ""} | extra
    s.add(
        on,
        lambda: s.apply(
            "alex" if s.team == "riverside" else "morgan", "journey.action.update", args
        ),
    )
