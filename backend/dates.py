"""Today's date as the people using the app live it: in the UK.

The server's clock may run on UTC (or anywhere); between midnight and 1 am in British
Summer Time, UTC is still on yesterday. Anything a person reads as "today" (form
defaults, "as of today", what is due or overdue, the latest date a record may have)
uses `uk_today()`, never `date.today()`.

`uk_today()` is also the one place a test (or a check of the demo) sets the date: inside
`today_fixed_at(day)`, or in a process started by the tests after `fix_today(day)`, it
answers `day`. Nothing in the product calls either; the served app always reads the
clock.

Below it, the one place for calendar arithmetic and dates in words (pure functions):
whole months added clamped or rolled, rolling windows, month keys, "3 March 2026".
The adherence conventions for windows are in docs/adherence-rules.md; the short version:

- a rolling window of N months as of day D runs from the day after "D minus N months"
  (clamped to the month end) up to and including D;
- a record dated R counts in such windows up to and including the day before
  "R plus N months" (rolled on to the 1st of the next month when that month is too short).

The two statements describe the same windows, so a record dated on the same day every
year keeps an annual standard met without a gap.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")

_fixed: date | None = None


def uk_today() -> date:
    """Today's date in Europe/London (or the date a test fixed)."""
    if _fixed is not None:
        return _fixed
    return datetime.now(UK).date()


def fix_today(day: date | None) -> None:
    """From now on `uk_today()` answers `day` in this process (None: the clock again)."""
    global _fixed
    _fixed = day


def fixed_today() -> date | None:
    """The date a test fixed, if any."""
    return _fixed


@contextmanager
def today_fixed_at(day: date) -> Iterator[date]:
    """`uk_today()` answers `day` inside the block, then whatever it answered before."""
    before = _fixed
    fix_today(day)
    try:
        yield day
    finally:
        fix_today(before)


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
    """Same day of the month N months on (or back), clamped to that month's last day.

    31 August + 6 months is 28 (or 29) February; 29 February + 12 months is 28 February.
    """
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
