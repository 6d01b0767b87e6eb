"""What the journey pages show, computed once per team version and day.

A `Snapshot` reads the team's journey rows in one read transaction, and derives the
picture, the plan, the timeline and the drive risks lazily. Snapshots hold nothing
private (no drafts), so every member of the team shares them; they are cached by
(team file, team version, day), and any change to the team makes a new one. Rendered
fragments that are the same for everyone are cached on the snapshot too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

from markupsafe import Markup

from backend.cache import Lru
from backend.dates import uk_today
from backend.db.connection import snapshot as read_transaction
from backend.journey import queries, review_queries
from backend.journey.rules.charts import (
    GridChart,
    PivotMark,
    TimelineChart,
    grid_chart,
    timeline_chart,
)
from backend.journey.rules.drive import DriveRisk, drive_risks
from backend.journey.rules.labels import EFFECT_SHORT
from backend.journey.rules.logic import (
    ActionState,
    ActionStatus,
    CharacteristicPicture,
    OverallPicture,
    PlanItem,
    action_plan,
    assess_journey,
)
from backend.journey.rules.model import Action, Characteristic, TeamContent
from backend.journey.rules.reviews import ReviewDue, review_due
from backend.journey.rules.timeline import TimelinePoint, stage_timeline
from backend.journey.team import merged, shipped

MAX_SNAPSHOTS = 64
MAX_FRAGMENTS = 256
"""Rendered pieces kept per snapshot, most recently used first: a member opening every
pair of reviews to compare must not hold a team's memory hostage."""
T = TypeVar("T")


class Snapshot:
    def __init__(self, conn: sqlite3.Connection, services: Any, as_of: date) -> None:
        with read_transaction(conn):
            self.version = queries.version(conn)
            self.team: TeamContent = merged(conn, services)
            self.records = queries.action_states(conn)
            self.people = queries.people(conn)
            self.changes = queries.status_changes(conn)
            self.pivots = queries.pivot_points(conn)
            self.implementers = queries.implementers(conn)
            self.reviews = review_queries.reviews(conn)
        self.today = as_of
        self.content = shipped(services)
        self.fragments: Lru[str, Markup] = Lru(MAX_FRAGMENTS)
        self.kept: dict[str, Any] = {}

    @cached_property
    def states(self) -> dict[str, ActionState]:
        return {action_id: record.state() for action_id, record in self.records.items()}

    @cached_property
    def statuses(self) -> dict[str, ActionStatus]:
        return {action_id: record.status for action_id, record in self.records.items()}

    @cached_property
    def picture(self) -> OverallPicture:
        return assess_journey(self.team.journey, self.statuses)

    @cached_property
    def plan(self) -> tuple[PlanItem, ...]:
        return action_plan(self.team.journey, self.states, self.today)

    @cached_property
    def overdue(self) -> int:
        return sum(1 for item in self.plan if item.overdue)

    @cached_property
    def timeline(self) -> tuple[TimelinePoint, ...]:
        return stage_timeline(self.team.journey, self.changes)

    @cached_property
    def risks(self) -> tuple[DriveRisk, ...]:
        return drive_risks(self.implementers, self.today)

    @cached_property
    def review_due(self) -> ReviewDue:
        last = max((r.opened_on for r in self.reviews), default=None)
        return review_due(last, self.today)

    @cached_property
    def grid(self) -> GridChart:
        return grid_chart(self.picture)

    @cached_property
    def timeline_chart(self) -> TimelineChart | None:
        marks = [
            PivotMark(p.happened_on, p.effect, f"{EFFECT_SHORT[p.effect]}: {p.what_happened}")
            for p in reversed(self.pivots)
        ]
        return timeline_chart(self.team.journey, self.timeline, marks, self.today)

    @cached_property
    def actions(self) -> dict[str, Action]:
        """Every visible action by id."""
        return {
            action.id: action
            for ch in self.team.journey.characteristics
            for stage in ch.stages
            for action in stage.actions
        }

    def characteristic(self, characteristic_id: str) -> Characteristic | None:
        for ch in self.team.journey.characteristics:
            if ch.id == characteristic_id:
                return ch
        return None

    def picture_of(self, characteristic_id: str) -> CharacteristicPicture | None:
        for picture in self.picture.characteristics:
            if picture.characteristic_id == characteristic_id:
                return picture
        return None

    def name_of(self, user_id: str | None) -> str:
        if not user_id:
            return ""
        person = self.people.get(user_id)
        if person is None:
            return "A former member"
        return person.name if person.active else f"{person.name} (former member)"

    def fragment(self, key: str, render: Callable[[], str]) -> Markup:
        """A rendered piece of page that is the same for everyone at this version."""
        return self.fragments.get_or_make(key, lambda: Markup(render()))  # noqa: S704 (ours)

    def keep(self, key: str, make: Callable[[], T]) -> T:
        """Anything else worked out once per version (it must hold nothing personal)."""
        if key not in self.kept:
            self.kept[key] = make()
        found: T = self.kept[key]
        return found


_CACHE: Lru[tuple[str, int, date], Snapshot] = Lru(MAX_SNAPSHOTS)


def team_snapshot(store: Any, services: Any, as_of: date | None = None) -> Snapshot:
    """The snapshot of this team file at its current version (cached)."""
    conn: sqlite3.Connection = store.reader
    day = as_of or uk_today()
    key = (str(store.path), queries.version(conn), day)
    found = _CACHE.get(key)
    if found is not None:
        return found
    made = Snapshot(conn, services, day)
    _CACHE.discard(lambda k: k[0] == key[0])  # an older version or day is never asked for again
    _CACHE.put((key[0], made.version, day), made)
    return made


def clear_cache() -> None:
    _CACHE.clear()
