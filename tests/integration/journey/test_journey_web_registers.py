"""The pivot points log and the implementers register: forms, roles, bad input, and the
drive panel responding to changes."""

from __future__ import annotations

from datetime import timedelta

from backend.dates import uk_today as today
from tests.support.client import form_values, texts
from tests.support.journeys import team_version


def _parts(name, day):
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _summary(text: str) -> str:
    return " ".join(texts(text, "//div[contains(@class,'nhsuk-error-summary')]//li"))


def test_logging_a_pivot_point_offers_a_review(lead, base, submit_form, snapshot):
    url = f"{base}/journey/pivot-points/new"
    logged = submit_form(
        lead,
        url,
        url,
        {
            **_parts("happened_on", today() - timedelta(days=2)),
            "what_happened": "The board approved a new community mental health model.",
            "kind": "commissioning_policy",
            "effect": "both",
            "response": "Asked to join the design group.",
            "themes": ["making-it-fit", "drive"],
        },
    )
    assert logged.status_code == 200
    assert "The pivot point has been logged" in logged.text
    assert texts(logged.text, "//h1")[0].endswith(
        "The board approved a new community mental health model."
    )
    assert "Open a reflective review about it?" in logged.text
    newest = snapshot().pivots[0]
    assert newest.themes == ("making-it-fit", "drive")
    offer = lead.get(f"{base}/reviews/new?pivot_point={newest.id}")
    opened = lead.post_form(
        f"{base}/reviews/new",
        {
            **{
                k: v
                for k, v in form_values(offer.text, f"{base}/reviews/new").items()
                if k != "_csrf_token"
            },
            "title": "Review after the new model",
            **_parts("opened_on", today()),
            "reason": "",
            "pivot_point_id": newest.id,
        },
    )
    assert "The board approved a new community mental health model." in opened.text
    assert snapshot().reviews[0].pivot_point_id == newest.id
    page = lead.get(f"{base}/journey/pivot-points/{newest.id}")
    assert "Review after the new model" in page.text
    assert len(snapshot().timeline_chart.markers) == 31


def test_a_pivot_point_cannot_be_in_the_future_or_empty(lead, base, riverside, demo_services):
    services = demo_services[0]
    version = team_version(services, riverside)
    bad = lead.post_form(
        f"{base}/journey/pivot-points/new",
        {
            **_parts("happened_on", today() + timedelta(days=1)),
            "what_happened": " ",
            "kind": "weather",
            "effect": "",
            "response": "r" * 2001,
            "themes": ["implementer", "astrology"],
        },
    )
    assert bad.status_code == 422
    summary = _summary(bad.text)
    for message in (
        "Date it happened must be today or in the past",
        "Enter what happened",
        "Select kind of pivot point from the list",
        "Select effect on the service",
        "The team's response must be 2,000 characters or fewer",
        "Select themes touched from the list",
    ):
        assert message in summary, message
    assert 'value="implementer" checked' in bad.text
    assert team_version(services, riverside) == version


def test_a_lead_changes_a_pivot_point(lead, as_person, base, snapshot, submit_form):
    pivot = snapshot().pivots[3]
    url = f"{base}/journey/pivot-points/{pivot.id}/edit"
    page = lead.get(url)
    assert form_values(page.text, url)["base_version"].isdigit()
    changed = submit_form(
        lead,
        url,
        url,
        {
            **_parts("happened_on", pivot.happened_on),
            "what_happened": pivot.what_happened,
            "kind": pivot.kind,
            "effect": "stronger",
            "response": "It worked out well in the end.",
            "themes": list(pivot.themes),
        },
    )
    assert "The pivot point has been changed" in changed.text
    assert "It worked out well in the end." in changed.text
    sam = as_person("sam")
    assert sam.get(url).status_code == 403
    assert sam.post_form(url, {"what_happened": "x"}).status_code == 403
    assert sam.post_form(f"{base}/journey/pivot-points/new", {}).status_code == 403


def test_naming_a_successor_clears_the_drive_risk(lead, base, snapshot, submit_form):
    jo = next(p for p in snapshot().implementers if p.name == "Jo Clarke")
    priya = next(p for p in snapshot().implementers if p.name == "Priya Shah")
    url = f"{base}/journey/implementers/{jo.id}"
    page = lead.get(url)
    assert f'<option value="{priya.id}"' in page.text
    assert f'<option value="{jo.id}"' not in page.text  # not their own successor
    fields = {
        "name": jo.name,
        "role": jo.role,
        "seniority": jo.seniority.value,
        "skills": ", ".join(jo.skills),
        "passion": jo.passion,
        "support_needed": jo.support_needed,
        "protected_hours_per_week": "4",
        **_parts("expected_leaving_on", jo.expected_leaving),
        "successor_id": priya.id,
    }
    saved = submit_form(lead, url, url, fields)
    assert "Jo Clarke's details have been changed" in " ".join(texts(saved.text, "//p"))
    assert not snapshot().risks
    assert "No drive risks found" in saved.text


def test_implementers_are_added_checked_and_removed(
    lead, as_person, base, riverside, demo_services, snapshot, submit_form
):
    services = demo_services[0]
    url = f"{base}/journey/implementers/new"
    version = team_version(services, riverside)
    bad = lead.post_form(
        url,
        {
            "name": "",
            "seniority": "emperor",
            "protected_hours_per_week": "lots",
            "expected_leaving_on-day": "40",
            "expected_leaving_on-month": "1",
            "expected_leaving_on-year": "2027",
            "successor_id": "someone",
        },
    )
    assert bad.status_code == 422
    summary = _summary(bad.text)
    assert "Enter name" in summary
    assert "Select seniority from the list" in summary
    assert "Protected time must be a number, like 1.5" in summary
    assert "Expected leaving date must be a real date" in summary
    assert team_version(services, riverside) == version
    unknown = lead.post_form(
        url, {"name": "Pat Doe", "seniority": "practitioner", "successor_id": "someone"}
    )
    assert "Select a successor from the list" in unknown.text
    added = submit_form(
        lead,
        url,
        url,
        {
            "name": "Pat Doe",
            "role": "Psychology lead",
            "seniority": "senior_manager",
            "top_down_sponsor": "yes",
            "protected_hours_per_week": "2.5",
        },
    )
    assert "Pat Doe has been added" in added.text
    pat = next(p for p in snapshot().implementers if p.name == "Pat Doe")
    assert pat.top_down_sponsor
    assert pat.protected_hours_per_week == 2.5
    sam = as_person("sam")
    assert sam.post_form(f"{base}/journey/implementers/{pat.id}/remove", {}).status_code == 403
    removed = lead.post_form(f"{base}/journey/implementers/{pat.id}/remove", {})
    assert "Pat Doe has been removed" in removed.text
    assert "Pat Doe" not in [p.name for p in snapshot().implementers]
    assert lead.get(f"{base}/journey/implementers/{pat.id}").status_code == 404
