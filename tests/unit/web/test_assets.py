"""Vendored front-end files are exactly what the pinned npm packages served,
and no template or asset loads anything from another host."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_vendored_files_match_their_recorded_hashes():
    result = subprocess.run(
        [sys.executable, "scripts/vendor_assets.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_no_page_or_asset_loads_from_another_host():
    # A link a person follows (<a href>) loads nothing; scripts, styles, images do.
    links = re.compile(r"<a\s[^>]*>", re.IGNORECASE)
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
                and pattern.search(links.sub("", path.read_text(errors="ignore")))
            ):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_check_catches_a_load_but_not_a_link():
    links = re.compile(r"<a\s[^>]*>", re.IGNORECASE)
    pattern = re.compile(r"""(src|href)=["']https?://""")
    loads = '<link rel="stylesheet" href="https://cdn.example/x.css">'
    follows = '<a class="x" href="https://ico.org.uk/">ICO</a>'
    assert pattern.search(links.sub("", loads))
    assert not pattern.search(links.sub("", follows))


def test_the_app_scripts_build_no_markup_from_strings():
    """Markup the scripts show is cloned from server-rendered <template>s (decision 19)."""
    building = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write")
    offenders = [
        str(path.relative_to(ROOT))
        for path in [*(ROOT / "frontend" / "app").glob("*.js"), ROOT / "frontend" / "sw.js"]
        if building.search(path.read_text())
    ]
    assert offenders == []
