"""docs/adherence-rules.md documents every measure, window, condition and option."""

from pathlib import Path

import pytest

from backend.adherence.rules.measures import MEASURES, Condition, Measure, WindowKind

DOC = (Path(__file__).resolve().parents[3] / "docs" / "adherence-rules.md").read_text(
    encoding="utf-8"
)
OPTIONS = sorted({option.name for spec in MEASURES.values() for option in spec.options})


@pytest.mark.parametrize("name", [*Measure, *WindowKind, *Condition, *OPTIONS])
def test_documented(name: str) -> None:
    assert f"`{name}`" in DOC, f"docs/adherence-rules.md does not mention `{name}`"
