"""Re-vendor the pinned front-end packages from the npm registry.

Reads frontend/vendor/vendor.json, downloads each package tarball at its pinned
version, checks the tarball against the pinned npm integrity (sha512), copies the
listed files into frontend/vendor/<dir>/ and records each file's sha256 so a test
can prove the committed files are exactly what the registry served.

    python scripts/vendor_assets.py            # refresh files from the pins
    python scripts/vendor_assets.py --check    # verify committed files, no network
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "frontend" / "vendor"
MANIFEST = VENDOR / "vendor.json"
REGISTRY = "https://registry.npmjs.org"


def tarball_url(name: str, version: str) -> str:
    return f"{REGISTRY}/{name}/-/{name.rsplit('/', 1)[-1]}-{version}.tgz"


def check_integrity(data: bytes, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise SystemExit(f"integrity mismatch: expected {integrity}, got {algorithm}-{actual}")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def refresh(package: dict) -> None:
    url = tarball_url(package["name"], package["version"])
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (fixed https host)
        data = response.read()
    check_integrity(data, package["integrity"])
    target = VENDOR / package["dir"]
    hashes: dict[str, str] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for source, dest in package["files"].items():
            member = archive.extractfile(f"package/{source}")
            if member is None:
                raise SystemExit(f"{package['name']}: {source} is not a file")
            content = member.read()
            path = target / dest
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            hashes[dest] = sha256(content)
        if "sass" in package:
            hashes[package["sass"]["output"]] = compile_sass(archive, package["sass"], target)
    package["sha256"] = hashes
    print(f"vendored {package['name']}@{package['version']}: {len(hashes)} files")


def compile_sass(archive: tarfile.TarFile, sass: dict, target: Path) -> str:
    """Compile our Sass entry against the package's sources with the pinned compiler."""
    with tempfile.TemporaryDirectory() as tmp:
        archive.extractall(tmp, filter="data")
        output = target / sass["output"]
        subprocess.run(  # noqa: S603 (fixed arguments)
            [  # noqa: S607 (npx from PATH)
                "npx",
                "--yes",
                sass["compiler"],
                "--no-source-map",
                "--style=compressed",
                f"--load-path={tmp}/package/dist",
                str(VENDOR / sass["entry"]),
                str(output),
            ],
            check=True,
        )
    return sha256(output.read_bytes())


def check(package: dict) -> list[str]:
    problems = []
    for dest, expected in package["sha256"].items():
        path = VENDOR / package["dir"] / dest
        if not path.exists():
            problems.append(f"missing {path}")
        elif sha256(path.read_bytes()) != expected:
            problems.append(f"changed {path}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify files, no network")
    options = parser.parse_args()
    manifest = json.loads(MANIFEST.read_text())
    if options.check:
        problems = [p for package in manifest["packages"] for p in check(package)]
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    for package in manifest["packages"]:
        refresh(package)
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
