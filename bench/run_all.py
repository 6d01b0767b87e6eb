"""Run every benchmark and rewrite docs/benchmarks.md with the results.

python -m bench.run_all            # all
python -m bench.run_all team_home  # some, by module name
"""

from __future__ import annotations

import importlib
import sys
from datetime import date
from pathlib import Path

from bench.common import machine

MODULES = [
    "team_home",
    "journey_page",
    "adherence_engine",
    "adherence_dashboard",
    "sync_push_pull",
    "daily_pages",
    "first_load",
    "offline_first_contact",
    "exports_reports",
]
DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = """# Benchmarks

Measured by the scripts in `bench/` (`make bench`), on loopback, on the machine
named in each section. Targets come from the issues. Run them again after any
change to a hot path and commit the new numbers with the change.
"""


def run(names: list[str]) -> str:
    sections = []
    for name in names:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError:
            continue
        print(f"running bench.{name}", file=sys.stderr)
        sections.append(module.main())
    stamp = f"Last full run: {date.today():%d %B %Y}, {machine()}."
    return "\n\n".join([HEADER, stamp, *sections]) + "\n"


if __name__ == "__main__":
    chosen = sys.argv[1:] or MODULES
    text = run(chosen)
    if chosen == MODULES:
        DOC.write_text(text)
    print(text)
