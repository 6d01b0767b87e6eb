"""Where the network stands: counts over the services that chose to share, with every
count below 3 suppressed (shown as "fewer than 3"), as NHS statistics do.

Pure rules: they take the shared snapshots and the tags, and return what may be shown.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

SUPPRESS_BELOW = 3
FEWER = "fewer than 3"


@dataclass(frozen=True, slots=True)
class Cell:
    count: int | None
    """None when suppressed (the true count is below 3)."""

    @property
    def text(self) -> str:
        return FEWER if self.count is None else str(self.count)

    @property
    def level(self) -> int:
        """0 (suppressed) to 4, for the heatmap's shading."""
        if self.count is None:
            return 0
        return min(4, 1 + self.count // 5)


def shown(count: int) -> Cell:
    return Cell(None if count < SUPPRESS_BELOW else count)


@dataclass(frozen=True, slots=True)
class Overview:
    services: Cell
    rows: list[tuple[str, str, list[Cell]]]
    """(characteristic id, title, a cell per stage then "not assessed")."""
    columns: list[str]
    weakest: list[tuple[str, Cell]]
    named: list[str]


def parse_snapshot(text: str | None, characteristics: set[str], stages: set[str]) -> dict[str, str]:
    """A shared snapshot, keeping only known characteristics and stages."""
    try:
        raw = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    return {
        str(k): str(v) for k, v in raw.items() if k in characteristics and (v in stages or v == "")
    }


def overview(
    shared: list[tuple[str, bool, str | None]],
    characteristics: list[tuple[str, str]],
    stages: list[tuple[str, str]],
) -> Overview:
    """shared: (team name, named, snapshot JSON) for each service that chose to share."""
    ids = {c for c, _ in characteristics}
    stage_keys = [s for s, _ in stages]
    snapshots = [parse_snapshot(text, ids, set(stage_keys)) for _, _, text in shared]
    rows = []
    for cid, title in characteristics:
        counts = Counter(snap.get(cid, "") for snap in snapshots)
        rows.append((cid, title, [shown(counts[s]) for s in stage_keys] + [shown(counts[""])]))
    rank = {s: i for i, s in enumerate(stage_keys)}
    weakest: Counter[str] = Counter()
    for snap in snapshots:
        assessed = {c: rank[s] for c, s in snap.items() if s}
        if assessed:
            low = min(assessed.values())
            weakest.update(c for c, r in assessed.items() if r == low)
    titles = dict(characteristics)
    common = [(titles[c], shown(n)) for c, n in weakest.most_common() if n >= SUPPRESS_BELOW]
    return Overview(
        services=shown(len(shared)),
        rows=rows,
        columns=[t for _, t in stages] + ["Not assessed"],
        weakest=common,
        named=sorted(name for name, named, _ in shared if named),
    )
