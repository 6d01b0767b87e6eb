"""The import rules (decision 0024): the contracts in pyproject.toml, checked by import-linter.

Features use only the core's public modules, never each other's (but for the crossings the
contract lists), the core never imports a feature, and a feature's mutation modules do not
import the modules that add to its list of mutations (no hidden cycle), and the rules
packages (adherence/rules, journey/rules) import nothing from the web or the database."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_are_kept(capsys):
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    report = capsys.readouterr().out
    assert status == EXIT_STATUS_SUCCESS, report
    assert "BROKEN" not in report
