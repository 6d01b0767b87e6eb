"""The Nu HTML Checker (vnu.jar, from the npm package `vnu-jar`, run on Java) over every
page and every htmx fragment the e2e tests receive.

Each browser context the tests open reports the HTML of every page (document) response
and of every fragment htmx fetched (a request carrying `HX-Request`); a fragment is
checked inside a minimal page, as it is shown. At the end of the session the checker
reads them all in one run, and any error fails the session. `make test` installs the
checker into .vnu/ (see the Makefile); nothing is ignored.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / ".vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Every page MBP Journey serves, online or saved, is built on app/layout.html.
APP_MARK = '<link rel="manifest" href="/manifest.webmanifest">'
# Per-request values that make the same page differ: a page is checked once.
_VARYING = re.compile(r'(nonce|content|value)="[A-Za-z0-9_\-.:+/=]{16,}"')
# A fragment is checked where htmx puts it: inside a page's main content.
FRAGMENT_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Fragment</title>'
    "</head><body><main>{}</main></body></html>"
)


@dataclass
class Pages:
    """The HTML of each page seen, once per distinct page, with the URL it came from."""

    seen: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, url: str, html: str) -> None:
        if APP_MARK not in html:
            return  # another host's page (the test OpenID provider's sign-in form)
        self._keep(url, html)

    def add_fragment(self, url: str, html: str) -> None:
        """The HTML htmx received for a part of a page (a whole page if it is one)."""
        if APP_MARK in html or html.lstrip().lower().startswith("<!doctype"):
            self.add(url, html)
        elif html.strip():
            self._keep(f"{url} (htmx fragment)", FRAGMENT_PAGE.format(html))

    def _keep(self, url: str, html: str) -> None:
        key = hashlib.sha256(_VARYING.sub(r'\1=""', html).encode()).hexdigest()
        self.seen.setdefault(key, (url, html))

    def on_response(self, response: Any) -> None:
        try:
            if not response.headers.get("content-type", "").startswith("text/html"):
                return
            request = response.request
            if request.resource_type == "document":
                self.add(response.url, response.text())
            elif request.headers.get("hx-request") == "true" and response.status not in (204, 304):
                self.add_fragment(response.url, response.text())
        except Exception:  # a redirect, or a page closed mid-response, has no body to check
            return


def check(pages: Pages, folder: Path) -> list[str]:
    """The checker's errors, as "url: line: message" (empty if every page is valid)."""
    if not pages.seen:
        return []
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: `make test` installs it (npm vnu-jar)"
    java = shutil.which("java")
    assert java, "Java is needed to run the Nu HTML Checker"
    folder.mkdir(parents=True, exist_ok=True)
    urls = {}
    for n, (url, html) in enumerate(pages.seen.values()):
        path = folder / f"page-{n:04d}.html"
        path.write_text(html, encoding="utf-8")
        urls[path.name] = url
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    return [
        f"{urls.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}"
        f":{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
