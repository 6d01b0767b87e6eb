"""The financial case: what a course costs, and what it costs per participant.

Pure: no web, no database. Money is worked in Decimal pence-exact and shown in pounds.
Per course: staff time (sessions x teachers x hours x hourly cost), rooms (sessions x
room cost), supervision for the course, and the course's share of the year's retreat and
CPD costs (divided by the courses run in a year). Per participant: the course cost over
the participants on a course. A count of zero gives a message saying what is missing,
never a division error.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


@dataclass(frozen=True)
class CostInputs:
    courses_per_year: int
    participants_per_course: int
    sessions_per_course: int
    teachers_per_session: int
    staff_hours_per_session: Decimal
    staff_cost_per_hour: Decimal
    room_cost_per_session: Decimal
    supervision_cost_per_course: Decimal
    retreat_cost_per_year: Decimal
    cpd_cost_per_year: Decimal


@dataclass(frozen=True)
class CostLine:
    label: str
    amount: Decimal


@dataclass(frozen=True)
class CostResult:
    lines: tuple[CostLine, ...]
    """What one course costs, part by part (empty when it cannot be worked out)."""
    per_course: Decimal | None
    per_participant: Decimal | None
    per_year: Decimal | None
    messages: tuple[str, ...]
    """Why a figure could not be worked out, in words."""


def _money(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def pounds(value: Decimal | None) -> str:
    """£1,234.50, or a dash for a figure that could not be worked out."""
    return "not worked out" if value is None else f"£{value:,.2f}"


def cost_of(inputs: CostInputs) -> CostResult:
    """The cost of one course and of one participant's place."""
    messages: list[str] = []
    if inputs.courses_per_year <= 0:
        messages.append(
            "The cost per course cannot be worked out with no courses a year:"
            " enter how many courses run in a year"
        )
        return CostResult((), None, None, None, tuple(messages))
    sessions = Decimal(inputs.sessions_per_course)
    staff = sessions * inputs.teachers_per_session * inputs.staff_hours_per_session
    staff *= inputs.staff_cost_per_hour
    yearly = inputs.retreat_cost_per_year + inputs.cpd_cost_per_year
    lines = (
        CostLine("Staff time", _money(staff)),
        CostLine("Rooms", _money(sessions * inputs.room_cost_per_session)),
        CostLine("Supervision", _money(inputs.supervision_cost_per_course)),
        CostLine(
            "Share of the year's retreat and CPD",
            _money(yearly / inputs.courses_per_year),
        ),
    )
    per_course = _money(sum((line.amount for line in lines), Decimal(0)))
    per_participant = None
    if inputs.participants_per_course <= 0:
        messages.append(
            "The cost per participant cannot be worked out with no participants:"
            " enter how many people take part in a course"
        )
    else:
        per_participant = _money(per_course / inputs.participants_per_course)
    per_year = _money(per_course * inputs.courses_per_year)
    return CostResult(lines, per_course, per_participant, per_year, tuple(messages))
