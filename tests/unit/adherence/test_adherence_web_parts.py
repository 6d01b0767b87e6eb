"""The pure parts behind the adherence pages: the calendar feed, the spreadsheet format,
tightening thresholds, the trend chart and the dates it plots."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.adherence import Profile, TeacherRecords, calendar_feed, charts, evaluate, view
from backend.adherence.csv_format import COLUMNS, CsvProblem, decode, parse
from backend.adherence.evaluations import cutoffs, profiles, prune
from backend.adherence.rules import kinds
from backend.adherence.rules.results import Status
from backend.adherence.team_standards import overrides_from, threshold_inputs
from backend.validation import ValidationFailed
from backend.web.spreadsheet import write
from tests.unit.adherence.test_adherence_properties import profiles as profile_choices
from tests.unit.adherence.test_adherence_properties import teachers


@given(st.text(max_size=400))
def test_folded_lines_are_at_most_75_octets_and_unfold_to_the_original(text: str) -> None:
    line = "DESCRIPTION:" + calendar_feed.escape_text(text)
    folded = calendar_feed.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_text_values_are_escaped() -> None:
    assert calendar_feed.escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_a_calendar_has_one_stamp_and_uid_per_event_and_crlf_lines() -> None:
    events = [
        calendar_feed.Event(
            "rule.person.team@mbp-journey", date(2026, 3, 20), "Due: retreat", "5 days, needed"
        )
    ]
    text = calendar_feed.calendar("Good practice", events, datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    lines = text.split("\r\n")
    assert lines[-1] == ""
    assert text.count("\r\n") == len(lines) - 1
    assert "DTSTAMP:20260301T093000Z" in lines
    assert "DTSTART;VALUE=DATE:20260320" in lines
    assert "DTEND;VALUE=DATE:20260321" in lines
    assert "DESCRIPTION:5 days\\, needed" in lines


def test_a_subscribed_calendar_asks_to_be_fetched_again_and_a_download_does_not() -> None:
    subscribed = calendar_feed.calendar("Good practice", [], refresh_hours=12).split("\r\n")
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in subscribed
    assert "X-PUBLISHED-TTL:PT12H" in subscribed
    assert subscribed.index("REFRESH-INTERVAL;VALUE=DURATION:PT12H") < subscribed.index(
        "END:VCALENDAR"
    )
    assert "REFRESH-INTERVAL" not in calendar_feed.calendar("Good practice", [])


def test_uk_dates_and_labels_are_read_from_a_spreadsheet() -> None:
    parsed = parse(
        "type,date,minutes,format,supervisor\r\nsupervision,14/03/2026,60,One-to-one,Dr Who\r\n"
    )
    assert not parsed.errors
    [row] = parsed.rows
    assert row.args["date"] == "2026-03-14"
    assert row.args["format"] == "one_to_one"
    assert row.supervisor == "Dr Who"


def test_every_problem_in_a_row_is_reported() -> None:
    parsed = parse("type,date,minutes,format,days\r\nsupervision,2026-02-30,0,weekly,3\r\n")
    columns = {column for _, column, _ in parsed.errors}
    assert columns == {"date", "minutes", "format", "days"}
    assert all(line == 2 for line, _, _ in parsed.errors)


def test_a_byte_order_mark_is_fine_and_other_encodings_are_not() -> None:
    assert decode("\ufefftype,date\r\n".encode()) == "type,date\r\n"
    with pytest.raises(CsvProblem, match="line 2"):
        decode(b"type,date\r\n\xff\xfe\r\n")


def test_cells_a_spreadsheet_would_run_are_made_text() -> None:
    text = write(
        ["type", "reflection", "hours"],
        [{"type": "cpd", "reflection": "=HYPERLINK(1)", "hours": -1}],
    )
    assert "'=HYPERLINK(1)" in text
    assert ",-1\r\n" in text


def test_the_export_header_is_read_back_by_the_importer() -> None:
    assert parse(
        write(COLUMNS, [{"type": "participant_course", "date": "2020-01-01", "programme": "MBCT"}])
    ).rows


def test_thresholds_tighten_and_never_loosen() -> None:
    gpg = profiles()["gpg"]
    names = {i.name for i in threshold_inputs(gpg)}
    assert "threshold-retreat-annual" in names
    assert overrides_from(gpg, {"threshold-retreat-annual": "7"}) == {
        "retreat-annual": {"threshold": {"days": 7.0}}
    }
    assert overrides_from(gpg, {"threshold-retreat-annual": "5"}) == {}
    with pytest.raises(ValidationFailed) as failed:
        overrides_from(gpg, {"threshold-retreat-annual": "4", "threshold-training-hours": "x"})
    assert set(failed.value.errors) == {"threshold-retreat-annual", "threshold-training-hours"}


def test_a_level_threshold_is_a_level() -> None:
    local = profiles()["local-trust"]
    [level] = [i for i in threshold_inputs(local) if i.is_level]
    assert overrides_from(local, {level.name: "proficient"}) == {
        level.rule.id: {"threshold": {"level": "proficient"}}
    }
    with pytest.raises(ValidationFailed):
        overrides_from(local, {level.name: "beginner"})


def test_the_trend_chart_is_accessible_svg_without_style() -> None:
    points = [
        charts.Point(day, {Status.MET: 2, Status.DUE_SOON: 1, Status.NOT_MET: 1})
        for day in view.month_ends(date(2026, 3, 15), 12)
    ]
    svg = str(charts.trend_svg(points))
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "<title" in svg
    assert "<desc" in svg
    assert "style=" not in svg
    assert svg.count("<g><title>") == 12


def test_month_ends_lead_up_to_the_date() -> None:
    assert view.month_ends(date(2024, 3, 15), 3) == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 15),
    ]


def test_stored_values_make_sentinels_null() -> None:
    values = kinds.stored_values(
        kinds.SUPERVISION,
        {
            "date": date(2026, 1, 1),
            "minutes": 60,
            "format": "one_to_one",
            "group_size": 4,
            "supervisor_id": "outside",
            "supervisor_name": "Dr A",
            "course_id": "",
        },
    )
    assert values["supervisor_id"] is None
    assert values["group_size"] is None
    assert values["course_id"] is None
    course = kinds.stored_values(
        kinds.COURSE, {"co_teacher_seniority": "none", "closely_supervised": True}
    )
    assert course["co_teacher_seniority"] is None
    assert course["closely_supervised"] == 1


@settings(max_examples=300, deadline=None)
@given(
    teachers(), profile_choices, st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
)
def test_records_too_old_to_count_are_not_read_and_nothing_changes(
    records: TeacherRecords, profile: Profile, as_of: date
) -> None:
    """teacher_records skips supervision and CPD older than any rule looks; the
    evaluation (statuses, reasons, evidence, due dates) must be exactly the same."""
    pruned = prune(records, cutoffs(profile, as_of))
    assert evaluate(pruned, profile, as_of) == evaluate(records, profile, as_of)


def test_a_yes_by_default_column_left_blank_or_missing_is_yes() -> None:
    blank = parse(
        "type,date,days,teacher_led,mode,mostly_silent\nretreat,2026-01-10,5,yes,online,\n"
    )
    missing = parse("type,date,days,teacher_led,mode\nretreat,2026-01-10,5,yes,online\n")
    no = parse(
        "type,date,days,teacher_led,mode,mostly_silent\nretreat,2026-01-10,5,yes,online,no\n"
    )
    assert blank.rows[0].args["mostly_silent"] == "yes"
    assert "mostly_silent" not in missing.rows[0].args
    assert no.rows[0].args["mostly_silent"] == "no"
