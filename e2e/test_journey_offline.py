"""A practitioner answers reflective questions on the train with no signal."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e.support import PHONE, check_accessibility, sign_in
from e2e.test_offline import (
    go_offline,
    go_online,
    goto_live,
    team_id_of,
    wait_for_saved,
    wait_for_service_worker,
    wait_until_sent,
)

WORDS = "Our referrers still think of MBCT as a relapse-prevention add-on; worth a conversation."


def _latest_review(page: Page, team: str) -> str:
    page.goto(f"/teams/{team}/reviews")
    hrefs = page.eval_on_selector_all(
        "main a[href*='/reviews/']", "(links) => links.map((a) => a.getAttribute('href'))"
    )
    reviews = [h for h in hrefs if re.fullmatch(r"/teams/[a-z0-9]{12}/reviews/[0-9a-f-]{36}", h)]
    assert reviews, hrefs
    return reviews[0]  # newest first: the one kept for reading offline


def test_answers_written_offline_are_saved_once_as_the_person_left_them(
    page: Page, context: BrowserContext, browser: Browser, server
) -> None:
    sign_in(page, "sam")
    team = team_id_of(page)
    wait_for_service_worker(page)
    review = _latest_review(page, team)
    wait_for_saved(page, review)  # the offline set: this review and its answer form
    wait_for_saved(page, f"{review}/answer")
    page.goto(f"{review}/answer")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your answers")
    shared = "You have shared your answers" in page.locator("main").inner_text()

    go_offline(context, server)
    page.goto(f"{review}/answer")  # the saved copy
    expect(page.locator("#app-sync-banner")).to_contain_text("You are offline")
    page.locator("textarea").first.fill(WORDS)
    page.locator("form[data-mutation='journey.review.answer'] .nhsuk-button").first.click()
    expect(page.locator("#app-sync-banner")).to_contain_text("1 change on this device")
    expect(page.locator(".app-pending-card")).to_contain_text("Your answers to")
    check_accessibility(page)

    go_online(context, server)
    wait_until_sent(page)
    goto_live(page, f"{review}/answer")
    expect(page.locator("textarea").first).to_have_value(WORDS)

    lead = browser.new_context(base_url=server.url, **PHONE)
    other = lead.new_page()
    sign_in(other, "alex")
    other.goto(review)
    if shared:  # Sam had shared this review's answers: an edit is shared at once
        expect(other.locator("main")).to_contain_text(WORDS)
    else:  # a draft: only Sam sees it
        expect(other.locator("main")).not_to_contain_text(WORDS)
    lead.close()

    server.stop()
    db = server.team_db(team)
    applied = db.execute(
        "SELECT count(*) FROM audit WHERE name = 'journey.review.answer' AND actor_name = 'Sam Patel'"
        " AND client_id LIKE '%:device-%'"
    ).fetchone()[0]
    assert applied == 1
    server.start()
