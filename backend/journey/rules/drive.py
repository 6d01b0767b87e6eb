"""The implementers register and the drive risks ASPIRE names.

Rules (also in `docs/journey-rules.md`), judged on `as_of`:
- Only *active* implementers count: those with no expected leaving date, or one on or
  after `as_of`. People whose leaving date has passed are treated as gone.
- no-implementer: nobody active. (When this fires, the other rules are not checked:
  they would only repeat it.)
- single-implementer: exactly one active implementer.
- no-senior-sponsor: no active implementer is marked as a top-down sponsor.
- one-level: two or more active implementers, all at the same seniority level.
- leaving-no-successor: an active implementer expected to leave within six calendar
  months (on or before `as_of` + 6 months) without a successor. A successor counts
  only if they are a different, active implementer who is not themselves leaving
  within those six months. One flag per person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from backend.dates import add_months_clamped

LEAVING_WINDOW_MONTHS = 6


class Seniority(StrEnum):
    PRACTITIONER = "practitioner"
    TEAM_LEAD = "team_lead"
    SENIOR_MANAGER = "senior_manager"
    CLINICAL_LEAD = "clinical_lead"

    @property
    def label(self) -> str:
        return SENIORITY_LABELS[self]


SENIORITY_LABELS: dict[Seniority, str] = {
    Seniority.PRACTITIONER: "Practitioner",
    Seniority.TEAM_LEAD: "Team lead or manager",
    Seniority.SENIOR_MANAGER: "Senior manager or director",
    Seniority.CLINICAL_LEAD: "Clinical lead",
}


class RiskKind(StrEnum):
    NO_IMPLEMENTER = "no-implementer"
    SINGLE_IMPLEMENTER = "single-implementer"
    NO_SENIOR_SPONSOR = "no-senior-sponsor"
    ONE_LEVEL = "one-level"
    LEAVING_NO_SUCCESSOR = "leaving-no-successor"


@dataclass(frozen=True)
class Implementer:
    id: str
    name: str
    role: str
    seniority: Seniority
    skills: tuple[str, ...] = ()
    passion: str = ""
    support_needed: str = ""
    protected_hours_per_week: float | None = None
    top_down_sponsor: bool = False
    expected_leaving: date | None = None
    successor_id: str | None = None

    @property
    def label(self) -> str:
        """'Name (role)', or just the name when there is no role."""
        return f"{self.name} ({self.role})" if self.role.strip() else self.name


@dataclass(frozen=True)
class DriveRisk:
    """One flag for the drive panel. `people` holds the implementer ids involved."""

    id: str
    kind: RiskKind
    title: str
    reason: str
    people: tuple[str, ...] = ()


def is_active(person: Implementer, as_of: date) -> bool:
    return person.expected_leaving is None or person.expected_leaving >= as_of


def drive_risks(implementers: Sequence[Implementer], as_of: date) -> tuple[DriveRisk, ...]:
    """The drive risks for a register of implementers, in a fixed order."""
    active = [p for p in implementers if is_active(p, as_of)]
    if not active:
        return (
            DriveRisk(
                id=RiskKind.NO_IMPLEMENTER.value,
                kind=RiskKind.NO_IMPLEMENTER,
                title="No implementer",
                reason="Nobody is recorded as driving the programme. ASPIRE found that a "
                "service needs at least one person with the passion and drive to lead it.",
            ),
        )
    risks = [_single(active), _no_sponsor(active), _one_level(active)]
    found = [risk for risk in risks if risk is not None]
    return tuple(found + _leaving(implementers, active, as_of))


def _names(people: Sequence[Implementer]) -> str:
    labels = [p.label for p in people]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _single(active: Sequence[Implementer]) -> DriveRisk | None:
    if len(active) != 1:
        return None
    (person,) = active
    return DriveRisk(
        id=RiskKind.SINGLE_IMPLEMENTER.value,
        kind=RiskKind.SINGLE_IMPLEMENTER,
        title="A single implementer",
        reason=f"Only {person.label} is driving the programme. If they step back or leave, "
        "the service could stall; several implementers with different skills and "
        "seniority make it safer.",
        people=(person.id,),
    )


def _no_sponsor(active: Sequence[Implementer]) -> DriveRisk | None:
    if any(p.top_down_sponsor for p in active):
        return None
    if len(active) == 1:
        who = f"The only implementer, {active[0].label}, is not a top-down sponsor."
    else:
        who = f"None of the implementers is a top-down sponsor: {_names(active)}."
    return DriveRisk(
        id=RiskKind.NO_SENIOR_SPONSOR.value,
        kind=RiskKind.NO_SENIOR_SPONSOR,
        title="No senior sponsor",
        reason=f"{who} Drive that comes only from below tends to reach a ceiling, "
        "and can collapse when those people leave.",
        people=tuple(p.id for p in active),
    )


def _one_level(active: Sequence[Implementer]) -> DriveRisk | None:
    levels = {p.seniority for p in active}
    if len(active) < 2 or len(levels) != 1:
        return None
    (level,) = levels
    return DriveRisk(
        id=RiskKind.ONE_LEVEL.value,
        kind=RiskKind.ONE_LEVEL,
        title="Everyone at one level",
        reason=f"All the implementers are at one level ({level.label.lower()}): "
        f"{_names(active)}. Drive is stronger with people at different levels "
        "of the organisation.",
        people=tuple(p.id for p in active),
    )


def _leaving(
    implementers: Sequence[Implementer], active: Sequence[Implementer], as_of: date
) -> list[DriveRisk]:
    horizon = add_months_clamped(as_of, LEAVING_WINDOW_MONTHS)
    everyone = {p.id: p for p in implementers}
    active_ids = {p.id for p in active}

    def leaving_soon(person: Implementer) -> bool:
        return person.expected_leaving is not None and person.expected_leaving <= horizon

    risks = []
    for person in active:
        if not leaving_soon(person):
            continue
        successor = everyone.get(person.successor_id) if person.successor_id else None
        if person.successor_id is None:
            why = "no successor is named"
        elif successor is None or successor.id not in active_ids:
            why = "their named successor is not a current implementer"
        elif successor.id == person.id:
            why = "they are named as their own successor"
        elif leaving_soon(successor):
            why = f"their named successor, {successor.label}, is also leaving within six months"
        else:
            continue
        involved = (person.id,) if successor is None else (person.id, successor.id)
        risks.append(_leaving_risk(person, why, tuple(dict.fromkeys(involved))))
    return risks


def _leaving_risk(person: Implementer, why: str, people: tuple[str, ...]) -> DriveRisk:
    assert person.expected_leaving is not None
    when = f"{person.expected_leaving.day} {person.expected_leaving:%B %Y}"
    return DriveRisk(
        id=f"{RiskKind.LEAVING_NO_SUCCESSOR.value}:{person.id}",
        kind=RiskKind.LEAVING_NO_SUCCESSOR,
        title="An implementer is leaving without a successor",
        reason=f"{person.label} is expected to leave on {when}, and {why}.",
        people=people,
    )
