"""Today's date as the people using the app live it: in the UK.

The server's clock may run on UTC (or anywhere); between midnight and 1 am in British
Summer Time, UTC is still on yesterday. Anything a person reads as "today" (form
defaults, "as of today", what is due or overdue, the latest date a record may have)
uses `uk_today()`, never `date.today()`.

`uk_today()` is also the one place a test (or a check of the demo) sets the date: inside
`today_fixed_at(day)`, or in a process started by the tests after `fix_today(day)`, it
answers `day`. Nothing in the product calls either; the served app always reads the
clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
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
