"""A person signs in on a phone, switches team, invites a colleague, who joins."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from e2e.support import PHONE, check_accessibility, no_horizontal_scroll, sign_in


def test_sign_in_switch_team_invite_and_join(page: Page, browser: Browser, server) -> None:
    sign_in(page, "alex")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team home")
    expect(page.locator(".nhsuk-caption-l")).to_have_text("Riverside MBCT service")
    check_accessibility(page)
    no_horizontal_scroll(page)

    page.get_by_role("link", name="Your teams").click()
    check_accessibility(page)
    page.get_by_role("link", name="Hillside MBSR service").click()
    expect(page.locator(".nhsuk-caption-l")).to_have_text("Hillside MBSR service")
    page.goto("/")  # Alex leads Riverside: "/" is the lead's team home, whichever was used last
    expect(page.locator(".nhsuk-caption-l")).to_have_text("Riverside MBCT service")

    page.get_by_role("link", name="Your teams").click()
    page.get_by_role("link", name="Riverside MBCT service").click()
    page.get_by_role("link", name="Members").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members")
    check_accessibility(page)
    page.get_by_label("Email address").fill("robin.hale@example.nhs.uk")
    page.get_by_label("Practitioner").check()
    page.get_by_label("Supervisor").check()
    page.get_by_role("button", name="Create invitation").click()
    expect(page.get_by_text("Invitation created").first).to_be_visible()
    check_accessibility(page)
    link = page.get_by_label("Invitation link").input_value()
    assert re.search(r"/invites/[\w-]{30,}$", link)

    newcomer = browser.new_context(base_url=server.url, **PHONE)
    other = newcomer.new_page()
    other.goto(link)
    expect(other.get_by_role("heading", level=1)).to_have_text("Join Riverside MBCT service")
    check_accessibility(other)
    other.get_by_role("button", name="Create account and join").click()
    expect(other.locator(".nhsuk-error-summary")).to_contain_text("Enter full name")
    check_accessibility(other)
    other.get_by_label("Full name").fill("Robin Hale")
    other.get_by_label("Create a password").fill("short")
    other.get_by_role("button", name="Create account and join").click()
    expect(other.locator(".nhsuk-error-summary")).to_contain_text("10 characters or more")
    expect(other.get_by_label("Full name")).to_have_value("Robin Hale")
    other.get_by_label("Create a password").fill("quiet harbour lantern")
    other.get_by_role("button", name="Create account and join").click()
    expect(other.get_by_text("Welcome to Riverside MBCT service")).to_be_visible()
    expect(other.get_by_role("heading", level=1)).to_have_text("Team home")

    other.get_by_role("button", name="Sign out").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Sign in to MBP Journey")
    other.get_by_label("Email address").fill("robin.hale@example.nhs.uk")
    other.get_by_label("Password").fill("quiet harbour lantern")
    other.get_by_role("button", name="Sign in").click()
    expect(other.locator(".nhsuk-caption-l")).to_have_text("Riverside MBCT service")
    newcomer.close()

    page.goto("/")
    expect(page.locator("#team-activity")).to_contain_text("Robin Hale joined the team")
    expect(page.locator("#team-members")).to_contain_text("Robin Hale")


def test_signed_out_visitor_is_sent_to_sign_in_and_back(page: Page) -> None:
    page.goto("/profile")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to MBP Journey")
    check_accessibility(page)
    sign_in_form = page.locator("form[action='/sign-in']")
    sign_in_form.get_by_label("Email address").fill("sam.patel@example.nhs.uk")
    sign_in_form.get_by_label("Password").fill("wrong password")
    sign_in_form.get_by_role("button", name="Sign in").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter a correct email address and password"
    )
    check_accessibility(page)
    from e2e.conftest import DEMO_PASSWORD

    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")


def test_keyboard_user_can_skip_to_content_and_sign_in(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/sign-in")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    no_horizontal_scroll(page)
