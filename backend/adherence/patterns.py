"""Adherence's parts on the development-only /patterns page (hook `PATTERN_SAMPLES`): its
status tags and suggestions in every status, sign-off, comments, and a table of teachers'
standing."""

from __future__ import annotations

from backend.adherence.rules.results import Status
from backend.hooks import PatternSample


def pattern_samples() -> list[PatternSample]:
    statuses = {"statuses": list(Status)}
    return [
        PatternSample(
            "tags", "Good-practice statuses", "adherence/_patterns_status_tags.html", statuses
        ),
        PatternSample(
            "tags", "Suggestions (advisory checks)", "adherence/_patterns_check_tags.html", statuses
        ),
        PatternSample("tags", "Sign-off", "adherence/_patterns_sign_off.html", {}),
        PatternSample("feedback", "Comments", "adherence/_patterns_comments.html", {}),
        PatternSample("lists", "", "adherence/_patterns_standing.html", statuses),
    ]
