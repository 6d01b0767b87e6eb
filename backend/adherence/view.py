"""What the adherence pages show: status tags, what to do next, records in words."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from backend.adherence.queries import Record
from backend.adherence.rules import kinds as k
from backend.adherence.rules.measures import Measure
from backend.adherence.rules.results import CheckResult, Evaluation, Status
from backend.adherence.rules.standards import Profile
from backend.dates import uk_today
from backend.words import quantity

TAG_CLASSES = {
    Status.MET: "nhsuk-tag--green",
    Status.DUE_SOON: "nhsuk-tag--yellow",
    Status.NOT_MET: "nhsuk-tag--red",
    Status.NOT_APPLICABLE: "nhsuk-tag--grey",
}
ORDER = (Status.NOT_MET, Status.DUE_SOON, Status.MET, Status.NOT_APPLICABLE)
# What a teacher does about each measure: the text of the link, and which record to add.
NEXT_STEPS: dict[Measure, tuple[str, str]] = {
    Measure.PARTICIPANT_COURSE: ("Add the 8-week course you took part in", "participant-courses"),
    Measure.PROFESSIONAL_BACKGROUND: ("Add your professional background", "profile"),
    Measure.TRAINING_MONTHS: ("Add your teacher training", "training"),
    Measure.TRAINING_HOURS: ("Add your teacher training", "training"),
    Measure.TRAINING_RETREAT_DAYS: ("Add a retreat", "retreats"),
    Measure.SUPERVISION_HOURS_PER_COURSE: ("Log supervision", "supervision"),
    Measure.SUPERVISION_EVERY_TEACHING_MONTH: ("Log supervision", "supervision"),
    Measure.SUPERVISION_MEETINGS: ("Log supervision", "supervision"),
    Measure.SUPERVISION_HOURS: ("Log supervision", "supervision"),
    Measure.RETREAT_DAYS: ("Add a retreat", "retreats"),
    Measure.CPD_HOURS: ("Add CPD", "cpd"),
    Measure.CPD_EVENTS: ("Add CPD", "cpd"),
    Measure.CPD_CREDITS: ("Add CPD", "cpd"),
    Measure.ANNUAL_DECLARATIONS: ("Make this year's declaration", "declarations"),
    Measure.COURSES_CO_TAUGHT: ("Add a course you co-taught", "courses"),
    Measure.MBI_TAC_LEVEL: ("Add an MBI-TAC rating", "mbi-tac"),
}


def day(value: date | str | None) -> str:
    """3 March 2026."""
    if not value:
        return ""
    moment = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return f"{moment.day} {moment:%B %Y}"


def number(value: Any) -> str:
    if value is None or value == "":
        return ""
    return f"{float(value):g}"


def minutes(value: int) -> str:
    hours, rest = divmod(int(value), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


@dataclass(frozen=True, slots=True)
class Step:
    text: str
    href: str


def next_step(check: CheckResult, profile: Profile, base: str) -> Step | None:
    """The link that helps with a check that is not met or is due soon."""
    if check.status not in (Status.NOT_MET, Status.DUE_SOON):
        return None
    found = NEXT_STEPS.get(profile.rule(check.rule_id).measure)
    if found is None:
        return None
    text, slug = found
    href = f"{base}/practice/profile" if slug == "profile" else f"{base}/practice/{slug}/new"
    return Step(text, href)


def counts(evaluation: Evaluation) -> dict[Status, int]:
    tally = dict.fromkeys(Status, 0)
    for check in evaluation.checks:
        if not check.advisory:
            tally[check.status] += 1
    return tally


def advice_counts(evaluation: Evaluation) -> tuple[int, int]:
    """(followed, of): the advisory checks that apply and how many of them are met."""
    applying = [
        c for c in evaluation.checks if c.advisory and c.status is not Status.NOT_APPLICABLE
    ]
    return sum(c.status is Status.MET for c in applying), len(applying)


def worst_first(checks: Iterable[CheckResult]) -> list[CheckResult]:
    return sorted(checks, key=lambda c: (c.advisory, ORDER.index(c.status)))


def describe(kind: k.Kind, record: Record) -> str:
    """One line about a record, for lists."""
    v = record.values
    label = k.LABELS
    match kind.prefix:
        case "supervision":
            size = f" of {v['group_size']}" if v.get("group_size") else ""
            who = f" with {v['supervisor_name']}" if v.get("supervisor_name") else ""
            own = ", own work not discussed" if v.get("own_work_discussed") == 0 else ""
            return (
                f"{minutes(v['minutes'])}, {label['format'][v['format']].lower()}{size}{who}{own}"
            )
        case "retreat":
            led = "teacher-led" if v["teacher_led"] else "self-led"
            where = label["mode"][v["mode"]].lower()
            name = f": {v['name']}" if v.get("name") else ""
            quiet = (
                ", silent for less than half the waking time" if v.get("mostly_silent") == 0 else ""
            )
            return f"{quantity(v['days'], 'days')}, {led}, {where}{quiet}{name}"
        case "cpd":
            what = v.get("title") or label["kind"][v["kind"]]
            return f"{what}, {quantity(v['hours'], 'hours')}"
        case "course":
            role = label["role"][v["role"]].lower()
            work = v.get("work") or "teaching"
            what = "" if work == "teaching" else f"{label['work'][work]}: "
            line = f"{what}{v['programme']}, {quantity(v['sessions'], 'weeks')}"
            line += f", {role}" if work == "teaching" else ""
            return line + planned(v["start_date"])
        case "participant_course":
            return str(v["programme"])
        case "training":
            return f"{v['organisation']}, {quantity(v['hours'], 'hours')}, to {day(v['end_date'])}"
        case "mbi_tac":
            return f"{label['domain'][v['domain']]}: {label['level'][v['level']].lower()}"
        case _:
            return "Practice, ethics and supervision declared"


def planned(start: Any) -> str:
    """', planned: counts from 5 January 2027' for a course that has not started (as of
    uk_today()); it counts towards no standard until it does."""
    begins = start if isinstance(start, date) else date.fromisoformat(str(start))
    return f", planned: counts from {day(begins)}" if begins > uk_today() else ""


def record_date(kind: k.Kind, record: Record) -> str:
    return day(record.values[kind.date_column])


def date_parts(name: str, value: date) -> dict[str, str]:
    return {
        f"{name}-day": str(value.day),
        f"{name}-month": str(value.month),
        f"{name}-year": str(value.year),
    }


def month_ends(as_of: date, count: int) -> list[date]:
    """The last day of each of the `count` months before as_of's month, then as_of."""
    points = [as_of]
    first = as_of.replace(day=1)
    for _ in range(count - 1):
        end = first - timedelta(days=1)
        points.append(end)
        first = end.replace(day=1)
    return list(reversed(points))


ADD_TEXT = {
    "supervision": "Log a supervision session",
    "retreats": "Add a retreat",
    "cpd": "Add CPD",
    "courses": "Add a course you taught",
    "participant-courses": "Add an 8-week course you took part in",
    "training": "Add teacher training",
    "mbi-tac": "Add an MBI-TAC rating",
    "declarations": "Make your declaration",
}


def new_id() -> str:
    """A fresh mutation id for one of several small forms on a page."""
    return str(uuid.uuid4())


def file_size(size: int) -> str:
    """A file's size in words: "240 KB", "2.4 MB"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"
