"""One pluralising helper: nobody reads "1 hours" or "1 minutes"."""

import re
from pathlib import Path

import pytest

from backend.validation import Decimal, Integer, Schema, ValidationFailed
from backend.words import plural, quantity


@pytest.mark.parametrize(
    ("count", "unit", "said"),
    [
        (1, "hours", "1 hour"),
        (2, "hours", "2 hours"),
        (1, "minutes", "1 minute"),
        (1, "hours a week", "1 hour a week"),
        (3.5, "hours a week", "3.5 hours a week"),
        (0.5, "days", "0.5 days"),
        (1, "people", "1 person"),
        (2000, "hours", "2,000 hours"),
        (1, "", "1"),
    ],
)
def test_quantity_says_one_thing_in_the_singular(count: float, unit: str, said: str) -> None:
    assert quantity(count, unit) == said


def test_plural_counts() -> None:
    assert plural(1, "day") == "1 day"
    assert plural(5, "day") == "5 days"


def test_validation_messages_use_the_helper() -> None:
    with pytest.raises(ValidationFailed) as caught:
        Schema((Integer("minutes", "Length", minimum=1, unit="minutes"),)).validate(
            {"minutes": "0"}
        )
    assert "must be 1 minute or more" in str(caught.value.errors)
    with pytest.raises(ValidationFailed) as caught:
        Schema((Decimal("h", "Time", minimum=1, unit="hours a week"),)).validate({"h": "0.5"})
    assert "must be 1 hour a week or more" in str(caught.value.errors)


# Every count on a page goes through the helper: no hand-written "s" after a count.
ROOT = Path(__file__).resolve().parents[2] / "backend"
HAND_WRITTEN = (
    re.compile(r"""["']s["'] if"""),  # record{{ "s" if n != 1 }}
    re.compile(r"[a-z]\(s\)(?=[ :,.\\'\"])"),  # problem(s), key(s)
    # {{ n | length }} members, {{ s.possible }} points, {{ days }} days: a count, then a plural
    re.compile(
        r"\{\{[^{}]*(length|count|total|possible|days|points|size)[^{}]*\}\} (pivot )?[a-z]+s\b"
    ),
)


def test_no_hand_written_plurals_in_pages_or_messages() -> None:
    found = []
    for path in sorted([*ROOT.rglob("*.html"), *ROOT.rglob("*.py")]):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if any(pattern.search(line) for pattern in HAND_WRITTEN):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert found == []


def test_the_pages_helper_says_one_pivot_point_and_one_day() -> None:
    from backend.web.templating import environment

    render = environment(()).from_string
    assert render('{{ 1 | plural("pivot point") }}').render() == "1 pivot point"
    assert render('{{ (1 if true else 30) | quantity("days") }}').render() == "1 day"
