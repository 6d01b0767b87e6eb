"""Password hashing with argon2id (OWASP's minimum settings: 19 MiB, 2 passes)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from backend.validation import Text

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
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


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return HASHER.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
