"""The words a resource is tagged with: the journey's characteristics, stages and themes
(from the shipped content), and the kinds of resource."""

from __future__ import annotations

from functools import cache

from backend.journey.rules.content import load_content

KINDS = [
    ("case-example", "Case example"),
    ("template", "Template"),
    ("evidence", "Evidence"),
    ("business-case", "Business case"),
    ("training", "Training"),
    ("policy", "Policy"),
]


@cache
def characteristics() -> list[tuple[str, str]]:
    return [(c.id, c.title) for c in load_content().characteristics]


@cache
def stages() -> list[tuple[str, str]]:
    return [(s.name.value, s.title) for s in load_content().stages]


@cache
def themes() -> list[tuple[str, str]]:
    return [(t.id, t.title) for t in load_content().themes]


def label(options: list[tuple[str, str]], key: str) -> str:
    return dict(options).get(key, "")
