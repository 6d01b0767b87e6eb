"""Passwords are hashed with argon2id at OWASP's minimum strength or above when served.

The tests run with cheap parameters (tests/support/fast.py); these check that the
production hasher, the one the served app uses, was not weakened along the way.
"""

from __future__ import annotations

import subprocess
import sys

from argon2 import Type
from argon2.low_level import ARGON2_VERSION

from backend.accounts import passwords


def test_production_parameters_meet_owasps_minimum() -> None:
    params = passwords.PRODUCTION._parameters
    assert params.type is Type.ID
    assert params.memory_cost >= 19 * 1024  # KiB
    assert params.time_cost >= 2
    assert params.parallelism >= 1
    assert params.version == ARGON2_VERSION


def test_a_served_process_hashes_at_production_strength() -> None:
    # A fresh interpreter, as `mbp serve` starts: nothing from the tests swapped in.
    made = subprocess.run(
        [
            sys.executable,
            "-c",
            "from backend.accounts.passwords import hash_password; print(hash_password('x' * 12))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert made.startswith("$argon2id$v=19$m=19456,t=2,p=1$"), made


def test_cheap_test_hashes_and_production_hashes_verify_each_other() -> None:
    cheap = passwords.hash_password("correct horse battery")
    strong = passwords.PRODUCTION.hash("correct horse battery")
    assert passwords.verify_password(cheap, "correct horse battery")
    assert passwords.verify_password(strong, "correct horse battery")
    assert not passwords.verify_password(strong, "wrong horse battery")
