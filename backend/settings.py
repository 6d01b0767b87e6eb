"""Settings are read once, by the caller, and passed into the app factory."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    secret_key: str
    secure_cookies: bool = False
    session_days: int = 30
    invite_days: int = 7
    max_open_team_stores: int = 32
    max_body_bytes: int = 2 * 1024 * 1024
    demo: bool = False
    release: str = "1"
    """Names this deployment's version; part of the service worker's version."""
    static_dir: Path = field(default_factory=lambda: ROOT / "frontend")
    content_dir: Path = field(default_factory=lambda: ROOT / "content")

    @property
    def accounts_path(self) -> Path:
        return self.data_dir / "accounts.db"

    @property
    def teams_dir(self) -> Path:
        return self.data_dir / "teams"


def load_secret(data_dir: Path) -> str:
    """The signing secret: MBP_SECRET_KEY if set, else a random one kept in the data folder."""
    from_env = os.environ.get("MBP_SECRET_KEY")
    if from_env:
        return from_env
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def from_environment(**overrides: object) -> Settings:
    """Settings for `mbp serve`: MBP_* environment variables over embedded defaults."""
    data_dir = Path(os.environ.get("MBP_DATA_DIR", ROOT / "data")).resolve()
    values: dict[str, object] = {
        "data_dir": data_dir,
        "secret_key": load_secret(data_dir),
        "secure_cookies": os.environ.get("MBP_SECURE_COOKIES", "") == "1",
        "release": os.environ.get("MBP_RELEASE", "1"),
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]
