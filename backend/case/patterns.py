"""The case's parts on the development-only /patterns page (hook `PATTERN_SAMPLES`): the
power/interest grid of its stakeholders."""

from __future__ import annotations

from backend.case.queries import Case, Stakeholder
from backend.case.view import quadrants
from backend.hooks import PatternSample


def stakeholders() -> Case:
    """A case with someone in each quarter of the power/interest grid, and more in one
    quarter than it shows by name."""
    people = [
        Stakeholder("Clinical director, adult mental health", "high", "high"),
        Stakeholder("Finance business partner", "high", "low"),
        Stakeholder("Service user group", "low", "high"),
        Stakeholder("Estates", "low", "low"),
    ]
    people += [Stakeholder(f"Referring team {n}", "low", "high") for n in range(1, 8)]
    return Case(team_name="Sample service", stakeholders=people)


def pattern_samples() -> list[PatternSample]:
    grid = {"case": stakeholders(), "quadrants": quadrants}
    return [PatternSample("charts", "", "case/_patterns_stakeholders.html", grid)]
