"""Render docs/assurance/hazards.toml into docs/assurance/hazard-log.md.

python scripts/render_hazard_log.py          # rewrite the markdown
python scripts/render_hazard_log.py --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "docs" / "assurance" / "hazards.toml"
TARGET = ROOT / "docs" / "assurance" / "hazard-log.md"


def render(raw: dict[str, list[dict[str, object]]]) -> str:
    lines = [
        "# Hazard log",
        "",
        "Generated from [hazards.toml](hazards.toml) by `scripts/render_hazard_log.py`:",
        "edit the TOML, then run the script. `tests/unit/test_assurance_docs.py` fails if",
        "this file is out of date or a test named here does not exist. See",
        "[clinical-safety.md](clinical-safety.md) for the intended use and how to read it.",
        "",
        "| id | hazard | severity | likelihood | status |",
        "|---|---|---|---|---|",
    ]
    hazards = raw["hazard"]
    for h in hazards:
        lines.append(
            f"| {h['id']} | {h['title']} | {h['severity']} | {h['likelihood']} | {h['status']} |"
        )
    for h in hazards:
        lines += ["", f"## {h['id']}: {h['title']}", "", f"**Effect.** {h['effect']}", ""]
        lines += ["**Causes.**", ""] + [f"- {c}" for c in h["causes"]]  # type: ignore[attr-defined]
        lines += ["", "**Controls and the tests that verify them.**", ""]
        for n, c in enumerate(h["controls"], 1):  # type: ignore[arg-type]
            lines.append(f"{n}. {c['control']}")
            lines += [f"   - `{t}`" for t in c["tests"]]
        lines += [
            "",
            f"**Severity** {h['severity']}, **likelihood** {h['likelihood']}. **Status:** {h['status']}.",
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    text = render(tomllib.loads(SOURCE.read_text()))
    if "--check" in sys.argv:
        if TARGET.read_text() != text:
            print(f"{TARGET} is out of date: run python scripts/render_hazard_log.py")
            return 1
        return 0
    TARGET.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
