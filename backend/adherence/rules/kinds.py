"""The kinds of record a teacher keeps: their fields, checks and how each is stored.

One `Kind` per table. Its `fields` are the arguments of its mutations
(`<prefix>.record`, `<prefix>.edit`, `<prefix>.delete`) and so the names of the
form fields and of the CSV columns that fill it (docs/decisions: mutation args are
form fields). Limits are generous for real practice and refuse the absurd: a
supervision session of 1 to 600 minutes, a retreat of half a day to 60 days, a CPD
activity of a quarter of an hour to 200 hours.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from backend.adherence.rules.records import MBI_TAC_DOMAINS, MBI_TAC_LEVELS
from backend.dates import uk_today
from backend.validation import (
    Boolean,
    Choice,
    Date,
    Decimal,
    Field,
    Integer,
    Schema,
    Text,
)

UUID_PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
OUTSIDE = "outside"
NO_CO_TEACHER = "none"
Check = Callable[[dict[str, Any]], Mapping[str, str]]

FORMAT_OPTIONS = [("one_to_one", "One-to-one"), ("group", "Group"), ("peer", "Peer")]
ROLE_OPTIONS = [("lead", "Lead teacher"), ("co_teacher", "Co-teacher")]
SENIORITY_OPTIONS = [
    ("senior", "With a senior teacher"),
    ("peer", "With a peer"),
    (NO_CO_TEACHER, "No co-teacher"),
]
# BAMBA asks for monthly supervision in periods of mindfulness-based work: teaching,
# training or supervising. A course taught is teaching; the other two are recorded with
# the courses as periods of work (no participants, no co-teacher).
WORK_OPTIONS = [
    ("teaching", "Teaching a course"),
    ("training", "Training teachers"),
    ("supervising", "Supervising teachers"),
]
MODE_OPTIONS = [("residential", "In person"), ("online", "Online")]
CPD_KIND_OPTIONS = [
    ("workshop", "Workshop"),
    ("course", "Course or training"),
    ("conference", "Conference"),
    ("practice-day", "Practice day"),
    ("peer-learning", "Peer learning group"),
    ("reading", "Reading or study"),
    ("other", "Other"),
]
RATED_BY_OPTIONS = [("self", "Myself"), ("supervisor", "My supervisor")]
DOMAIN_NAMES = {
    "coverage-pacing": "Coverage, pacing and organisation",
    "relational-skills": "Relational skills",
    "embodiment": "Embodiment of mindfulness",
    "guiding-practices": "Guiding practices",
    "inquiry-and-teaching": "Inquiry and didactic teaching",
    "holding-the-group": "Holding the group",
}
LEVEL_NAMES = {
    "incompetent": "Incompetent",
    "beginner": "Beginner",
    "advanced-beginner": "Advanced beginner",
    "competent": "Competent",
    "proficient": "Proficient",
    "advanced": "Advanced",
}
DOMAIN_OPTIONS = [(d, DOMAIN_NAMES[d]) for d in MBI_TAC_DOMAINS]
LEVEL_OPTIONS = [(lv, LEVEL_NAMES[lv]) for lv in MBI_TAC_LEVELS]
LABELS: dict[str, dict[str, str]] = {
    "format": dict(FORMAT_OPTIONS),
    "role": dict(ROLE_OPTIONS),
    "co_teacher_seniority": dict(SENIORITY_OPTIONS),
    "mode": dict(MODE_OPTIONS),
    "work": dict(WORK_OPTIONS),
    "kind": dict(CPD_KIND_OPTIONS),
    "rated_by": dict(RATED_BY_OPTIONS),
    "domain": DOMAIN_NAMES,
    "level": LEVEL_NAMES,
}


def _not_after(name: str, label: str, days: int, what: str) -> Check:
    """A date may be at most `days` after today (0: not in the future)."""

    def check(clean: dict[str, Any]) -> Mapping[str, str]:
        value = clean.get(name)
        if isinstance(value, date) and value > uk_today() + timedelta(days=days):
            return {name: f"{label} must be no later than {what}"}
        return {}

    return check


def _end_after_start(clean: dict[str, Any]) -> Mapping[str, str]:
    start, end = clean.get("start_date"), clean.get("end_date")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        return {"end_date": "End date must be the same as or after the start date"}
    return {}


def _group_size(clean: dict[str, Any]) -> Mapping[str, str]:
    if clean.get("format") == "group" and clean.get("group_size") is None:
        return {"group_size": "Enter how many people were in the group"}
    return {}


def _supervisor(clean: dict[str, Any]) -> Mapping[str, str]:
    if clean.get("format") != "peer" and not clean.get("supervisor_id"):
        return {"supervisor_id": "Select your supervisor"}
    if clean.get("supervisor_id") == OUTSIDE and not clean.get("supervisor_name"):
        return {"supervisor_name": "Enter the name of your supervisor from outside this team"}
    return {}


def _past(name: str, label: str) -> Date:
    return Date(name, label, past_only=True)


@dataclass(frozen=True, slots=True, eq=False)
class Kind:
    slug: str
    """The URL part: /teams/{team}/practice/{slug}."""
    prefix: str
    """Mutations are <prefix>.record, <prefix>.edit and <prefix>.delete."""
    table: str
    title: str
    plural: str
    date_column: str
    fields: tuple[Field, ...]
    summary: str
    """The fields a "waiting to sync" card shows (data-pending-summary)."""
    intro: str
    checks: tuple[Check, ...] = ()

    @property
    def schema(self) -> Schema:
        return Schema(self.fields, self.checks)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def mutations(self) -> tuple[str, str, str]:
        return (f"{self.prefix}.record", f"{self.prefix}.edit", f"{self.prefix}.delete")

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


PARTICIPANT_COURSE = Kind(
    slug="participant-courses",
    prefix="participant_course",
    table="participant_courses",
    title="8-week course as a participant",
    plural="8-week courses as a participant",
    date_column="date",
    fields=(
        _past("date", "Date the course started"),
        Text("programme", "Programme", max_length=100, hint="For example, MBCT or MBSR"),
    ),
    summary="programme,date",
    intro="The 8-week courses you took part in yourself, before or during training.",
)
TRAINING = Kind(
    slug="training",
    prefix="training",
    table="teacher_trainings",
    title="Teacher training",
    plural="Teacher training",
    date_column="start_date",
    fields=(
        Text("organisation", "Training organisation", max_length=150),
        Date("start_date", "Start date"),
        Date("end_date", "End date", hint="The last day of training. It can be in the future."),
        Decimal("hours", "Hours of training", minimum=1, maximum=2000, unit="hours"),
    ),
    checks=(
        _not_after("start_date", "Start date", 0, "today"),
        _not_after("end_date", "End date", 5 * 366, "5 years from today"),
        _end_after_start,
    ),
    summary="organisation,start_date",
    intro="Your teacher-training pathway. Record its parts here; later courses are CPD.",
)
COURSE = Kind(
    slug="courses",
    prefix="course",
    table="courses_taught",
    title="Course taught",
    plural="Courses taught",
    date_column="start_date",
    fields=(
        Text("programme", "Programme", max_length=100, hint="For example, MBCT or MBSR"),
        Date("start_date", "Start date"),
        Choice("work", "What the work was", required=False, options=WORK_OPTIONS),
        Integer("sessions", "Number of weeks", minimum=1, maximum=52, unit="weeks"),
        Choice("role", "Your role", options=ROLE_OPTIONS),
        Choice(
            "co_teacher_seniority",
            "Who you taught with",
            required=False,
            options=SENIORITY_OPTIONS,
        ),
        Boolean("closely_supervised", "Closely supervised"),
        Integer(
            "participants",
            "Number of participants",
            required=False,
            minimum=0,
            maximum=100,
            hint="How many took part. Never their names.",
        ),
    ),
    checks=(_not_after("start_date", "Start date", 366, "a year from today"),),
    summary="programme,start_date",
    intro="The courses you taught or co-taught. Counts of participants only, never names.",
)
SUPERVISION = Kind(
    slug="supervision",
    prefix="supervision",
    table="supervision_sessions",
    title="Supervision session",
    plural="Supervision",
    date_column="date",
    fields=(
        _past("date", "Date of the session"),
        Integer("minutes", "Length", minimum=1, maximum=600, unit="minutes"),
        Choice("format", "Format", options=FORMAT_OPTIONS),
        Integer("group_size", "Group size", required=False, minimum=2, maximum=30),
        Text(
            "supervisor_id",
            "Supervisor",
            required=False,
            max_length=36,
            pattern=f"{UUID_PATTERN}|{OUTSIDE}",
            pattern_message="Select your supervisor from the list",
        ),
        Text("supervisor_name", "Supervisor's name", required=False, max_length=100),
        Text(
            "course_id",
            "Course",
            required=False,
            max_length=36,
            pattern=UUID_PATTERN,
            pattern_message="Select a course from the list",
        ),
        Boolean("own_work_discussed", "My own work was discussed", when_absent=True),
    ),
    checks=(_group_size, _supervisor),
    # A waiting card says what will be sent, as the list will (pending_summary.js).
    summary="date,minutes,format,own_work_discussed=no:own work not discussed",
    intro="Your supervision sessions. Peer supervision is kept but never counts towards a minimum.",
)
RETREAT = Kind(
    slug="retreats",
    prefix="retreat",
    table="retreats",
    title="Retreat",
    plural="Retreats",
    date_column="start_date",
    fields=(
        Date("start_date", "Start date"),
        Decimal("days", "Days", minimum=0.5, maximum=60, unit="days"),
        Boolean("teacher_led", "Teacher-led"),
        Choice("mode", "Where", options=MODE_OPTIONS),
        Text("name", "Retreat or centre", required=False, max_length=150),
        Boolean("mostly_silent", "Silence for at least half the waking time", when_absent=True),
    ),
    checks=(_not_after("start_date", "Start date", 366, "a year from today"),),
    summary="start_date,days,teacher_led=no:self-led,mostly_silent=no:silent for less than half the waking time",
    intro="Retreats you took, including those during training. Shorter retreats add up.",
)
CPD = Kind(
    slug="cpd",
    prefix="cpd",
    table="cpd_activities",
    title="CPD activity",
    plural="CPD",
    date_column="date",
    fields=(
        _past("date", "Date"),
        Decimal("hours", "Hours", minimum=0.25, maximum=200, unit="hours"),
        Choice("kind", "Kind of activity", options=CPD_KIND_OPTIONS),
        Text("title", "What it was", required=False, max_length=150),
        Boolean("participatory", "Participatory"),
        Decimal("credits", "Credits", required=False, minimum=0, maximum=100),
        Text("reflection", "Reflection", required=False, max_length=2000, multiline=True),
    ),
    summary="title,date,hours",
    intro="Continuing professional development, with a short reflection on each.",
)
MBI_TAC = Kind(
    slug="mbi-tac",
    prefix="mbi_tac",
    table="mbi_tac_ratings",
    title="MBI-TAC rating",
    plural="MBI-TAC ratings",
    date_column="date",
    fields=(
        _past("date", "Date of the rating"),
        Choice("domain", "Domain", options=DOMAIN_OPTIONS),
        Choice("level", "Level", options=LEVEL_OPTIONS),
        Choice("rated_by", "Rated by", options=RATED_BY_OPTIONS),
    ),
    summary="domain,level",
    intro="Ratings of your teaching on the six MBI-TAC domains, by you or your supervisor.",
)
DECLARATION = Kind(
    slug="declarations",
    prefix="declaration",
    table="annual_declarations",
    title="Annual declaration",
    plural="Annual declarations",
    date_column="date",
    fields=(
        _past("date", "Date"),
        Text("personal_practice", "Your personal practice", max_length=1000, multiline=True),
        Text("ethical_framework", "Your ethical framework", max_length=500, multiline=True),
        Text(
            "supervision_arrangement",
            "Your supervision arrangement",
            max_length=500,
            multiline=True,
        ),
    ),
    summary="date",
    intro="Once a year: your daily practice, your profession's ethical framework and your supervision.",
)

KINDS: tuple[Kind, ...] = (
    SUPERVISION,
    RETREAT,
    CPD,
    COURSE,
    PARTICIPANT_COURSE,
    TRAINING,
    MBI_TAC,
    DECLARATION,
)
BY_SLUG = {kind.slug: kind for kind in KINDS}
BY_PREFIX = {kind.prefix: kind for kind in KINDS}
BY_TABLE = {kind.table: kind for kind in KINDS}


def kind_of(slug: str) -> Kind | None:
    return BY_SLUG.get(slug)


YES_NO = (
    "teacher_led",
    "participatory",
    "closely_supervised",
    "own_work_discussed",
    "mostly_silent",
)


def stored_values(kind: Kind, clean: Mapping[str, Any]) -> dict[str, Any]:
    """The row values for clean mutation arguments (blanks and sentinels made NULL)."""
    values = {name: clean.get(name) for name in kind.columns}
    if kind is COURSE and values.get("co_teacher_seniority") in (NO_CO_TEACHER, ""):
        values["co_teacher_seniority"] = None
    if kind is COURSE:  # absent (an older client, a CSV without the column): teaching
        values["work"] = values.get("work") or "teaching"
    if kind is SUPERVISION:
        if values["supervisor_id"] in (OUTSIDE, ""):
            values["supervisor_id"] = None
        if values["format"] != "group":
            values["group_size"] = None
        values["course_id"] = values["course_id"] or None
    for name in YES_NO:
        if name in values:
            values[name] = 1 if values[name] else 0
    return values
