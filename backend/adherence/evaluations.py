"""From the team file to evaluations: a teacher's rows become engine records, the team's
settings become its (tightened) profile, and a team's evaluations are cached per team
version and "as of" date, so a dashboard viewed again costs a dictionary look-up.

Evaluating a team takes about 0.15 s for 200 teachers with 10 years of records: on the
event loop only the cache is looked at (`cached_team_evaluations`); a miss is read and
evaluated on a worker thread with a connection of its own (`read_team_evaluations`,
docs/decisions/0004 and 0012).
"""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from backend.adherence.queries import Person, TeamSettings, settings, version
from backend.adherence.rules import kinds as k
from backend.adherence.rules.engine import evaluate, evaluate_many
from backend.adherence.rules.mbi_tac import MbiTacFramework, load_mbi_tac
from backend.adherence.rules.measures import Measure
from backend.adherence.rules.records import (
    AnnualDeclaration,
    CourseTaught,
    CPDActivity,
    MbiTacRating,
    ParticipantCourse,
    RatedBy,
    Retreat,
    RetreatMode,
    Role,
    Seniority,
    SupervisionFormat,
    SupervisionSession,
    TeacherRecords,
    TeacherTraining,
    TrainingPathway,
    Work,
)
from backend.adherence.rules.results import Evaluation
from backend.adherence.rules.standards import (
    Profile,
    ProfileError,
    apply_overrides,
    default_profile,
    load_profiles,
)
from backend.cache import Lru
from backend.dates import add_months_clamped
from backend.db.connection import connect, snapshot

# Sized for a server of 1,000 teams (issue 13): a team of 30 teachers' evaluations and
# fragments are about 100 KB, so every team kept costs about 100 MB in all.
CACHE_SIZE = 1024
FRAGMENTS_SIZE = 4096  # rendered HTML, small next to evaluations; every daily page keeps some


@cache
def profiles() -> dict[str, Profile]:
    """The shipped standards profiles (content/standards), loaded once."""
    return load_profiles()


@cache
def mbi_tac() -> MbiTacFramework:
    return load_mbi_tac()


def team_profile(chosen: TeamSettings) -> Profile:
    """The team's profile with its tightened thresholds (the default profile if none)."""
    known = profiles()
    base = known.get(chosen.profile_id or "") or default_profile(known)
    if not chosen.overrides or base.id != chosen.profile_id:
        return base
    try:
        return apply_overrides(base, chosen.overrides)
    except ProfileError:  # saved overrides are checked; a newer profile may differ
        return base


_day = date.fromisoformat
_ROLES = {r.value: r for r in Role}
_SENIORITY = {s.value: s for s in Seniority}
_WORK = {w.value: w for w in Work}
_FORMATS = {f.value: f for f in SupervisionFormat}
_MODES = {m.value: m for m in RetreatMode}
_RATERS = {r.value: r for r in RatedBy}

# Per kind: the columns read (after teacher_id) and how a row of them becomes a record.
# Rows are plain tuples: a team of 200 with 10 years of records is some 60,000 rows.
_READ: dict[k.Kind, tuple[str, Callable[[tuple[Any, ...]], Any]]] = {
    k.PARTICIPANT_COURSE: (
        "id, date, programme",
        lambda r: ParticipantCourse(r[1], _day(r[2]), r[3]),
    ),
    k.TRAINING: (
        "id, organisation, start_date, end_date, hours",
        lambda r: TeacherTraining(r[1], r[2], _day(r[3]), _day(r[4]), r[5]),
    ),
    k.COURSE: (
        "id, programme, start_date, sessions, role, closely_supervised,"
        " co_teacher_seniority, participants, work",
        lambda r: CourseTaught(
            r[1],
            r[2],
            _day(r[3]),
            r[4],
            _ROLES[r[5]],
            bool(r[6]),
            _SENIORITY.get(r[7]),
            r[8],
            _WORK[r[9]],
        ),
    ),
    k.SUPERVISION: (
        "id, date, minutes, format, supervisor_id, group_size, course_id, own_work_discussed",
        lambda r: SupervisionSession(
            r[1], _day(r[2]), r[3], _FORMATS[r[4]], r[5], r[6], r[7], bool(r[8])
        ),
    ),
    k.RETREAT: (
        "id, start_date, days, teacher_led, mode, mostly_silent, verified_at IS NOT NULL",
        lambda r: Retreat(r[1], _day(r[2]), r[3], bool(r[4]), _MODES[r[5]], bool(r[6]), r[7]),
    ),
    k.CPD: (
        "id, date, hours, kind, participatory, credits",
        lambda r: CPDActivity(r[1], _day(r[2]), r[3], r[4], bool(r[5]), "", r[6]),
    ),
    k.MBI_TAC: (
        "id, date, domain, level, rated_by",
        lambda r: MbiTacRating(r[1], _day(r[2]), r[3], r[4], _RATERS[r[5]]),
    ),
    k.DECLARATION: (
        "id, date, personal_practice, ethical_framework, supervision_arrangement",
        lambda r: AnnualDeclaration(r[1], _day(r[2]), r[3], r[4], r[5]),
    ),
}


_SUPERVISION_MEASURES = frozenset(
    {
        Measure.SUPERVISION_HOURS_PER_COURSE,
        Measure.SUPERVISION_EVERY_TEACHING_MONTH,
        Measure.SUPERVISION_MEETINGS,
        Measure.SUPERVISION_HOURS,
        Measure.CPD_CREDITS,
    }
)


_CPD_MEASURES = frozenset({Measure.CPD_HOURS, Measure.CPD_EVENTS, Measure.CPD_CREDITS})


def _lookback(profile: Profile, measures: frozenset[Measure]) -> int:
    months = [
        24 if rule.window.months is None else rule.window.months
        for rule in profile.rules
        if rule.measure in measures
    ]
    return max(months, default=0)


def cpd_cutoff(profile: Profile, as_of: date) -> date:
    """CPD dated before this counts for no rule: CPD rules are periodic (rolling months,
    or a calendar year and the one before). 24 months are added for safety."""
    return add_months_clamped(as_of, -(_lookback(profile, _CPD_MEASURES) + 24))


def supervision_cutoff(profile: Profile, as_of: date) -> date:
    """Sessions not linked to a course and dated before this can count for no rule.

    Every supervision rule looks back at most its window (12 months; a calendar year
    rule at most 24), and a course covered by a per-course window ended within it and
    lasted at most 52 weeks. Another 24 months are added for safety; sessions linked to
    a course are always read. A property test checks the answers are the same.
    """
    return add_months_clamped(as_of, -(_lookback(profile, _SUPERVISION_MEASURES) + 12 + 24))


def cutoffs(profile: Profile, as_of: date) -> dict[k.Kind, date]:
    """Per kind of record, the date before which no record can count (see above)."""
    return {k.SUPERVISION: supervision_cutoff(profile, as_of), k.CPD: cpd_cutoff(profile, as_of)}


def prune(records: TeacherRecords, since: Mapping[k.Kind, date]) -> TeacherRecords:
    """The records `teacher_records` reads with these cutoffs (for tests: the answers
    must not change)."""
    supervision_since = since.get(k.SUPERVISION)
    cpd_since = since.get(k.CPD)
    return replace(
        records,
        supervision=tuple(
            s
            for s in records.supervision
            if supervision_since is None or s.date >= supervision_since or s.course_id
        ),
        cpd=tuple(c for c in records.cpd if cpd_since is None or c.date >= cpd_since),
    )


def _rows(
    conn: sqlite3.Connection,
    kind: k.Kind,
    columns: str,
    ids: set[str] | None,
    since: date | None = None,
) -> list[tuple[Any, ...]]:
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: much faster than sqlite3.Row here
    sql = f"SELECT teacher_id, {columns} FROM {kind.table} WHERE deleted_at IS NULL"
    params: list[Any] = []
    if since is not None:
        linked = " OR course_id IS NOT NULL" if kind is k.SUPERVISION else ""
        sql += f" AND (date >= ?{linked})"
        params.append(since.isoformat())
    if ids is not None:
        sql += f" AND teacher_id IN ({', '.join('?' for _ in ids)})"
        params += list(ids)
    return cursor.execute(sql, params).fetchall()


def teacher_records(
    conn: sqlite3.Connection,
    teachers: Iterable[Person],
    since: Mapping[k.Kind, date] | None = None,
) -> list[TeacherRecords]:
    """Each teacher's records, read with one query per kind of record (some kinds only
    from a date on, when `since` says: see cutoffs)."""
    # Tens of thousands of small objects, none of them cyclic garbage: pausing the
    # cyclic collector while they are made saves it scanning them again and again.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _teacher_records(conn, list(teachers), since or {})
    finally:
        if paused:
            gc.enable()


def _teacher_records(
    conn: sqlite3.Connection, chosen: list[Person], since: Mapping[k.Kind, date]
) -> list[TeacherRecords]:
    wanted = {p.user_id for p in chosen}
    ids = None if len(wanted) > 50 else wanted
    by_kind: dict[k.Kind, dict[str, list[Any]]] = {}
    for kind, (columns, build) in _READ.items():
        grouped: dict[str, list[Any]] = defaultdict(list)
        for row in _rows(conn, kind, columns, ids, since.get(kind)):
            grouped[row[0]].append(build(row))
        by_kind[kind] = grouped

    def of(kind: k.Kind, teacher_id: str) -> tuple[Any, ...]:
        found = by_kind[kind].get(teacher_id)
        return tuple(found) if found else ()

    return [
        TeacherRecords(
            teacher_id=p.user_id,
            pathway=TrainingPathway(
                participant_courses=of(k.PARTICIPANT_COURSE, p.user_id),
                trainings=of(k.TRAINING, p.user_id),
                professional_background=p.professional_background,
            ),
            courses=of(k.COURSE, p.user_id),
            supervision=of(k.SUPERVISION, p.user_id),
            retreats=of(k.RETREAT, p.user_id),
            cpd=of(k.CPD, p.user_id),
            mbi_tac=of(k.MBI_TAC, p.user_id),
            declarations=of(k.DECLARATION, p.user_id),
        )
        for p in chosen
    ]


CACHE: Lru[tuple[Any, ...], Any] = Lru(CACHE_SIZE)
"""A team's evaluations by (team file, team version, as-of date, ...)."""
FRAGMENTS: Lru[tuple[Any, ...], Any] = Lru(FRAGMENTS_SIZE)
"""Rendered HTML that depends only on the team version and the request's choices."""


def evaluate_teacher(
    conn: sqlite3.Connection, teacher: Person, as_of: date, key: str = ""
) -> Evaluation:
    """One teacher's evaluation; cached per team version when `key` names the team file."""

    def make() -> Evaluation:
        chosen = settings(conn)
        profile = team_profile(chosen)
        [records] = teacher_records(conn, [teacher], cutoffs(profile, as_of))
        return evaluate(records, profile, as_of, chosen.due_soon_days)

    with snapshot(conn):
        if not key:
            return make()
        found: Evaluation = CACHE.get_or_make(
            (
                "teacher",
                key,
                version(conn),
                as_of,
                teacher.user_id,
                teacher.professional_background,
            ),
            make,
        )
    return found


@dataclass(frozen=True, slots=True)
class TeamEvaluations:
    """Some of a team's teachers and their evaluations, all read at one team version."""

    version: int
    teachers: list[Person]
    evaluations: dict[str, Evaluation]
    """By user id, in the order of `teachers`."""


Choose = Callable[[sqlite3.Connection], list[Person]]
"""Which teachers, read from the team file (e.g. everyone, or one person's supervisees)."""


def _team_key(key: str, current: int, as_of: date, teachers: list[Person]) -> tuple[Any, ...]:
    return (key, current, as_of, tuple(p.user_id for p in teachers))


def cached_team_evaluations(
    conn: sqlite3.Connection, choose: Choose, as_of: date, key: str
) -> TeamEvaluations | None:
    """The chosen teachers' evaluations if cached (None if not): a version, a query and a
    look-up, cheap enough for the event loop. `key` names the team file."""
    with snapshot(conn):
        current = version(conn)
        teachers = choose(conn)
    found: dict[str, Evaluation] | None = CACHE.get(_team_key(key, current, as_of, teachers))
    return None if found is None else TeamEvaluations(current, teachers, found)


def read_team_evaluations(path: Path, choose: Choose, as_of: date) -> TeamEvaluations:
    """The chosen teachers and their evaluations, read from the team file in one snapshot
    on a connection of its own, and cached under the version that snapshot saw (a change
    made after the caller looked at the cache is in both, or in neither). Call it on a
    worker thread: the event loop's reader is not shared across threads."""
    with closing(connect(path)) as conn, snapshot(conn):
        current = version(conn)
        teachers = choose(conn)
        return TeamEvaluations(
            current, teachers, team_evaluations(conn, teachers, as_of, str(path))
        )


_EVALUATING: dict[str, threading.Lock] = {}
_EVALUATING_LOCK = threading.Lock()


def _evaluating(key: str) -> threading.Lock:
    """One evaluation of a team file at a time: 20 people opening a team just changed
    wait for the first evaluation and share it, rather than make 20 at once."""
    with _EVALUATING_LOCK:
        return _EVALUATING.setdefault(key, threading.Lock())


def team_evaluations(
    conn: sqlite3.Connection, teachers: list[Person], as_of: date, key: str
) -> dict[str, Evaluation]:
    """Every teacher named, by user id; cached per team version and date. On a miss it
    evaluates (0.15 s for 200 teachers), so call it on a worker thread, with a connection
    of its own: on the event loop use `cached_team_evaluations` first.

    `key` names the team file; the teachers are part of the key (their roles and
    supervisors are in the file, so they change only with its version).
    """
    with snapshot(conn):
        cache_key = _team_key(key, version(conn), as_of, teachers)
        found: dict[str, Evaluation] | None = CACHE.get(cache_key)
        if found is not None:
            return found
        with _evaluating(key):
            made: dict[str, Evaluation] = CACHE.get_or_make(
                cache_key, lambda: evaluate_team(conn, teachers, as_of)
            )
    return made


def evaluate_team(
    conn: sqlite3.Connection, teachers: list[Person], as_of: date
) -> dict[str, Evaluation]:
    """Every teacher named, read from the file and evaluated (no cache), by user id."""
    paused = gc.isenabled()
    gc.disable()  # see teacher_records
    try:
        chosen = settings(conn)
        profile = team_profile(chosen)
        team = _teacher_records(conn, teachers, cutoffs(profile, as_of))
        done = evaluate_many(team, profile, as_of, chosen.due_soon_days)
    finally:
        if paused:
            gc.enable()
    return {e.teacher_id: e for e in done}
