"""A teacher's due dates as an iCalendar feed (RFC 5545), written by hand.

One all-day event per standard with a next due date. Its UID is stable per teacher,
standard and team, so a calendar that subscribes moves the event when the date moves.
Lines end in CRLF and are folded at 75 octets; text values escape backslash,
semicolon, comma and newlines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

PRODID = "-//MBP Journey//Good practice due dates//EN"


@dataclass(frozen=True, slots=True)
class Event:
    uid: str
    day: date
    summary: str
    description: str


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, never inside a character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = char
            limit = 74  # a continuation line starts with one space
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(
    name: str, events: Iterable[Event], now: datetime | None = None, refresh_hours: int = 0
) -> str:
    """The feed; `refresh_hours` asks a subscribing calendar app to fetch it that often
    (RFC 7986 REFRESH-INTERVAL, and X-PUBLISHED-TTL for the apps that read only that)."""
    stamp = _stamp(now or datetime.now(UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    if refresh_hours:
        lines += [
            f"REFRESH-INTERVAL;VALUE=DURATION:PT{refresh_hours}H",
            f"X-PUBLISHED-TTL:PT{refresh_hours}H",
        ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(event.summary)}",
            "TRIGGER:-P7D",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
