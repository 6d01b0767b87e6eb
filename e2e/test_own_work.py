"""Each person's own work first: where each demo person lands, at 375 px (phone) and
1280 px (laptop), and the supervisor's flows (the table, sign-off in place, withdrawing,
signing off all after a confirmation, comments, the view across teams), axe clean."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.support import PHONE, check_accessibility, no_horizontal_scroll, sign_in

LAPTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
PHONE_375: dict[str, Any] = {**PHONE, "viewport": {"width": 375, "height": 740}}
SIZES = {"375": PHONE_375, "1280": LAPTOP}

LANDINGS = [
    ("sam", r"/teams/\w+/practice$", "Your good practice", "Riverside MBCT service"),
    ("jo", r"/teams/\w+/adherence$", "Adherence", "Riverside MBCT service"),
    ("alex", r"/teams/\w+$", "Team home", "Riverside MBCT service"),
    ("morgan", r"/teams/\w+$", "Team home", "Hillside MBSR service"),
]


def _page(browser: Browser, server: Any, size: str) -> Page:
    return browser.new_context(base_url=server.url, **SIZES[size]).new_page()


@pytest.mark.parametrize("size", ["375", "1280"])
@pytest.mark.parametrize(("person", "path", "heading", "team"), LANDINGS)
def test_each_person_lands_on_their_own_work(
    browser: Browser, server, size: str, person: str, path: str, heading: str, team: str
) -> None:
    page = _page(browser, server, size)
    sign_in(page, person)
    expect(page).to_have_url(re.compile(path))
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    expect(page.locator(".nhsuk-caption-l").first).to_have_text(team)
    # Good practice is in the navigation itself, not folded under "More".
    nav = page.locator(".nhsuk-header__navigation-list > li:not([hidden])")
    expect(nav.get_by_role("link", name="Good practice")).to_be_visible()
    check_accessibility(page)
    no_horizontal_scroll(page)
    page.context.close()


def test_the_supervisors_table_fits_a_laptop_and_scrolls_by_keyboard(
    browser: Browser, server
) -> None:
    page = _page(browser, server, "1280")
    sign_in(page, "jo")
    table = page.locator(".app-dashboard__table")
    for header in ("Name", "Overall", "To sign off"):
        box = table.get_by_role("columnheader", name=header).bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= 1280, f"{header} is off-screen"
    region = page.get_by_role("region", name=re.compile("practitioners"))
    region.focus()
    expect(region).to_be_focused()
    before = region.evaluate("r => r.scrollLeft")
    overflow = region.evaluate("r => r.scrollWidth - r.clientWidth")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    if overflow > 0:
        page.wait_for_function(
            "before => document.querySelector('.app-table-scroll').scrollLeft > before", arg=before
        )
        name = table.get_by_role("rowheader").first.bounding_box()
        assert name is not None
        assert name["x"] >= 0  # the name column stays in view
    check_accessibility(page)
    page.context.close()


@pytest.mark.parametrize("size", ["375", "1280"])
def test_a_supervisor_signs_off_in_place_withdraws_and_comments(
    browser: Browser, server, size: str
) -> None:
    page = _page(browser, server, size)
    sign_in(page, "jo")
    page.get_by_role("link", name="Your supervisees in all your teams").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your supervisees")
    check_accessibility(page)
    no_horizontal_scroll(page)
    page.get_by_role("link", name="Sam Patel", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Patel")
    page.evaluate("window.appMarker = 'same page'")
    item = page.locator(".app-records__item:has(form[action$='/verify']):visible").first
    record_id = item.get_attribute("id")
    button = item.locator("form[action$='/verify'] button")
    button.scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    button.click()
    record = page.locator(f"#{record_id}")
    expect(record).to_contain_text("Signed off")
    expect(record).to_be_focused()
    assert page.evaluate("window.appMarker") == "same page"  # swapped, not reloaded
    assert page.evaluate("window.scrollY") >= scrolled - 200  # not back at the top
    record.get_by_role("button", name=re.compile("Withdraw sign-off")).click()
    expect(record).to_contain_text("Not signed off yet")
    expect(record).to_be_focused()
    record.get_by_role("link", name=re.compile("^Comment")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sam Patel: ")
    check_accessibility(page)
    page.get_by_role("button", name="Save comment").click()  # empty: an NHS error, kept on the page
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter comment")
    page.get_by_label("Your comment for Sam Patel").fill("Lovely notes on the body scan.")
    page.get_by_role("button", name="Save comment").click()
    expect(page.locator(f"#{record_id}")).to_contain_text("Lovely notes on the body scan.")
    check_accessibility(page)
    no_horizontal_scroll(page)

    page.get_by_role("link", name=re.compile("Review and sign off all")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign off Sam Patel's records")
    expect(page.locator("main ul.nhsuk-list--bullet li").first).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name=re.compile("Sign off these")).click()
    expect(page.get_by_text("Every record has been signed off")).to_be_visible()
    page.context.close()

    sam = _page(browser, server, size)
    sign_in(sam, "sam")
    expect(sam.get_by_role("heading", name="Comments from your supervisor")).to_be_visible()
    expect(sam.locator("main")).to_contain_text("Lovely notes on the body scan.")
    check_accessibility(sam)
    sam.context.close()
