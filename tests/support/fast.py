"""What the tests make cheaper than production, and only in the tests.

Hashing a password at production strength (argon2id, 19 MiB, 2 passes) costs 45-67 ms,
and the suite signs in thousands of times, so the tests hash with the smallest
parameters argon2 allows. `tests/unit/accounts/test_passwords.py` keeps the production ones strong.
"""

from __future__ import annotations

from argon2 import PasswordHasher

CHEAP_PASSWORDS = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
