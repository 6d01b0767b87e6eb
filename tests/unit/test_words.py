"""One pluralising helper: nobody reads "1 hours" or "1 minutes"."""

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
