"""What kind of file some bytes are, from their content alone (never the name or the
browser's content type): one checker for every upload, a network's resources and the
evidence attached to a teacher's records."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection

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
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "pptx": "pptx", "png": "png", "jpeg": "jpg"}
EXTENSIONS |= {"gif": "gif", "webp": "webp"}


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


class Refused(ValueError):
    """The file may not be kept; the message is shown to the person."""


def check(
    content: bytes,
    allowed: Collection[str],
    *,
    wrong_type: str,
    too_large: str = "The selected file must be smaller than 10 MB",
    empty: str = "The selected file is empty",
    max_bytes: int = MAX_BYTES,
) -> str:
    """The kind of an acceptable file (a key of TYPES); Refused with the message to show
    if it is empty, larger than max_bytes or not of an allowed kind."""
    if len(content) > max_bytes:
        raise Refused(too_large)
    if not content:
        raise Refused(empty)
    kind = sniff(content)
    if kind is None or kind not in allowed:
        raise Refused(wrong_type)
    return kind
