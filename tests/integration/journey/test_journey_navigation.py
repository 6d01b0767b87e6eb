"""Journey navigation and wording: an action opened from the plan goes back to the plan;
a characteristic's stage and its next stage read as one sentence, not a contradiction."""

from __future__ import annotations

from backend.dates import uk_today
from tests.support.client import form_values, texts

ACTION = "evaluate-and-learn.sustainable.new-settings"


def _update() -> dict[str, str]:
    today = uk_today()
    return {
        "status": "partly_in_place",
        "evidence": "Started in one new setting.",
        "evidence_date-day": str(today.day),
        "evidence_date-month": str(today.month),
        "evidence_date-year": str(today.year),
    }


def test_an_action_opened_from_the_plan_returns_to_the_plan(lead, base):
    url = f"{base}/journey/actions/{ACTION}"
    plan = f"{base}/journey/plan?show=overdue"
    page = lead.get(url, headers={"Referer": f"http://testserver.local{plan}"})
    assert texts(page.text, "//a[contains(@class, 'nhsuk-back-link')]") == [
        "Back to the action plan"
    ]
    assert f'href="{plan}"' in page.text
    hidden = form_values(page.text, url)
    assert hidden["return_to"] == plan
    saved = lead.post_form(url, {**hidden, **_update()}, follow_redirects=False)
    assert saved.status_code == 303
    assert saved.headers["location"] == plan


def test_an_action_opened_elsewhere_returns_to_its_characteristic(lead, base):
    url = f"{base}/journey/actions/{ACTION}"
    for referer in ({}, {"Referer": "https://elsewhere.example/teams/x/journey/plan"}):
        page = lead.get(url, headers=referer)
        assert "Back to the action plan" not in page.text
        hidden = form_values(page.text, url)
        assert "return_to" not in hidden
    saved = lead.post_form(
        url,
        {**hidden, **_update(), "return_to": "https://evil.example/"},
        follow_redirects=False,
    )
    assert saved.headers["location"] == f"{base}/journey/characteristics/evaluate-and-learn"


def test_a_characteristics_stage_and_its_next_stage_read_as_one_sentence(lead, base):
    page = lead.get(f"{base}/journey/characteristics/evaluate-and-learn")
    [said] = [
        " ".join(t.split())
        for t in texts(page.text, "//div[@id='characteristic-stages']/p")
        if "This characteristic" in t
    ]
    assert "The work now is in the" not in said
    assert said.startswith(("This characteristic has reached", "This characteristic is at"))
