"""What every test shares, unit to e2e: `uk_today()` answers the stated TEST_TODAY, and
passwords are hashed cheaply (both only in the tests)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from backend.accounts.passwords import use_hasher
from backend.dates import fix_today, fixed_today, today_fixed_at
from tests.support.clock import TEST_TODAY
from tests.support.fast import CHEAP_PASSWORDS


def pytest_configure() -> None:
    use_hasher(CHEAP_PASSWORDS)


@pytest.fixture(scope="session", autouse=True)
def _today_is_stated() -> Iterator[date]:
    with today_fixed_at(TEST_TODAY) as day:
        yield day


@pytest.fixture
def real_clock() -> Iterator[None]:
    """For the tests of `uk_today()` itself: it reads the clock, as the served app does."""
    before = fixed_today()
    fix_today(None)
    try:
        yield
    finally:
        fix_today(before)
