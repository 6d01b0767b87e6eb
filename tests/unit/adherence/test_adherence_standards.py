"""Loading, validating and tightening standards profiles."""

import tomllib
from pathlib import Path

import pytest

from backend.adherence import (
    STANDARDS_DIR,
    ProfileError,
    apply_overrides,
    default_profile,
    load_mbi_tac,
    load_profile,
    load_profiles,
)
from backend.adherence.rules.measures import MEASURES, Condition, Measure, WindowKind
from backend.adherence.rules.records import MBI_TAC_DOMAINS, MBI_TAC_LEVELS
from backend.adherence.rules.standards import parse_profile

MINIMAL = """
id = "mini"
name = "Minimal"
version = 3
description = "A test profile."

[[sources]]
id = "src"
title = "A source"

[[rules]]
id = "retreat"
title = "Retreat"
measure = "retreat_days"
window = { kind = "rolling_months", months = 12 }
threshold = 5
applies_to = ["trained"]
source = "src"
explanation = "Five days."
[rules.options]
online_counts = true

[[rules]]
id = "co-teaching"
title = "Co-teaching"
measure = "courses_co_taught"
window = { kind = "ever" }
threshold = { with_senior = 2, with_senior_or_peer = 2 }
source = "src"
explanation = "Co-teach first."
"""


def parse(text: str) -> object:
    return parse_profile(tomllib.loads(text), "test.toml")


def problems_of(text: str) -> str:
    with pytest.raises(ProfileError) as caught:
        parse(text)
    return "\n".join(caught.value.problems)


def test_shipped_profiles_load_and_gpg_is_the_default() -> None:
    profiles = load_profiles()
    assert set(profiles) == {"gpg", "breathworks", "cpd-credits", "local-trust"}
    assert default_profile(profiles).id == "gpg"
    for profile in profiles.values():
        assert profile.version >= 1
        assert profile.sources
        for rule in profile.rules:
            assert rule.explanation
            assert rule.title
            assert rule.source in {source.id for source in profile.sources}


def test_gpg_holds_the_numbers_from_the_guidelines() -> None:
    gpg = load_profiles()["gpg"]
    assert gpg.rule("training-duration").threshold() == 12
    assert gpg.rule("training-hours").threshold() == 120
    assert gpg.rule("supervision-per-course").threshold() == 3
    assert gpg.rule("supervision-per-course").applies_to == {Condition.INEXPERIENCED}
    assert gpg.rule("supervision-monthly").applies_to == {Condition.ACTIVE, Condition.EXPERIENCED}
    assert gpg.rule("supervision-inactive").window.months == 12
    retreat = gpg.rule("retreat-annual")
    assert retreat.threshold() == 5
    assert retreat.flag("blocks_add_up")
    assert gpg.experience.closely_supervised_courses == 2
    assert gpg.activity_months == 12


def test_other_profiles_hold_their_own_numbers() -> None:
    profiles = load_profiles()
    assert profiles["breathworks"].rule("cpd-events").threshold() == 6
    assert profiles["breathworks"].rule("cpd-events").window.kind is WindowKind.CALENDAR_YEAR
    credits = profiles["cpd-credits"].rule("cpd-credits")
    assert credits.threshold() == 10
    assert credits.number("credits_per_supervision_hour") == 1.0
    co = profiles["local-trust"].rule("co-teaching")
    assert co.threshold("with_senior") == 2
    assert co.threshold("with_senior_or_peer") == 2


def test_mbi_tac_content_matches_the_ids_records_use() -> None:
    framework = load_mbi_tac()
    assert tuple(domain.id for domain in framework.domains) == MBI_TAC_DOMAINS
    assert tuple(level.id for level in framework.levels) == MBI_TAC_LEVELS
    assert framework.level("competent").name == "Competent"


def test_minimal_profile_parses_with_defaults() -> None:
    profile = parse_profile(tomllib.loads(MINIMAL), "test.toml")
    assert profile.id == "mini"
    assert profile.version == 3
    assert profile.experience.closely_supervised_courses == 2
    retreat = profile.rule("retreat")
    assert retreat.flag("teacher_led_only") is True  # filled from the measure's default
    assert profile.rule("co-teaching").applies_to == frozenset()


def test_unknown_measure_is_named() -> None:
    problems = problems_of(MINIMAL.replace('"retreat_days"', '"retreat_weeks"'))
    assert "test.toml: rules[0] (id 'retreat'): unknown measure 'retreat_weeks'" in problems


def test_duplicate_rule_ids_are_refused() -> None:
    problems = problems_of(MINIMAL.replace('id = "co-teaching"', 'id = "retreat"'))
    assert "duplicate rule id 'retreat'" in problems


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'kind = "rolling_months", months = 12',
            'kind = "per_course", months = 12',
            "does not suit",
        ),
        (
            'kind = "rolling_months", months = 12',
            'kind = "rolling_months"',
            "rules[0] (id 'retreat').window: 'months' is missing",
        ),
        ('kind = "rolling_months", months = 12', 'kind = "fortnightly"', "unknown window kind"),
        ("threshold = 5", "threshold = -1", "must be more than 0"),
        ("threshold = 5", 'threshold = "five"', "must be a number"),
        ("with_senior = 2, ", "", "rules[1] (id 'co-teaching'): 'threshold' needs with_senior"),
        ('applies_to = ["trained"]', 'applies_to = ["experienced", "inexperienced"]', "both"),
        ('applies_to = ["trained"]', 'applies_to = ["novice"]', "unknown applies_to"),
        ('applies_to = ["trained"]', 'applies_to = ["all", "active"]', "cannot mix 'all'"),
        ("online_counts = true", "peer_counts = true", "unknown option 'peer_counts'"),
        ("online_counts = true", 'online_counts = "yes"', "must be true or false"),
        (
            'source = "src"\nexplanation = "Five',
            'source = "elsewhere"\nexplanation = "Five',
            "not one of",
        ),
        ('explanation = "Five days."', 'explanation = ""', "'explanation' must be non-empty text"),
        (
            "version = 3",
            "version = 0",
            "test.toml: 'version' must be a whole number from 1 to 10000, not 0",
        ),
        ('id = "mini"', 'id = "Mini Profile"', "lower-case"),
        (
            'title = "Retreat"',
            'title = "Retreat"\nwindowz = 1',
            "rules[0] (id 'retreat'): unknown key 'windowz' (allowed: id,",
        ),
    ],
)
def test_invalid_profiles_get_a_clear_message(old: str, new: str, expected: str) -> None:
    assert old in MINIMAL
    assert expected in problems_of(MINIMAL.replace(old, new, 1))


def test_every_problem_is_reported_at_once() -> None:
    text = MINIMAL.replace('"retreat_days"', '"nope"').replace("version = 3", "version = 0")
    with pytest.raises(ProfileError) as caught:
        parse(text)
    assert len(caught.value.problems) == 2
    assert "test.toml" in str(caught.value)


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("id = ", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"broken\.toml"):
        load_profile(path)


def test_a_directory_needs_exactly_one_default(tmp_path: Path) -> None:
    (tmp_path / "mini.toml").write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(ProfileError, match="exactly one profile must have default = true"):
        load_profiles(tmp_path)
    (tmp_path / "mini.toml").write_text("default = true\n" + MINIMAL, encoding="utf-8")
    assert set(load_profiles(tmp_path)) == {"mini"}


def test_every_measure_has_an_evaluator_and_a_window() -> None:
    from backend.adherence.rules.engine import _EVALUATORS

    assert set(_EVALUATORS) == set(Measure) == set(MEASURES)
    assert all(spec.windows and spec.thresholds for spec in MEASURES.values())


# Overrides: a team may tighten, never loosen.


def test_overrides_tighten_and_are_recorded() -> None:
    gpg = load_profiles()["gpg"]
    tightened = apply_overrides(
        gpg,
        {
            "retreat-annual": {"threshold": 7, "options": {"online_counts": False}},
            "supervision-per-course": {"options": {"group_supervision": "pro_rata"}},
        },
    )
    assert tightened.rule("retreat-annual").threshold() == 7
    assert tightened.rule("retreat-annual").flag("online_counts") is False
    assert tightened.rule("supervision-per-course").text("group_supervision") == "pro_rata"
    assert tightened.tightened == ("retreat-annual", "supervision-per-course")
    assert tightened.version == gpg.version
    assert gpg.rule("retreat-annual").threshold() == 5  # the original is untouched


def test_overrides_equal_to_the_profile_change_nothing() -> None:
    gpg = load_profiles()["gpg"]
    same = apply_overrides(gpg, {"retreat-annual": {"threshold": 5}})
    assert same.tightened == ()
    assert same == gpg


def test_partial_threshold_override_keeps_the_other_keys() -> None:
    trust = load_profiles()["local-trust"]
    tightened = apply_overrides(trust, {"co-teaching": {"threshold": {"with_senior": 3}}})
    rule = tightened.rule("co-teaching")
    assert (rule.threshold("with_senior"), rule.threshold("with_senior_or_peer")) == (3, 2)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"retreat-annual": {"threshold": 4}}, "threshold days 4 is below the profile's 5"),
        ({"supervision-per-course": {"threshold": 2.5}}, "never loosen"),
        ({"retreat-annual": {"options": {"teacher_led_only": False}}}, "would loosen"),
        ({"retreat-annual": {"options": {"blocks_add_up": True}}}, None),
        ({"training-retreat": {"options": {"blocks_add_up": True}}}, "would loosen"),
        ({"no-such-rule": {"threshold": 9}}, "no rule 'no-such-rule'"),
        (
            {"retreat-annual": {"window": {"months": 6}}},
            "rule 'retreat-annual': unknown key 'window' (allowed: threshold, options)",
        ),
        ({"retreat-annual": {"options": {"peer_counts": True}}}, "unknown option"),
        ({"supervision-monthly": {"options": {"group_supervision": "lots"}}}, "must be one of"),
    ],
)
def test_loosening_and_bad_overrides_are_refused(
    overrides: dict[str, dict[str, object]], expected: str | None
) -> None:
    gpg = load_profiles()["gpg"]
    if expected is None:
        apply_overrides(gpg, overrides)
        return
    with pytest.raises(ProfileError) as caught:
        apply_overrides(gpg, overrides)
    assert expected in "\n".join(caught.value.problems)


def test_group_supervision_can_tighten_from_full_to_pro_rata_but_not_back() -> None:
    gpg = load_profiles()["gpg"]
    pro_rata = apply_overrides(
        gpg, {"supervision-monthly": {"options": {"group_supervision": "pro_rata"}}}
    )
    with pytest.raises(ProfileError, match="would loosen"):
        apply_overrides(
            pro_rata, {"supervision-monthly": {"options": {"group_supervision": "full"}}}
        )


def test_cpd_kinds_may_narrow_but_not_widen() -> None:
    breathworks = load_profiles()["breathworks"]
    narrow = apply_overrides(breathworks, {"cpd-events": {"options": {"kinds": ["workshop"]}}})
    assert narrow.rule("cpd-events").names("kinds") == ("workshop",)
    with pytest.raises(ProfileError, match="would loosen"):
        apply_overrides(narrow, {"cpd-events": {"options": {"kinds": ["workshop", "reading"]}}})
    with pytest.raises(ProfileError, match="would loosen"):
        apply_overrides(narrow, {"cpd-events": {"options": {"kinds": []}}})


def test_shipped_files_are_in_the_standards_folder() -> None:
    assert sorted(path.name for path in STANDARDS_DIR.glob("*.toml")) == [
        "breathworks.toml",
        "cpd-credits.toml",
        "gpg.toml",
        "local-trust.toml",
    ]


def test_the_training_retreats_online_reading_is_said_to_be_ours() -> None:
    for profile in load_profiles().values():
        for rule in profile.rules:
            if rule.id == "training-retreat" and rule.flag("online_counts"):
                assert "is our reading" in rule.explanation, profile.id


def test_breathworks_cites_the_faq_page_its_numbers_come_from() -> None:
    source = load_profiles()["breathworks"].source("breathworks")
    assert source.url == "https://www.breathworks-mindfulness.org.uk/FAQs/maintaining-accreditation"
