"""Team-store tables owned by the journey feature (additive only: old clients still sync).

Readable names, so a team can open its file in Datasette and understand it:
- action_states: what the team has recorded against each action, one row per action;
- action_history: every change to an action, written by the same mutation, dated by
  the date the team says the status was true (`evidence_date`), so history can be
  back-dated and the timeline replays it;
- local_actions, local_questions, hidden_items: the team's own additions to the shipped
  content, and what it hid (the shipped content is never edited);
- pivot_points, implementers: the two registers;
- reflective_reviews, review_responses, review_answers, review_ratings: reviews, and
  each person's answers and ratings (drafts private to their author until shared).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("journey")

STATUS_CHECK = "('not_started', 'partly_in_place', 'in_place', 'not_applicable')"
STAGE_CHECK = "('starting_out', 'developmental', 'sustainable')"
KIND_CHECK = (
    "('funding', 'restructure', 'leadership_change', 'commissioning_policy', 'workforce', 'other')"
)
EFFECT_CHECK = "('stronger', 'more_fragile', 'both', 'not_yet_known')"
SENIORITY_CHECK = "('practitioner', 'team_lead', 'senior_manager', 'clinical_lead')"


@migrations(name="0001_journey")
def m0001_journey(db: Database) -> None:
    for sql in (
        f"""CREATE TABLE action_states (
            action_id TEXT PRIMARY KEY,
            status TEXT NOT NULL CHECK (status IN {STATUS_CHECK}),
            owner_id TEXT,
            due_on TEXT,
            evidence TEXT NOT NULL DEFAULT '',
            evidence_date TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        )""",
        f"""CREATE TABLE action_history (
            id TEXT PRIMARY KEY,
            action_id TEXT NOT NULL,
            action_version INTEGER NOT NULL,
            changed TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN {STATUS_CHECK}),
            previous_status TEXT,
            owner_id TEXT,
            due_on TEXT,
            evidence TEXT NOT NULL DEFAULT '',
            evidence_date TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            recorded_by_name TEXT NOT NULL
        )""",
        "CREATE INDEX action_history_by_action ON action_history (action_id, evidence_date)",
        "CREATE INDEX action_history_by_date ON action_history (evidence_date)",
        f"""CREATE TABLE local_actions (
            id TEXT PRIMARY KEY,
            characteristic_id TEXT NOT NULL,
            stage TEXT NOT NULL CHECK (stage IN {STAGE_CHECK}),
            text TEXT NOT NULL,
            added_at TEXT NOT NULL,
            added_by TEXT NOT NULL
        )""",
        """CREATE TABLE local_questions (
            id TEXT PRIMARY KEY,
            theme_id TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            text TEXT NOT NULL,
            added_at TEXT NOT NULL,
            added_by TEXT NOT NULL
        )""",
        """CREATE TABLE hidden_items (
            item_id TEXT PRIMARY KEY,
            hidden_at TEXT NOT NULL,
            hidden_by TEXT NOT NULL
        )""",
        f"""CREATE TABLE pivot_points (
            id TEXT PRIMARY KEY,
            happened_on TEXT NOT NULL,
            what_happened TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN {KIND_CHECK}),
            effect TEXT NOT NULL CHECK (effect IN {EFFECT_CHECK}),
            response TEXT NOT NULL DEFAULT '',
            themes TEXT NOT NULL DEFAULT '[]',
            logged_at TEXT NOT NULL,
            logged_by TEXT NOT NULL
        )""",
        f"""CREATE TABLE implementers (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            seniority TEXT NOT NULL CHECK (seniority IN {SENIORITY_CHECK}),
            skills TEXT NOT NULL DEFAULT '',
            passion TEXT NOT NULL DEFAULT '',
            support_needed TEXT NOT NULL DEFAULT '',
            protected_hours_per_week REAL,
            top_down_sponsor INTEGER NOT NULL DEFAULT 0,
            expected_leaving_on TEXT,
            successor_id TEXT,
            added_at TEXT NOT NULL,
            added_by TEXT NOT NULL
        )""",
        """CREATE TABLE reflective_reviews (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            opened_on TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            pivot_point_id TEXT REFERENCES pivot_points (id),
            opened_at TEXT NOT NULL,
            opened_by TEXT NOT NULL,
            opened_by_name TEXT NOT NULL
        )""",
        "CREATE INDEX reviews_by_date ON reflective_reviews (opened_on)",
        """CREATE TABLE review_responses (
            id TEXT PRIMARY KEY,
            review_id TEXT NOT NULL REFERENCES reflective_reviews (id),
            author_id TEXT NOT NULL,
            author_name TEXT NOT NULL,
            shared_at TEXT,
            updated_at TEXT NOT NULL,
            UNIQUE (review_id, author_id)
        )""",
        """CREATE TABLE review_answers (
            id TEXT PRIMARY KEY,
            response_id TEXT NOT NULL REFERENCES review_responses (id),
            review_id TEXT NOT NULL,
            author_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            question_version INTEGER NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            shared INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            UNIQUE (response_id, question_id)
        )""",
        "CREATE INDEX review_answers_by_review ON review_answers (review_id, shared)",
        """CREATE TABLE review_ratings (
            id TEXT PRIMARY KEY,
            response_id TEXT NOT NULL REFERENCES review_responses (id),
            review_id TEXT NOT NULL,
            author_id TEXT NOT NULL,
            theme_id TEXT NOT NULL,
            rating INTEGER CHECK (rating IS NULL OR rating BETWEEN -2 AND 2),
            shared INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            UNIQUE (response_id, theme_id)
        )""",
        "CREATE INDEX review_ratings_by_review ON review_ratings (review_id, shared)",
    ):
        db.execute(sql)
