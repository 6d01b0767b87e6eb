"""A teacher's records, as plain frozen values.

The web and database layers build these from rows; the engine only reads them. Each
constructor checks the invariants the engine relies on and names the field at fault.
Counts of participants only: nothing here identifies a patient.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

# MBI-TAC ids, in order. content/mbi_tac.toml holds their names and descriptions and a
# test keeps the two in step.
MBI_TAC_DOMAINS = (
    "coverage-pacing",
    "relational-skills",
    "embodiment",
    "guiding-practices",
    "inquiry-and-teaching",
    "holding-the-group",
)
MBI_TAC_LEVELS = (
    "incompetent",
    "beginner",
    "advanced-beginner",
    "competent",
    "proficient",
    "advanced",
)


class Role(StrEnum):
    LEAD = "lead"
    CO_TEACHER = "co_teacher"


class Work(StrEnum):
    """What a period of mindfulness-based work recorded with the courses was. BAMBA's
    monthly supervision covers periods of teaching, training or supervising."""

    TEACHING = "teaching"
    TRAINING = "training"
    SUPERVISING = "supervising"


class Seniority(StrEnum):
    """How experienced the other teacher of a co-taught course was."""

    SENIOR = "senior"
    PEER = "peer"


class SupervisionFormat(StrEnum):
    ONE_TO_ONE = "one_to_one"
    GROUP = "group"
    PEER = "peer"


class RetreatMode(StrEnum):
    ONLINE = "online"
    RESIDENTIAL = "residential"


class RatedBy(StrEnum):
    SELF = "self"
    SUPERVISOR = "supervisor"


@dataclass(frozen=True, slots=True)
class ParticipantCourse:
    """An 8-week course the teacher took part in as a participant."""

    id: str
    date: date
    programme: str

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise ValueError("participant course: id must not be blank")


@dataclass(frozen=True, slots=True)
class TeacherTraining:
    """One part of the teacher-training pathway; `end` is its last day."""

    id: str
    organisation: str
    start: date
    end: date
    hours: float

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise ValueError("teacher training: id must not be blank")
        if not (self.end >= self.start):
            raise ValueError(f"teacher training {self.id}: end is before start")
        if not (self.hours >= 0):
            raise ValueError(f"teacher training {self.id}: hours must not be negative")


@dataclass(frozen=True, slots=True)
class TrainingPathway:
    participant_courses: tuple[ParticipantCourse, ...] = ()
    trainings: tuple[TeacherTraining, ...] = ()
    professional_background: str = ""


@dataclass(frozen=True, slots=True)
class CourseTaught:
    """A course the teacher taught. It runs `sessions` weeks from `start` (see last_day)."""

    id: str
    programme: str
    start: date
    sessions: int
    role: Role
    closely_supervised: bool = False
    co_teacher_seniority: Seniority | None = None
    participants: int | None = None
    work: Work = Work.TEACHING

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise ValueError("course: id must not be blank")
        if not (1 <= self.sessions <= 52):
            raise ValueError(f"course {self.id}: sessions must be 1 to 52")
        if not (self.participants is None or self.participants >= 0):
            raise ValueError(f"course {self.id}: participants must not be negative")

    @property
    def last_day(self) -> date:
        """The last day of the course period: `sessions` weeks from the start, inclusive."""
        return self.start + timedelta(weeks=self.sessions, days=-1)


@dataclass(frozen=True, slots=True)
class SupervisionSession:
    id: str
    date: date
    minutes: int
    format: SupervisionFormat
    supervisor_id: str | None = None
    group_size: int | None = None
    course_id: str | None = None
    own_work_discussed: bool = True
    """For group supervision: whether the teacher's own work was discussed (BAMBA)."""

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise ValueError("supervision: id must not be blank")
        if not (0 < self.minutes <= 24 * 60):
            raise ValueError(f"supervision {self.id}: minutes must be 1 to 1440")
        if self.format is SupervisionFormat.GROUP and not (
            self.group_size is not None and self.group_size >= 2
        ):
            raise ValueError(
                f"supervision {self.id}: group supervision needs a group size of 2 or more"
            )


@dataclass(frozen=True, slots=True)
class Retreat:
    id: str
    start: date
    days: float
    teacher_led: bool
    mode: RetreatMode
    mostly_silent: bool = True
    """Periods of silence made up at least half the waking time (BAMBA)."""
    signed_off: bool = False
    """Signed off by a supervisor: a self-led retreat agreed with them may then count."""

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise ValueError("retreat: id must not be blank")
        if not (0 < self.days <= 366):
            raise ValueError(f"retreat {self.id}: days must be more than 0")


@dataclass(frozen=True, slots=True)
class CPDActivity:
    """Continuing professional development. `credits` is set when the event awards them."""

    id: str
    date: date
    hours: float
    kind: str
    participatory: bool
    reflection: str = ""
    credits: float | None = None

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise ValueError("CPD: id must not be blank")
        if not (0 <= self.hours <= 24 * 366):
            raise ValueError(f"CPD {self.id}: hours must not be negative")
        if not (self.credits is None or self.credits >= 0):
            raise ValueError(f"CPD {self.id}: credits must not be negative")


@dataclass(frozen=True, slots=True)
class MbiTacRating:
    id: str
    date: date
    domain: str
    level: str
    rated_by: RatedBy
    rater_id: str | None = None

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise ValueError("MBI-TAC rating: id must not be blank")
        if self.domain not in MBI_TAC_DOMAINS:
            raise ValueError(f"MBI-TAC rating {self.id}: unknown domain")
        if self.level not in MBI_TAC_LEVELS:
            raise ValueError(f"MBI-TAC rating {self.id}: unknown level")

    @property
    def level_rank(self) -> int:
        return MBI_TAC_LEVELS.index(self.level)


@dataclass(frozen=True, slots=True)
class AnnualDeclaration:
    id: str
    date: date
    personal_practice: str
    ethical_framework: str
    supervision_arrangement: str

    @property
    def complete(self) -> bool:
        return all(
            text.strip()
            for text in (
                self.personal_practice,
                self.ethical_framework,
                self.supervision_arrangement,
            )
        )


@dataclass(frozen=True, slots=True)
class TeacherRecords:
    teacher_id: str
    pathway: TrainingPathway = field(default_factory=TrainingPathway)
    courses: tuple[CourseTaught, ...] = ()
    supervision: tuple[SupervisionSession, ...] = ()
    retreats: tuple[Retreat, ...] = ()
    cpd: tuple[CPDActivity, ...] = ()
    mbi_tac: tuple[MbiTacRating, ...] = ()
    declarations: tuple[AnnualDeclaration, ...] = ()
