"""Files attached to resources: kept once per network by their SHA-256, beside the network
file (DATA_DIR/networks/<id>/files/<sha>), and accepted only if their first bytes say
they are a PDF, a Word or PowerPoint document or an image, whatever their name says."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

MAX_BYTES = 10 * 1024 * 1024
TYPES = {
    "pdf": ("application/pdf", "PDF"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint presentation",
    ),
    "png": ("image/png", "PNG image"),
    "jpeg": ("image/jpeg", "JPEG image"),
    "gif": ("image/gif", "GIF image"),
    "webp": ("image/webp", "WebP image"),
}


def sniff(content: bytes) -> str | None:
    """The kind of file these bytes are (a key of TYPES), from their content alone."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content[:6] in {b"GIF87a", b"GIF89a"}:
        return "gif"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "webp"
    if content.startswith(b"PK\x03\x04"):
        return _office(content)
    return None


def _office(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return None


def folder(services: Any, network_id: str) -> Path:
    return Path(services.networks.path(network_id)).with_suffix("") / "files"


def keep(services: Any, network_id: str, content: bytes) -> tuple[str, str]:
    """Store the file (once); its SHA-256 and kind. ValueError if it may not be kept."""
    if len(content) > MAX_BYTES:
        raise ValueError("The file must be 10 MB or smaller")
    if not content:
        raise ValueError("The selected file is empty")
    kind = sniff(content)
    if kind is None:
        raise ValueError("The file must be a PDF, Word, PowerPoint, PNG, JPEG, GIF or WebP file")
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
