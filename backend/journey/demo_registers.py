"""Pivot points, implementers and reflective reviews for the demo teams."""

from __future__ import annotations

from datetime import date
from typing import Any

from backend.dates import add_months_clamped
from backend.journey import demo_text as text
from backend.journey.demo_seeder import Seeder
from backend.journey.team import shipped


def pivots(s: Seeder) -> None:
    for months, kind, effect, what, response, themes in text.RIVERSIDE_PIVOTS:
        on = s.at(months)

        def log(
            on: date = on,
            kind: str = kind,
            effect: str = effect,
            what: str = what,
            response: str = response,
            themes: list[str] = themes,
            months: int = months,
        ) -> None:
            out = s.apply(
                "alex",
                "journey.pivot.log",
                {
                    "happened_on": on.isoformat(),
                    "what_happened": what,
                    "kind": kind,
                    "effect": effect,
                    "response": response,
                    "themes": themes,
                },
            )
            s.ids[f"pivot-{months}"] = out.result["id"]

        s.add(on, log)


def add_implementer(s: Seeder, key: str, args: dict[str, Any]) -> None:
    base = {
        "role": "",
        "skills": "",
        "passion": "",
        "support_needed": "",
        "protected_hours_per_week": "",
        "top_down_sponsor": "",
        "expected_leaving_on": "",
        "successor_id": "",
    }
    out = s.apply(
        "alex" if s.team == "riverside" else "morgan", "journey.implementer.add", base | args
    )
    s.ids[key] = out.result["id"]


def implementers(s: Seeder) -> None:
    s.add(
        s.at(0.1),
        lambda: add_implementer(
            s,
            "alex",
            {
                "name": "Alex Morgan",
                "role": "Service lead",
                "seniority": "team_lead",
                "skills": "Teaching MBCT, service design, making the case",
                "passion": "Saw what MBCT did for people with recurrent depression and wants it "
                "offered to everyone who could benefit.",
                "support_needed": "Protected time for the steering group and the annual report.",
                "protected_hours_per_week": "7.5",
            },
        ),
    )
    leaving = add_months_clamped(s.end, 4).isoformat()
    s.add(
        s.at(0.1),
        lambda: add_implementer(
            s,
            "jo",
            {
                "name": "Jo Clarke",
                "role": "Lead supervisor and teacher",
                "seniority": "practitioner",
                "skills": "Supervision, teacher training, BAMBA good practice",
                "passion": "Keeping the teaching true to the programme.",
                "support_needed": "A successor to take on supervision.",
                "protected_hours_per_week": "4",
                "expected_leaving_on": leaving,
            },
        ),
    )
    s.add(
        s.at(35),
        lambda: add_implementer(
            s,
            "okafor",
            {
                "name": "Dr Ruth Okafor",
                "role": "Consultant psychiatrist, clinical sponsor",
                "seniority": "clinical_lead",
                "skills": "Clinical governance, links with the medical director",
                "passion": "Relapse prevention as part of every recovery plan.",
                "top_down_sponsor": "yes",
                "protected_hours_per_week": "1",
            },
        ),
    )
    s.add(
        s.at(45),
        lambda: add_implementer(
            s,
            "priya",
            {
                "name": "Priya Shah",
                "role": "Mindfulness teacher",
                "seniority": "practitioner",
                "skills": "Referrals, the waiting list, talks to referrers",
                "passion": "Making the courses easier to reach.",
                "support_needed": "Time to finish teacher training to the next level.",
                "protected_hours_per_week": "3",
            },
        ),
    )


def reviews(s: Seeder) -> None:
    questions = [q for t in shipped(s.demo.services).themes for q in t.questions]
    for n, (months, title, pivot_month) in enumerate(text.RIVERSIDE_REVIEWS):
        on = s.at(months)
        last = n == len(text.RIVERSIDE_REVIEWS) - 1

        def hold(
            on: date = on,
            title: str = title,
            pivot_month: int | None = pivot_month,
            months: int = months,
            last: bool = last,
        ) -> None:
            args = {
                "title": title,
                "opened_on": on.isoformat(),
                "reason": "",
                "pivot_point_id": s.ids.get(f"pivot-{pivot_month}", ""),
            }
            if pivot_month is not None:
                args["reason"] = "To reflect on what the pivot point changed."
            review_id = s.apply("alex", "journey.review.open", args).result["id"]
            phase = 0 if months < 20 else 1 if months < 42 else 2
            others = [p for p in ("sam", "jo", "priya") if s.rng.random() < 0.75]
            people = ["alex", *others] + (["tom"] if months >= 44 else [])
            answers = answers_for(s, people, phase, questions)
            for person in people:
                draft = last and person == "tom"
                answer(s, person, review_id, phase, answers[person], share=not draft)

        s.add(on, hold)


def answers_for(
    s: Seeder, people: list[str], phase: int, questions: list[Any]
) -> dict[str, dict[str, str]]:
    """Who answers which question: each wording of an answer goes to one person, so no
    two people give the same answer to the same question in one review."""
    chosen: dict[str, dict[str, str]] = {person: {} for person in people}
    for q in questions:
        variants = list(text.ANSWERS[q.id][phase])
        s.rng.shuffle(variants)
        takers = s.rng.sample(people, len(people))
        for person, words in zip(takers, variants, strict=False):
            if s.rng.random() < 0.8:
                chosen[person][f"answer-{q.id}"] = words
    return chosen


def answer(
    s: Seeder, person: str, review_id: str, phase: int, answers: dict[str, str], share: bool
) -> None:
    r = s.rng
    args: dict[str, Any] = {"review_id": review_id, **answers}
    for theme_id, trend in text.RATING_TRENDS.items():
        if r.random() < 0.9:
            args[f"rating-{theme_id}"] = str(
                max(-2, min(2, trend[phase] + r.choice((-1, 0, 0, 1))))
            )
    if len(args) > 1:
        s.apply(person, "journey.review.answer", args)
        if share:
            s.apply(person, "journey.review.share", {"review_id": review_id})
