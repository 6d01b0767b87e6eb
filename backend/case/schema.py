"""Team-store tables owned by "Make the case" (additive only: old clients still sync).

Readable names, so a team can open its file in Datasette and understand it:
- case_sections: which sections of the case the team has saved, when and by whom;
- case_need: the local need, one row (id 'need');
- case_costs: the costs, one row (id 'costs'), amounts in pounds;
- case_items: the listed parts, one row per item, in order: evidence (text and its
  source), stakeholders (name, power, interest), the SWOT's four lists, the outcomes.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("case")

ITEM_SECTIONS = (
    "('evidence', 'stakeholder', 'strength', 'weakness', 'opportunity', 'threat', 'outcome')"
)


@migrations(name="0001_case")
def m0001_case(db: Database) -> None:
    for sql in (
        """CREATE TABLE case_sections (
            id TEXT PRIMARY KEY,
            saved_at TEXT NOT NULL,
            saved_by TEXT NOT NULL
        )""",
        """CREATE TABLE case_need (
            id TEXT PRIMARY KEY,
            population INTEGER,
            referrals_per_year INTEGER,
            waiting_list INTEGER,
            eligible_per_year INTEGER,
            note TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE case_costs (
            id TEXT PRIMARY KEY,
            courses_per_year INTEGER NOT NULL,
            participants_per_course INTEGER NOT NULL,
            sessions_per_course INTEGER NOT NULL,
            teachers_per_session INTEGER NOT NULL,
            staff_hours_per_session REAL NOT NULL,
            staff_cost_per_hour REAL NOT NULL,
            room_cost_per_session REAL NOT NULL,
            supervision_cost_per_course REAL NOT NULL,
            retreat_cost_per_year REAL NOT NULL,
            cpd_cost_per_year REAL NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        )""",
        f"""CREATE TABLE case_items (
            id TEXT PRIMARY KEY,
            section TEXT NOT NULL CHECK (section IN {ITEM_SECTIONS}),
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            power TEXT CHECK (power IN ('high', 'low')),
            interest TEXT CHECK (interest IN ('high', 'low'))
        )""",
        "CREATE INDEX case_items_by_section ON case_items (section, position)",
    ):
        db.execute(sql)
