"""Words for the demo teams' journey: pivot points and answers to the reflective questions.

Invented, but written to read like a real NHS mindfulness service over five years.
"""

from __future__ import annotations

# (months after the start, kind, effect, what happened, the team's response, themes)
RIVERSIDE_PIVOTS: list[tuple[int, str, str, str, str, list[str]]] = [
    (
        1,
        "funding",
        "stronger",
        "The trust agreed a one-year pilot budget for two MBCT courses.",
        "Planned the first two courses and an evaluation to report back on.",
        ["context", "drive"],
    ),
    (
        3,
        "leadership_change",
        "stronger",
        "A new head of psychological therapies joined who had taught MBSR.",
        "Asked her to chair the steering group.",
        ["drive", "implementer"],
    ),
    (
        5,
        "workforce",
        "more_fragile",
        "One of the two trained teachers went on long-term sick leave.",
        "Postponed the second course and asked the regional network for a co-teacher.",
        ["implementer", "good-practice"],
    ),
    (
        7,
        "commissioning_policy",
        "stronger",
        "Commissioners named relapse prevention in the local mental health strategy.",
        "Wrote a one-page note linking the service to the strategy.",
        ["making-it-fit", "context"],
    ),
    (
        9,
        "restructure",
        "more_fragile",
        "Community teams merged into two locality hubs.",
        "Met both hub managers to keep referral routes open.",
        ["making-it-fit", "context"],
    ),
    (
        11,
        "funding",
        "stronger",
        "The pilot budget was extended for a second year.",
        "Used the extension to train two more teachers.",
        ["context", "drive"],
    ),
    (
        13,
        "other",
        "not_yet_known",
        "The trust moved to a new electronic patient record.",
        "Asked for a course code so sessions can be counted.",
        ["context"],
    ),
    (
        15,
        "workforce",
        "stronger",
        "Two practitioners finished their teacher training.",
        "Set up paired teaching and monthly group supervision.",
        ["good-practice", "implementer"],
    ),
    (
        17,
        "leadership_change",
        "more_fragile",
        "The medical director who backed the pilot retired.",
        "Briefed the new medical director with the first year's results.",
        ["drive"],
    ),
    (
        19,
        "commissioning_policy",
        "both",
        "New national waiting-time targets for talking therapies.",
        "Agreed that MBCT counts as a step-up option, but protected course length.",
        ["making-it-fit", "good-practice"],
    ),
    (
        21,
        "funding",
        "more_fragile",
        "A trust-wide vacancy freeze stopped a planned teacher post.",
        "Kept courses running with sessional teachers; logged the risk.",
        ["context", "drive"],
    ),
    (
        23,
        "other",
        "stronger",
        "The service won the trust's quality improvement award.",
        "Used the award to raise the service's profile with senior managers.",
        ["drive", "context"],
    ),
    (
        25,
        "restructure",
        "not_yet_known",
        "Psychology moved into a new care group.",
        "Asked for a place on the care group's governance meeting.",
        ["context", "drive"],
    ),
    (
        27,
        "workforce",
        "more_fragile",
        "The supervisor who supported the team left the region.",
        "Arranged supervision through the regional mindfulness network for a year.",
        ["good-practice", "implementer"],
    ),
    (
        29,
        "commissioning_policy",
        "stronger",
        "The service was written into the care group's business plan.",
        "Agreed yearly targets for courses and staff sessions.",
        ["making-it-fit", "drive"],
    ),
    (
        31,
        "funding",
        "stronger",
        "Recurrent funding agreed for one teacher post.",
        "Recruited internally and updated job plans.",
        ["context", "drive"],
    ),
    (
        33,
        "other",
        "both",
        "Courses moved online during building works.",
        "Kept online groups for people who struggle to travel; returned to rooms after.",
        ["making-it-fit", "good-practice"],
    ),
    (
        35,
        "leadership_change",
        "stronger",
        "A consultant psychiatrist became the service's clinical sponsor.",
        "Added her to the implementers register and the steering group.",
        ["drive", "implementer"],
    ),
    (
        37,
        "workforce",
        "stronger",
        "A staff wellbeing lead asked for courses for staff.",
        "Ran a pilot staff course alongside the patient courses.",
        ["context", "making-it-fit"],
    ),
    (
        39,
        "restructure",
        "more_fragile",
        "Room bookings were centralised and evening rooms lost.",
        "Negotiated two evening rooms at the community hub.",
        ["context"],
    ),
    (
        41,
        "commissioning_policy",
        "both",
        "The integrated care board reviewed all psychological therapy contracts.",
        "Sent the annual report and outcome data to the review.",
        ["making-it-fit", "drive"],
    ),
    (
        43,
        "funding",
        "more_fragile",
        "A 5% savings target was set for the care group.",
        "Showed the service's cost per course and avoided cuts this year.",
        ["context", "drive"],
    ),
    (
        45,
        "other",
        "stronger",
        "A local university offered a placement for trainee teachers.",
        "Agreed a placement agreement and supervision arrangements.",
        ["good-practice"],
    ),
    (
        47,
        "workforce",
        "not_yet_known",
        "Two experienced teachers reduced their hours.",
        "Reviewed the teaching rota and the training pathway.",
        ["implementer", "good-practice"],
    ),
    (
        49,
        "leadership_change",
        "both",
        "A new care group director arrived with a focus on waiting lists.",
        "Prepared a short briefing on how MBCT reduces relapse and re-referral.",
        ["drive", "context"],
    ),
    (
        51,
        "commissioning_policy",
        "stronger",
        "MBCT was included in the new talking therapies pathway.",
        "Updated referral criteria with the pathway leads.",
        ["making-it-fit"],
    ),
    (
        53,
        "funding",
        "stronger",
        "Funding agreed for a second teacher post.",
        "Planned a training cohort for the next year.",
        ["context", "drive"],
    ),
    (
        55,
        "restructure",
        "not_yet_known",
        "Plans announced to merge with a neighbouring trust.",
        "Started to map the other trust's mindfulness provision.",
        ["context", "drive"],
    ),
    (
        57,
        "workforce",
        "more_fragile",
        "Jo Clarke, the lead supervisor, announced she will retire.",
        "Started to look for a successor; none agreed yet.",
        ["implementer", "good-practice"],
    ),
    (
        59,
        "other",
        "not_yet_known",
        "The trust launched a new staff wellbeing strategy.",
        "Asked to join the strategy group.",
        ["context", "making-it-fit"],
    ),
]

# Answers to each question, by phase of the journey (early, middle, late).
ANSWERS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "implementer.who": (
        (
            "Mostly Alex, with Jo helping on the teaching side. It feels as if it rests on one person.",
            "Alex is driving it. Jo teaches and supervises, and that is about it so far.",
        ),
        (
            "Alex leads, Jo runs supervision, and the head of therapies now speaks for us at the "
            "steering group.",
            "A small group now: Alex, Jo and two newly trained teachers.",
        ),
        (
            "Alex, Jo, Dr Okafor as clinical sponsor, and Priya, who has started to take on the "
            "referrers' sessions.",
            "Several people now, at different levels. It would survive one of us leaving, but Jo "
            "retiring will leave a gap in supervision.",
        ),
    ),
    "implementer.work": (
        ("Alex writes the case, books rooms and chases referrals; Jo teaches.",),
        (
            "Alex reports to the steering group; Jo supervises; the new teachers share courses.",
            "The work is spread out more: teaching, supervision, data and meeting managers.",
        ),
        (
            "Priya handles referrals and the waiting list, Dr Okafor takes our case to the care "
            "group, Alex runs the steering group and the annual report.",
        ),
    ),
    "implementer.strengths": (
        ("Alex is persistent and knows the managers. Jo is an experienced teacher.",),
        (
            "Enthusiasm, clinical credibility and a good grasp of the numbers.",
            "We have a mix now: teaching skill, governance knowledge and energy.",
        ),
        (
            "Clinical authority from Dr Okafor, organisation from Priya, and long experience from "
            "Jo and Alex.",
        ),
    ),
    "implementer.support": (
        ("Protected time. Everything is done on top of full caseloads.",),
        ("Protected time in job plans, and someone senior who will speak up for us.",),
        (
            "A successor for Jo, and training for the next generation of teachers.",
            "Keeping the protected time we won, and planning for people leaving.",
        ),
    ),
    "making-it-fit.systems": (
        ("It sits awkwardly between primary care and secondary services.",),
        ("Better now the strategy mentions relapse prevention; referral routes are clearer.",),
        ("It is part of the talking therapies pathway, with agreed referral criteria.",),
    ),
    "making-it-fit.help-or-hinder": (
        (
            "The merger of community teams confused referrers.",
            "No clear place in the pathway yet, so referrals come through goodwill.",
        ),
        ("The strategy helps; the waiting-time targets pull the other way.",),
        ("Being in the pathway helps a lot; room bookings still hinder evening courses.",),
    ),
    "making-it-fit.work-with": (
        ("We could link with the recovery college.",),
        ("The staff wellbeing lead is an ally; the care group business plan is an opening.",),
        ("The new wellbeing strategy and the trust merger are both chances to spread.",),
    ),
    "context.now": (
        ("Pilot money only, and a lot of scepticism from medical colleagues.",),
        ("More support from managers, but budgets are tight and vacancies frozen.",),
        ("Recurrent funding for two posts, supportive managers, and a merger coming.",),
    ),
    "context.influence": (
        ("Showing results from the first courses.",),
        ("The annual report and the quality award changed some minds.",),
        ("Being seen as part of the pathway rather than an extra.",),
    ),
    "context.integrity": (
        ("Pressure to shorten the course to fit clinic slots; we said no.",),
        ("Online courses during the building works tested how far we could adapt.",),
        ("We keep the full eight weeks and the pre-course interview.",),
    ),
    "drive.widen": (
        ("We need someone senior to champion it.",),
        ("The clinical sponsor has helped; the new director is an unknown.",),
        ("Both top-down and bottom-up now; the risk is people leaving.",),
    ),
    "drive.resource": (
        ("Ask for protected time in the next job-plan round.",),
        ("Use the business plan targets to argue for the second post.",),
        ("Build succession into the training pathway.",),
    ),
    "good-practice.adherence": (
        ("Supervision is ad hoc; retreats are paid for by the teachers themselves.",),
        ("Monthly group supervision; retreat days agreed as study leave.",),
        ("Supervision, retreats and CPD are in place and recorded for every teacher.",),
    ),
    "good-practice.protect": (
        ("Write down what good practice means for us.",),
        ("The standards policy the steering group agreed.",),
        ("A training pathway and a named supervisor for each new teacher.",),
    ),
    "pivot-points.events": (
        ("The pilot funding, and losing a teacher to sick leave.",),
        ("The restructure into care groups, and the vacancy freeze.",),
        ("Recurrent funding, the pathway decision, and the planned merger.",),
    ),
    "pivot-points.relating": (
        ("We were mostly reacting to events.",),
        ("Better at spotting openings, such as the business plan.",),
        ("We now log pivot points and review after each big one.",),
    ),
}

# Ratings per theme by phase, before each person's own variation.
RATING_TRENDS: dict[str, tuple[int, int, int]] = {
    "implementer": (-1, 1, 1),
    "making-it-fit": (0, 1, 2),
    "context": (-1, 0, 1),
    "drive": (-1, 0, 1),
    "good-practice": (1, 1, 2),
    "pivot-points": (0, -1, 0),
}

# (months after the start, title, the month of the pivot point it follows, if any)
RIVERSIDE_REVIEWS: list[tuple[int, str, int | None]] = [
    (3, "First reflective review", None),
    (9, "Six-monthly review", None),
    (13, "Review after the pilot extension", 11),
    (19, "Six-monthly review", None),
    (26, "Review after the move into the care group", 25),
    (32, "Review after recurrent funding", 31),
    (38, "Six-monthly review", None),
    (44, "Six-monthly review", None),
    (50, "Review after the new director arrived", 49),
    (53, "Six-monthly review", None),
]

EVIDENCE = (
    "Agreed at the steering group; see the minutes.",
    "Written into the service specification.",
    "Discussed with the commissioners, who agreed.",
    "In the annual report.",
    "Recorded in the team's shared drive.",
    "Confirmed at the care group governance meeting.",
    "Set out in the training pathway document.",
    "Named in job plans for this year.",
)
CHECKS = (
    "Checked at the annual review: still in place.",
    "Reviewed at the steering group; no change.",
    "Still in place; evidence updated for this year.",
)
PROGRESS = (
    "Draft shared with the steering group.",
    "Waiting for a decision from the care group.",
    "Picked up again after the summer.",
    "Meeting booked with the commissioners.",
    "About half done.",
)
DIPS = (
    "Slipped after the pivot point; being rebuilt.",
    "Partly lost when staff moved on.",
    "On hold while the changes settle.",
)
