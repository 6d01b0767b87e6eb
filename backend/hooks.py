"""What one feature asks of another, named once in the core (decision 0028).

A feature never imports another feature (`pyproject.toml`'s import contracts). When one
needs what another owns (the sync's list of pages to keep offline asks every feature for
its pages; the journey's characteristic page shows what the networks hold for it), the
question is a `Hook` declared here, with the shape of its answer; the feature that knows
the answer provides it in its `Feature.provides`, and the asking feature calls
`provided(services.features, HOOK)`. Nothing else of the providing feature is visible,
so either side can change its insides freely, and a feature that is left out simply
contributes nothing.

Each hook's comment says who asks, what the provider is called with and what it returns.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar, cast

if TYPE_CHECKING:
    from backend.features import Feature

T = TypeVar("T")


class Hook(Generic[T]):
    """A question features answer for each other; `T` is what a provider gives."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Hook({self.name!r})"


def provided(features: Iterable[Feature], hook: Hook[T]) -> list[T]:
    """Every feature's answer to `hook`, in the features' order."""
    return [cast(T, f.provides[hook]) for f in features if hook in f.provides]


def provided_one(features: Iterable[Feature], hook: Hook[T]) -> T | None:
    """The one feature's answer to a hook only one feature answers (None if none does)."""
    found = provided(features, hook)
    if len(found) > 1:
        raise RuntimeError(f"{hook!r} is provided by more than one feature")
    return found[0] if found else None


# --- The web ------------------------------------------------------------------------

ACCESS: Hook[Mapping[str, Callable[..., Any]]] = Hook("access")
"""Access kinds a feature owns, for routes declared with `opt={"access": kind}`: each a
function (services, path parameters, user id) -> something with `roles`, or None for no
access. Asked by the guard (`web/auth.py`). The networks feature declares "network"."""

# --- Reminders ----------------------------------------------------------------------

REMINDERS: Hook[Callable[[Any, str, date], dict[str, list[str]]]] = Hook("reminders")
"""(team store, the team's address, as of) -> lines for each person's weekly digest, by
user id. Asked by `reminders/digest.py`."""

# --- Offline ------------------------------------------------------------------------

OFFLINE_PATHS_BEYOND_TEAM: Hook[Callable[[Any, Any, Any], list[str]]] = Hook(
    "offline_paths_beyond_team"
)
"""(services, team, user) -> pages outside the team that belong with it offline (its
networks' pages). Asked by the sync's offline list."""

# --- The journey and the networks ---------------------------------------------------

JOURNEY_STAGES: Hook[Callable[[Any, Any], dict[str, str]]] = Hook("journey_stages")
"""(team store, services) -> each characteristic's stage ("" if not yet assessed), for a
team that shares where it stands with a network. Provided by the journey."""

CHARACTERISTIC_NOTES: Hook[Callable[[Any, str, str, str], list[dict[str, str]]]] = Hook(
    "characteristic_notes"
)
"""(services, team id, characteristic id, stage) -> lines for a characteristic's page,
each {"text", "network", "href"}. Asked by the journey; provided by the networks."""

# --- Reports (the annual report's sections) -----------------------------------------


@dataclass(frozen=True)
class WordPart:
    """One piece of a report section in the editable Word document: a "paragraph", a
    "bullet", a "heading" (below the section's own) or a "table" (`rows`, the first the
    header)."""

    kind: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class ReportSection:
    """One section of the service's annual report. On the page and in the PDF: an h2 of
    `title` (id `anchor`), then `template` drawn with `data` (the section's `context`) and
    `long` (a date in words); in Word: a heading of `title`, then `word`."""

    order: int
    title: str
    anchor: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    word: tuple[WordPart, ...] = ()


ANNUAL_REPORT_SECTIONS: Hook[
    Callable[[sqlite3.Connection, Any, date, date], list[ReportSection]]
] = Hook("annual_report_sections")
"""(team connection, services, first day, last day) -> the feature's sections of the
annual report, in counts, never names. Called on a worker thread inside one read snapshot
of the team file. Asked by `reports/annual.py`, which orders every feature's sections by
`order`; provided by the journey and adherence."""


# --- The networks (shared counts, case examples, tags) ------------------------------


class StandardCount(TypedDict):
    """How many of a team's teachers meet one standard (met or due soon), never who."""

    title: str
    met: int


ADHERENCE_COUNTS: Hook[Callable[[Any, date], dict[str, StandardCount]]] = Hook("adherence_counts")
"""(team store, as of) -> per standard of the team's chosen profile (by its id), its title
and how many teachers meet it: the good-practice counts a team may share with a network.
Reads the team's file read-only on a connection of its own, so call it on a worker
thread. Asked by the networks; provided by adherence."""


@dataclass(frozen=True, slots=True)
class PivotNote:
    """One of a team's pivot points, in words."""

    happened_on: date
    what_happened: str
    effect: str
    """How it affected the service, e.g. "Made the service stronger"."""
    response: str
    """How the service related to it ("" if not said)."""


@dataclass(frozen=True, slots=True)
class StageMove:
    """A characteristic's stage changing on a day, by titles (None: not assessed)."""

    on: date
    characteristic: str
    was: str | None
    now: str | None


@dataclass(frozen=True, slots=True)
class JourneyNotes:
    """A team's own journey as a case example may start from it, oldest first."""

    pivot_points: tuple[PivotNote, ...]
    stage_moves: tuple[StageMove, ...]


JOURNEY_NOTES: Hook[Callable[[Any, Any], JourneyNotes]] = Hook("journey_notes")
"""(team store, services) -> the team's pivot points and stage changes, read from its file
(read-only), for a case example its lead starts. Asked by the networks; provided by the
journey."""


@dataclass(frozen=True, slots=True)
class FrameworkTags:
    """The framework's words a network's resources and questions may be tagged with:
    (id, title) pairs, in the framework's order."""

    characteristics: tuple[tuple[str, str], ...]
    stages: tuple[tuple[str, str], ...]
    themes: tuple[tuple[str, str], ...]


FRAMEWORK_TAGS: Hook[Callable[[], FrameworkTags]] = Hook("framework_tags")
"""() -> the characteristics, stages and themes of the shipped framework content. Asked
by the networks (its tag choices, their labels, and the check of a tag sent); provided
by the journey."""


# --- The patterns page --------------------------------------------------------------


@dataclass(frozen=True)
class PatternSample:
    """One of a feature's parts on the development-only /patterns page, in one state."""

    section: str
    """The page's heading it goes under, by id: "tags", "feedback", "lists", "charts"."""
    title: str
    """A heading of its own above it ("" for none)."""
    template: str
    """The feature's template that draws it; it reads its values as `sample.context`."""
    context: Mapping[str, Any]


PATTERN_SAMPLES: Hook[Callable[[], list[PatternSample]]] = Hook("pattern_samples")
"""() -> the feature's parts (charts, tags, grids) in every state, for /patterns. Asked by
`patterns/samples.py`."""


# --- The case for the service -------------------------------------------------------


@dataclass(frozen=True)
class Risk:
    """A risk from the journey's drive register, in words."""

    title: str
    reason: str


DRIVE_RISKS: Hook[Callable[[sqlite3.Connection, date], list[Risk]]] = Hook("drive_risks")
"""(a team store's connection, as of) -> the drive register's risks, in their fixed
order; read in the caller's snapshot. Asked by the case (`case/queries.py`); provided by
the journey."""
