"""Documents made from a page's own HTML: PDF with WeasyPrint, nothing fetched from anywhere;
and the response that hands a made document over as a download.

Shared by every feature that offers a PDF (the annual report, the portfolio, the case)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Response

PDF_CSS = """
@page { size: A4; margin: 2cm; @bottom-right { content: counter(page) " of " counter(pages); } }
body { font-family: Arial, sans-serif; font-size: 11pt; color: #212b32; }
h1 { font-size: 20pt; } h2 { font-size: 14pt; margin-top: 1.2em; break-after: avoid; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #d8dde0; padding: 4px; text-align: left; }
.nhsuk-u-visually-hidden, .nhsuk-table-responsive__heading { display: none; }
.app-chart { display: block; width: 8cm; margin: 0.5em 0; break-inside: avoid; }
h3 { font-size: 12pt; break-after: avoid; }
.app-legend { list-style: none; padding: 0; }
"""
"""The print stylesheet every PDF starts from: A4, page numbers, NHS colours, tables."""


def pdf_bytes(html: str, stylesheet: str = PDF_CSS) -> bytes:
    """The page's own HTML as PDF (WeasyPrint, nothing fetched from anywhere)."""
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]

    def no_fetch(url: str) -> Mapping[str, Any]:
        raise ValueError(f"not fetched: {url}")

    document = HTML(string=html, url_fetcher=no_fetch)
    made: bytes = document.write_pdf(stylesheets=[CSS(string=stylesheet)])
    return made


def download(content: bytes, media_type: str, filename: str) -> Response[bytes]:
    """A made document (PDF, Word) as an attachment named `filename`, never cached."""
    return Response(
        content=content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )
