"""Good-practice adherence: standards profiles as data and a pure rules engine.

Load profiles with `load_profiles`, tighten one with `apply_overrides`, build a teacher's
`TeacherRecords` and call `evaluate` (or `evaluate_many` for a team). See
docs/adherence-rules.md for what every measure and window means.
"""

from backend.adherence.rules.engine import evaluate, evaluate_many, status_counts
from backend.adherence.rules.mbi_tac import MbiTacFramework, load_mbi_tac
from backend.adherence.rules.records import (
    AnnualDeclaration,
    CourseTaught,
    CPDActivity,
    MbiTacRating,
    ParticipantCourse,
    RatedBy,
    Retreat,
    RetreatMode,
    Role,
    Seniority,
    SupervisionFormat,
    SupervisionSession,
    TeacherRecords,
    TeacherTraining,
    TrainingPathway,
    Work,
)
from backend.adherence.rules.results import (
    Activity,
    ActivityStatus,
    CheckResult,
    Detail,
    Evaluation,
    Experience,
    ExperienceStatus,
    Status,
)
from backend.adherence.rules.standards import (
    STANDARDS_DIR,
    Profile,
    Rule,
    apply_overrides,
    default_profile,
    load_profile,
    load_profiles,
)
from backend.adherence.rules.toml_reader import ProfileError

__all__ = [
    "STANDARDS_DIR",
    "Activity",
    "ActivityStatus",
    "AnnualDeclaration",
    "CPDActivity",
    "CheckResult",
    "CourseTaught",
    "Detail",
    "Evaluation",
    "Experience",
    "ExperienceStatus",
    "MbiTacFramework",
    "MbiTacRating",
    "ParticipantCourse",
    "Profile",
    "ProfileError",
    "RatedBy",
    "Retreat",
    "RetreatMode",
    "Role",
    "Rule",
    "Seniority",
    "Status",
    "SupervisionFormat",
    "SupervisionSession",
    "TeacherRecords",
    "TeacherTraining",
    "TrainingPathway",
    "Work",
    "apply_overrides",
    "default_profile",
    "evaluate",
    "evaluate_many",
    "load_mbi_tac",
    "load_profile",
    "load_profiles",
    "status_counts",
]
