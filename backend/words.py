"""One way to say a number of things: "1 hour", "2 hours", "1 hour a week", "0.5 days".

Every page, message and reason that puts a count before a unit goes through `plural`,
so nobody reads "1 hours" or "1 minutes".
"""

from __future__ import annotations


def format_number(value: float, thousands: bool = False) -> str:
    """'5', '2.5', '0.25' (and '1,000' with `thousands`): no trailing zeros."""
    text = f"{value:,.2f}" if thousands else f"{value:.2f}"
    text = text.rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def unit_for(count: float, unit: str) -> str:
    """The unit as written after `count`. `unit` is given in the plural and may run on
    ("hours a week"): only its first word changes, and only for exactly 1."""
    if count != 1 or not unit:
        return unit
    first, _, rest = unit.partition(" ")
    singular = _SINGULAR.get(first, first[:-1] if first.endswith("s") else first)
    return f"{singular} {rest}" if rest else singular


def plural(count: float, singular: str, many: str | None = None) -> str:
    """'1 day', '2 days', '1 supervision meeting', '3 people' (with `many`)."""
    word = singular if count == 1 else (many or singular + "s")
    return f"{format_number(count)} {word}"


def quantity(count: float, unit: str) -> str:
    """'1 minute', '600 minutes', '1 hour a week': `unit` given in the plural."""
    number = format_number(count, thousands=True)
    shown = unit_for(count, unit)
    return f"{number} {shown}" if shown else number


_SINGULAR = {"people": "person", "children": "child"}
