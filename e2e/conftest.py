"""e2e fixtures: a real server on loopback over real SQLite files, and Debian's Chromium.

Each test gets its own server process over its own copy of a demo data folder
seeded once per run, so tests never see each other's changes.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    BrowserType,
    ConsoleMessage,
    Page,
    Playwright,
    sync_playwright,
)

from e2e.html_validity import Pages
from e2e.html_validity import check as check_html
from e2e.support import PHONE
from tests.support.clock import TEST_TODAY

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("MBP_CHROMIUM", "/usr/bin/chromium")
DEMO_PASSWORD = "demo-password-for-e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.e2e)


@dataclass
class Server:
    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    port: int

    def stop(self, kill: bool = False) -> None:
        if self.process.poll() is None:
            self.process.kill() if kill else self.process.terminate()
            self.process.wait(timeout=10)

    def start(self, **env: str) -> None:
        """Start (again) on the same port and data folder, with extra MBP_* settings."""
        self.process = _launch(self.data_dir, self.port, env)
        _wait(self.url, self.process)

    def team_db(self, team_id: str) -> sqlite3.Connection:
        """The team's own file, read directly (stop the server first for a settled view)."""
        conn = sqlite3.connect(self.data_dir / "teams" / f"{team_id}.db")
        conn.row_factory = sqlite3.Row
        return conn


def _env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "MBP_DATA_DIR": str(data_dir),
        "MBP_DEMO_PASSWORD": DEMO_PASSWORD,
        "MBP_SECRET_KEY": "e2e-secret-" + "x" * 32,
        "MBP_TEST_TODAY": TEST_TODAY.isoformat(),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _launch(
    data_dir: Path, port: int, extra: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    log = open(data_dir / "server.log", "ab")  # noqa: SIM115 (kept open for the process)
    return subprocess.Popen(
        [sys.executable, "-m", "e2e.serve", "serve", "--port", str(port), "--no-demo"],
        cwd=ROOT,
        env={**_env(data_dir), **(extra or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start in 30 s")


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("e2e-demo")
    subprocess.run(
        [sys.executable, "-m", "e2e.serve", "demo"],
        cwd=ROOT,
        env=_env(data_dir),
        check=True,
        capture_output=True,
    )
    return data_dir


@pytest.fixture
def server(demo_data: Path, tmp_path: Path) -> Iterator[Server]:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_data, data_dir)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = _launch(data_dir, port)
    _wait(url, process)
    running = Server(url, data_dir, process, port)
    yield running
    running.stop()
    log = (data_dir / "server.log").read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


def _refused_by_policy(message: ConsoleMessage) -> str | None:
    """The browser's report of something the Content Security Policy refused, if it is one."""
    text = message.text
    if message.type == "error" and "Content Security Policy" in text:
        return f"{message.page.url if message.page else '?'}: {text}"
    return None


@pytest.fixture(scope="session", autouse=True)
def valid_html(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pages]:
    """Every page and htmx fragment any test's browser receives passes the Nu HTML Checker
    (one run at the end), and the Content Security Policy refused nothing on any of them
    (a refused inline script is a page that silently does less than it should)."""
    pages = Pages()
    refused: list[str] = []
    originals = (BrowserType.launch_persistent_context, Browser.new_context)

    def on_console(message: ConsoleMessage) -> None:
        if report := _refused_by_policy(message):
            refused.append(report)

    def watch(context: BrowserContext) -> BrowserContext:
        context.on("response", pages.on_response)
        context.on("console", on_console)
        return context

    def new_context(self: Browser, *args: object, **kwargs: object) -> BrowserContext:
        return watch(originals[1](self, *args, **kwargs))  # type: ignore[arg-type]

    def persistent(self: BrowserType, *args: object, **kwargs: object) -> BrowserContext:
        return watch(originals[0](self, *args, **kwargs))  # type: ignore[arg-type]

    Browser.new_context = new_context  # type: ignore[method-assign]
    BrowserType.launch_persistent_context = persistent  # type: ignore[method-assign]
    yield pages
    BrowserType.launch_persistent_context, Browser.new_context = originals  # type: ignore[method-assign]
    assert not refused, "The Content Security Policy refused:\n" + "\n".join(sorted(set(refused)))
    errors = check_html(pages, tmp_path_factory.mktemp("vnu"))
    assert not errors, f"{len(errors)} HTML errors (Nu HTML Checker):\n" + "\n".join(errors)


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    ctx = browser.new_context(base_url=server.url, **PHONE)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
