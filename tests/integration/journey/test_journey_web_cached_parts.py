"""What the journey pages render once per team version (decisions 0008 and 0013) holds no
form token, mutation id, base version or draft, and forms built around it still carry
their own, fresh on every request."""

from __future__ import annotations

import re

import pytest

from backend.dates import uk_today as today
from tests.support.client import form_values, texts
from tests.support.journeys import act

ACTION = "evaluate-and-learn.sustainable.new-settings"
PRIVATE = ("_csrf_token", "mutation_id", "base_version")


def _kept_html(snap) -> str:
    """Everything a snapshot keeps, as text."""
    return " ".join([*snap.fragments.values(), str(snap.kept)])


def _assert_nothing_private_kept(snap, *words):
    kept = _kept_html(snap)
    for name in PRIVATE:
        assert f'name="{name}"' not in kept
    for word in words:
        assert word not in kept


@pytest.mark.parametrize(
    ("path", "action"),
    [
        ("/journey/characteristics/make-it-fit", "/journey/characteristics/make-it-fit"),
        (f"/journey/actions/{ACTION}", f"/journey/actions/{ACTION}"),
        ("/journey/pivot-points/new", "/journey/pivot-points/new"),
        ("/journey/implementers/new", "/journey/implementers/new"),
        ("/reviews/new", "/reviews/new"),
        ("/reviews/questions", "/reviews/questions"),
    ],
)
def test_each_request_gets_its_own_mutation_id_and_token(lead, base, snapshot, path, action):
    first, second = lead.get(base + path), lead.get(base + path)
    one, two = form_values(first.text, base + action), form_values(second.text, base + action)
    assert one["mutation_id"] != two["mutation_id"]
    assert one["_csrf_token"] == two["_csrf_token"] == lead.cookies.get("mbp_csrf")
    _assert_nothing_private_kept(snapshot(), one["mutation_id"], one["_csrf_token"])


def test_an_action_form_shows_the_saved_values_and_the_current_version(
    lead, base, riverside, demo_services, snapshot, submit_form
):
    url = f"{base}/journey/actions/{ACTION}"
    before = form_values(lead.get(url).text, url)["base_version"]
    saved = submit_form(
        lead,
        url,
        url,
        {
            "status": "partly_in_place",
            "evidence": "A cached-parts test note",
            "owner_id": "",
            "evidence_date-day": str(today().day),
            "evidence_date-month": str(today().month),
            "evidence_date-year": str(today().year),
        },
    )
    assert saved.status_code == 200
    page = lead.get(url).text
    assert int(form_values(page, url)["base_version"]) > int(before)
    assert "A cached-parts test note</textarea>" in page
    assert re.search(r'value="partly_in_place"\s+checked', page)


def test_what_someone_typed_is_shown_back_to_them_alone(lead, as_person, base, snapshot):
    url = f"{base}/journey/characteristics/make-it-fit"
    typed = "An action typed but not yet valid " + "y" * 600
    bad = lead.post_form(url, {"stage": "", "text": typed})
    assert bad.status_code == 422
    assert typed in bad.text
    assert typed not in as_person("jo").get(url).text
    assert typed not in lead.get(url).text
    _assert_nothing_private_kept(snapshot(), typed)


def test_drafts_are_never_kept_with_the_shared_parts(
    as_person, lead, base, riverside, demo_services, snapshot, submit_form
):
    services = demo_services[0]
    opened = {"title": "A fresh review", "opened_on": today().isoformat(), "reason": ""}
    act(services, riverside, "alex", "journey.review.open", opened | {"pivot_point_id": ""})
    review = snapshot().reviews[0]
    assert review.title == "A fresh review"
    sam = as_person("sam")
    url = f"{base}/reviews/{review.id}/answer"
    words = "A private draft for the cached-parts test <b>not markup</b>"
    saved = submit_form(sam, url, url, {"answer-implementer.who": words, "rating-drive": "-1"})
    assert saved.status_code == 200
    assert "Your draft" in saved.text
    form = sam.get(url).text
    assert "A private draft for the cached-parts test &lt;b&gt;not markup&lt;/b&gt;" in form
    assert re.search(r'value="-1"\s+checked', form)
    for other in (lead, as_person("priya")):
        assert "cached-parts test" not in other.get(url).text
        assert "cached-parts test" not in other.get(f"{base}/reviews/{review.id}").text
    _assert_nothing_private_kept(snapshot(), "cached-parts test")
    act(services, riverside, "sam", "journey.review.share", {"review_id": review.id})
    shared = lead.get(f"{base}/reviews/{review.id}").text
    assert "A private draft for the cached-parts test" in shared


def test_the_shared_answers_are_the_same_for_everyone_without_a_draft(
    as_person, lead, base, snapshot
):
    review = snapshot().reviews[0]
    url = f"{base}/reviews/{review.id}"
    seen = {
        person: texts(browser.get(url).text, "//div[@id='team-answers']")[0]
        for person, browser in (
            ("alex", lead),
            ("jo", as_person("jo")),
            ("priya", as_person("priya")),
        )
    }
    assert seen["alex"] == seen["jo"] == seen["priya"]
    tom = texts(as_person("tom").get(url).text, "//div[@id='team-answers']")[0]
    assert "Your draft" in tom
    assert "Your draft" not in seen["alex"]


def test_a_snapshot_keeps_a_bounded_number_of_pieces_most_recently_used(snapshot, monkeypatch):
    snap = snapshot()
    monkeypatch.setattr(snap.fragments, "size", 3)
    snap.fragments.clear()
    for key in ("a", "b", "c"):
        snap.fragment(key, lambda key=key: f"<p>{key}</p>")
    snap.fragment("a", lambda: "<p>not rendered again</p>")  # used: kept longest
    snap.fragment("d", lambda: "<p>d</p>")
    assert list(snap.fragments) == ["c", "a", "d"]
    assert snap.fragment("a", lambda: "<p>again</p>") == "<p>a</p>"
