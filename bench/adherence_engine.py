"""Benchmark: evaluate a team of 200 teachers with 10 years of records each, as of today.

Run from the project root: `python -m bench.adherence_engine [--teachers N] [--repeats N]`
(or through `python -m bench.run_all`). Prints a markdown section for docs/benchmarks.md.
The target is under 200 ms for the team, all standards of a profile, on 2 cores.
"""

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta

from backend.adherence import (
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
    evaluate_many,
    load_profiles,
)
from backend.adherence.rules.records import MBI_TAC_DOMAINS, MBI_TAC_LEVELS
from bench.common import machine

TARGET_MS = 200.0
YEARS = 10


def _days(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _courses(rng: random.Random, teacher: str, start: date, today: date) -> list[CourseTaught]:
    """Three or four 8-week courses a year; the first four co-taught; some stop teaching."""
    courses = []
    day = start
    quiet_from = today - timedelta(days=rng.choice([0, 0, 0, 400, 700]))
    while day < today:
        if day <= quiet_from:
            index = len(courses)
            courses.append(
                CourseTaught(
                    id=f"{teacher}-c{index}",
                    programme=rng.choice(["MBCT", "MBCT", "MBSR"]),
                    start=day,
                    sessions=8,
                    role=Role.CO_TEACHER if index < 4 else Role.LEAD,
                    closely_supervised=index < 3,
                    co_teacher_seniority=Seniority.SENIOR if index < 2 else Seniority.PEER,
                    participants=rng.randint(6, 14),
                )
            )
        day += timedelta(weeks=rng.randint(11, 17))
    return courses


def _supervision(
    rng: random.Random, teacher: str, courses: list[CourseTaught], start: date, today: date
) -> list[SupervisionSession]:
    planned: list[tuple[date, int, SupervisionFormat, int | None, str | None]] = []
    for course in courses:  # about one session a fortnight while teaching
        for week in range(0, course.sessions, 2):
            day = course.start + timedelta(weeks=week, days=rng.randint(0, 6))
            fmt = rng.choice([SupervisionFormat.ONE_TO_ONE] * 4 + [SupervisionFormat.GROUP])
            size = rng.randint(3, 6) if fmt is SupervisionFormat.GROUP else None
            linked = course.id if rng.random() < 0.5 else None
            planned.append((day, 60, fmt, size, linked))
    for _ in range(YEARS * 3):  # between courses, and some peer supervision
        fmt = rng.choice([SupervisionFormat.ONE_TO_ONE, SupervisionFormat.PEER])
        planned.append((_days(rng, start, today), 90, fmt, None, None))
    planned.sort(key=lambda item: item[0])
    return [
        SupervisionSession(f"{teacher}-s{i}", day, minutes, fmt, "sup-1", size, linked)
        for i, (day, minutes, fmt, size, linked) in enumerate(planned)
        if day <= today
    ]


def _yearly_dates(rng: random.Random, start: date, today: date, low: int, high: int) -> list[date]:
    """Between `low` and `high` random dates in each calendar year from `start` to today."""
    days = []
    for year in range(start.year, today.year + 1):
        last = min(date(year, 12, 31), today)
        days += [_days(rng, date(year, 1, 1), last) for _ in range(rng.randint(low, high))]
    return days


def _pathway(rng: random.Random, teacher: str, start: date, trained_on: date) -> TrainingPathway:
    hours = rng.choice([110, 130, 150])
    return TrainingPathway(
        participant_courses=(
            ParticipantCourse(f"{teacher}-p", start - timedelta(days=400), "MBCT"),
        ),
        trainings=(TeacherTraining(f"{teacher}-tt", "Bangor", start, trained_on, hours),),
        professional_background="Clinical psychologist",
    )


def _retreats(rng: random.Random, teacher: str, start: date, today: date) -> tuple[Retreat, ...]:
    return tuple(
        Retreat(
            f"{teacher}-r{i}",
            day,
            rng.choice([1, 2, 5, 7]),
            teacher_led=rng.random() < 0.9,
            mode=rng.choice(list(RetreatMode)),
        )
        for i, day in enumerate(_yearly_dates(rng, start, today, 1, 3))
    )


def _cpd(rng: random.Random, teacher: str, start: date, today: date) -> tuple[CPDActivity, ...]:
    return tuple(
        CPDActivity(
            f"{teacher}-d{i}",
            day,
            rng.choice([1.5, 3, 6]),
            "workshop",
            participatory=rng.random() < 0.7,
            reflection="Noted.",
        )
        for i, day in enumerate(_yearly_dates(rng, start, today, 3, 6))
    )


def build_teacher(rng: random.Random, index: int, today: date) -> TeacherRecords:
    teacher = f"t{index}"
    start = today - timedelta(days=365 * YEARS + rng.randint(0, 200))
    trained_on = start + timedelta(days=rng.randint(360, 540))
    courses = _courses(rng, teacher, start + timedelta(days=120), today)
    levels = MBI_TAC_LEVELS[2:]
    return TeacherRecords(
        teacher_id=teacher,
        pathway=_pathway(rng, teacher, start, trained_on),
        courses=tuple(courses),
        supervision=tuple(_supervision(rng, teacher, courses, start, today)),
        retreats=_retreats(rng, teacher, start, today),
        cpd=_cpd(rng, teacher, start, today),
        mbi_tac=tuple(
            MbiTacRating(
                f"{teacher}-m{i}", trained_on, domain, rng.choice(levels), RatedBy.SUPERVISOR
            )
            for i, domain in enumerate(MBI_TAC_DOMAINS)
        ),
        declarations=tuple(
            AnnualDeclaration(f"{teacher}-a{i}", day, "Daily sitting", "HCPC", "Monthly")
            for i, day in enumerate(_yearly_dates(rng, start, today, 1, 1))
        ),
    )


def count_records(team: list[TeacherRecords]) -> int:
    return sum(
        len(t.courses)
        + len(t.supervision)
        + len(t.retreats)
        + len(t.cpd)
        + len(t.declarations)
        + len(t.mbi_tac)
        for t in team
    )


def time_profile(
    team: list[TeacherRecords], profile_id: str, today: date, repeats: int
) -> list[float]:
    profile = load_profiles()[profile_id]
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        evaluate_many(team, profile, today)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _row(team: list[TeacherRecords], profile_id: str, today: date, repeats: int) -> str:
    time_profile(team, profile_id, today, 1)  # warm-up
    timings = sorted(time_profile(team, profile_id, today, repeats))
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    verdict = "ok" if p95 < TARGET_MS else "MISSED"
    rules = len(load_profiles()[profile_id].rules)
    return (
        f"| {profile_id} | {rules} | {timings[0]:.1f} | {statistics.median(timings):.1f} "
        f"| {p95:.1f} | < {TARGET_MS:.0f} ms {verdict} |"
    )


def main(argv: list[str] | None = None) -> str:
    """Run the benchmark; print and return a markdown section for docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--teachers", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args(argv or [])
    today = date.today()
    rng = random.Random(20260301)
    team = [build_teacher(rng, index, today) for index in range(args.teachers)]
    rows = [_row(team, profile_id, today, args.repeats) for profile_id in load_profiles()]
    report = "\n\n".join(
        [
            "## Adherence engine (issue 4)",
            f"Machine: {machine()}. `evaluate_many` over {args.teachers} teachers with "
            f"{YEARS} years of records each ({count_records(team):,} records), every rule of "
            f"the profile, as of {today:%d %B %Y}; {args.repeats} runs after a warm-up. "
            f"Target: under {TARGET_MS:.0f} ms for the team.",
            "\n".join(
                [
                    "| profile | rules | min (ms) | median (ms) | p95 (ms) | target |",
                    "|---|---|---|---|---|---|",
                    *rows,
                ]
            ),
        ]
    )
    print(report)
    return report


if __name__ == "__main__":
    main(sys.argv[1:])
