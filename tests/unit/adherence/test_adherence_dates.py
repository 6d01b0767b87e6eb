"""Calendar arithmetic behind every adherence window (docs/adherence-rules.md, "Dates")."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.dates import (
    add_months_clamped,
    add_months_rolled,
    format_date,
    format_minutes,
    month_end,
    stops_counting_on,
    window_start,
)
from backend.words import format_number

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
month_counts = st.integers(min_value=1, max_value=36)


@pytest.mark.parametrize(
    ("day", "months", "clamped", "rolled"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28), date(2026, 3, 1)),
        (date(2024, 1, 31), 1, date(2024, 2, 29), date(2024, 3, 1)),
        (date(2024, 2, 29), 12, date(2025, 2, 28), date(2025, 3, 1)),
        (date(2024, 2, 29), 48, date(2028, 2, 29), date(2028, 2, 29)),
        (date(2026, 3, 31), -1, date(2026, 2, 28), date(2026, 3, 1)),
        (date(2026, 3, 10), -12, date(2025, 3, 10), date(2025, 3, 10)),
        (date(2025, 12, 15), 1, date(2026, 1, 15), date(2026, 1, 15)),
    ],
)
def test_month_shifts_clamp_or_roll_missing_days(
    day: date, months: int, clamped: date, rolled: date
) -> None:
    assert add_months_clamped(day, months) == clamped
    assert add_months_rolled(day, months) == rolled


def test_a_record_counts_until_the_day_before_the_same_date_a_year_later() -> None:
    assert stops_counting_on(date(2025, 3, 10), 12) == date(2026, 3, 10)
    assert window_start(date(2026, 3, 9), 12) == date(2025, 3, 10)
    assert window_start(date(2026, 3, 10), 12) == date(2025, 3, 11)


def test_leap_day_record_counts_through_28_february_of_the_next_year() -> None:
    assert stops_counting_on(date(2024, 2, 29), 12) == date(2025, 3, 1)
    assert window_start(date(2025, 2, 28), 12) == date(2024, 2, 29)
    assert window_start(date(2025, 3, 1), 12) == date(2024, 3, 2)


def test_31_january_plus_one_month_counts_through_the_end_of_february() -> None:
    assert stops_counting_on(date(2026, 1, 31), 1) == date(2026, 3, 1)
    assert window_start(date(2026, 2, 28), 1) == date(2026, 1, 29)
    assert window_start(date(2026, 3, 1), 1) == date(2026, 2, 2)


@given(record=dates, as_of=dates, months=month_counts)
def test_window_and_expiry_describe_the_same_windows(
    record: date, as_of: date, months: int
) -> None:
    in_window = window_start(as_of, months) <= record <= as_of
    still_counts = record <= as_of < stops_counting_on(record, months)
    assert in_window == still_counts


@given(day=dates, months=month_counts)
def test_windows_have_no_gap_for_a_record_on_the_same_date_each_period(
    day: date, months: int
) -> None:
    # A record made on the day the previous one stops counting is already in the window.
    nxt = stops_counting_on(day, months)
    assert window_start(nxt, months) > day
    assert window_start(nxt - timedelta(days=1), months) <= day


@given(day=dates, months=month_counts)
def test_expiry_is_monotonic(day: date, months: int) -> None:
    assert stops_counting_on(day + timedelta(days=1), months) >= stops_counting_on(day, months)


def test_month_end_handles_leap_years() -> None:
    assert month_end(date(2024, 2, 10)) == date(2024, 2, 29)
    assert month_end(date(2100, 2, 10)) == date(2100, 2, 28)
    assert month_end(date(2026, 12, 1)) == date(2026, 12, 31)


def test_wording_of_dates_durations_and_numbers() -> None:
    assert format_date(date(2026, 3, 3)) == "3 March 2026"
    assert format_minutes(135) == "2 h 15 min"
    assert format_minutes(180) == "3 h"
    assert format_minutes(45) == "45 min"
    assert format_minutes(44.6) == "45 min"
    assert format_number(5.0) == "5"
    assert format_number(2.5) == "2.5"
