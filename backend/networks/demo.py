"""The demo network: the two demo teams and a third service, with resources and where
they stand, seeded through the network mutation path."""

from __future__ import annotations

import json
from typing import Any

from backend.accounts.public import hash_password
from backend.dates import uk_today
from backend.hooks import JOURNEY_STAGES, provided
from backend.mutations import Actor
from backend.networks import files
from backend.networks.overview_routes import adherence_counts
from backend.networks.service import apply_network, create_network
from backend.teams.public import create_team, create_user

THIRD_TEAM = "Lakeside mindfulness service"
THIRD_LEAD = ("dana.hughes@example.nhs.uk", "Dana Hughes")
# The smallest PDF that readers open: one empty page.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
RESOURCES = [
    (
        "riverside",
        "Making the case to the trust board",
        "The business case Riverside used to secure two years of funding: costs, outcomes "
        "and the questions the board asked.",
        "top-down-buy-in",
        "starting_out",
        "drive",
        "business-case",
        "file",
    ),
    (
        "hillside",
        "Adapting MBSR for people with long-term pain",
        "What Hillside changed in the eight-week course, and what it kept, to make it fit "
        "a pain clinic's patients.",
        "make-it-fit",
        "starting_out",
        "making-it-fit",
        "case-example",
        "https://www.nice.org.uk/guidance/ng193",
    ),
    (
        "riverside",
        "Supervision agreement template",
        "A one-page agreement for supervision between teachers, with space for frequency "
        "and what to bring.",
        "build-a-team",
        "developmental",
        "good-practice",
        "template",
        "https://www.bangor.ac.uk/mindfulness",
    ),
    (
        "lakeside",
        "Evaluating outcomes with routine measures",
        "How Lakeside collects PHQ-9 and GAD-7 before and after a course, and reports them "
        "each quarter.",
        "evaluate-and-learn",
        "",
        "context",
        "evidence",
        "https://digital.nhs.uk/data-and-information/data-collections-and-data-sets/data-sets/improving-access-to-psychological-therapies-data-set",
    ),
]


CASES = [
    (
        "riverside",
        "Fitting MBCT into a city IAPT service",
        {
            "context": "A busy city talking therapies service with a long waiting list.",
            "what_we_did": "Offered MBCT as a step-up option and trained two more teachers.",
            "what_helped": "A senior sponsor who had done the course herself.",
            "what_got_in_the_way": "Room bookings, and referrers unsure who to refer.",
            "pivot_points": "Losing our only trained teacher; we paused, then trained two.",
            "advice": "Find your sponsor early and never rely on one teacher.",
        },
    ),
    (
        "lakeside",
        "Starting small in a rural service",
        {
            "context": "Three clinics an hour apart, one part-time teacher.",
            "what_we_did": "Ran one online course a term before any face-to-face.",
            "what_helped": "Peer supervision with a neighbouring service.",
            "what_got_in_the_way": "Broadband in two of the clinics.",
            "pivot_points": "A commissioner's review; our outcome data carried us.",
            "advice": "Collect outcomes from the first course.",
        },
    ),
]


def _stories(demo: Any, network_id: str, teams: dict[str, str], leads: dict[str, Any]) -> None:
    services = demo.services
    for team, title, sections in CASES:
        person = leads[team]
        who = Actor(person.id, person.name, frozenset(), "demo")
        made = apply_network(
            services,
            network_id,
            who,
            "case.draft",
            {"team_id": teams[team], "title": title, **sections},
        )
        apply_network(services, network_id, who, "case.share", {"case_id": made.result["id"]})
    sam = demo.people["sam"]
    asked = apply_network(
        services,
        network_id,
        Actor(sam.id, sam.name, frozenset(), "demo"),
        "question.ask",
        {
            "team_id": teams["riverside"],
            "title": "How did you keep going when your only teacher left?",
            "body": "Our one trained teacher is leaving in the spring.",
            "characteristic": "build-a-team",
            "stage": "starting_out",
        },
    )
    for team, text in (
        ("lakeside", "We shared a teacher with a neighbouring service for a year."),
        ("hillside", "We paused for a term and trained two people at once."),
    ):
        person = leads[team]
        apply_network(
            services,
            network_id,
            Actor(person.id, person.name, frozenset(), "demo"),
            "question.reply",
            {"team_id": teams[team], "question_id": asked.result["id"], "body": text},
        )


def seed_demo(demo: Any) -> None:
    services = demo.services
    dana = create_user(services, *THIRD_LEAD, hash_password(THIRD_LEAD[0] + "-not-signed-in"))
    lakeside = create_team(services, dana, THIRD_TEAM, "demo")
    teams = {**demo.teams, "lakeside": lakeside}
    morgan = demo.people["morgan"]
    network_id = create_network(
        services,
        Actor(morgan.id, morgan.name, frozenset(), "demo"),
        "North West mindfulness network",
    )
    lead = Actor(morgan.id, morgan.name, frozenset({"network_lead"}), "demo")
    leads = {
        "riverside": demo.people["alex"],
        "hillside": morgan,
        "lakeside": dana,
    }
    named = {"riverside": True, "hillside": False, "lakeside": True}
    for key, person in leads.items():
        team_id = teams[key]
        apply_network(services, network_id, lead, "network.invite", {"team_id": team_id})
        actor = Actor(person.id, person.name, frozenset(), "demo")
        apply_network(services, network_id, actor, "network.accept", {"team_id": team_id})
        snapshot: dict[str, str] = {}
        for stages in provided(services.features, JOURNEY_STAGES):
            snapshot.update(stages(services.teams.get(team_id), services))
        counts = adherence_counts(services, services.teams.get(team_id), uk_today())
        args = {
            "team_id": team_id,
            "share_snapshot": True,
            "named": named[key],
            "snapshot": json.dumps(snapshot),
            "share_adherence": "yes",
            "adherence": json.dumps(counts),
        }
        apply_network(services, network_id, actor, "network.sharing", args)
    for team, title, summary, characteristic, stage, theme, kind, link in RESOURCES:
        person = leads[team]
        args = {
            "team_id": teams[team],
            "title": title,
            "summary": summary,
            "characteristic": characteristic,
            "stage": stage,
            "theme": theme,
            "kind": kind,
        }
        if link == "file":
            sha, _ = files.keep(services, network_id, DEMO_PDF)
            args |= {"file_sha": sha, "file_name": "business-case.pdf"}
        else:
            args["url"] = link
        apply_network(
            services,
            network_id,
            Actor(person.id, person.name, frozenset(), "demo"),
            "resource.publish",
            args,
        )
    _stories(demo, network_id, teams, leads)
