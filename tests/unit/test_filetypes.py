"""The one content-type checker (backend/filetypes.py) and the evidence file field: a
file's kind comes from its bytes, never from its name."""

from __future__ import annotations

import base64

import pytest

from backend.adherence.evidence import FILE, safe_name
from backend.filetypes import MAX_BYTES, Refused, check, sniff
from backend.validation import Invalid

PDF = b"%PDF-1.7\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16


def test_kinds_come_from_the_bytes() -> None:
    assert [sniff(PDF), sniff(PNG), sniff(JPEG)] == ["pdf", "png", "jpeg"]
    assert sniff(b"MZ\x90\x00 an executable") is None
    assert sniff(b"<svg onload=alert(1)>") is None


def test_a_png_renamed_pdf_is_refused_where_only_a_pdf_will_do() -> None:
    with pytest.raises(Refused, match="must be a PDF"):
        check(PNG, ("pdf",), wrong_type="The selected file must be a PDF")


def test_a_file_of_10_mb_is_kept_and_one_byte_more_is_refused() -> None:
    exactly = PDF + b"0" * (MAX_BYTES - len(PDF))
    assert FILE.parse({"file": exactly}) == (exactly, "pdf")
    with pytest.raises(Invalid, match="The selected file must be smaller than 10 MB"):
        FILE.parse({"file": exactly + b"0"})


def test_an_empty_file_is_refused() -> None:
    assert FILE.is_blank({"file": b""})
    with pytest.raises(Refused, match="empty"):
        check(b"", ("pdf",), wrong_type="x")


def test_a_device_sends_base64_and_the_bytes_are_checked() -> None:
    assert FILE.parse({"file": base64.b64encode(JPEG).decode()}) == (JPEG, "jpeg")
    with pytest.raises(Invalid, match="must be a PDF, JPEG or PNG"):
        FILE.parse({"file": base64.b64encode(b"GIF89a....").decode()})
    with pytest.raises(Invalid, match="must be a PDF, JPEG or PNG"):
        FILE.parse({"file": "not base64 at all!"})
    too_long = "A" * ((MAX_BYTES + 2) // 3 * 4 + 8)
    with pytest.raises(Invalid, match="smaller than 10 MB"):
        FILE.parse({"file": too_long})


@pytest.mark.parametrize(
    ("given", "kind", "shown"),
    [
        ("Certificate.pdf", "pdf", "Certificate.pdf"),
        ("C:\\Users\\me\\scan.PDF", "png", "scan.png"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ('a"b<c>.jpg', "jpeg", "abc.jpg"),
        ("", "pdf", "evidence.pdf"),
    ],
)
def test_names_are_made_safe_with_the_real_extension(given: str, kind: str, shown: str) -> None:
    assert safe_name(given, kind) == shown
