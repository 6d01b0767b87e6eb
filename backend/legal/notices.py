"""The wording a deployment may change in its privacy notice, accessibility statement and
security.txt, read from `DATA_DIR/notices.toml` over sensible defaults.

Every key is optional; an unknown key or a value of the wrong type is refused with a
message naming it, so a typo cannot quietly leave the default wording in place. The file
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
import tomllib
from dataclasses import dataclass, fields, replace
from functools import cache
from pathlib import Path

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


class NoticesError(ValueError):
    pass


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
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as problem:
        raise NoticesError(f"{path} is not valid TOML: {problem}") from problem
    return parse(raw, str(path))


def parse(raw: dict[str, object], where: str = FILE_NAME) -> Notices:
    """Notices from a TOML table, refusing unknown keys and wrong types by name."""
    known = {f.name: f for f in fields(Notices)}
    values: dict[str, object] = {}
    for key, value in raw.items():
        if key not in known:
            raise NoticesError(f"{where}: unknown key {key!r} (known: {', '.join(known)})")
        if key == "extra_privacy":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise NoticesError(f"{where}: extra_privacy must be a list of paragraphs")
            values[key] = tuple(value)
        elif not isinstance(value, str) or not value.strip():
            raise NoticesError(f"{where}: {key} must be some text")
        else:
            values[key] = value.strip()
    contact = values.get("security_contact", "")
    if contact and not str(contact).startswith(("mailto:", "https://", "tel:")):
        raise NoticesError(f"{where}: security_contact must start mailto:, https:// or tel:")
    return Notices(**values)  # type: ignore[arg-type]
