"""Password hashing with argon2id (OWASP's minimum settings: 19 MiB, 2 passes)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from backend.validation import Text

PRODUCTION = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
HASHER = PRODUCTION
"""The hasher in use: always PRODUCTION when served. Only the tests swap in a cheap one
(`use_hasher`); checking a stored hash reads the parameters kept in the hash itself."""
MIN_LENGTH = 10
PASSWORD = Text(
    "password",
    "Password",
    min_length=MIN_LENGTH,
    max_length=200,
    hint=f"At least {MIN_LENGTH} characters. A few random words is a good choice.",
)


@cache
def _dummy_hash() -> str:
    """A real hash, so checking an unknown email costs as much as a wrong password."""
    return HASHER.hash("not a password of anybody")


def use_hasher(hasher: PasswordHasher) -> None:
    """Hash new passwords with `hasher` from now on (the tests' cheap parameters)."""
    global HASHER
    HASHER = hasher
    _dummy_hash.cache_clear()


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return HASHER.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
