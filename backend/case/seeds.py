"""The evidence a new case starts from, in the project's own words, each with its source.

These are suggestions for the lead to edit, not quotations: each says it should be
checked against the current guidance before use. No other citations or figures.
"""

from __future__ import annotations

CHECK = "Suggested wording: check it against the current guidance before use."
NICE = "NICE guideline NG222 (2022), Depression in adults: treatment and management"
ASPIRE = "Rycroft-Malone et al. (2017), the ASPIRE study, NIHR HS&DR 12/64/187"
CRANE = "Crane and Kuyken (2013), Mindfulness 4:246-254"

SEED_EVIDENCE: tuple[tuple[str, str], ...] = (
    (
        "NICE recommends group mindfulness-based cognitive therapy (MBCT) to help prevent"
        f" relapse in adults with depression in full or partial remission. {CHECK}",
        NICE,
    ),
    (
        "Implementing a mindfulness-based programme in the NHS is a journey of years, not a"
        " quick fix. Six interdependent themes decide whether it succeeds: implementers,"
        " making it fit, context, drive, adherence to good practice, and pivot points."
        f" {CHECK}",
        ASPIRE,
    ),
    (
        "Services need drive from both the bottom up and the top down: without it the work"
        " stalls, and can collapse when the implementers leave. Support from middle and"
        f" senior management is part of the context that helps. {CHECK}",
        ASPIRE,
    ),
    (
        "Barriers to implementing MBCT can be framed as six challenges: structural,"
        " political, cultural, educational, emotional, and physical or technological. In"
        " their survey only 35% of teachers had MBCT explicitly in their role."
        f" {CHECK}",
        CRANE,
    ),
)
