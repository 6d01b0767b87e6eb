"""Typed reads from parsed TOML that collect every problem instead of stopping at the first."""

from collections.abc import Iterable, Mapping, Sequence

from backend.words import plural

Table = Mapping[str, object]


class ProfileError(ValueError):
    """A profile or an override is invalid. `problems` lists each one in plain words."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(f"{source}: {plural(len(self.problems), 'problem')}\n{lines}")


class Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def problem(self, message: str) -> None:
        self.problems.append(message)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ProfileError(self.source, self.problems)

    def unknown_keys(self, table: Table, known: Iterable[str], where: str) -> None:
        unknown = sorted(set(table) - set(known))
        if unknown:
            self.problem(f"{where}: {plural(len(unknown), 'unknown key')}: {', '.join(unknown)}")

    def text(self, table: Table, key: str, default: str | None = None, where: str = "") -> str:
        value = table.get(key, default)
        label = f"{where}: {key}" if where else key
        if value is None:
            self.problem(f"{label} is missing")
            return ""
        if not isinstance(value, str) or (default is None and not value.strip()):
            self.problem(f"{label} must be non-empty text")
            return ""
        return value.strip()

    def integer(
        self,
        table: Table,
        key: str,
        default: int | None = None,
        minimum: int = 0,
        maximum: int = 10_000,
        where: str = "",
    ) -> int:
        value = table.get(key, default)
        label = f"{where}: {key}" if where else key
        if value is None:
            self.problem(f"{label} is missing")
            return minimum
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(f"{label} must be a whole number")
            return minimum
        if not minimum <= value <= maximum:
            self.problem(f"{label} must be between {minimum} and {maximum}, not {value}")
            return minimum
        return value

    def boolean(self, table: Table, key: str, default: bool, where: str = "") -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            label = f"{where}: {key}" if where else key
            self.problem(f"{label} must be true or false")
            return default
        return value

    def table(self, table: Table, key: str) -> Table:
        value = table.get(key, {})
        if not isinstance(value, Mapping):
            self.problem(f"[{key}] must be a table")
            return {}
        return value

    def tables(self, table: Table, key: str) -> list[Table]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
            self.problem(f"[[{key}]] must be an array of tables")
            return []
        return list(value)
