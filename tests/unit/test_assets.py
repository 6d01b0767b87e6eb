"""Vendored front-end files are exactly what the pinned npm packages served,
and no template or asset loads anything from another host."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_vendored_files_match_their_recorded_hashes():
    result = subprocess.run(
        [sys.executable, "scripts/vendor_assets.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_no_page_or_asset_loads_from_another_host():
    pattern = re.compile(
        r"""(src|href)=["']https?://|url\(\s*["']?https?://|@import\s+["']?https?://"""
    )
    offenders = []
    for folder in ("backend", "frontend"):
        for path in (ROOT / folder).rglob("*"):
            kinds = {".html", ".css", ".js", ".jinja"}
            if (
                path.suffix in kinds
                and path.is_file()
                and pattern.search(path.read_text(errors="ignore"))
            ):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
