"""Today's date as the people using the app live it: in the UK.

The server's clock may run on UTC (or anywhere); between midnight and 1 am in British
Summer Time, UTC is still on yesterday. Anything a person reads as "today" (form
defaults, "as of today", what is due or overdue, the latest date a record may have)
uses `uk_today()`, never `date.today()`.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def uk_today() -> date:
    """Today's date in Europe/London."""
    return datetime.now(UK).date()
