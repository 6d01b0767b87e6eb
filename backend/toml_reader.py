"""The one reader of the TOML files a deployer edits (content/aspire, content/standards,
content/mbi_tac.toml, DATA_DIR/notices.toml), worded one way.

`read_toml` parses a file; `Table` reads a parsed table key by key and records every
problem instead of stopping at the first, so a broken file is fixed in one pass. Each
problem names the file and the key path, in one form:

    content/aspire/themes.toml: themes[3] (id 'drive').questions[0]: 'text' is missing
    content/standards/gpg.toml: rules[2] (id 'retreat-annual'): unknown key 'windowz'
    (allowed: id, title, ...)

A feature raises its own subclass of `TomlError` (`ContentError`, `ProfileError`,
`NoticesError`) with every problem found. Pure: no web, no database.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from backend.words import plural


class TomlError(ValueError):
    """A file (or a set of files) failed validation. `problems` lists every problem."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(f"{source}: {plural(len(self.problems), 'problem')}\n{lines}")


def read_toml(path: Path, error: type[TomlError] = TomlError) -> dict[str, object]:
    """The file parsed, or `error` naming the file if it is missing, not UTF-8 or not TOML."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(str(path), [f"{path}: file not found"]) from None
    except UnicodeDecodeError:
        raise error(str(path), [f"{path}: not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as problem:
        raise error(str(path), [f"{path}: not valid TOML: {problem}"]) from None


class Table:
    """One table being read: `source` (the file) and `path` (its keys) name its problems.

    Problems go to the shared `problems` list; `raise_if_any` ends the reading."""

    def __init__(
        self, data: object, source: str, problems: list[str] | None = None, path: str = ""
    ) -> None:
        self.source = source
        self.path = path
        self.problems: list[str] = [] if problems is None else problems
        self.data: Mapping[str, object] = data if isinstance(data, Mapping) else {}
        if not isinstance(data, Mapping):
            self.problem("must be a table")

    @property
    def where(self) -> str:
        return ": ".join(part for part in (self.source, self.path) if part)

    def problem(self, message: str) -> None:
        self.problems.append(f"{self.where}: {message}" if self.where else message)

    def raise_if_any(self, error: type[TomlError] = TomlError) -> None:
        if self.problems:
            raise error(self.source, self.problems)

    def _key(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def only(self, *allowed: str) -> None:
        """Report keys this table should not have (usually a typo)."""
        for key in sorted(set(self.data) - set(allowed)):
            self.problem(f"unknown key '{key}' (allowed: {', '.join(allowed)})")

    def text(self, key: str, default: str | None = None) -> str:
        """The text at `key`, stripped; required and non-blank unless there is a default."""
        value = self.data.get(key, default)
        if value is None:
            self.problem(f"'{key}' is missing")
            return ""
        if not isinstance(value, str) or (default is None and not value.strip()):
            self.problem(f"'{key}' must be {'non-empty ' if default is None else ''}text")
            return ""
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if key in self.data else None

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of texts (empty when absent)."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(f"'{key}' must be a list of texts")
            return ()
        return tuple(value)

    def integer(
        self, key: str, default: int | None = None, minimum: int = 0, maximum: int | None = None
    ) -> int:
        value = self.data.get(key, default)
        if value is None:
            self.problem(f"'{key}' is missing")
            return minimum
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < minimum
            or (maximum is not None and value > maximum)
        ):
            bounds = (
                f"from {minimum} to {maximum}" if maximum is not None else f"of {minimum} or more"
            )
            self.problem(f"'{key}' must be a whole number {bounds}, not {value!r}")
            return minimum
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.problem(f"'{key}' must be true or false")
            return default
        return value

    def ident(self, pattern: re.Pattern[str], rule: str, max_length: int = 120) -> str:
        """The table's `id`, checked against `pattern` (described by `rule`); once read,
        later problems in this table and below name it."""
        value = self.text("id")
        if value and (not pattern.match(value) or len(value) > max_length):
            self.problem(f"id '{value}' must be {rule}")
        if value and self.path:  # a file's own id needs no naming: the file names it
            self.path = f"{self.path} (id '{value}')"
        return value

    def table(self, key: str) -> Table:
        """The sub-table at `key` (empty when absent)."""
        value = self.data.get(key, {})
        if not isinstance(value, Mapping):
            self.problem(f"'{key}' must be a table")
            value = {}
        return Table(value, self.source, self.problems, self._key(key))

    def tables(self, key: str, *, required: bool = True) -> list[Table]:
        """An array of tables (`[[key]]`); each is named `key[n]` in problems."""
        value = self.data.get(key)
        if value is None or value == []:
            if required:
                state = "missing" if value is None else "empty"
                self.problem(f"'{key}' is {state} (at least one is required)")
            return []
        if not isinstance(value, list):
            self.problem(f"'{key}' must be an array of tables")
            return []
        return [
            Table(item, self.source, self.problems, f"{self._key(key)}[{n}]")
            for n, item in enumerate(value)
        ]
