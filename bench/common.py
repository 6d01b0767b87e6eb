"""Shared benchmark plumbing: a real server on loopback, signed-in cookies, wrk runs."""

from __future__ import annotations

import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-123"


@dataclass(frozen=True)
class LoadResult:
    label: str
    p50_ms: float
    p99_ms: float
    requests_per_s: float
    errors: int

    def row(self) -> str:
        return (
            f"| {self.label} | {self.p50_ms:.1f} | {self.p99_ms:.1f} | "
            f"{self.requests_per_s:,.0f} | {self.errors} |"
        )


TABLE_HEAD = "| endpoint | p50 (ms) | p99 (ms) | requests/s | errors |\n|---|---|---|---|---|"


def machine() -> str:
    cpus = os.cpu_count()
    return f"{platform.machine()}, {cpus} cores, Python {platform.python_version()}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "MBP_DATA_DIR": str(data_dir),
        "MBP_SECRET_KEY": "bench-" + "x" * 32,
        "MBP_DEMO_PASSWORD": PASSWORD,
        "MBP_REMINDERS": "0",  # no weekly digest work while measuring
    }


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def serve(data_dir: Path, workers: int = 1) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "backend.cli",
            "serve",
            "--no-demo",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/healthz", process)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def bare_litestar() -> Iterator[str]:
    """A bare Litestar app with one JSON endpoint, as a baseline for the same machine."""
    port = free_port()
    code = (
        "from litestar import Litestar, get\n"
        "@get('/')\nasync def hello() -> dict[str, str]:\n    return {'hello': 'world'}\n"
        "app = Litestar([hello])\n"
    )
    folder = ROOT / "bench" / "out"
    folder.mkdir(exist_ok=True)
    (folder / "bare_app.py").write_text(code)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bare_app:app",
            "--port",
            str(port),
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def session_cookie(base: str, email: str, password: str = PASSWORD) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/sign-in").read()
    csrf = next(c.value for c in jar if c.name == "mbp_csrf")
    body = urllib.parse.urlencode({"email": email, "password": password, "_csrf_token": csrf})
    opener.open(base + "/sign-in", data=body.encode()).read()
    session = next(c.value for c in jar if c.name == "mbp_session")
    return f"mbp_session={session}; mbp_csrf={csrf}"


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(
    label: str,
    url: str,
    *,
    connections: int = 20,
    seconds: int = 10,
    cookie: str = "",
    script: str = "",
) -> LoadResult:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for load tests: apt-get install wrk")
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    if script:  # a Lua script choosing each request's path
        command[1:1] = ["-s", script]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    percentiles = dict(
        re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        and [
            (p, _ms(v, u))
            for p, v, u in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        ]
    )
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(x) for x in socket_errors.groups())
    if "99" not in percentiles:
        raise RuntimeError(f"wrk gave no latency distribution:\n{out}")
    return LoadResult(label, percentiles["50"], percentiles["99"], rate, errors)


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    kb = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]
    return kb / 1024
