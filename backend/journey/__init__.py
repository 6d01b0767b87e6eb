"""The implementation journey: ASPIRE content as data, the pure rules over it, and the
feature's web part.

Where is a characteristic's stage decided? `rules/logic.py`. The pure rules (`rules/`,
no web, no database; `docs/journey-rules.md`):
- `model`: the one content model, frozen dataclasses (Theme, Question, ...) for the
  shipped content and for a team's merged view (its own items have `local` set);
- `content`: loads and validates `content/aspire/*.toml` (cached per process) with the
  core's TOML reader (`backend/toml_reader.py`);
- `merge`: a team's own actions and questions and hidden ids over the shipped content;
- `logic`: action statuses, strength, derived stage, overall picture, action plan;
- `timeline`: stage progress replayed from status changes;
- `drive`: the implementers register and the drive risks;
- `reviews`: review comparison, ratings over time, when a review is due;
- `ratings`, `charts`, `labels`, `fields`: a team's rating of a theme, the geometry of
  the pictures, words for codes, form fields whose options come from the content.

The feature (see `feature.py`): `schema` (team-store tables), `mutations`,
`register_mutations` and `review_mutations` (every write), `queries` and
`review_queries` (named reads), `team` (shipped content merged with a team's own),
`history` (words for history entries), `view` (the journey computed once per team
version), `web`, `routes`, `register_routes` and `review_routes` (pages),
`answer_fields`, `home` (home panel, offline set), `reminders`, `for_reports` (the
annual report's journey sections), `for_networks` (the framework's tags and a team's pivot
points and stage changes, for the networks), `patterns` (its parts on /patterns), `demo*`
(demo history through the mutation path) and `templates/`.
"""

from backend.journey.rules.content import (
    ContentError,
    clear_content_cache,
    default_content_dir,
    load_content,
    parse_content,
)
from backend.journey.rules.drive import (
    LEAVING_WINDOW_MONTHS,
    DriveRisk,
    Implementer,
    RiskKind,
    Seniority,
    drive_risks,
)
from backend.journey.rules.logic import (
    ESTABLISHED_PERCENT,
    UNDER_WAY_PERCENT,
    ActionState,
    ActionStatus,
    CharacteristicPicture,
    OverallPicture,
    PlanItem,
    StageStrength,
    action_plan,
    assess_characteristic,
    assess_journey,
    derive_stage,
    focus_stage,
    stage_strength,
    summarise,
    typical_stage,
)
from backend.journey.rules.merge import (
    MAX_LOCAL_TEXT,
    hide_problem,
    local_action_problems,
    local_question_problems,
    merge_team_content,
    new_local_id,
    team_journey,
    team_questions,
)
from backend.journey.rules.model import (
    LOCAL_PREFIX,
    STAGE_ORDER,
    Action,
    Activity,
    Characteristic,
    Content,
    ContentRef,
    Question,
    Source,
    Stage,
    StageInfo,
    StageName,
    TeamAdditions,
    TeamContent,
    TeamJourney,
    TeamQuestions,
    Theme,
    Wording,
    local_action,
    local_question,
)
from backend.journey.rules.reviews import (
    RATING_MAX,
    RATING_MIN,
    Answer,
    QuestionRow,
    RatingChange,
    RatingSeries,
    Review,
    ReviewComparison,
    ReviewDue,
    compare_reviews,
    rating_series,
    review_due,
)
from backend.journey.rules.timeline import StatusChange, TimelinePoint, stage_timeline

__all__ = [
    "ESTABLISHED_PERCENT",
    "LEAVING_WINDOW_MONTHS",
    "LOCAL_PREFIX",
    "MAX_LOCAL_TEXT",
    "RATING_MAX",
    "RATING_MIN",
    "STAGE_ORDER",
    "UNDER_WAY_PERCENT",
    "Action",
    "ActionState",
    "ActionStatus",
    "Activity",
    "Answer",
    "Characteristic",
    "CharacteristicPicture",
    "Content",
    "ContentError",
    "ContentRef",
    "DriveRisk",
    "Implementer",
    "OverallPicture",
    "PlanItem",
    "Question",
    "QuestionRow",
    "RatingChange",
    "RatingSeries",
    "Review",
    "ReviewComparison",
    "ReviewDue",
    "RiskKind",
    "Seniority",
    "Source",
    "Stage",
    "StageInfo",
    "StageName",
    "StageStrength",
    "StatusChange",
    "TeamAdditions",
    "TeamContent",
    "TeamJourney",
    "TeamQuestions",
    "Theme",
    "TimelinePoint",
    "Wording",
    "action_plan",
    "assess_characteristic",
    "assess_journey",
    "clear_content_cache",
    "compare_reviews",
    "default_content_dir",
    "derive_stage",
    "drive_risks",
    "focus_stage",
    "hide_problem",
    "load_content",
    "local_action",
    "local_action_problems",
    "local_question",
    "local_question_problems",
    "merge_team_content",
    "new_local_id",
    "parse_content",
    "rating_series",
    "review_due",
    "stage_strength",
    "stage_timeline",
    "summarise",
    "team_journey",
    "team_questions",
    "typical_stage",
]
