"""The wording a deployment may change in its privacy notice, accessibility statement and
security.txt, read from `DATA_DIR/notices.toml` over sensible defaults.

Every key is optional; an unknown key or a value of the wrong type is refused with a
message naming the file and the key (read with the core's `backend/toml_reader.py`), so a typo cannot quietly leave the default wording in place. The file
is read again when it changes (its modification time is the cache key), so a deployment
can edit it without restarting. `MBP_SECURITY_CONTACT` overrides `security_contact`.

    # DATA_DIR/notices.toml
    organisation = "Riverside NHS Foundation Trust"
    contact = "the Riverside mindfulness service lead, mindfulness@riverside.nhs.uk"
    data_protection_officer = "dpo@riverside.nhs.uk"
    security_contact = "mailto:security@riverside.nhs.uk"
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from functools import cache
from pathlib import Path

from backend.toml_reader import Table, TomlError, read_toml

FILE_NAME = "notices.toml"


@dataclass(frozen=True, slots=True)
class Notices:
    organisation: str = "the organisation that runs this service (your NHS trust or university)"
    """The data controller: who decided to use MBP Journey and answers for its records."""
    contact: str = "your team's service lead"
    """Who staff ask first about their records, or to report an accessibility problem."""
    data_protection_officer: str = "your organisation's Data Protection Officer"
    hosting: str = (
        "on servers chosen by the organisation that runs it; it sends nothing to any other "
        "service or company"
    )
    retention: str = (
        "while your team uses MBP Journey, and for as long after as your organisation's "
        "records management policy says (for staff training records, usually 6 years after "
        "you leave)"
    )
    lawful_basis: str = (
        "public task (UK GDPR Article 6(1)(e)): keeping the training and supervision of "
        "the staff who teach mindfulness-based programmes safe and of good quality"
    )
    security_contact: str = ""
    """A mailto: or https: address for security.txt; empty means security@ this host."""
    accessibility_tested_on: str = "2026-12-05"
    """When the accessibility checks described in the statement were last run."""
    extra_privacy: tuple[str, ...] = ()
    """Paragraphs the deployment adds at the end of the privacy notice."""


class NoticesError(TomlError):
    """notices.toml is invalid. `problems` lists each one, naming the file and the key."""


def notices_for(data_dir: Path) -> Notices:
    """This deployment's wording: its notices.toml (if any) over the defaults."""
    path = data_dir / FILE_NAME
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    notices = _read(path, stamp)
    contact = os.environ.get("MBP_SECURITY_CONTACT", "")
    return replace(notices, security_contact=contact) if contact else notices


@cache
def _read(path: Path, stamp: int) -> Notices:
    if not stamp:
        return Notices()
    return parse(read_toml(path, NoticesError), str(path))


def parse(raw: Mapping[str, object], where: str = FILE_NAME) -> Notices:
    """Notices from a TOML table, refusing unknown keys and wrong types by name."""
    t = Table(raw, where)
    known = [f.name for f in fields(Notices)]
    t.only(*known)
    values: dict[str, object] = {
        key: t.texts(key) if key == "extra_privacy" else t.text(key)
        for key in known
        if key in t.data
    }
    contact = str(values.get("security_contact", ""))
    if contact and not contact.startswith(("mailto:", "https://", "tel:")):
        t.problem("'security_contact' must start mailto:, https:// or tel:")
    t.raise_if_any(NoticesError)
    return Notices(**values)  # type: ignore[arg-type]
