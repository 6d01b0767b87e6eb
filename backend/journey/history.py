"""Words for one entry in an action's history: what changed, in plain English."""

from __future__ import annotations

from collections.abc import Callable

from backend.journey.queries import HistoryEntry
from backend.journey.rules.labels import STATUS_LABELS


def long_date(value: object) -> str:
    from datetime import date

    assert isinstance(value, date)
    return f"{value.day} {value:%B %Y}"


def describe_change(entry: HistoryEntry, name_of: Callable[[str | None], str]) -> str:
    """For example: "Partly in place to in place. Owner: Sam Patel. Evidence note changed"."""
    parts = []
    if "status" in entry.changed or not entry.changed:
        before = STATUS_LABELS[entry.previous_status] if entry.previous_status else None
        now = STATUS_LABELS[entry.status]
        if before and before != now:
            parts.append(f"{before} to {now.lower()}")
        elif "status" in entry.changed:
            parts.append(now)
        else:
            parts.append(f"Checked: still {now.lower()}")
    if "owner_id" in entry.changed:
        parts.append(f"Owner: {name_of(entry.owner_id)}" if entry.owner_id else "Owner removed")
    if "due_on" in entry.changed:
        parts.append(f"Due {long_date(entry.due_on)}" if entry.due_on else "Due date removed")
    if "evidence" in entry.changed:
        parts.append("Evidence note updated" if entry.evidence else "Evidence note removed")
    return ". ".join(parts)
