"""The implementation journey: ASPIRE content as data, the pure rules over it, and the
feature's web part.

Where is a characteristic's stage decided? `rules/logic.py`. The pure rules (`rules/`,
no web, no database; `docs/journey-rules.md`):
- `model`: frozen dataclasses for the shipped content (Theme, Question, ...);
- `content`: loads and validates `content/aspire/*.toml` (cached per process);
- `local`: a team's own actions and questions, hidden ids, and the merged view;
- `logic`: action statuses, strength, derived stage, overall picture, action plan;
- `timeline`: stage progress replayed from status changes;
- `drive`: the implementers register and the drive risks;
- `reviews`: review comparison, ratings over time, when a review is due;
- `ratings`, `charts`, `labels`, `fields`, `toml_reader`: a team's rating of a theme, the
  geometry of the pictures, words for codes, form fields whose options come from the
  content, typed reads of TOML that collect every problem.

The feature (see `feature.py`): `schema` (team-store tables), `mutations`,
`register_mutations` and `review_mutations` (every write), `queries` and
`review_queries` (named reads), `team` (shipped content merged with a team's own),
`history` (words for history entries), `view` (the journey computed once per team
version), `web`, `routes`, `register_routes` and `review_routes` (pages),
`answer_fields`, `home` (home panel, offline set), `reminders`, `patterns` (its parts on
/patterns), `demo*` (demo history through the mutation path) and `templates/`.
"""

from backend.journey.rules.content import (
    LOCAL_PREFIX,
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
from backend.journey.rules.local import (
    MAX_LOCAL_TEXT,
    JourneyAction,
    JourneyCharacteristic,
    JourneyStage,
    LocalAction,
    LocalQuestion,
    TeamAdditions,
    TeamContent,
    TeamJourney,
    TeamQuestion,
    TeamQuestions,
    TeamTheme,
    hide_problem,
    local_action_problems,
    local_question_problems,
    merge_team_content,
    new_local_id,
    team_journey,
    team_questions,
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
from backend.journey.rules.model import (
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
    Theme,
    Wording,
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
from backend.journey.rules.toml_reader import ContentError

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
    "JourneyAction",
    "JourneyCharacteristic",
    "JourneyStage",
    "LocalAction",
    "LocalQuestion",
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
    "TeamQuestion",
    "TeamQuestions",
    "TeamTheme",
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
    "local_action_problems",
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
