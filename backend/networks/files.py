"""Files attached to resources: kept once per network by their SHA-256, beside the network
file (DATA_DIR/networks/<id>/files/<sha>), and accepted only if their first bytes say
(backend/filetypes.py) they are a PDF, a Word or PowerPoint document or an image, whatever their name says."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from backend.filetypes import MAX_BYTES, TYPES, check, sniff

__all__ = ["MAX_BYTES", "TYPES", "keep", "read", "sniff", "stored"]


def folder(services: Any, network_id: str) -> Path:
    return Path(services.networks.path(network_id)).with_suffix("") / "files"


def keep(services: Any, network_id: str, content: bytes) -> tuple[str, str]:
    """Store the file (once); its SHA-256 and kind. ValueError if it may not be kept."""
    kind = check(  # Refused is a ValueError
        content,
        TYPES,
        wrong_type="The file must be a PDF, Word, PowerPoint, PNG, JPEG, GIF or WebP file",
        too_large="The file must be 10 MB or smaller",
    )
    sha = hashlib.sha256(content).hexdigest()
    target = folder(services, network_id) / sha
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(content)
        partial.replace(target)
    return sha, kind


def stored(services: Any, network_id: str, sha: str) -> tuple[str, int] | None:
    """(kind, size) of a kept file, checked again from its bytes; None if absent."""
    path = folder(services, network_id) / sha
    if not path.is_file():
        return None
    content = path.read_bytes()
    kind = sniff(content)
    return None if kind is None else (kind, len(content))


def read(services: Any, network_id: str, sha: str) -> bytes | None:
    path = folder(services, network_id) / sha
    return path.read_bytes() if path.is_file() else None
