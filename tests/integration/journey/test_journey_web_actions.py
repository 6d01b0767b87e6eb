"""Changing the journey: an action's status, owner, due date and evidence (with history),
local actions, hiding and showing items; roles and bad input."""

from __future__ import annotations

from datetime import date, timedelta

from backend.dates import uk_today as today
from tests.support.client import form_values, texts
from tests.support.journeys import act, query, team_version, user_id

ACTION = "evaluate-and-learn.sustainable.new-settings"


def _parts(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def test_a_lead_updates_an_action_and_it_shows_in_the_grid_and_history(
    lead, base, riverside, demo_services, submit_form, snapshot
):
    services = demo_services[0]
    before = snapshot().records.get(ACTION)
    person = "tom" if before and before.owner_id == user_id(services, "sam") else "sam"
    sam = user_id(services, person)
    due = today() + timedelta(days=60)
    response = submit_form(
        lead,
        f"{base}/journey/actions/{ACTION}",
        f"{base}/journey/actions/{ACTION}",
        {
            "status": "in_place",
            "owner_id": sam,
            **_parts("due", due),
            "evidence": "Courses now run in the perinatal team.",
            **_parts("evidence_date", today()),
        },
    )
    assert response.status_code == 200  # followed the 303 to the characteristic page
    assert response.url.path == f"{base}/journey/characteristics/evaluate-and-learn"
    assert "The action has been updated" in response.text
    history = query(
        services,
        riverside,
        "SELECT * FROM action_history WHERE action_id = ? ORDER BY rowid DESC",
        [ACTION],
    )
    newest = history[0]
    assert newest["status"] == "in_place"
    assert newest["previous_status"] == (before.status.value if before else "not_started")
    assert set(newest["changed"].split()) >= {"status", "evidence"}
    assert newest["evidence_date"] == today().isoformat()
    record = snapshot().records[ACTION]
    assert record.owner_id == sam
    assert record.due_on == due
    page = lead.get(f"{base}/journey/actions/{ACTION}")
    first = texts(page.text, "//ul[contains(@class,'app-history')]/li")[0]
    assert "to in place" in first
    assert f"Owner: {'Tom Evans' if person == 'tom' else 'Sam Patel'}" in first
    assert "Courses now run in the perinatal team." in first


def test_the_update_form_carries_the_version_and_the_fields_the_mutation_takes(lead, base):
    page = lead.get(f"{base}/journey/actions/{ACTION}")
    hidden = form_values(page.text, f"{base}/journey/actions/{ACTION}")
    assert hidden["base_version"].isdigit()
    assert hidden["action_id"] == ACTION
    assert 'data-mutation="journey.action.update"' in page.text
    for name in ("status", "owner_id", "due-day", "evidence", "evidence_date-year"):
        assert f'name="{name}"' in page.text


def test_bad_input_is_shown_on_the_form_and_nothing_is_saved(
    lead, base, riverside, demo_services, submit_form
):
    services = demo_services[0]
    version = team_version(services, riverside)
    tomorrow = today() + timedelta(days=1)
    response = submit_form(
        lead,
        f"{base}/journey/actions/{ACTION}",
        f"{base}/journey/actions/{ACTION}",
        {
            "status": "",
            "owner_id": "someone-who-is-not-a-member",
            "evidence": "x" * 2001,
            **_parts("evidence_date", tomorrow),
            "due-day": "31",
            "due-month": "2",
            "due-year": "2027",
        },
    )
    assert response.status_code == 422
    summary = " ".join(texts(response.text, "//div[contains(@class,'nhsuk-error-summary')]//li"))
    assert "Select status" in summary
    assert "Evidence note must be 2,000 characters or fewer" in summary
    assert "Date of this update must be today or in the past" in summary
    assert "Due date must be a real date" in summary
    assert 'value="31"' in response.text  # the person's input is kept
    assert team_version(services, riverside) == version
    owner_only = submit_form(
        lead,
        f"{base}/journey/actions/{ACTION}",
        f"{base}/journey/actions/{ACTION}",
        {
            "status": "in_place",
            "owner_id": "someone-who-is-not-a-member",
            **_parts("evidence_date", today()),
        },
    )
    assert owner_only.status_code == 422
    assert "Select an owner from the list of team members" in owner_only.text
    assert team_version(services, riverside) == version


def test_members_cannot_change_the_journey(as_person, base, riverside, demo_services):
    services = demo_services[0]
    sam = as_person("sam")
    version = team_version(services, riverside)
    for path, form in (
        (f"/journey/actions/{ACTION}", {"status": "in_place"}),
        ("/journey/characteristics/make-it-fit", {"stage": "developmental", "text": "A thing"}),
        ("/journey/hide", {"item_id": ACTION}),
        ("/journey/unhide", {"item_id": ACTION}),
    ):
        assert sam.post_form(f"{base}{path}", form).status_code == 403, path
    assert team_version(services, riverside) == version


def _someone_else_changes_evidence(services, riverside, snapshot, evidence: str) -> None:
    record = snapshot().records.get(ACTION)
    act(
        services,
        riverside,
        "alex",
        "journey.action.update",
        {
            "action_id": ACTION,
            "status": record.status.value if record else "not_started",
            "owner_id": (record.owner_id or "") if record else "",
            "due": record.due_on.isoformat() if record and record.due_on else "",
            "evidence": evidence,
            "evidence_date": today().isoformat(),
        },
    )


def _open_form(lead, base) -> tuple[dict, str]:
    page = lead.get(f"{base}/journey/actions/{ACTION}")
    hidden = form_values(page.text, f"{base}/journey/actions/{ACTION}")
    hidden.pop("_csrf_token", None)
    shown = texts(page.text, "//textarea[@name='evidence']")
    return hidden, shown[0] if shown else ""


def test_concurrent_edits_merge_field_by_field(lead, base, riverside, demo_services, snapshot):
    """Alex opens the form; meanwhile someone changes the evidence note. Alex saves a new
    owner: both changes stand, and the old note on Alex's form does not overwrite theirs."""
    services = demo_services[0]
    hidden, evidence = _open_form(lead, base)
    _someone_else_changes_evidence(services, riverside, snapshot, "Changed by someone else.")
    sam = user_id(services, "sam")
    response = lead.post_form(
        f"{base}/journey/actions/{ACTION}",
        {
            **hidden,
            "status": "partly_in_place",
            "owner_id": sam,
            "evidence": evidence,
            **_parts("evidence_date", today()),
        },
    )
    assert "The action has been updated" in response.text
    now = snapshot().records[ACTION]
    assert now.evidence == "Changed by someone else."
    assert now.owner_id == sam


def test_a_clash_on_the_same_field_keeps_both_and_says_so(
    lead, base, riverside, demo_services, snapshot
):
    services = demo_services[0]
    hidden, _ = _open_form(lead, base)
    _someone_else_changes_evidence(services, riverside, snapshot, "Their note.")
    response = lead.post_form(
        f"{base}/journey/actions/{ACTION}",
        {
            **hidden,
            "status": "partly_in_place",
            "evidence": "My note.",
            **_parts("evidence_date", today()),
        },
    )
    assert "Someone else changed this action while you were editing" in response.text
    assert snapshot().records[ACTION].evidence == "Their note."
    clash = query(
        services,
        riverside,
        "SELECT * FROM conflicts WHERE entity = 'action_states' AND entity_id = ?",
        [ACTION],
    )
    assert [c["field"] for c in clash] == ["evidence"]
    assert "My note." in clash[0]["client_value"]


def test_a_lead_adds_a_local_action_and_hides_and_shows_a_shipped_one(
    lead, base, riverside, demo_services, submit_form, snapshot
):
    characteristic = f"{base}/journey/characteristics/build-a-team"
    added = submit_form(
        lead,
        characteristic,
        characteristic,
        {
            "stage": "sustainable",
            "text": "Mentor a teacher from a neighbouring trust.",
        },
    )
    assert "Your local action has been added" in added.text
    assert "Mentor a teacher from a neighbouring trust." in added.text
    local_ids = [
        a.id for a in snapshot().team.journey.characteristics[3].stages[2].actions if a.local
    ]
    assert len(local_ids) == 1
    assert local_ids[0].startswith("local.action.mentor-a-teacher")

    target = "build-a-team.sustainable.succession"
    page = lead.get(characteristic)
    assert target in page.text
    hidden = lead.post_form(f"{base}/journey/hide", {"item_id": target})
    assert "The action has been hidden" in hidden.text
    assert target not in [a.id for a in snapshot().actions.values()]
    assert "Hidden actions" in hidden.text
    shown = lead.post_form(f"{base}/journey/unhide", {"item_id": target})
    assert "The action is shown again" in shown.text
    assert target in snapshot().actions


def test_a_hidden_action_cannot_be_changed_and_bad_items_are_refused(
    lead, base, riverside, demo_services
):
    services = demo_services[0]
    act(services, riverside, "alex", "journey.item.hide", {"item_id": ACTION})
    page = lead.get(f"{base}/journey/actions/{ACTION}")
    assert "This action is hidden" in page.text
    refused = lead.post_form(
        f"{base}/journey/actions/{ACTION}",
        {
            "status": "in_place",
            **_parts("evidence_date", today()),
        },
    )
    assert refused.status_code == 422
    assert "This action is hidden. Show it again to change it" in refused.text
    assert lead.post_form(f"{base}/journey/hide", {"item_id": "made-up"}).status_code == 404
    again = lead.post_form(f"{base}/journey/hide", {"item_id": ACTION})
    assert "That item is already hidden" in again.text
    theme = lead.post_form(f"{base}/journey/hide", {"item_id": "make-it-fit"})
    assert theme.status_code == 404  # a characteristic is not an action or a question


def test_a_local_action_needs_text_of_a_sensible_length(lead, base, riverside, demo_services):
    services = demo_services[0]
    version = team_version(services, riverside)
    url = f"{base}/journey/characteristics/make-it-fit"
    empty = lead.post_form(url, {"stage": "developmental", "text": "   "})
    assert empty.status_code == 422
    assert "Enter action" in empty.text
    long = lead.post_form(url, {"stage": "starting_out", "text": "y" * 501})
    assert long.status_code == 422
    assert "500 characters or fewer" in long.text
    no_stage = lead.post_form(url, {"text": "Something"})
    assert no_stage.status_code == 422
    assert "Select stage" in no_stage.text
    assert team_version(services, riverside) == version


def test_the_offline_set_has_the_journey_and_the_questions(lead, base, riverside):
    offline = lead.get(f"/api/teams/{riverside}/offline-set")
    assert offline.status_code == 200
    paths = set(offline.json()["urls"])
    for path in (
        "/journey",
        "/journey/plan",
        "/journey/timeline",
        "/reviews",
        "/reviews/questions",
        "/journey/characteristics/make-it-fit",
    ):
        assert f"{base}{path}" in paths, path
    assert any(p.endswith("/answer") for p in paths)
    assert any("/journey/actions/" in p for p in paths)  # a lead's plan, to update offline
