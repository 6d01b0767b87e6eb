"""Good-practice adherence: standards profiles as data, a pure rules engine, and the
feature's web part.

Where is it decided that supervision is met? `rules/supervision.py`, called by
`rules/engine.py`. The pure rules (`rules/`, no web, no database; docs/adherence-rules.md):
- `records`, `kinds`: a teacher's records as frozen values; the kinds of record, their
  fields and checks;
- `standards`, `options`, `team_options`, `measures`, `mbi_tac`: profiles from
  content/standards/*.toml (read with the core's `backend/toml_reader.py`), thresholds
  and options, a lead's stricter choices;
- `engine`: evaluate a teacher's records against a profile as of any date, using
  `context` (records as they stood), `supervision`, `periodic`, `amounts`, `pathway`;
- `results`: what an evaluation returns.

The feature (see `feature.py`): `schema` (team-store tables), `mutations`,
`signoff_mutations`, `team_standards`, `importing`, `calendar_links` (every write),
`queries` and `comments` (named reads), `evaluations` and `trend` (from the team file to
evaluations, cached per team version), `view`, `charts`, `panels`, `web` (what the pages
show), `routes_*` and `api` (pages and JSON), `csv_format` and `calendar_feed` (files),
`portfolio` (a teacher's own portfolio, page and PDF), `for_reports` (the annual report's
good-practice sections), `reminders`, `shared_counts` (a team's good-practice counts for
its networks), `patterns` (its parts on /patterns), `demo` and `templates/`.

Load profiles with `load_profiles`, tighten one with `apply_overrides`, build a teacher's
`TeacherRecords` and call `evaluate` (or `evaluate_many` for a team).
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
    ProfileError,
    Rule,
    apply_overrides,
    default_profile,
    load_profile,
    load_profiles,
)

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
