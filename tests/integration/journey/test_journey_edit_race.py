"""A colleague's save that lands while a lead's edit form is being built: the form must
show one version throughout, or saving it would silently undo the colleague's change."""

from __future__ import annotations

from typing import Any

from lxml import html as lxml_html

from backend.journey import register_routes
from backend.journey.web import snapshot_of
from tests.support.client import form_values
from tests.support.journeys import act


def role_shown(page: str) -> str:
    found: list[str] = lxml_html.document_fromstring(page).xpath("//input[@name='role']/@value")
    assert found, "no role field"
    return found[0]


def test_a_save_during_an_edit_page_never_pairs_old_values_with_a_new_version(
    lead, base, riverside, demo_services, snapshot, monkeypatch
) -> None:
    services = demo_services[0]
    person = snapshot().implementers[0]
    url = f"{base}/journey/implementers/{person.id}"
    calls = 0

    def colleague_saves_meanwhile(request: Any) -> Any:
        nonlocal calls
        calls += 1
        snap = snapshot_of(request)
        if calls == 1:
            act(
                services,
                riverside,
                "alex",
                "journey.implementer.update",
                {
                    "implementer_id": person.id,
                    "name": person.name,
                    "role": "Clinical lead for the whole pathway",
                    "seniority": person.seniority.value,
                    "skills": "",
                    "passion": "",
                    "support_needed": "",
                    "protected_hours_per_week": "",
                    "successor_id": "",
                },
            )
        return snap

    monkeypatch.setattr(register_routes, "snapshot_of", colleague_saves_meanwhile)
    first = lead.get(url).text
    assert role_shown(first) == person.role  # as it was when the page began

    monkeypatch.setattr(register_routes, "snapshot_of", snapshot_of)
    again = lead.get(url).text
    assert int(form_values(again, url)["base_version"]) == snapshot().version
    assert role_shown(again) == "Clinical lead for the whole pathway"
