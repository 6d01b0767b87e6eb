"""The team summary's numbers and its small trend chart, as accessible SVG.

The chart is drawn on the server (no script, no external asset, no style attribute):
one stacked bar per month of how many teachers met every standard, had something due
soon, or had something not met. It has a title and description, each bar has a
<title>, and the page shows the same numbers as a table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from backend.adherence.rules.results import Evaluation, Status

SERIES = (
    (Status.MET, "Met", "#007f3b"),
    (Status.DUE_SOON, "Due soon", "#ffb81c"),
    (Status.NOT_MET, "Not met", "#d5281b"),
)
WIDTH, HEIGHT = 400, 250
LEFT, RIGHT, TOP, BOTTOM = 30, 6, 40, 46


@dataclass(frozen=True, slots=True)
class Point:
    day: date
    counts: dict[Status, int]

    @property
    def total(self) -> int:
        return sum(self.counts.get(status, 0) for status, _, _ in SERIES)

    @property
    def label(self) -> str:
        return f"{self.day:%b %Y}"


@dataclass(frozen=True, slots=True)
class RuleCount:
    rule_id: str
    title: str
    advisory: bool
    counts: dict[Status, int]


def overall_counts(evaluations: Iterable[Evaluation]) -> dict[Status, int]:
    tally = dict.fromkeys(Status, 0)
    for evaluation in evaluations:
        tally[evaluation.overall] += 1
    return tally


def rule_counts(evaluations: Iterable[Evaluation]) -> list[RuleCount]:
    """Per standard, in the profile's order, how many teachers have each status."""
    found: dict[str, RuleCount] = {}
    for evaluation in evaluations:
        for check in evaluation.checks:
            if check.rule_id not in found:
                found[check.rule_id] = RuleCount(
                    check.rule_id, check.title, check.advisory, dict.fromkeys(Status, 0)
                )
            found[check.rule_id].counts[check.status] += 1
    return list(found.values())


def describe(points: list[Point]) -> str:
    if not points:
        return "No teachers to show."
    first, last = points[0], points[-1]
    return (
        f"From {first.label} to {last.label}, teachers meeting every standard went from "
        f"{first.counts.get(Status.MET, 0)} to {last.counts.get(Status.MET, 0)}, and teachers "
        f"with something not met from {first.counts.get(Status.NOT_MET, 0)} to "
        f"{last.counts.get(Status.NOT_MET, 0)}. The table below gives every month."
    )


def trend_svg(points: list[Point], chart_id: str = "adherence-trend") -> Markup:
    tallest = max((p.total for p in points), default=0) or 1
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points), 1)
    bar_w = step * 0.7
    parts = [
        f'<svg class="app-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">Teachers by overall status, month by month</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(points))}</desc>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#4c6272"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" font-size="14" fill="#212b32">{tallest}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" font-size="14" fill="#212b32">0</text>',
    ]
    for index, (_, label, colour) in enumerate(SERIES):
        legend_x = LEFT + index * 100
        parts.append(
            f'<rect x="{legend_x}" y="6" width="16" height="16" fill="{colour}" stroke="#212b32"/>'
        )
        parts.append(
            f'<text x="{legend_x + 22}" y="20" font-size="15" fill="#212b32">{label}</text>'
        )
    for index, point in enumerate(points):
        x = LEFT + index * step + (step - bar_w) / 2
        y: float = TOP + plot_h
        summary = ", ".join(f"{point.counts.get(s, 0)} {label.lower()}" for s, label, _ in SERIES)
        parts.append(f"<g><title>{escape(point.label)}: {escape(summary)}</title>")
        for status, _, colour in SERIES:
            height = plot_h * point.counts.get(status, 0) / tallest
            if height:
                y -= height
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{height:.1f}" '
                    f'fill="{colour}" stroke="#ffffff"/>'
                )
        parts.append("</g>")
        if len(points) <= 6 or (len(points) - 1 - index) % 2 == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" '
                f'font-size="14" fill="#212b32">{point.day:%b}</text>'
            )
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{TOP + plot_h + 36}" text-anchor="middle" '
                f'font-size="14" fill="#212b32">{point.day:%y}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value above is a number or escaped
