"""`mbp` as the e2e tests run it: the same command, with today fixed at the tests' date
and passwords hashed cheaply (tests/support/fast.py).

The date comes from MBP_TEST_TODAY, which `e2e/conftest.py` sets from the stated
TEST_TODAY; a served app started any other way reads the clock.
"""

from __future__ import annotations

import os
from datetime import date

from backend.accounts.passwords import use_hasher
from backend.cli import main
from backend.dates import fix_today
from tests.support.fast import CHEAP_PASSWORDS

if __name__ == "__main__":
    fix_today(date.fromisoformat(os.environ["MBP_TEST_TODAY"]))
    use_hasher(CHEAP_PASSWORDS)
    main()
