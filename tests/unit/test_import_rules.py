"""The import rules (decisions 0024 and 0028): the contracts in pyproject.toml, checked by
import-linter.

Features use only the core's public modules and never each other's (what one asks of
another is a hook in `backend/hooks.py`), the core never imports a feature, a feature's
mutation modules do not import the modules that add to its list of mutations (no hidden
cycle), and the rules packages (adherence/rules, journey/rules) import nothing from the web
or the database."""

from __future__ import annotations

import tomllib
from pathlib import Path

from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = {
    c["id"]: c
    for c in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"
    ]
}


def test_the_import_contracts_are_kept(capsys):
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    report = capsys.readouterr().out
    assert status == EXIT_STATUS_SUCCESS, report
    assert "BROKEN" not in report


def test_no_feature_imports_another_not_even_by_exception():
    assert CONTRACTS["features-independent"].get("ignore_imports", []) == []


def test_every_feature_folder_is_named_in_the_contracts():
    """A new feature folder must be held by the contracts from its first commit (the
    core's own parts, accounts, teams and admin, are built as features too)."""
    core = set(CONTRACTS["core-below-features"]["source_modules"])
    features = {
        f"backend.{folder.name}"
        for folder in (ROOT / "backend").iterdir()
        if (folder / "feature.py").exists()
    } - core
    assert features, "no feature folders found"
    assert set(CONTRACTS["features-independent"]["modules"]) == features
    assert set(CONTRACTS["core-surface"]["source_modules"]) == features
    assert set(CONTRACTS["core-below-features"]["forbidden_modules"]) == features


# What wires the core and the features together, and may import anything.
COMPOSITION_ROOT = {"app", "asgi", "cli", "demo", "operations", "replication"}


def test_every_part_of_backend_is_core_feature_or_composition_root():
    """So a new module is placed deliberately, and the core's contract holds it."""
    parts = {
        path.stem if path.is_file() else path.name
        for path in (ROOT / "backend").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    core = {m.removeprefix("backend.") for m in CONTRACTS["core-below-features"]["source_modules"]}
    features = {m.removeprefix("backend.") for m in CONTRACTS["features-independent"]["modules"]}
    assert parts == core | features | COMPOSITION_ROOT
