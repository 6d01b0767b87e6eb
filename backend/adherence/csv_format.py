"""The records spreadsheet: one CSV for every kind of record, its columns and its reading
(written with the core's `web/spreadsheet.py`, as the action plan is).

Pure: bytes or text in, rows or messages out. Each row has a `type` (supervision,
retreat, cpd, course, participant_course, training, mbi_tac, declaration), a `person`
(their email; blank for yourself), a `date`, and the columns its type uses. Choices may
be given by their key or their label ("one_to_one" or "One-to-one"), dates as
2026-03-14 or 14/03/2026, yes/no fields as yes or no. Every problem is reported with
its row and column, and nothing is imported while any remains.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from backend.adherence.rules.kinds import KINDS, LABELS, Kind
from backend.validation import Boolean, Choice, ValidationFailed

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
TYPES: dict[str, Kind] = {kind.prefix: kind for kind in KINDS}
# Columns filled by the importer itself, not straight from a field of the record.
_SPECIAL = {"date", "start_date", "end_date", "supervisor_id", "supervisor_name", "course_id"}
COLUMNS: tuple[str, ...] = (
    "type",
    "person",
    "date",
    "end_date",
    *dict.fromkeys(f.name for kind in KINDS for f in kind.fields if f.name not in _SPECIAL),
    "supervisor",
    "course_start",
)
EXPORT_ONLY = ("id", "teacher_name", "verified_by", "verified_at")
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


class CsvProblem(Exception):
    """The file as a whole cannot be read (size, encoding, columns)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    """The row's number as a spreadsheet shows it (the header is row 1)."""
    kind: Kind
    person: str
    args: dict[str, Any]
    supervisor: str = ""
    course_start: str = ""


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    """(row, column, message)."""

    def messages(self) -> dict[str, str]:
        return {
            f"row-{line}-{column}": message_of(line, column, m) for line, column, m in self.errors
        }


def message_of(line: int, column: str, message: str) -> str:
    return f"Row {line}, {column}: {message}" if column else f"Row {line}: {message}"


def decode(data: bytes) -> str:
    """The file's text; a clear message when it is too large or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise CsvProblem("The file must be smaller than 2 MB. Split it into smaller files")
    if not data.strip():
        raise CsvProblem("The file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvProblem(
            f"The file is not saved as UTF-8 (a character on line {line} cannot be read)."
            " In your spreadsheet, choose Save As, then 'CSV UTF-8'"
        ) from None
    if "\x00" in text:
        raise CsvProblem("The file is not a CSV file. Save your spreadsheet as 'CSV UTF-8'")
    return text


def _header(names: list[str]) -> list[str]:
    header = [name.strip().lower() for name in names]
    unknown = [n for n in header if n and n not in COLUMNS and n not in EXPORT_ONLY]
    if unknown:
        raise CsvProblem(
            f"The file has columns we do not know: {', '.join(unknown)}. "
            f"Use the columns: {', '.join(COLUMNS)}"
        )
    for needed in ("type", "date"):
        if needed not in header:
            raise CsvProblem(
                f"The file has no '{needed}' column. The first row must name the columns"
            )
    repeated = sorted({n for n in header if n and header.count(n) > 1})
    if repeated:
        raise CsvProblem(f"The file names the column {', '.join(repeated)} more than once")
    return header


def parse(text: str) -> Parsed:
    """Every row as mutation arguments for its kind, or row-by-row messages."""
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        lines = list(reader)
    except csv.Error as error:
        raise CsvProblem(f"The file could not be read as CSV: {error}") from None
    if not lines:
        raise CsvProblem("The file is empty")
    header = _header(lines[0])
    body = [
        (number, cells)
        for number, cells in enumerate(lines[1:], start=2)
        if any(c.strip() for c in cells)
    ]
    if not body:
        raise CsvProblem("The file has column names but no records")
    if len(body) > MAX_ROWS:
        raise CsvProblem(
            f"The file has {len(body):,} records. Import at most {MAX_ROWS:,} at a time"
        )
    parsed = Parsed()
    for number, cells in body:
        if len(cells) > len(header):
            parsed.errors.append(
                (number, "", f"has {len(cells)} cells but there are {len(header)} columns")
            )
            continue
        values = {name: cell.strip() for name, cell in zip(header, cells, strict=False) if name}
        _row(parsed, number, values)
    return parsed


def _row(parsed: Parsed, number: int, values: dict[str, str]) -> None:
    type_name = values.get("type", "").lower().replace("-", "_").replace(" ", "_")
    kind = TYPES.get(type_name)
    if kind is None:
        parsed.errors.append((number, "type", f"enter one of {', '.join(TYPES)}"))
        return
    args: dict[str, Any] = {}
    used = {"type", "person", "date", *EXPORT_ONLY}
    args[kind.date_column] = _iso(values.get("date", ""))
    if kind.date_column == "start_date" and "end_date" in kind.columns:
        args["end_date"] = _iso(values.get("end_date", ""))
        used.add("end_date")
    problems: list[tuple[str, str]] = []
    for f in kind.fields:
        if f.name in _SPECIAL or f.name not in values:
            continue
        used.add(f.name)
        raw = values[f.name]
        if isinstance(f, Choice):
            args[f.name] = _choice(f.name, raw)
        elif isinstance(f, Boolean) and not raw and f.when_absent:
            args[f.name] = "yes"  # a yes-by-default field left blank
        elif isinstance(f, Boolean):
            if raw.lower() not in _YES | _NO:
                problems.append((f.name, "enter yes or no"))
            args[f.name] = "yes" if raw.lower() in _YES else "no"
        else:
            args[f.name] = raw
    if kind.prefix == "supervision":
        used |= {"supervisor", "course_start"}
    for column, raw in values.items():
        if raw and column not in used:
            problems.append((column, f"is not used for {kind.prefix} records: leave it blank"))
    try:  # the supervisor is checked against the team when importing
        kind.schema.validate({**args, "supervisor_id": "outside", "supervisor_name": "?"})
    except ValidationFailed as failed:
        problems += [(_column(kind, name), message) for name, message in failed.errors.items()]
    if problems:
        parsed.errors += [(number, column, message) for column, message in problems]
        return
    parsed.rows.append(
        Row(
            number,
            kind,
            values.get("person", ""),
            args,
            values.get("supervisor", ""),
            _iso(values.get("course_start", "")),
        )
    )


def _column(kind: Kind, name: str) -> str:
    if name == kind.date_column:
        return "date"
    if name in {"supervisor_id", "supervisor_name"}:
        return "supervisor"
    return name


def _iso(text: str) -> str:
    match = _UK_DATE.fullmatch(text.strip())
    if match:
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return text.strip()


def _choice(name: str, raw: str) -> str:
    labels = LABELS.get(name, {})
    wanted = raw.strip().lower()
    for key, label in labels.items():
        if wanted in (key.lower(), label.lower()):
            return key
    return raw
