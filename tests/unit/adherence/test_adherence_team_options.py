"""A team's stricter options: the form offers only the profile's choice and stricter ones,
and anything else posted is refused with a message naming the rule."""

from __future__ import annotations

import pytest

from backend.adherence.evaluations import profiles
from backend.adherence.rules.standards import apply_overrides
from backend.adherence.rules.team_options import option_inputs, option_values
from backend.adherence.team_standards import overrides_from
from backend.validation import ValidationFailed


def inputs_of(profile_id: str, rule_id: str) -> dict[str, object]:
    rule = profiles()[profile_id].rule(rule_id)
    return {item.spec.name: item for item in option_inputs(rule)}


def refused(profile_id: str, options: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as failed:
        overrides_from(profiles()[profile_id], {}, options)
    return failed.value.errors


def test_only_the_profiles_choice_and_stricter_ones_are_offered() -> None:
    retreat = inputs_of("gpg", "retreat-annual")
    assert [value for value, _ in retreat["online_counts"].choices] == ["true", "false"]
    assert [value for value, _ in retreat["teacher_led_only"].choices] == ["true"]
    assert retreat["teacher_led_only"].fixed  # the profile already asks for teacher-led
    group = inputs_of("gpg", "supervision-monthly")["group_supervision"]
    assert [value for value, _ in group.choices] == ["full", "pro_rata", "excluded"]
    assert not group.fixed
    training = inputs_of("gpg", "training-retreat")
    assert [value for value, _ in training["blocks_add_up"].choices] == ["false"]
    readiness = inputs_of("local-trust", "readiness")["rated_by"]
    assert readiness.fixed
    assert readiness.profile_text == "Only a supervisor's"


def test_stricter_options_become_overrides_the_engine_accepts() -> None:
    gpg = profiles()["gpg"]
    overrides = overrides_from(
        gpg,
        {},
        {
            "option-retreat-annual-online_counts": "false",
            "option-retreat-annual-blocks_add_up": "true",  # as the profile: no override
            "option-supervision-monthly-group_supervision": "pro_rata",
            "option-supervision-inactive-group_supervision": "full",
        },
    )
    assert overrides == {
        "retreat-annual": {"options": {"online_counts": False}},
        "supervision-monthly": {"options": {"group_supervision": "pro_rata"}},
    }
    tightened = apply_overrides(gpg, overrides)
    assert tightened.tightened == ("retreat-annual", "supervision-monthly")
    assert tightened.rule("retreat-annual").options["online_counts"] is False
    assert tightened.rule("supervision-monthly").options["group_supervision"] == "pro_rata"


def test_thresholds_and_options_of_one_rule_go_together() -> None:
    overrides = overrides_from(
        profiles()["gpg"],
        {"threshold-retreat-annual": "7"},
        {"option-retreat-annual-online_counts": "false"},
    )
    assert overrides == {
        "retreat-annual": {"threshold": {"days": 7.0}, "options": {"online_counts": False}}
    }


def test_loosening_or_nonsense_is_refused_naming_the_rule() -> None:
    errors = refused(
        "gpg",
        {
            "option-training-retreat-blocks_add_up": "true",
            "option-supervision-monthly-group_supervision": "twice",
        },
    )
    assert errors == {
        "option-training-retreat-blocks_add_up": (
            "For A retreat of at least 5 days during training, choose the profile's answer to"
            " whether shorter retreats add up (no, one retreat must last the days needed) or a"
            " stricter one: a team may tighten a standard, never loosen it"
        ),
        "option-supervision-monthly-group_supervision": (
            "Select how group supervision counts for Supervision every month you teach, train or supervise"
        ),
    }
    local = refused("local-trust", {"option-readiness-rated_by": "any"})
    assert "never loosen it" in local["option-readiness-rated_by"]


def test_kinds_of_cpd_may_only_be_narrowed() -> None:
    gpg = profiles()["gpg"]
    name = "option-cpd-yearly-kinds"
    assert overrides_from(gpg, {}, {name: ["", "workshop", "course"]}) == {
        "cpd-yearly": {"options": {"kinds": ["workshop", "course"]}}
    }
    every = ["", "workshop", "course", "conference", "practice-day", "peer-learning", "reading"]
    assert overrides_from(gpg, {}, {name: [*every, "other"]}) == {}
    assert refused("gpg", {name: [""]}) == {
        name: "Select at least one kind of CPD that counts for Some CPD each year"
    }
    assert "from the list" in refused("gpg", {name: ["astrology"]})[name]
    narrowed = apply_overrides(gpg, {"cpd-yearly": {"options": {"kinds": ["workshop"]}}})
    [kinds] = [i for i in option_inputs(narrowed.rule("cpd-yearly")) if i.spec.name == "kinds"]
    assert [value for value, _ in kinds.choices] == ["workshop"]
    with pytest.raises(ValidationFailed) as failed:
        overrides_from(narrowed, {}, {name: ["workshop", "reading"]})
    assert "Reading or study does not count" in failed.value.errors[name]


def test_credit_rates_may_only_go_down() -> None:
    credits = profiles()["cpd-credits"]
    name = "option-cpd-credits-credits_per_supervision_hour"
    assert overrides_from(credits, {}, {name: "0.5"}) == {
        "cpd-credits": {"options": {"credits_per_supervision_hour": 0.5}}
    }
    assert refused("cpd-credits", {name: "2"}) == {
        name: "Credits for each hour of supervision for 10 CPD credits a year must be 1 or less:"
        " a team may tighten a standard, never loosen it"
    }
    assert "must be a number" in refused("cpd-credits", {name: "lots"})[name]


@pytest.mark.parametrize("profile_id", sorted(profiles()))
def test_every_choice_offered_is_accepted_and_never_loosens(profile_id: str) -> None:
    profile = profiles()[profile_id]
    for rule in profile.rules:
        for item in option_inputs(rule):
            for value, _ in item.choices:
                posted = {item.name: ["", value] if item.control == "checkboxes" else value}
                overrides = overrides_from(profile, {}, posted)
                tightened = apply_overrides(profile, overrides)  # raises if it loosened
                assert set(tightened.tightened) <= {rule.id}


@pytest.mark.parametrize("profile_id", sorted(profiles()))
def test_the_form_shows_each_profile_as_it_is_and_posting_it_back_changes_nothing(
    profile_id: str,
) -> None:
    profile = profiles()[profile_id]
    values = option_values(profile)
    posted = {k: ["", *v] if isinstance(v, list) and v else v for k, v in values.items()}
    # An empty list of kinds means "every kind": the form ticks them all.
    for rule in profile.rules:
        for item in option_inputs(rule):
            if item.control == "checkboxes":
                posted[item.name] = ["", *(value for value, _ in item.choices)]
    assert overrides_from(profile, {}, posted) == {}


def test_messages_come_in_the_order_of_the_form() -> None:
    errors = refused(
        "gpg",
        {
            "option-cpd-yearly-kinds": [""],
            "option-retreat-annual-online_counts": "maybe",
            "option-supervision-per-course-group_supervision": "maybe",
        },
    )
    assert list(errors) == [
        "option-supervision-per-course-group_supervision",
        "option-retreat-annual-online_counts",
        "option-cpd-yearly-kinds",
    ]
