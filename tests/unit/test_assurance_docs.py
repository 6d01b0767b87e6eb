"""The assurance documents cannot rot: every file they link and every test they name
(`path.py::test_name`) exists, every benchmark row they quote is in docs/benchmarks.md,
and the hazard log is rendered from its data."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
DOCS = [*sorted((ROOT / "docs" / "assurance").glob("*.md")), ROOT / "docs" / "SECURITY.md"]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
NAMED_TEST = re.compile(r"([\w./-]+\.py)::(\w+)")
BENCH_ROW = re.compile(r'benchmark row "([^"]+)"')


@cache
def functions_in(path: Path) -> frozenset[str]:
    tree = ast.parse(path.read_text())
    return frozenset(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    )


def _named_tests(text: str) -> list[tuple[str, str]]:
    return NAMED_TEST.findall(text)


def _ids(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("doc", DOCS, ids=_ids)
def test_every_linked_file_exists(doc: Path) -> None:
    missing = [
        target
        for target in LINK.findall(doc.read_text())
        if not target.startswith(("http://", "https://", "mailto:"))
        and not (doc.parent / target).exists()
    ]
    assert not missing, f"{doc.name} links files that do not exist: {missing}"


@pytest.mark.parametrize("doc", [*DOCS, ROOT / "docs/assurance/hazards.toml"], ids=_ids)
def test_every_named_test_exists(doc: Path) -> None:
    named = _named_tests(doc.read_text())
    missing = [
        f"{file}::{name}"
        for file, name in named
        if not (ROOT / file).exists() or name not in functions_in(ROOT / file)
    ]
    assert not missing, f"{doc.name} names tests that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=_ids)
def test_every_quoted_benchmark_row_exists(doc: Path) -> None:
    benchmarks = (ROOT / "docs" / "benchmarks.md").read_text()
    missing = [row for row in BENCH_ROW.findall(doc.read_text()) if f"| {row} |" not in benchmarks]
    assert not missing, f"{doc.name} quotes benchmark rows that are not there: {missing}"


def test_the_documents_name_evidence() -> None:
    """The checks above would pass on empty documents; these must name real evidence."""
    for name in ("dtac.md", "hazard-log.md", "data.md", "clinical-safety.md"):
        assert (ROOT / "docs" / "assurance" / name).exists(), name
    assert len(_named_tests((ROOT / "docs/assurance/dtac.md").read_text())) >= 15
    assert len(_named_tests((ROOT / "docs/SECURITY.md").read_text())) >= 8


def test_the_checker_finds_a_missing_test(tmp_path: Path) -> None:
    text = "see `tests/unit/db/test_stores.py::test_no_such_test` and tests/unit/test_dates.py::x"
    named = _named_tests(text)
    assert ("tests/unit/db/test_stores.py", "test_no_such_test") in named
    assert "test_no_such_test" not in functions_in(ROOT / "tests/unit/db/test_stores.py")


def test_every_hazard_has_causes_and_tested_controls() -> None:
    import tomllib

    hazards = tomllib.loads((ROOT / "docs/assurance/hazards.toml").read_text())["hazard"]
    assert {h["id"] for h in hazards} == {"H1", "H2", "H3", "H4", "H5"}
    for hazard in hazards:
        assert hazard["causes"], hazard["id"]
        assert hazard["controls"], hazard["id"]
        for control in hazard["controls"]:
            assert control["tests"], f"{hazard['id']}: {control['control']}"


def test_the_hazard_log_is_rendered_from_its_data() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/render_hazard_log.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
