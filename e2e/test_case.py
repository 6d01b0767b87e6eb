"""A service lead makes the case on a phone 375 px wide: from the journey to the case's
task list, fills in the stakeholders, sees them on the power/interest grid and in its
table, and downloads the case as PDF; and fills in the local need with no signal, sent
once when back online. Axe on every page visited."""

from __future__ import annotations

import io

import pypdf
from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e.support import PHONE, check_accessibility, no_horizontal_scroll, sign_in
from e2e.test_offline import (
    go_offline,
    go_online,
    goto_live,
    team_id_of,
    wait_for_saved,
    wait_for_service_worker,
    wait_until_sent,
)

WIDE_375 = {**PHONE, "viewport": {"width": 375, "height": 740}}


def _checked(page: Page) -> None:
    check_accessibility(page)
    no_horizontal_scroll(page)


def test_a_lead_fills_the_stakeholders_and_downloads_the_case(browser: Browser, server) -> None:
    context = browser.new_context(base_url=server.url, accept_downloads=True, **WIDE_375)
    page = context.new_page()
    try:
        sign_in(page, "alex")
        team = page.evaluate("document.body.dataset.team")
        page.goto(f"/teams/{team}/journey")
        page.get_by_role("link", name="Make the case").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Make the case")
        _checked(page)

        page.get_by_role("link", name="Stakeholders").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Stakeholders")
        _checked(page)
        first = page.get_by_role("group", name="Stakeholder 1", exact=True)
        first.get_by_label("Name or role").fill("Clinical director")
        first.get_by_role("group", name="Power over the service").get_by_label("High").check()
        first.get_by_role("group", name="Interest in the service").get_by_label("Low").check()
        page.get_by_role("button", name="Save stakeholders").click()
        expect(page.get_by_text("Stakeholders: saved in the case")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text("Make the case")
        _checked(page)

        page.get_by_role("link", name="The whole case on one page").click()
        grid = page.get_by_role("img", name="Stakeholders by power and interest")
        expect(grid).to_be_visible()
        expect(grid).to_contain_text("Clinical director")
        row = page.get_by_role("row").filter(has_text="Clinical director")
        expect(row).to_contain_text("Keep satisfied")
        _checked(page)

        with page.expect_download() as download:
            page.get_by_role("link", name="Download as PDF").click()
        path = download.value.path()
        with open(path, "rb") as made:
            reader = pypdf.PdfReader(io.BytesIO(made.read()))
        text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
        assert "the case for the service" in text
        assert "Clinical director" in text
    finally:
        context.close()


def test_a_lead_fills_the_local_need_offline_and_it_is_saved_once(
    page: Page, context: BrowserContext, server
) -> None:
    sign_in(page, "alex")
    team = team_id_of(page)
    wait_for_service_worker(page)
    need = f"/teams/{team}/journey/case/need"
    wait_for_saved(page, need)
    wait_for_saved(page, f"/teams/{team}/journey/case")

    go_offline(context, server)
    page.goto(need)  # the saved copy
    expect(page.locator("#app-sync-banner")).to_contain_text("You are offline")
    page.get_by_label("Population served").fill("250000")
    page.get_by_role("button", name="Save the local need").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make the case")
    expect(page.locator(".app-pending-card")).to_contain_text("The local need (the case)")
    check_accessibility(page)

    go_online(context, server)
    wait_until_sent(page)
    goto_live(page, need)
    expect(page.get_by_label("Population served")).to_have_value("250000")

    server.stop()
    db = server.team_db(team)
    applied = db.execute(
        "SELECT count(*) FROM audit WHERE name = 'case.need.save' AND client_id LIKE '%:device-%'"
    ).fetchone()[0]
    db.close()
    assert applied == 1
    server.start()
