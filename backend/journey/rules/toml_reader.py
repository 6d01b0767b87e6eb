"""Small helpers that read a parsed TOML table and record problems instead of raising.

Every problem names the file and the item (its position and, once known, its id), so
a broken content file is fixed in one pass rather than one error at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from backend.journey.rules.model import ID_PATTERN, MAX_ID_LENGTH


class ContentError(ValueError):
    """Content files failed validation. `problems` lists every problem found."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("invalid content:\n  " + "\n  ".join(self.problems))


class Table:
    """One TOML table being read. Problems go to the shared `problems` list."""

    def __init__(self, data: object, where: str, problems: list[str], *, nested: bool = False):
        self.where = where
        self.nested = nested
        self.problems = problems
        self.data: Mapping[str, object] = {}
        if isinstance(data, Mapping):
            self.data = data
        else:
            self.problem("expected a table")

    def problem(self, message: str) -> None:
        self.problems.append(f"{self.where}: {message}")

    def text(self, key: str) -> str:
        """A required, non-blank string (surrounding whitespace removed)."""
        value = self.data.get(key)
        if value is None:
            self.problem(f"'{key}' is missing")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(f"'{key}' must be a non-empty string")
            return ""
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        if key not in self.data:
            return None
        return self.text(key)

    def version(self, key: str = "version") -> int:
        value = self.data.get(key)
        if value is None:
            self.problem(f"'{key}' is missing")
            return 1
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.problem(f"'{key}' must be a whole number, 1 or more")
            return 1
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.problem(f"'{key}' must be true or false")
            return False
        return value

    def ident(self) -> str:
        """The item's id; once read, later problems name it."""
        value = self.text("id")
        if value and (not ID_PATTERN.match(value) or len(value) > MAX_ID_LENGTH):
            self.problem(
                f"id '{value}' must be lower-case letters and digits joined by '-', '_' or '.'"
            )
        if value:
            self.where = f"{self.where} (id '{value}')"
        return value

    def tables(self, key: str, *, required: bool = True) -> list[Table]:
        """An array of tables; each child is named `key[n]` in problems."""
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(f"'{key}' is missing (at least one is required)")
            return []
        if not isinstance(value, list) or not value:
            self.problem(f"'{key}' must be a non-empty array of tables")
            return []
        prefix = f"{self.where} " if self.nested else f"{self.where}: "
        return [
            Table(item, f"{prefix}{key}[{n}]", self.problems, nested=True)
            for n, item in enumerate(value)
        ]

    def only(self, *allowed: str) -> None:
        """Report keys this table should not have (usually a typo)."""
        for key in sorted(set(self.data) - set(allowed)):
            self.problem(f"unknown key '{key}' (allowed: {', '.join(allowed)})")
