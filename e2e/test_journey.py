"""A service lead moves the journey on, logs a pivot point and opens a review; two members
answer on their own phones; the lead compares the review with an earlier one; the grid
and the timeline show what changed. Phone size, axe on every page visited."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from e2e.support import PHONE, check_accessibility, no_horizontal_scroll, sign_in

GOVERNANCE = "Structure and governance"
ACTIONS = [
    "Set up a small implementation steering group.",
    "Agree written referral and inclusion criteria with the teams that refer.",
    "Write the good-practice standards for training, supervision and development into a "
    "service policy.",
]
PIVOT = "The trust board asked every service to report its outcomes each quarter."


def _checked(page: Page) -> None:
    check_accessibility(page)
    no_horizontal_scroll(page)


def _grid_row(page: Page, title: str) -> str:
    row = page.locator("table.app-grid-table tbody tr").filter(has_text=title)
    return " ".join(row.inner_text().split())


def _update_action(page: Page, text: str, evidence: str, first: bool) -> None:
    page.get_by_role("link", name=f"Update of the action: {text}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Update an action")
    if first:
        _checked(page)
    page.get_by_label("In place", exact=True).check()
    page.get_by_label("Evidence note (optional)").fill(evidence)
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("The action has been updated")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(GOVERNANCE)


def _choose(page: Page, label: str, text: str) -> None:
    select = page.get_by_label(label)
    value = select.locator("option", has_text=text).first.get_attribute("value")
    assert value
    select.select_option(value)


def _answer(browser: Browser, base_url: str, person: str, review_url: str, words: str) -> None:
    context = browser.new_context(base_url=base_url, **PHONE)
    page = context.new_page()
    sign_in(page, person)
    page.goto(review_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("After the quarterly reporting")
    page.get_by_role("button", name="Answer the questions").or_(
        page.get_by_role("link", name="Answer the questions")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your answers")
    _checked(page)
    page.get_by_label("Who is driving the programme").fill(words)
    page.get_by_role("group", name=re.compile("How is drive working")).get_by_label(
        "+1 facilitator"
    ).check()
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_text("Only you can see them until you share them")).to_be_visible()
    expect(page.get_by_text(words)).to_be_visible()
    _checked(page)
    page.get_by_role("button", name="Share with the team").click()
    expect(page.get_by_text("Your answers are now shared with the team")).to_be_visible()
    _checked(page)
    context.close()


def test_a_lead_moves_the_journey_on_and_the_team_reflects(
    page: Page, browser: Browser, server
) -> None:
    sign_in(page, "alex")
    panel = page.locator("#journey-panel")
    expect(panel).to_contain_text("developmental")
    panel.get_by_role("link", name="See the journey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Implementation journey")
    _checked(page)
    before = _grid_row(page, GOVERNANCE)
    assert "Starting out" in before.split("Stage it is at")[-1]

    page.get_by_role("link", name=GOVERNANCE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GOVERNANCE)
    _checked(page)
    for n, text in enumerate(ACTIONS):
        _update_action(page, text, f"Agreed at the steering group, item {n + 1}.", first=n == 0)
    expect(page.locator("h2#stage-starting_out")).to_contain_text("100% in place")
    expect(page.locator("h2#stage-developmental")).to_contain_text("100% in place")
    _checked(page)

    page.get_by_role("link", name="Back to the journey").click()
    after = _grid_row(page, GOVERNANCE)
    assert after != before
    assert after.split("Stage it is at")[-1].strip() == "Developmental"

    page.get_by_role("link", name="Pivot points").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pivot points")
    _checked(page)
    page.get_by_role("button", name="Log a pivot point").or_(
        page.get_by_role("link", name="Log a pivot point")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a pivot point")
    _checked(page)
    page.get_by_label("What happened").fill(PIVOT)
    page.get_by_label("Commissioning or policy").check()
    page.get_by_label("Made the service stronger").check()
    page.get_by_label("The team's response (optional)").fill("We built a simple outcome report.")
    page.get_by_label("Drive").check()
    page.get_by_role("button", name="Log the pivot point").click()
    expect(page.get_by_text("The pivot point has been logged")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PIVOT)
    _checked(page)

    page.get_by_role("link", name="Open a reflective review about it?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a reflective review")
    _checked(page)
    page.get_by_label("Title").fill("After the quarterly reporting")
    page.get_by_role("button", name="Open the review").click()
    expect(page.get_by_text("The review is open")).to_be_visible()
    expect(page.get_by_role("link", name=PIVOT)).to_be_visible()
    _checked(page)
    review_url = page.url

    _answer(browser, server.url, "sam", review_url, "Alex, Jo and now the quarterly report.")
    _answer(browser, server.url, "priya", review_url, "More of us, with the board watching.")

    page.reload()
    expect(page.get_by_text("Shared by 2 people")).to_be_visible()
    expect(page.get_by_text("Alex, Jo and now the quarterly report.")).to_be_visible()
    expect(page.get_by_text("More of us, with the board watching.")).to_be_visible()

    page.get_by_role("link", name="Back to reviews").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reflective reviews")
    _checked(page)
    _choose(page, "Earlier review", "Review after the new director arrived")
    _choose(page, "Later review", "After the quarterly reporting")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare two reviews")
    comparison = page.locator("#review-comparison")
    expect(comparison).to_contain_text("Review after the new director arrived")
    expect(comparison).to_contain_text("Alex, Jo and now the quarterly report. (Sam Patel)")
    expect(comparison.locator("table.app-compact-table")).to_contain_text("Drive")
    _checked(page)

    page.goto(page.url.split("/reviews")[0] + "/journey/timeline")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stage progress over time")
    newest_move = page.locator("table").first.locator("tbody tr").first
    expect(newest_move).to_contain_text(GOVERNANCE)
    expect(newest_move).to_contain_text("Starting out to developmental")
    expect(page.locator("table").nth(1).locator("tbody tr").first).to_contain_text(PIVOT)
    markers = page.locator(
        "svg[aria-labelledby='timeline-title timeline-desc'] polygon, "
        "svg[aria-labelledby='timeline-title timeline-desc'] circle"
    )
    expect(markers).to_have_count(31)
    _checked(page)
