"""The MBI-TAC framework (domains and levels) from content/mbi_tac.toml."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from backend.adherence.rules.records import MBI_TAC_DOMAINS, MBI_TAC_LEVELS
from backend.adherence.rules.toml_reader import ProfileError, Reader

MBI_TAC_FILE = Path(__file__).resolve().parents[3] / "content" / "mbi_tac.toml"


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class MbiTacFramework:
    source: str
    domains: tuple[Entry, ...]
    levels: tuple[Entry, ...]

    def domain(self, domain_id: str) -> Entry:
        return next(entry for entry in self.domains if entry.id == domain_id)

    def level(self, level_id: str) -> Entry:
        return next(entry for entry in self.levels if entry.id == level_id)


def load_mbi_tac(path: Path = MBI_TAC_FILE) -> MbiTacFramework:
    """Load and check the file: its ids must be the ones records use, in the same order."""
    reader = Reader(path.name)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    reader.unknown_keys(data, {"source", "url", "domains", "levels"}, "mbi_tac")
    entries = {}
    for key, expected in (("domains", MBI_TAC_DOMAINS), ("levels", MBI_TAC_LEVELS)):
        parsed = tuple(
            Entry(
                reader.text(raw, "id", where=key),
                reader.text(raw, "name", where=key),
                reader.text(raw, "description", where=key),
            )
            for raw in reader.tables(data, key)
        )
        if tuple(entry.id for entry in parsed) != expected:
            reader.problem(f"{key} must have the ids {', '.join(expected)} in that order")
        entries[key] = parsed
    framework = MbiTacFramework(reader.text(data, "source"), entries["domains"], entries["levels"])
    reader.raise_if_any()
    if not isinstance(data.get("url", ""), str):
        raise ProfileError(path.name, ["url must be text"])
    return framework
