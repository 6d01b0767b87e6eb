"""Calendar arithmetic shared by the journey rules."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months, clamped to the end of a shorter month.

    31 August + 6 months is 28 (or 29) February; 29 February + 12 months is 28 February.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month_index = divmod(index, 12)
    last = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last))
