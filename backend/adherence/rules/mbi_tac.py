"""The MBI-TAC framework (domains and levels) from content/mbi_tac.toml."""

from dataclasses import dataclass
from pathlib import Path

from backend.adherence.rules.records import MBI_TAC_DOMAINS, MBI_TAC_LEVELS
from backend.adherence.rules.standards import ProfileError
from backend.toml_reader import Table, read_toml

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
    t = Table(read_toml(path, ProfileError), str(path))
    t.only("source", "url", "domains", "levels")
    entries = {}
    for key, expected in (("domains", MBI_TAC_DOMAINS), ("levels", MBI_TAC_LEVELS)):
        parsed = tuple(
            Entry(entry.text("id"), entry.text("name"), entry.text("description"))
            for entry in t.tables(key)
        )
        if tuple(entry.id for entry in parsed) != expected:
            t.problem(f"'{key}' must have the ids {', '.join(expected)} in that order")
        entries[key] = parsed
    framework = MbiTacFramework(t.text("source"), entries["domains"], entries["levels"])
    t.text("url", default="")
    t.raise_if_any(ProfileError)
    return framework
