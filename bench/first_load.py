"""Issue 14 benchmark: what the first load of the sign-in page transfers.

    python -m bench.first_load

A real server (one worker, gzip as served), Debian's Chromium with an empty cache
opening /sign-in. Counts the bytes on the wire (Chromium's encodedDataLength: headers
and gzipped bodies) of every request the page makes until the network is idle, and any
address fetched twice. The service worker's own downloads (the offline set, issue 10)
are another target's and are not counted. The floor (issue 14): the NHS.UK frontend CSS
and JS and htmx, as the server sends them gzipped. Target: at most 1.2 times the floor.
"""

from __future__ import annotations

import gzip
import sys
import tempfile
import urllib.request
from collections import Counter
from pathlib import Path

from bench.common import machine, serve
from bench.journey_page import seed

TARGET_RATIO = 1.2
FLOOR = (
    "/static/vendor/nhsuk-frontend/nhsuk-frontend.css",
    "/static/vendor/nhsuk-frontend/nhsuk-frontend.min.js",
    "/static/vendor/htmx/htmx.min.js",
)


def gzipped_size(url: str) -> int:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        body = response.read()
        encoded = response.headers.get("Content-Encoding") == "gzip"
    return len(body) if encoded else len(gzip.compress(body, 5))


def measure(url: str) -> tuple[int, Counter[str], dict[str, int]]:
    from playwright.sync_api import sync_playwright

    from e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context().new_page()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.on(
            "Network.requestWillBeSent",
            lambda e: urls.update({e["requestId"]: e["request"]["url"]}),
        )
        cdp.on(
            "Network.loadingFinished",
            lambda e: sizes.update({e["requestId"]: int(e["encodedDataLength"])}),
        )
        page.goto(f"{url}/sign-in", wait_until="networkidle")
        browser.close()
    # The same file at two addresses (with and without ?v=) counts as fetched twice.
    fetched = Counter(urls[r].removeprefix(url).split("?")[0] for r in sizes if r in urls)
    by_url = {urls[r].removeprefix(url): n for r, n in sizes.items() if r in urls}
    return sum(sizes.values()), fetched, by_url


def main() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        seed(data_dir)
        with serve(data_dir, workers=1) as (url, _):
            total, fetched, by_url = measure(url)
            floor = sum(gzipped_size(url + path) for path in FLOOR)
    twice = [u for u, n in fetched.items() if n > 1]
    rows = ["| request | bytes on the wire |", "|---|---|"]
    rows += [f"| `{u}` | {n:,} |" for u, n in sorted(by_url.items(), key=lambda i: -i[1])]
    ratio = total / floor
    report = "\n\n".join(
        [
            "## First load of the sign-in page (issue 14)",
            f"Machine: {machine()}. Chromium, empty cache, until the network is idle.",
            "\n".join(rows),
            f"Total: {total / 1000:.1f} KB in {sum(fetched.values())} requests; floor (NHS.UK "
            f"CSS and JS and htmx, gzipped as served): {floor / 1000:.1f} KB; ratio "
            f"{ratio:.2f} (target at most {TARGET_RATIO}: {'met' if ratio <= TARGET_RATIO else 'not met'}). "
            + (
                f"Fetched more than once: {', '.join(twice)}."
                if twice
                else "Nothing fetched twice."
            ),
        ]
    )
    print(report)
    return report


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
