"""What an evaluation returns: plain frozen values ready for a page, a CSV row or JSON."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    MET = "met"
    DUE_SOON = "due_soon"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def severity(self) -> int:
        """0 met, 1 due soon, 2 not met; not applicable is -1 (nothing to do)."""
        return _SEVERITY[self]


_LABELS = {
    Status.MET: "Met",
    Status.DUE_SOON: "Due soon",
    Status.NOT_MET: "Not met",
    Status.NOT_APPLICABLE: "Not applicable",
}
_SEVERITY = {Status.NOT_APPLICABLE: -1, Status.MET: 0, Status.DUE_SOON: 1, Status.NOT_MET: 2}


def worst(statuses: list[Status]) -> Status:
    return max(statuses, key=lambda status: status.severity, default=Status.NOT_APPLICABLE)


class Experience(StrEnum):
    INEXPERIENCED = "inexperienced"
    EXPERIENCED = "experienced"


class Activity(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"


@dataclass(frozen=True, slots=True)
class ExperienceStatus:
    level: Experience
    trained_on: date | None
    experienced_on: date | None
    reason: str


@dataclass(frozen=True, slots=True)
class ActivityStatus:
    level: Activity
    last_taught: date | None
    reason: str


@dataclass(frozen=True, slots=True)
class Detail:
    """One part of a check: a course, a teaching month, a calendar year."""

    label: str
    status: Status
    reason: str
    amount: float
    needed: float
    due: date | None
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One rule's outcome. `amount`, `needed` and `shortfall` are in `unit`."""

    rule_id: str
    title: str
    status: Status
    reason: str
    next_due: date | None
    evidence: tuple[str, ...] = ()
    amount: float | None = None
    needed: float | None = None
    shortfall: float = 0.0
    unit: str = ""
    advisory: bool = False
    details: tuple[Detail, ...] = ()


@dataclass(frozen=True, slots=True)
class Evaluation:
    teacher_id: str
    profile_id: str
    profile_version: int
    tightened_rules: tuple[str, ...]
    as_of: date
    due_soon_days: int
    experience: ExperienceStatus
    activity: ActivityStatus
    checks: tuple[CheckResult, ...]

    def check(self, rule_id: str) -> CheckResult:
        for check in self.checks:
            if check.rule_id == rule_id:
                return check
        raise KeyError(rule_id)

    @property
    def overall(self) -> Status:
        """The worst status among required (not advisory) checks."""
        return worst([check.status for check in self.checks if not check.advisory])
