"""The date every test runs at: TEST_TODAY, movable with MBP_TEST_TODAY.

No test reads the wall clock for "today". The root `conftest.py` makes `uk_today()`
answer TEST_TODAY in the test process, and `e2e/serve.py` starts the e2e server with
the same date. `make test-dates` runs the suite at the awkward dates (month ends across
a leap year, 29 February, 1 January, the days the UK clocks change) under a moved
machine clock, which is how the suite shows it passes on any date.
"""

from __future__ import annotations

import os
from datetime import date

TEST_TODAY = date.fromisoformat(os.environ.get("MBP_TEST_TODAY") or "2026-12-01")
