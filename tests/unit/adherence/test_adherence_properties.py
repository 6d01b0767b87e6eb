"""Properties that must hold for any records: more evidence never hurts, later records
are ignored, and statuses agree with their due dates."""

import dataclasses
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.adherence import (
    AnnualDeclaration,
    CourseTaught,
    CPDActivity,
    Evaluation,
    ParticipantCourse,
    Retreat,
    RetreatMode,
    Role,
    Seniority,
    Status,
    SupervisionFormat,
    SupervisionSession,
    TeacherRecords,
    TeacherTraining,
    TrainingPathway,
    evaluate,
    evaluate_many,
    load_profiles,
)

PROFILES = tuple(load_profiles().values())
days = st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 12, 31))
as_of_days = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31))
profiles = st.sampled_from(PROFILES)
horizons = st.sampled_from([0, 7, 30, 90])


@st.composite
def courses(draw: st.DrawFn, index: int) -> CourseTaught:
    return CourseTaught(
        f"c{index}",
        draw(st.sampled_from(["MBCT", "MBSR"])),
        draw(days),
        draw(st.integers(min_value=1, max_value=10)),
        draw(st.sampled_from(list(Role))),
        draw(st.booleans()),
        draw(st.sampled_from([None, *Seniority])),
    )


@st.composite
def sessions(draw: st.DrawFn, ident: str, course_ids: tuple[str, ...] = ()) -> SupervisionSession:
    fmt = draw(st.sampled_from(list(SupervisionFormat)))
    size = draw(st.integers(min_value=2, max_value=8)) if fmt is SupervisionFormat.GROUP else None
    course_id = draw(st.sampled_from([None, *course_ids, "elsewhere"]))
    minutes = draw(st.integers(min_value=15, max_value=180))
    return SupervisionSession(ident, draw(days), minutes, fmt, "sup", size, course_id)


@st.composite
def retreats(draw: st.DrawFn, ident: str) -> Retreat:
    return Retreat(
        ident,
        draw(days),
        draw(st.sampled_from([0.5, 1, 2, 3, 5, 7])),
        draw(st.booleans()),
        draw(st.sampled_from(list(RetreatMode))),
    )


@st.composite
def cpd(draw: st.DrawFn, ident: str) -> CPDActivity:
    credits = draw(st.sampled_from([None, 2.0, 6.0]))
    hours = draw(st.sampled_from([0.5, 1, 3, 6, 12]))
    return CPDActivity(ident, draw(days), hours, "workshop", draw(st.booleans()), "", credits)


@st.composite
def declarations(draw: st.DrawFn, ident: str) -> AnnualDeclaration:
    text = st.sampled_from(["", "Daily practice"])
    return AnnualDeclaration(ident, draw(days), draw(text), draw(text), draw(text))


@st.composite
def teachers(draw: st.DrawFn) -> TeacherRecords:
    taught = tuple(draw(courses(i)) for i in range(draw(st.integers(0, 6))))
    ids = tuple(course.id for course in taught)
    start = draw(days)
    trainings = draw(
        st.lists(
            st.builds(
                TeacherTraining,
                st.just("t"),
                st.just("Org"),
                st.just(start),
                st.integers(min_value=0, max_value=800).map(lambda n: start + timedelta(days=n)),
                st.sampled_from([60, 120, 150]),
            ),
            max_size=1,
        )
    )
    pathway = TrainingPathway(
        participant_courses=(ParticipantCourse("p", draw(days), "MBCT"),),
        trainings=tuple(trainings),
        professional_background=draw(st.sampled_from(["", "Nurse"])),
    )
    count = st.integers(min_value=0, max_value=12)
    return TeacherRecords(
        "teacher",
        pathway,
        courses=taught,
        supervision=tuple(draw(sessions(f"s{i}", ids)) for i in range(draw(count))),
        retreats=tuple(draw(retreats(f"r{i}")) for i in range(draw(st.integers(0, 4)))),
        cpd=tuple(draw(cpd(f"d{i}")) for i in range(draw(st.integers(0, 5)))),
        declarations=tuple(draw(declarations(f"a{i}")) for i in range(draw(st.integers(0, 2)))),
    )


@st.composite
def qualifying(draw: st.DrawFn, records: TeacherRecords) -> TeacherRecords:
    """The records plus one more record of a kind that can only help."""
    ids = tuple(course.id for course in records.courses)
    kind = draw(st.sampled_from(["supervision", "retreat", "cpd", "declaration"]))
    if kind == "supervision":
        extra = draw(sessions("new", ids).filter(lambda s: s.format is not SupervisionFormat.PEER))
        return dataclasses.replace(records, supervision=(*records.supervision, extra))
    if kind == "retreat":
        extra_retreat = dataclasses.replace(draw(retreats("new")), teacher_led=True)
        return dataclasses.replace(records, retreats=(*records.retreats, extra_retreat))
    if kind == "cpd":
        extra_cpd = dataclasses.replace(draw(cpd("new")), participatory=True)
        return dataclasses.replace(records, cpd=(*records.cpd, extra_cpd))
    extra_declaration = AnnualDeclaration("new", draw(days), "Daily", "HCPC", "Monthly")
    return dataclasses.replace(records, declarations=(*records.declarations, extra_declaration))


def by_rule(evaluation: Evaluation) -> dict[str, Status]:
    return {check.rule_id: check.status for check in evaluation.checks}


@settings(max_examples=300, deadline=None)
@given(data=st.data(), records=teachers(), as_of=as_of_days, profile=profiles, horizon=horizons)
def test_adding_a_qualifying_record_never_makes_a_status_worse(
    data: st.DataObject, records: TeacherRecords, as_of: date, profile: object, horizon: int
) -> None:
    more = data.draw(qualifying(records))
    before = by_rule(evaluate(records, profile, as_of, horizon))  # type: ignore[arg-type]
    after = by_rule(evaluate(more, profile, as_of, horizon))  # type: ignore[arg-type]
    for rule_id, status in before.items():
        if status is Status.NOT_APPLICABLE:
            assert after[rule_id] is Status.NOT_APPLICABLE, rule_id
        else:
            assert after[rule_id].severity <= status.severity, rule_id


def _only_before(records: TeacherRecords, as_of: date) -> TeacherRecords:
    pathway = records.pathway
    return dataclasses.replace(
        records,
        pathway=dataclasses.replace(
            pathway,
            participant_courses=tuple(p for p in pathway.participant_courses if p.date <= as_of),
            trainings=tuple(t for t in pathway.trainings if t.start <= as_of),
        ),
        courses=tuple(c for c in records.courses if c.start <= as_of),
        supervision=tuple(s for s in records.supervision if s.date <= as_of),
        retreats=tuple(r for r in records.retreats if r.start <= as_of),
        cpd=tuple(c for c in records.cpd if c.date <= as_of),
        declarations=tuple(d for d in records.declarations if d.date <= as_of),
    )


@settings(max_examples=200, deadline=None)
@given(records=teachers(), as_of=as_of_days, profile=profiles)
def test_evaluation_as_of_a_date_ignores_later_records(
    records: TeacherRecords, as_of: date, profile: object
) -> None:
    full = evaluate(records, profile, as_of)  # type: ignore[arg-type]
    trimmed = evaluate(_only_before(records, as_of), profile, as_of)  # type: ignore[arg-type]
    assert full == trimmed


@settings(max_examples=200, deadline=None)
@given(records=teachers(), as_of=as_of_days, profile=profiles, horizon=horizons)
def test_statuses_agree_with_their_due_dates(
    records: TeacherRecords, as_of: date, profile: object, horizon: int
) -> None:
    evaluation = evaluate(records, profile, as_of, horizon)  # type: ignore[arg-type]
    soon = as_of + timedelta(days=horizon)
    for check in evaluation.checks:
        if check.status is Status.DUE_SOON:
            assert check.next_due is not None, check
            assert as_of <= check.next_due <= soon, check
        elif check.status is Status.MET:
            assert check.next_due is None or check.next_due > soon, check
        elif check.status is Status.NOT_MET:
            assert check.next_due is None or check.next_due >= as_of, check
            assert check.shortfall > 0 or check.details, check
        else:
            assert check.next_due is None, check
            assert not check.evidence, check


@settings(max_examples=150, deadline=None)
@given(records=teachers(), as_of=as_of_days, profile=profiles)
def test_evidence_names_only_records_dated_by_as_of(
    records: TeacherRecords, as_of: date, profile: object
) -> None:
    allowed = {
        *(s.id for s in records.supervision if s.date <= as_of),
        *(r.id for r in records.retreats if r.start <= as_of),
        *(c.id for c in records.cpd if c.date <= as_of),
        *(d.id for d in records.declarations if d.date <= as_of),
        *(c.id for c in records.courses if c.start <= as_of),
        *(t.id for t in records.pathway.trainings if t.end <= as_of),
        *(p.id for p in records.pathway.participant_courses if p.date <= as_of),
    }
    for check in evaluate(records, profile, as_of).checks:  # type: ignore[arg-type]
        assert set(check.evidence) <= allowed, check


@settings(max_examples=100, deadline=None)
@given(records=teachers(), as_of=as_of_days, profile=profiles)
def test_record_order_does_not_matter(
    records: TeacherRecords, as_of: date, profile: object
) -> None:
    shuffled = dataclasses.replace(
        records,
        courses=records.courses[::-1],
        supervision=records.supervision[::-1],
        retreats=records.retreats[::-1],
        cpd=records.cpd[::-1],
    )
    assert evaluate(records, profile, as_of) == evaluate(shuffled, profile, as_of)  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(records=teachers(), as_of=as_of_days)
def test_rolling_rules_lapse_exactly_on_next_due(records: TeacherRecords, as_of: date) -> None:
    gpg = load_profiles()["gpg"]
    known = _only_before(records, as_of)
    for rule_id in ("retreat-annual", "annual-declaration"):
        check = evaluate(known, gpg, as_of).check(rule_id)
        if check.status not in (Status.MET, Status.DUE_SOON) or check.next_due is None:
            continue
        on_due = evaluate(known, gpg, check.next_due).check(rule_id)
        day_before = evaluate(known, gpg, check.next_due - timedelta(days=1)).check(rule_id)
        assert on_due.status is Status.NOT_MET, (rule_id, check)
        assert day_before.status is not Status.NOT_MET, (rule_id, check)


@settings(max_examples=50, deadline=None)
@given(team=st.lists(teachers(), max_size=4), as_of=as_of_days, profile=profiles)
def test_evaluate_many_matches_one_by_one(
    team: list[TeacherRecords], as_of: date, profile: object
) -> None:
    assert evaluate_many(team, profile, as_of) == tuple(  # type: ignore[arg-type]
        evaluate(records, profile, as_of)  # type: ignore[arg-type]
        for records in team
    )
