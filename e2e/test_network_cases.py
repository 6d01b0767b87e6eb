"""Networks on a 375 px phone: a team's lead starts a case example from the team's own
journey, shares it, and a member of another team in the network finds it; a team's lead
declines an invitation. axe on each page; the Nu HTML Checker reads every page seen."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from e2e.support import PHONE, check_accessibility, no_horizontal_scroll, sign_in

PHONE_375 = {**PHONE, "viewport": {"width": 375, "height": 700}}
NETWORK = "North West mindfulness network"
TITLE = "Keeping going through a merger"


def test_share_a_case_example_and_another_teams_member_finds_it(browser: Browser, server) -> None:
    lead = browser.new_context(base_url=server.url, **PHONE_375)
    page = lead.new_page()
    other = browser.new_context(base_url=server.url, **PHONE_375)
    try:
        sign_in(page, "alex")
        page.goto("/networks")
        page.get_by_role("link", name=NETWORK).click()
        page.get_by_role("link", name="Case examples").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Case examples")
        check_accessibility(page)
        no_horizontal_scroll(page)
        page.get_by_role("button", name="Start from our journey").click()
        notes = page.get_by_label("Pivot points and how we related to them")
        expect(notes).to_have_value(re.compile(r"^Our pivot points, from our journey:"))
        check_accessibility(page)
        no_horizontal_scroll(page)
        page.get_by_role("button", name="Save draft").click()  # no title yet
        expect(page.locator(".nhsuk-error-summary")).to_be_visible()
        expect(notes).to_have_value(re.compile("Our pivot points"))  # kept
        check_accessibility(page)
        page.get_by_label("Title").fill(TITLE)
        page.get_by_label("What helped").fill("A steady supervisor and the referral pathway.")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(page.get_by_text("This is your draft. Only you can see it.")).to_be_visible()
        check_accessibility(page)
        page.get_by_role("button", name=f"Share with {NETWORK}").click()
        expect(page.get_by_text("The case example is shared with the network")).to_be_visible()
        check_accessibility(page)
        no_horizontal_scroll(page)

        chris = other.new_page()  # a practitioner at Hillside, another member team
        sign_in(chris, "chris")
        chris.goto("/networks")
        chris.get_by_role("link", name=NETWORK).click()
        chris.get_by_role("link", name="Case examples").click()
        listed = chris.locator("#cases").get_by_role("link", name=TITLE)
        expect(listed).to_be_visible()
        expect(chris.get_by_role("button", name="Start from our journey")).to_have_count(0)
        listed.click()
        expect(chris.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(chris.get_by_text("A steady supervisor and the referral pathway.")).to_be_visible()
        check_accessibility(chris)
        no_horizontal_scroll(chris)
    finally:
        other.close()
        lead.close()


def test_a_teams_lead_declines_an_invitation(browser: Browser, server) -> None:
    lead = browser.new_context(base_url=server.url, **PHONE_375)
    alex = lead.new_page()
    network_lead = browser.new_context(base_url=server.url, **PHONE_375)
    morgan = network_lead.new_page()
    try:
        sign_in(alex, "alex")
        alex.goto("/networks")
        code = alex.locator("dl code").first.inner_text().strip()
        sign_in(morgan, "morgan")
        morgan.goto("/networks/new")
        morgan.get_by_label("Network name").fill("Cheshire mindfulness network")
        morgan.get_by_role("button", name="Create network").click()
        expect(morgan.get_by_role("heading", level=1)).to_have_text("Cheshire mindfulness network")
        morgan.get_by_label("Team code").fill(code)
        morgan.get_by_role("button", name="Invite").click()
        expect(morgan.get_by_text("Riverside MBCT service").first).to_be_visible()

        alex.goto("/networks")
        expect(alex.get_by_role("heading", name="Invitations for your teams")).to_be_visible()
        check_accessibility(alex)
        no_horizontal_scroll(alex)
        alex.get_by_role("button", name="Decline").click()
        expect(alex.get_by_text("The invitation has been declined")).to_be_visible()
        expect(alex.get_by_role("heading", name="Invitations for your teams")).to_have_count(0)
        expect(alex.get_by_role("link", name="Cheshire mindfulness network")).to_have_count(0)
        check_accessibility(alex)
        no_horizontal_scroll(alex)
    finally:
        network_lead.close()
        lead.close()
