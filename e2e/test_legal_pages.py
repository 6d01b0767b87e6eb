"""The privacy notice, accessibility statement and cookies page on a 320 px phone: reached
from the footer, axe-clean, and readable offline once the offline set is saved."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from e2e.support import PHONE, check_accessibility, no_horizontal_scroll, sign_in
from e2e.test_offline import go_offline, wait_for_saved, wait_for_service_worker

NARROW = {**PHONE, "viewport": {"width": 320, "height": 640}}
PAGES = {
    "Privacy notice": "Privacy notice",
    "Accessibility statement": "Accessibility statement for MBP Journey",
    "Cookies": "Cookies",
}


def test_legal_pages_from_the_footer_at_320px_and_offline(browser: Browser, server) -> None:
    context = browser.new_context(base_url=server.url, **NARROW)
    page = context.new_page()
    try:
        sign_in(page, "sam")
        home = page.url
        wait_for_service_worker(page)
        page.reload()
        # Saved with the offline set before ever being opened.
        for path in ("/privacy", "/accessibility", "/cookies"):
            wait_for_saved(page, path)
        for link, heading in PAGES.items():
            page.goto(home)
            page.locator("footer").get_by_role("link", name=link).click()
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            check_accessibility(page)
            no_horizontal_scroll(page)
        go_offline(context, server)
        for link, heading in PAGES.items():
            page.goto(home)
            page.locator("footer").get_by_role("link", name=link).click()
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            check_accessibility(page)
    finally:
        context.close()
