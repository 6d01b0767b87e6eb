"""Where the network stands: counts over the services that chose to share, with every
count below 3 suppressed (shown as "fewer than 3"), as NHS statistics do.

Pure rules: they take the shared snapshots and the tags, and return what may be shown.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from itertools import product

SUPPRESS_BELOW = 3
FEWER = "fewer than 3"


NOT_SHOWN = "not shown"


@dataclass(frozen=True, slots=True)
class Cell:
    count: int | None
    """None when suppressed (the true count is below 3, or `protected`)."""
    protected: bool = False
    """A count of 3 or more left out so that a small one beside it cannot be worked out
    by subtraction from the total (secondary suppression)."""

    @property
    def text(self) -> str:
        if self.protected:
            return NOT_SHOWN
        return FEWER if self.count is None else str(self.count)

    @property
    def short(self) -> str:
        """The text in the heatmap's squares."""
        if self.protected:
            return "-"
        return "<3" if self.count is None else str(self.count)

    @property
    def level(self) -> int:
        """0 (suppressed) to 4, for the heatmap's shading."""
        if self.count is None:
            return 0
        return min(4, 1 + self.count // 5)


def shown(count: int) -> Cell:
    return Cell(None if count < SUPPRESS_BELOW else count)


def _recoverable(counts: list[int], hidden: set[int], total: int) -> bool:
    """Whether someone who sees the shown counts and the row's total could work out a
    small hidden count (1 or 2; that none of the services is at a stage gives nobody away)."""
    small = [i for i in sorted(hidden) if counts[i] < SUPPRESS_BELOW]
    protected = len(hidden) - len(small)
    rest = total - sum(counts[i] for i in range(len(counts)) if i not in hidden)
    possible: list[set[int]] = [set() for _ in small]
    for values in product(range(SUPPRESS_BELOW), repeat=len(small)):
        left = rest - sum(values)
        if (left == 0) if protected == 0 else (left >= SUPPRESS_BELOW * protected):
            for seen, value in zip(possible, values, strict=True):
                seen.add(value)
    return any(len(seen) == 1 and 0 not in seen for seen in possible)


def row_cells(counts: list[int]) -> list[Cell]:
    """A row whose counts add up to a total shown elsewhere (every sharing service is in
    exactly one cell): counts below 3 are suppressed, and while one of them could be
    worked out from the total, the smallest count still shown is left out too."""
    total = sum(counts)
    hidden = {i for i, n in enumerate(counts) if n < SUPPRESS_BELOW}
    while hidden and len(hidden) < len(counts) and _recoverable(counts, hidden, total):
        hidden.add(min((i for i in range(len(counts)) if i not in hidden), key=counts.__getitem__))
    return [
        Cell(None, protected=n >= SUPPRESS_BELOW) if i in hidden else Cell(n)
        for i, n in enumerate(counts)
    ]


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
    total_hidden = False
    for cid, title in characteristics:
        counts = Counter(snap.get(cid, "") for snap in snapshots)
        row = [counts[s] for s in stage_keys] + [counts[""]]
        rows.append((cid, title, row_cells(row)))
        if len(shared) >= SUPPRESS_BELOW and _recoverable(row, set(range(len(row))), len(shared)):
            # Every cell of the row is hidden and yet the total gives them away (each
            # stage has exactly 2 services): the total is left out instead.
            total_hidden = True
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
        services=Cell(None, protected=True) if total_hidden else shown(len(shared)),
        rows=rows,
        columns=[t for _, t in stages] + ["Not assessed"],
        weakest=common,
        named=sorted(name for name, named, _ in shared if named),
    )


@dataclass(frozen=True, slots=True)
class Standards:
    """Per good-practice standard, teachers meeting it across the services that share
    their counts. Only the count meeting each standard is shown, never a total of
    teachers nor those not meeting it: with no total beside them, a suppressed count
    cannot be recovered by subtraction (nor from another standard's counts)."""

    services: Cell
    rows: list[tuple[str, Cell]]
    """(standard's title, teachers meeting it); empty while fewer than 3 services share."""


def parse_adherence(text: str | None) -> dict[str, tuple[str, int]]:
    """A team's shared counts: by standard id, (title, teachers meeting it)."""
    try:
        raw = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    found: dict[str, tuple[str, int]] = {}
    for key, value in raw.items():
        if not isinstance(value, dict):
            continue
        title, met = value.get("title"), value.get("met")
        if not (isinstance(title, str) and isinstance(met, int)) or isinstance(met, bool):
            continue
        if 0 <= met <= 10_000 and 0 < len(title) <= 200:
            found[str(key)[:100]] = (title, met)
    return found


def standards(shared: list[str | None]) -> Standards:
    """shared: each sharing service's counts (JSON, as parse_adherence reads it).

    Counts across fewer than 3 services are not shown at all (a sum over one or two
    services would be their own counts)."""
    counts = [parse_adherence(text) for text in shared]
    if len(counts) < SUPPRESS_BELOW:
        return Standards(shown(len(counts)), [])
    titles: dict[str, str] = {}
    met: Counter[str] = Counter()
    for team in counts:
        for rule_id, (title, n) in team.items():
            titles.setdefault(rule_id, title)
            met[rule_id] += n
    rows = sorted((titles[r], shown(met[r])) for r in titles)
    return Standards(shown(len(counts)), rows)


@dataclass(frozen=True, slots=True)
class Change:
    """Per characteristic, how many sharing services moved on a stage (or back) since
    their newest snapshot at least a year old. Services that stayed where they were are
    not shown, nor how many were compared, so neither count can be recovered from a
    total."""

    rows: list[tuple[str, Cell, Cell]]
    """(characteristic's title, moved on, moved back); empty if fewer than 3 compared."""


def change(
    pairs: list[tuple[str | None, str | None]],
    characteristics: list[tuple[str, str]],
    stages: list[tuple[str, str]],
) -> Change:
    """pairs: (a year ago, now) snapshots of each sharing service that has both. A
    characteristic not assessed then or now is not compared."""
    ids = {c for c, _ in characteristics}
    rank = {s: i for i, (s, _) in enumerate(stages)}
    rank[""] = -1
    keys = set(rank) - {""}
    compared = [(parse_snapshot(a, ids, keys), parse_snapshot(b, ids, keys)) for a, b in pairs]
    if len(compared) < SUPPRESS_BELOW:
        return Change([])
    rows = []
    for cid, title in characteristics:
        on = back = 0
        for then, now in compared:
            before, after = rank[then.get(cid, "")], rank[now.get(cid, "")]
            if before < 0 or after < 0:
                continue  # not assessed then or now: nothing to compare
            on += after > before
            back += after < before
        rows.append((title, shown(on), shown(back)))
    return Change(rows)
