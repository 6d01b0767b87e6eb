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
    patterns: bool = False
    """Serve /patterns, the page of every shared part (development: `make run`, MBP_PATTERNS=1)."""
    base_url: str = "http://127.0.0.1:8000"
    """Where people reach this server: every link in an email or shown to copy starts with
    it (MBP_BASE_URL), never with the Host header a request arrived with."""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_tls: str = "starttls"
    mail_from: str = "MBP Journey <mbp-journey@localhost>"
    send_mail: bool = False
    send_reminders: bool = True
    """The served process queues the weekly digests (MBP_REMINDERS=0: a timer does)."""
    signup_domains: tuple[str, ...] = ()
    oidc_issuer: str = ""
    """Single sign-on through this OpenID provider (MBP_OIDC_*); none: passwords only."""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_name: str = "Sign in with your NHS account"
    """Email domains that may make their own account after confirming the address
    (MBP_SIGNUP_DOMAINS=nhs.net,nhs.scot); none: sign-up is off."""
    """Run the background mail sender in this process (the served app; not scripts)."""
    release: str = "1"
    """Names this deployment's version; part of the service worker's version."""
    static_dir: Path = field(default_factory=lambda: ROOT / "frontend")
    content_dir: Path = field(default_factory=lambda: ROOT / "content")

    @property
    def mail_dir(self) -> Path:
        """Where mail is written as .eml files when no SMTP server is configured."""
        return self.data_dir / "mail"

    @property
    def accounts_path(self) -> Path:
        return self.data_dir / "accounts.db"

    @property
    def teams_dir(self) -> Path:
        return self.data_dir / "teams"

    @property
    def networks_dir(self) -> Path:
        return self.data_dir / "networks"


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
        "patterns": os.environ.get("MBP_PATTERNS", "") == "1",
        "send_mail": True,
        "send_reminders": os.environ.get("MBP_REMINDERS", "1") != "0",
        "oidc_issuer": os.environ.get("MBP_OIDC_ISSUER", "").rstrip("/"),
        "oidc_client_id": os.environ.get("MBP_OIDC_CLIENT_ID", ""),
        "oidc_client_secret": os.environ.get("MBP_OIDC_CLIENT_SECRET", ""),
        "oidc_name": os.environ.get("MBP_OIDC_NAME") or "Sign in with your NHS account",
        "signup_domains": tuple(
            d.strip().lower().lstrip("@")
            for d in os.environ.get("MBP_SIGNUP_DOMAINS", "").split(",")
            if d.strip()
        ),
        "base_url": os.environ.get("MBP_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
        "max_open_team_stores": max(1, int(os.environ.get("MBP_MAX_OPEN_TEAM_STORES") or 32)),
        **mail_from_environment(),
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


SMTP_TLS = ("starttls", "tls", "none")


def mail_from_environment() -> dict[str, object]:
    """MBP_SMTP_* and MBP_MAIL_FROM; a wrong MBP_SMTP_TLS stops the server with a message."""
    env = os.environ
    tls = env.get("MBP_SMTP_TLS", "starttls").strip().lower() or "starttls"
    if tls not in SMTP_TLS:
        raise SystemExit(f"MBP_SMTP_TLS must be one of {', '.join(SMTP_TLS)}, not {tls!r}")
    default_port = {"starttls": 587, "tls": 465, "none": 25}[tls]
    port = env.get("MBP_SMTP_PORT", "").strip()
    if port and not port.isdigit():
        raise SystemExit(f"MBP_SMTP_PORT must be a number, not {port!r}")
    values: dict[str, object] = {
        "smtp_host": env.get("MBP_SMTP_HOST", "").strip(),
        "smtp_port": int(port) if port else default_port,
        "smtp_username": env.get("MBP_SMTP_USERNAME", ""),
        "smtp_password": env.get("MBP_SMTP_PASSWORD", ""),
        "smtp_tls": tls,
    }
    if env.get("MBP_MAIL_FROM"):
        values["mail_from"] = env["MBP_MAIL_FROM"]
    return values
