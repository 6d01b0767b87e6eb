"""Calendar arithmetic and wording for adherence windows.

The conventions are documented in docs/adherence-rules.md; the short version:

- a rolling window of N months as of day D runs from the day after "D minus N months"
  (clamped to the month end) up to and including D;
- a record dated R counts in such windows up to and including the day before
  "R plus N months" (rolled on to the 1st of the next month when that month is too short).

The two statements describe the same windows, so a record dated on the same day every
year keeps an annual standard met without a gap.
"""

import calendar
from datetime import date, timedelta

from backend.words import format_number as format_number  # one helper (backend/words.py)
from backend.words import plural as plural

ONE_DAY = timedelta(days=1)

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    new_year, new_month0 = divmod(index, 12)
    return new_year, new_month0 + 1


def add_months_clamped(day: date, months: int) -> date:
    """Same day of the month N months on (or back), clamped to that month's last day."""
    year, month = _shift_month(day.year, day.month, months)
    return date(year, month, min(day.day, days_in_month(year, month)))


def add_months_rolled(day: date, months: int) -> date:
    """Same day of the month N months on; the 1st of the next month if that day is missing."""
    year, month = _shift_month(day.year, day.month, months)
    if day.day > days_in_month(year, month):
        year, month = _shift_month(year, month, 1)
        return date(year, month, 1)
    return date(year, month, day.day)


def window_start(as_of: date, months: int) -> date:
    """First day of the rolling window of `months` months that ends on `as_of`."""
    return add_months_clamped(as_of, -months) + ONE_DAY


def stops_counting_on(day: date, months: int) -> date:
    """First day on which a record dated `day` is outside the rolling window."""
    return add_months_rolled(day, months)


def month_end(day: date) -> date:
    return date(day.year, day.month, days_in_month(day.year, day.month))


def month_key(day: date) -> int:
    """A sortable number for the calendar month containing `day`."""
    return day.year * 12 + day.month - 1


def month_from_key(key: int) -> date:
    """The first day of the month numbered `key` by month_key."""
    year, month0 = divmod(key, 12)
    return date(year, month0 + 1, 1)


def format_date(day: date) -> str:
    """'3 March 2026': the NHS style, no leading zero, locale independent."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def format_month(day: date) -> str:
    return f"{_MONTH_NAMES[day.month - 1]} {day.year}"


def format_minutes(minutes: float) -> str:
    """'2 h 15 min', '3 h', '45 min'. Rounded to the nearest minute."""
    total = round(minutes)
    hours, rest = divmod(total, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return f"{hours} h"
    return f"{rest} min"
