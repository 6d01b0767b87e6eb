"""Reflective reviews: opening one, answering in private, sharing, comparing; the
questions a team asks; roles and bad input."""

from __future__ import annotations

from datetime import timedelta

from backend.dates import uk_today as today
from tests.support.client import texts
from tests.support.journeys import act, query, team_version, user_id


def _parts(name, day):
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _latest(snapshot):
    return snapshot().reviews[0]


def _new_review(services, riverside, snapshot, title="A review for this test"):
    act(
        services,
        riverside,
        "alex",
        "journey.review.open",
        {
            "title": title,
            "opened_on": today().isoformat(),
            "reason": "",
            "pivot_point_id": "",
        },
    )
    review = _latest(snapshot)
    assert review.title == title
    return review


def test_a_lead_opens_a_review_and_the_reminder_moves_on(lead, base, submit_form, snapshot):
    assert snapshot().review_due.is_due
    opened = submit_form(
        lead,
        f"{base}/reviews/new",
        f"{base}/reviews/new",
        {
            "title": "Spring review",
            **_parts("opened_on", today()),
            "reason": "Six months since the last one.",
            "pivot_point_id": "",
        },
    )
    assert opened.status_code == 200
    assert texts(opened.text, "//h1")[0].endswith("Spring review")
    assert "The review is open" in opened.text
    assert _latest(snapshot).title == "Spring review"
    due = snapshot().review_due
    assert not due.is_due
    assert due.due_on > today()
    assert "The next reflective review is due on" in lead.get(f"{base}/journey").text


def test_opening_a_review_checks_its_fields_and_its_role(
    lead, as_person, base, riverside, demo_services
):
    services = demo_services[0]
    version = team_version(services, riverside)
    bad = lead.post_form(
        f"{base}/reviews/new",
        {
            "title": "",
            "opened_on-day": "30",
            "opened_on-month": "2",
            "opened_on-year": "2026",
            "reason": "r" * 1001,
            "pivot_point_id": "not-a-pivot-point",
        },
    )
    assert bad.status_code == 422
    summary = " ".join(texts(bad.text, "//div[contains(@class,'nhsuk-error-summary')]//li"))
    assert "Enter title" in summary
    assert "Date of the review must be a real date" in summary
    assert "1,000 characters or fewer" in summary
    unknown = lead.post_form(
        f"{base}/reviews/new",
        {
            "title": "A review",
            **_parts("opened_on", today()),
            "pivot_point_id": "nope",
        },
    )
    assert unknown.status_code == 422
    assert "Select a pivot point from the list" in unknown.text
    sam = as_person("sam")
    assert sam.get(f"{base}/reviews/new").status_code == 403
    assert sam.post_form(f"{base}/reviews/new", {"title": "Mine"}).status_code == 403
    assert team_version(services, riverside) == version


def test_a_review_can_follow_a_pivot_point(lead, base, snapshot):
    pivot = snapshot().pivots[0]
    page = lead.get(f"{base}/reviews/new?pivot_point={pivot.id}")
    assert f'<option value="{pivot.id}" selected' in page.text
    assert pivot.what_happened in page.text


def test_answers_are_private_drafts_until_shared(
    lead, as_person, base, riverside, demo_services, snapshot, submit_form
):
    services = demo_services[0]
    review = _new_review(services, riverside, snapshot)
    sam, priya = as_person("sam"), as_person("priya")
    since = team_version(services, riverside)
    words = "Priya and I now share the sessions for referrers."
    saved = submit_form(
        sam,
        f"{base}/reviews/{review.id}/answer",
        f"{base}/reviews/{review.id}/answer",
        {"answer-implementer.who": words, "rating-drive": "2"},
    )
    assert "saved as a draft" in saved.text
    assert "Share with the team" in saved.text
    assert words in saved.text
    assert "Your draft" in saved.text
    for other in (priya, lead):
        assert words not in other.get(f"{base}/reviews/{review.id}").text
        assert words not in other.get(f"{base}/reviews/compare").text
        pulled = other.get(f"/api/teams/{riverside}/sync/pull?since={since}").json()
        assert words not in str(pulled)
    assert words in str(sam.get(f"/api/teams/{riverside}/sync/pull?since={since}").json())

    shared = submit_form(
        sam, f"{base}/reviews/{review.id}", f"{base}/reviews/{review.id}/share", {}
    )
    assert "Your answers are now shared with the team" in shared.text
    assert words in priya.get(f"{base}/reviews/{review.id}").text
    assert words in str(priya.get(f"/api/teams/{riverside}/sync/pull?since={since}").json())
    again = sam.post_form(f"{base}/reviews/{review.id}/share", {})
    assert "already shared" in again.text


def test_the_demo_draft_is_never_shown_to_anyone_else(
    lead, as_person, base, riverside, demo_services, snapshot
):
    services = demo_services[0]
    review = _latest(snapshot)
    tom = user_id(services, "tom")
    drafts = query(
        services,
        riverside,
        "SELECT text FROM review_answers WHERE review_id = ? AND author_id = ?"
        " AND shared = 0 AND text != ''",
        [review.id, tom],
    )
    assert drafts
    for person in ("alex", "sam", "jo", "priya"):
        browser = lead if person == "alex" else as_person(person)
        seen = browser.get(f"{base}/reviews/{review.id}").text
        authors = texts(seen, "//ul[contains(@class,'app-answers')]/li/p[2]")
        assert authors
        assert not any("Tom Evans" in a for a in authors), person
        assert "Tom Evans" not in " ".join(texts(seen, "//p[contains(., 'Team rating')]"))
    mine = as_person("tom").get(f"{base}/reviews/{review.id}").text
    assert drafts[0]["text"] in mine
    assert "Your draft" in mine


def test_bad_answers_are_shown_on_the_form_with_the_input_kept(
    as_person, base, riverside, demo_services, snapshot, submit_form
):
    services = demo_services[0]
    review = _new_review(services, riverside, snapshot)
    jo = as_person("jo")
    version = team_version(services, riverside)
    url = f"{base}/reviews/{review.id}/answer"
    bad = submit_form(
        jo,
        url,
        url,
        {
            "answer-implementer.who": "z" * 2001,
            "answer-context.now": "Kept text",
            "answer-made-up.question": "Hello",
            "rating-drive": "5",
        },
    )
    assert bad.status_code == 422
    summary = " ".join(texts(bad.text, "//div[contains(@class,'nhsuk-error-summary')]//li"))
    assert "Your answer to “" in summary  # the message names the question
    assert "” must be 2,000 characters or fewer" in summary
    assert "not one of your team's reflective questions" in summary
    assert "Select a rating from -2 to +2, or no rating" in summary
    assert "Kept text" in bad.text
    empty = submit_form(jo, url, url, {})
    assert empty.status_code == 422
    assert "Write an answer to at least one question" in empty.text
    assert team_version(services, riverside) == version


def test_comparing_two_reviews_question_by_question(lead, base, snapshot, htmx):
    reviews = snapshot().reviews
    newest, oldest = reviews[0], reviews[-1]
    page = lead.get(f"{base}/reviews/compare?before={oldest.id}&after={newest.id}")
    assert texts(page.text, "//h1") == ["Compare two reviews"]
    assert "ratings-title" in page.text
    rows = texts(page.text, "//div[@class='app-compare']")
    questions = sum(len(t.questions) for t in snapshot().team.questions.themes)
    assert len(rows) >= questions
    assert "Answers changed" in page.text
    ratings = texts(page.text, "//table[contains(@class,'app-compact-table')]/tbody/tr")
    assert len(ratings) == 6
    swapped = lead.get(f"{base}/reviews/compare?before={newest.id}&after={oldest.id}")
    assert (
        texts(swapped.text, "//div[@id='review-comparison']//h2")[0]
        == texts(page.text, "//div[@id='review-comparison']//h2")[0]
    )
    part = lead.get(f"{base}/reviews/compare?before={oldest.id}&after={newest.id}", headers=htmx)
    assert part.text.lstrip().startswith('<div id="review-comparison">')
    assert "<html" not in part.text
    default = lead.get(f"{base}/reviews/compare")
    assert reviews[1].title in " ".join(texts(default.text, "//div[@id='review-comparison']//p"))


def test_the_reviews_page_lists_reviews_with_ratings_over_time(as_person, base, snapshot):
    sam = as_person("sam")
    page = sam.get(f"{base}/reviews")
    assert texts(page.text, "//h1") == ["Reflective reviews"]
    items = texts(page.text, "//li[contains(@class,'app-reviews__item')]")
    assert len(items) == len(snapshot().reviews) == 10
    assert "ratings-title" in page.text
    assert len(texts(page.text, "//table[contains(@class,'app-ratings-table')]/tbody/tr")) == 10
    assert "Open a review" not in page.text  # members answer, leads open


def test_a_lead_adds_and_hides_questions(lead, as_person, base, snapshot, submit_form):
    url = f"{base}/reviews/questions"
    added = submit_form(
        lead,
        url,
        url,
        {
            "theme_id": "drive",
            "text": "Who in senior management asks about the service?",
        },
    )
    assert "Your question has been added" in added.text
    review = _latest(snapshot)
    form = as_person("sam").get(f"{base}/reviews/{review.id}/answer")
    assert "Who in senior management asks about the service?" in form.text
    bad = lead.post_form(url, {"theme_id": "no-such-theme", "text": ""})
    assert bad.status_code == 422
    assert "Select theme from the list" in bad.text
    assert "Enter question" in bad.text
    hidden = lead.post_form(f"{base}/journey/hide", {"item_id": "drive.widen"})
    assert hidden.url.path == url
    assert "The question has been hidden" in hidden.text
    assert 'name="answer-drive.widen"' not in lead.get(f"{base}/reviews/{review.id}/answer").text
    lead.post_form(f"{base}/journey/unhide", {"item_id": "drive.widen"})
    assert 'name="answer-drive.widen"' in lead.get(f"{base}/reviews/{review.id}/answer").text


def test_an_answer_to_a_review_of_another_team_is_not_found(as_person, base, teams, demo_services):
    services = demo_services[0]
    hillside = teams["hillside"]
    theirs = query(services, hillside, "SELECT id FROM reflective_reviews")[0]["id"]
    sam = as_person("sam")
    assert sam.get(f"{base}/reviews/{theirs}").status_code == 404
    assert (
        sam.post_form(
            f"{base}/reviews/{theirs}/answer", {"answer-implementer.who": "x"}
        ).status_code
        == 404
    )
    assert sam.post_form(f"{base}/reviews/{theirs}/share", {}).status_code == 404


def test_answers_record_the_version_of_the_question_they_answered(
    as_person, base, riverside, demo_services, snapshot, submit_form
):
    services = demo_services[0]
    review = _new_review(services, riverside, snapshot)
    url = f"{base}/reviews/{review.id}/answer"
    submit_form(as_person("priya"), url, url, {"answer-context.now": "Busy but supportive."})
    row = query(
        services,
        riverside,
        "SELECT question_id, question_version, shared FROM review_answers WHERE review_id = ?",
        [review.id],
    )
    assert [tuple(r) for r in row] == [("context.now", 1, 0)]


def test_a_review_dated_in_the_past_counts_from_its_own_date(
    lead, riverside, demo_services, snapshot
):
    services = demo_services[0]
    opened = today() - timedelta(days=200)
    act(
        services,
        riverside,
        "alex",
        "journey.review.open",
        {
            "title": "Back-dated",
            "opened_on": opened.isoformat(),
            "reason": "",
            "pivot_point_id": "",
        },
    )
    assert snapshot().review_due.is_due  # the newest review is still the one before
