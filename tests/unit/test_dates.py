"""`uk_today()`: the date in the UK, whatever the server's clock or time zone says."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import backend.dates
from backend.adherence.rules import kinds as k
from backend.dates import uk_today
from backend.validation import Date, Invalid, ValidationFailed

# These tests are about reading the clock, so they read it (every other test runs at
# the stated TEST_TODAY).
pytestmark = pytest.mark.usefixtures("real_clock")


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), date(2026, 7, 1)),  # BST: already July
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), date(2026, 12, 31)),  # GMT
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), date(2026, 3, 29)),  # before clocks go on
        (datetime(2026, 10, 24, 23, 15, tzinfo=UTC), date(2026, 10, 25)),  # last hour of BST
    ],
)
def test_uk_today_is_the_date_in_london(monkeypatch, instant, expected):
    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return instant.astimezone(tz)

    monkeypatch.setattr(backend.dates, "datetime", Clock)
    assert uk_today() == expected


def test_uk_today_ignores_the_servers_time_zone(server_far_from_london):
    assert uk_today() == datetime.now(ZoneInfo("Europe/London")).date()


def test_a_past_only_date_may_be_today_in_the_uk_but_not_tomorrow(server_far_from_london):
    field = Date("date", "Date", past_only=True)
    today = uk_today()
    assert field.parse({"date": today.isoformat()}) == today
    with pytest.raises(Invalid, match="today or in the past"):
        field.parse({"date": (today + timedelta(days=1)).isoformat()})


def test_a_record_date_in_the_future_is_judged_by_the_uk_date(server_far_from_london):
    training = {"organisation": "Bangor", "hours": "150"}
    today = uk_today()
    clean = k.TRAINING.schema.validate(
        {**training, "start_date": today.isoformat(), "end_date": today.isoformat()}
    )
    assert clean["start_date"] == today
    tomorrow = (today + timedelta(days=1)).isoformat()
    with pytest.raises(ValidationFailed) as refused:
        k.TRAINING.schema.validate({**training, "start_date": tomorrow, "end_date": tomorrow})
    assert "no later than today" in refused.value.errors["start_date"]
