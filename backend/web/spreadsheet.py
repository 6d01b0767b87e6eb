"""CSV files for spreadsheets, written one way for every feature (the records spreadsheet,
the action plan): CRLF line ends, and no cell a spreadsheet would run as a formula.

Pure: a header and rows in, text out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any


def _cell(value: Any) -> str:
    """A value as a spreadsheet cell; text that a spreadsheet would run as a formula is
    prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write(header: Iterable[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """CSV text (CRLF line ends, as spreadsheets expect)."""
    out = io.StringIO()
    names = list(header)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in names])
    return out.getvalue()
