"""Demo records for every practitioner, several years of them, through the mutation path.

Riverside follows the UK Good Practice Guidelines: Sam meets every standard but a
retreat is due soon; Priya has gaps (a teaching month without supervision, too few
retreat days, no declaration this year); Tom finished training two months ago and is
co-teaching his first closely supervised course; Jo supervises Sam, Priya and Tom.
Hillside follows Breathworks: Chris is not teaching at the moment. Alex and Morgan, the
leads, teach too. Dates are relative
to today, so the demo tells the same story whenever it is seeded. History is loaded
with one `practice.import` per teacher (fast), recent sessions one by one.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from backend.adherence.csv_format import COLUMNS
from backend.dates import uk_today
from backend.web.spreadsheet import write


def _ago(days: int) -> str:
    return (uk_today() - timedelta(days=days)).isoformat()


def _pathway(start_ago: int, months: int, hours: int, retreat_ago: int) -> list[dict[str, Any]]:
    return [
        {"type": "participant_course", "date": _ago(start_ago + 400), "programme": "MBCT"},
        {
            "type": "training",
            "date": _ago(start_ago),
            "end_date": _ago(start_ago - months * 31),
            "organisation": "Centre for Mindfulness Research and Practice, Bangor",
            "hours": hours,
        },
        {
            "type": "retreat",
            "date": _ago(retreat_ago),
            "days": 7,
            "teacher_led": "yes",
            "mode": "residential",
            "name": "Teacher-led silent retreat",
        },
    ]


def _courses(
    first_ago: int, last_ago: int, every: int, supervised: int = 2
) -> list[dict[str, Any]]:
    rows = []
    for index, ago in enumerate(range(first_ago, last_ago - 1, -every)):
        early = index < supervised
        rows.append(
            {
                "type": "course",
                "date": _ago(ago),
                "programme": "MBCT" if index % 3 else "MBSR",
                "sessions": 8,
                "role": "co_teacher" if early else "lead",
                "co_teacher_seniority": "senior" if early else "none",
                "closely_supervised": "yes" if early else "no",
                "participants": 8 + (index * 3) % 7,
            }
        )
    return rows


def _in_month(months_ago: int, day: int) -> str:
    """The `day`th of the calendar month `months_ago` months before this one."""
    today = uk_today()
    year, month0 = divmod(today.year * 12 + today.month - 1 - months_ago, 12)
    return date(year, month0 + 1, day).isoformat()


def _monthly_supervision(
    months: int, skip: set[int] | None = None, minutes: int = 60, this_month: bool = True
) -> list[dict[str, Any]]:
    """A session in each of the last `months` calendar months, and on the 1st of this one.

    Sessions follow the calendar, not 30-day steps, so every teaching month is covered
    whatever the date: this month's is on the 1st (never after today), earlier months'
    on a day from the 3rd to the 18th.
    """
    rows = []
    for month in range(months, -1 if this_month else 0, -1):
        if skip and month in skip:
            continue
        group = month % 5 == 0 and month > 0
        rows.append(
            {
                "type": "supervision",
                "date": _in_month(month, 1 if month == 0 else 3 + (month % 4) * 5),
                "minutes": minutes,
                "format": "group" if group else "one_to_one",
                "group_size": 4 if group else "",
            }
        )
    return rows


def _yearly(kind: str, years: int, first_ago: int, **values: Any) -> list[dict[str, Any]]:
    return [{"type": kind, "date": _ago(first_ago + 365 * y), **values} for y in range(years)]


def _declarations(years: int, first_ago: int) -> list[dict[str, Any]]:
    return _yearly(
        "declaration",
        years,
        first_ago,
        personal_practice="A daily sitting practice of 30 to 40 minutes, and mindful movement.",
        ethical_framework="HCPC Standards of conduct, performance and ethics",
        supervision_arrangement="Monthly one-to-one supervision with an experienced MBCT teacher",
    )


def _cpd(years: int, first_ago: int) -> list[dict[str, Any]]:
    rows = []
    for y in range(years):
        rows += [
            {
                "type": "cpd",
                "date": _ago(first_ago + 365 * y),
                "hours": 6,
                "kind": "workshop",
                "title": "Teaching inquiry: a day workshop",
                "participatory": "yes",
                "reflection": "Slowing the inquiry down helped participants stay with their experience.",
            },
            {
                "type": "cpd",
                "date": _ago(first_ago + 365 * y + 120),
                "hours": 2,
                "kind": "reading",
                "title": "Reading on trauma-sensitive mindfulness",
                "participatory": "no",
                "reflection": "I now offer more choice in the body scan.",
            },
        ]
    return rows


def _ratings(ago: int, level: str) -> list[dict[str, Any]]:
    domains = [
        "coverage-pacing",
        "relational-skills",
        "embodiment",
        "guiding-practices",
        "inquiry-and-teaching",
        "holding-the-group",
    ]
    return [
        {
            "type": "mbi_tac",
            "date": _ago(ago),
            "domain": d,
            "level": level,
            "rated_by": "supervisor",
        }
        for d in domains
    ]


def sam() -> list[dict[str, Any]]:
    return [
        *_pathway(7 * 365, 14, 150, 6 * 365 + 200),
        *_courses(6 * 365, 21, 120),
        *_monthly_supervision(60, this_month=False),
        *_yearly(
            "retreat", 4, 345, days=5, teacher_led="yes", mode="residential", name="Gaia House"
        ),
        *_cpd(4, 60),
        *_declarations(5, 50),
        *_ratings(3 * 365, "proficient"),
    ]


def priya() -> list[dict[str, Any]]:
    return [
        *_pathway(5 * 365, 13, 130, 4 * 365 + 250),
        *_courses(4 * 365, 120, 150),
        *_courses(14, 14, 1, supervised=0),
        *_monthly_supervision(40, skip={7, 8}),
        {"type": "retreat", "date": _ago(150), "days": 3, "teacher_led": "yes", "mode": "online"},
        *_yearly("retreat", 3, 560, days=5, teacher_led="yes", mode="residential"),
        *_cpd(2, 90),
        *_declarations(3, 430),
    ]


def tom() -> list[dict[str, Any]]:
    return [
        {"type": "participant_course", "date": _ago(3 * 365), "programme": "MBCT"},
        {
            "type": "training",
            "date": _ago(460),
            "end_date": _ago(60),
            "organisation": "Oxford Mindfulness Foundation",
            "hours": 125,
        },
        {
            "type": "retreat",
            "date": _ago(300),
            "days": 5,
            "teacher_led": "yes",
            "mode": "residential",
            "name": "Training retreat",
        },
        {
            "type": "course",
            "date": _ago(35),
            "programme": "MBCT",
            "sessions": 8,
            "role": "co_teacher",
            "co_teacher_seniority": "senior",
            "closely_supervised": "yes",
            "participants": 10,
        },
        *_declarations(1, 30),
    ]


def jo() -> list[dict[str, Any]]:
    return [
        *_pathway(11 * 365, 12, 200, 10 * 365 + 100),
        *_courses(10 * 365, 60, 100),
        *_monthly_supervision(72, minutes=90),
        *_yearly("retreat", 6, 120, days=7, teacher_led="yes", mode="residential"),
        *_cpd(6, 40),
        *_declarations(6, 90),
    ]


def chris() -> list[dict[str, Any]]:
    return [
        *_pathway(6 * 365, 12, 140, 5 * 365 + 150),
        *_courses(5 * 365, 600, 130),
        {"type": "supervision", "date": _ago(240), "minutes": 60, "format": "one_to_one"},
        {"type": "supervision", "date": _ago(700), "minutes": 60, "format": "one_to_one"},
        {"type": "retreat", "date": _ago(210), "days": 2, "teacher_led": "yes", "mode": "online"},
        *_cpd(3, 100),
        *_declarations(3, 180),
    ]


def alex() -> list[dict[str, Any]]:
    return [
        *_pathway(9 * 365, 15, 180, 8 * 365 + 100),
        *_courses(8 * 365, 45, 180),
        *_monthly_supervision(24, minutes=60),
        *_yearly("retreat", 3, 200, days=6, teacher_led="yes", mode="online"),
        *_cpd(3, 70),
        *_declarations(3, 100),
    ]


def morgan() -> list[dict[str, Any]]:
    return [
        *_pathway(8 * 365, 13, 160, 7 * 365 + 100),
        *_courses(7 * 365, 500, 200),
        {"type": "supervision", "date": _ago(420), "minutes": 60, "format": "one_to_one"},
        *_yearly("retreat", 2, 90, days=5, teacher_led="yes", mode="residential"),
        *_cpd(2, 30),
        *_declarations(2, 60),
    ]


def _csv(rows: list[dict[str, Any]]) -> str:
    return write(COLUMNS, rows)


def seed_demo(demo: Any) -> None:
    r, h = "riverside", "hillside"
    demo.apply(r, "alex", "adherence.standards", {"profile_id": "gpg", "due_soon_days": "30"})
    demo.apply(
        h, "morgan", "adherence.standards", {"profile_id": "breathworks", "due_soon_days": "30"}
    )
    jo_id = demo.people["jo"].id
    alex_id = demo.people["alex"].id
    profiles = [
        (r, "sam", jo_id, "Clinical psychologist; ten years in adult mental health services"),
        (r, "priya", jo_id, "Mental health nurse (RMN)"),
        (r, "tom", jo_id, "Occupational therapist"),
        (h, "chris", alex_id, "Counsellor, BACP registered"),
        (h, "jo", alex_id, "Clinical psychologist"),
        (h, "morgan", alex_id, "Mental health nurse and service manager"),
    ]
    for team, person, supervisor, background in profiles:
        demo.apply(
            team,
            person,
            "practice.profile",
            {"usual_supervisor_id": supervisor, "professional_background": background},
        )
    for person, background in (
        ("jo", "Clinical psychologist and MBCT trainer"),
        ("alex", "Consultant psychologist; leads the service"),
    ):
        demo.apply(
            r,
            person,
            "practice.profile",
            {
                "usual_supervisor_id": "outside",
                "usual_supervisor_name": "Dr Ruth Okafor",
                "professional_background": background,
            },
        )
    histories = [
        (r, "sam", sam()),
        (r, "priya", priya()),
        (r, "tom", tom()),
        (r, "jo", jo()),
        (r, "alex", alex()),
        (h, "chris", chris()),
        (h, "jo", jo()),
        (h, "morgan", morgan()),
    ]
    for team, person, rows in histories:
        demo.apply(team, person, "practice.import", {"csv": _csv(rows)})
    for person in ("sam", "tom"):
        demo.apply(r, "jo", "practice.verify_all", {"teacher_id": demo.people[person].id})
    demo.apply(h, "alex", "practice.verify_all", {"teacher_id": demo.people["chris"].id})
    # Recent entries, one by one, still waiting for the supervisor to sign them off.
    tom_course = (
        demo.store(r)
        .reader.execute(
            "SELECT id FROM courses_taught WHERE teacher_id = ? ORDER BY start_date DESC LIMIT 1",
            [demo.people["tom"].id],
        )
        .fetchone()["id"]
    )
    demo.apply(
        r,
        "tom",
        "supervision.record",
        {
            "date": _ago(14),
            "minutes": "60",
            "format": "one_to_one",
            "supervisor_id": jo_id,
            "course_id": tom_course,
        },
    )
    demo.apply(
        r,
        "sam",
        "supervision.record",
        {
            "date": _in_month(0, 1),
            "minutes": "60",
            "format": "one_to_one",
            "supervisor_id": jo_id,
        },
    )
    demo.apply(
        r,
        "sam",
        "cpd.record",
        {
            "date": _ago(9),
            "hours": "3",
            "kind": "peer-learning",
            "title": "Peer learning group",
            "participatory": "yes",
            "reflection": "Shared how we hold silence in week 4.",
        },
    )
