"""The weekly reminder digest: one email per person per week, gathering what each
feature has to say (`hooks.REMINDERS`, a function of a team's store, the
team's address and the date) across every team the person is in.

Exactly once: each digest is queued in the outbox with the key
`digest:<user id>:<ISO week>`, which is unique, so several workers or a restart in the
middle of a run queue it once; the outbox sends it once (see mail/outbox.py).
"""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from backend.db.connection import immediate
from backend.hooks import REMINDERS, provided
from backend.mail.compose import compose
from backend.mail.outbox import Email, queue
from backend.services import Services

log = logging.getLogger("mbp.reminders")


@dataclass(frozen=True, slots=True)
class Digest:
    user_id: str
    email: str
    name: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    """(team name, lines) for each team with something to say."""

    def text(self) -> str:
        parts = [
            f"{team}:\n" + "\n".join(f"- {line}" for line in lines) for team, lines in self.sections
        ]
        return "\n\n".join(parts)


def week_of(as_of: date) -> str:
    year, week, _ = as_of.isocalendar()
    return f"{year}-W{week:02d}"


def gather(services: Services, as_of: date) -> list[Digest]:
    """Every person's digest this week (those who turned reminders off have none)."""
    by_person: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    base_url = services.settings.base_url
    hooks = provided(services.features, REMINDERS)
    for team_id in services.teams.ids():
        store = services.teams.get(team_id)
        team = store.reader.execute("SELECT name FROM team").fetchone()
        if team is None:
            continue
        lines: dict[str, list[str]] = defaultdict(list)
        for hook in hooks:
            for user_id, said in hook(store, f"{base_url}/teams/{team_id}", as_of).items():
                lines[user_id].extend(said)
        for user_id, said in lines.items():
            by_person[user_id].append((team["name"], tuple(said)))
    people = services.accounts.reader.execute(
        "SELECT id, email, name FROM users WHERE disabled_at IS NULL AND reminders_off = 0"
    ).fetchall()
    return [
        Digest(p["id"], p["email"], p["name"], tuple(by_person[p["id"]]))
        for p in people
        if by_person.get(p["id"])
    ]


def email_of(digest: Digest, base_url: str) -> Email:
    paragraphs = [f"Hello {digest.name},", "Here is what is coming up in your teams this week."]
    for team, lines in digest.sections:
        paragraphs.append(team + ": " + "; ".join(lines))
    return compose(
        digest.email,
        "Your week in MBP Journey",
        paragraphs,
        link=f"{base_url}/profile",
        action="Turn these weekly emails off in your profile",
    )


DONE_KEY = "digests_queued_for_week"


def queue_digests(services: Services, as_of: date, again: bool = False) -> int:
    """Queue this week's digests (once each, whoever runs this); how many were new. Once a
    run has finished for the week, later ones do nothing unless `again`."""
    week = week_of(as_of)
    done = services.accounts.reader.execute(
        "SELECT value FROM server_settings WHERE key = ?", [DONE_KEY]
    ).fetchone()
    if done is not None and done[0] == week and not again:
        return 0
    digests = gather(services, as_of)
    base_url = services.settings.base_url

    def work(conn: sqlite3.Connection) -> int:
        added = 0
        with immediate(conn):
            for digest in digests:
                email = email_of(digest, base_url)
                added += queue(conn, email, "digest", f"digest:{digest.user_id}:{week}")
            conn.execute(
                "INSERT INTO server_settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [DONE_KEY, week],
            )
        return added

    added: int = services.accounts.write_sync(work)
    if added:
        log.info("queued %s reminder digests for %s", added, week)
    return added


def set_reminders(conn: sqlite3.Connection, user_id: str, on: bool) -> None:
    with immediate(conn):
        conn.execute("UPDATE users SET reminders_off = ? WHERE id = ?", [0 if on else 1, user_id])


def reminders_on(conn: sqlite3.Connection, user_id: str) -> bool:
    row = conn.execute("SELECT reminders_off FROM users WHERE id = ?", [user_id]).fetchone()
    return row is not None and not row[0]
