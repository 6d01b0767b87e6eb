"""Offline at first contact: sign in once on a phone, close the app, and with no signal
open it from its home-screen icon (the manifest's start_url). It opens where it would
online, the good practice page and its forms work, and what was recorded is sent, and
seen to be sent, when the signal returns."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e.support import PHONE, check_accessibility, no_horizontal_scroll, sign_in
from e2e.test_adherence import today_text
from e2e.test_offline import (
    go_offline,
    go_online,
    team_id_of,
    wait_for_saved,
    wait_for_service_worker,
)


def phone(browser: Browser, server, width: int) -> BrowserContext:
    return browser.new_context(
        base_url=server.url, **{**PHONE, "viewport": {"width": width, "height": 740}}
    )


def signed_in_once(context: BrowserContext, person: str = "sam") -> tuple[str, str, str]:
    """Sign in, wait until the pages are saved, close the tab. Returns the team, and the
    address and heading `/` led to online."""
    page = context.new_page()
    sign_in(page, person)
    team = team_id_of(page)
    wait_for_service_worker(page)
    page.goto("/")
    landing, heading = page.url, page.get_by_role("heading", level=1).inner_text()
    for path in (
        "/",
        "/teams",
        f"/teams/{team}/practice",
        f"/teams/{team}/practice/supervision/new",
        "/sync",
    ):
        wait_for_saved(page, path)
    page.close()
    return team, landing, heading


def checked(page: Page) -> None:
    check_accessibility(page)
    no_horizontal_scroll(page)


@pytest.mark.parametrize("width", [375, 320])
def test_the_installed_app_opens_offline_and_records_supervision(
    browser: Browser, server, width: int
) -> None:
    context = phone(browser, server, width)
    team, landing, heading = signed_in_once(context)

    go_offline(context, server)
    page = context.new_page()
    manifest_start = "/"  # the manifest's start_url (test_the_app_is_installable checks it)
    page.goto(manifest_start)
    expect(page).to_have_url(landing)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#app-sync-banner")).to_contain_text("You are offline")
    checked(page)

    page.goto("/teams")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your teams")
    checked(page)

    page.goto(landing)
    page.get_by_role("link", name="Good practice").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your good practice")
    checked(page)
    page.get_by_role("link", name="Log supervision").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a supervision session")
    checked(page)
    page.get_by_label("Length").fill("50")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision")
    card = page.locator("#records-supervision .app-pending-card")
    expect(card).to_contain_text("Waiting to sync")
    expect(card).to_contain_text(f"{today_text()} · 50 minutes")  # as the list shows it
    checked(page)

    expect(page.get_by_text("It will be sent when you are back online")).to_be_visible()
    page.evaluate("window.sameDocument = true")

    go_online(context, server)
    notice = page.locator(".app-sync-notice")
    expect(notice).to_contain_text("Sent", timeout=15000)
    expect(notice).to_contain_text("1 change sent.")
    expect(page.get_by_text("It will be sent when you are back online")).to_have_count(0)
    records = page.locator("#records-supervision")
    expect(records.locator(".app-records__item").first).to_contain_text("50 min")
    expect(records.locator(".app-pending-card")).to_have_count(0)
    expect(page.locator("#app-sync-banner")).not_to_contain_text("Waiting to sync")
    assert page.evaluate("window.sameDocument"), "the list refreshed without a reload"
    checked(page)
    context.close()

    server.stop()
    rows = (
        server.team_db(team)
        .execute("SELECT count(*) FROM supervision_sessions WHERE minutes = 50")
        .fetchone()[0]
    )
    assert rows == 1
    server.start()


def test_a_page_not_saved_links_only_to_saved_pages_and_notices_the_signal(
    browser: Browser, server
) -> None:
    context = phone(browser, server, 375)
    team, _landing, _heading = signed_in_once(context)
    go_offline(context, server)
    page = context.new_page()
    not_saved = f"/teams/{team}/practice/import"
    page.goto(not_saved)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This page is not saved on this device"
    )
    saved = page.locator("[data-offline-saved]")
    expect(saved.get_by_role("link")).to_have_text(
        [
            "Your good practice",
            "Team home",
            "Journey",
            "Reflective reviews",
            "Your teams",
            "Changes on this device",
        ]
    )
    hrefs = [a.get_attribute("href") for a in saved.get_by_role("link").all()]
    assert not_saved not in hrefs
    assert "/" not in hrefs
    # The header and footer lead only to saved pages, or say they need a signal.
    service = page.locator("header a.nhsuk-header__service-logo, header a.nhsuk-header__link").first
    assert service.get_attribute("href") not in (not_saved, None)
    expect(page.locator("footer .app-needs-signal")).to_have_count(0)  # all four are saved
    page.evaluate(
        """async () => {
            for (const name of await caches.keys()) {
                if (name.startsWith("mbp-pages-")) {
                    await (await caches.open(name)).delete(location.origin + "/privacy");
                }
            }
        }"""
    )
    page.reload()
    expect(page.get_by_role("link", name="Privacy notice (needs a signal)")).to_be_visible()
    expect(page.get_by_role("link", name="Cookies", exact=True)).to_be_visible()
    checked(page)
    saved.get_by_role("link", name="Your good practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your good practice")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This page is not saved on this device"
    )

    go_online(context, server)
    expect(page.get_by_role("heading", level=1)).to_have_text("You are back online")
    expect(page.get_by_role("link", name="Privacy notice", exact=True)).to_be_visible()
    checked(page)
    page.get_by_role("link", name="Open this page now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import records")
    context.close()


class Hanging:
    """Lie-fi: something accepts connections on the server's port and never answers."""

    def __init__(self, port: int) -> None:
        import socket
        import threading

        self.held: list = []
        self.listener = socket.create_server(("127.0.0.1", port))
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(connection)

    def close(self) -> None:
        self.listener.close()
        for connection in self.held:
            connection.close()


def test_lie_fi_shows_the_saved_page_and_queues_the_form(browser: Browser, server) -> None:
    import time

    context = phone(browser, server, 375)
    team, _landing, _heading = signed_in_once(context)
    server.stop()
    hanging = Hanging(server.port)
    try:
        page = context.new_page()
        started = time.monotonic()
        page.goto(f"/teams/{team}/practice/supervision/new")
        expect(page.get_by_role("heading", level=1)).to_have_text("Log a supervision session")
        assert time.monotonic() - started < 10, "the saved copy came after a few seconds"
        page.get_by_label("Length").fill("45")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Supervision", timeout=20000)
        expect(page.locator("#records-supervision .app-pending-card")).to_contain_text(
            "Waiting to sync"
        )
        checked(page)
    finally:
        hanging.close()
    server.start()
    page.reload()
    expect(page.locator(".app-sync-notice")).to_contain_text("1 change sent.", timeout=40000)
    context.close()
    server.stop()
    rows = (
        server.team_db(team)
        .execute("SELECT count(*) FROM supervision_sessions WHERE minutes = 45")
        .fetchone()[0]
    )
    assert rows == 1
    server.start()


def test_when_the_device_refuses_to_keep_a_change_the_person_is_told_and_keeps_their_input(
    browser: Browser, server
) -> None:
    context = phone(browser, server, 375)
    team, _landing, _heading = signed_in_once(context)
    go_offline(context, server)
    page = context.new_page()
    # The phone is full (or in private browsing): IndexedDB refuses to open.
    page.add_init_script(
        """indexedDB.open = () => {
            throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        };"""
    )
    form = f"/teams/{team}/practice/supervision/new"
    page.goto(form)
    page.get_by_label("Length").fill("55")
    page.get_by_role("button", name="Save").click()
    problem = page.locator(".app-not-saved-on-device")
    expect(problem).to_contain_text("This could not be kept on this device")
    expect(problem).to_be_focused()
    expect(page).to_have_url(server.url + form)
    expect(page.get_by_label("Length")).to_have_value("55")
    checked(page)
    context.close()


def test_back_after_save_does_not_silently_record_twice(page: Page, server) -> None:
    sign_in(page, "sam")
    team = team_id_of(page)
    page.goto(f"/teams/{team}/practice/supervision/new")
    page.get_by_label("Length").fill("40")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Supervision session saved")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a supervision session")
    notice = page.locator(".app-just-saved")
    expect(notice).to_contain_text("You have just saved this:")
    expect(notice).to_contain_text("40 minutes")
    expect(page.get_by_label("Length")).to_have_value("60")  # the page's own value again
    check_accessibility(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Supervision session saved")).to_be_visible()
    server.stop()
    forty = (
        server.team_db(team)
        .execute("SELECT count(*) FROM supervision_sessions WHERE minutes = 40")
        .fetchone()[0]
    )
    assert forty == 1
    server.start()


def test_offline_a_waiting_card_shows_the_yes_no_answers_and_own_records_read(
    browser: Browser, server
) -> None:
    context = phone(browser, server, 375)
    team, _landing, _heading = signed_in_once(context)
    page = context.new_page()
    page.goto(f"/teams/{team}/practice/supervision")
    newest = page.locator("#records-supervision a.app-records__link").first
    record_path = newest.get_attribute("href")
    assert record_path
    wait_for_saved(page, record_path)  # the person's own record pages are kept
    go_offline(context, server)

    page.goto(record_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Change: supervision session")
    expect(page.locator("#app-sync-banner")).to_contain_text("You are offline")

    page.goto(f"/teams/{team}/practice/supervision/new")
    page.get_by_label("Length").fill("70")
    page.get_by_role("radio", name="Group").check()
    page.get_by_role("group", name="My own work was discussed").get_by_label("No").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision")
    card = page.locator("#records-supervision .app-pending-card")
    expect(card).to_contain_text(f"{today_text()} · 70 minutes · Group · own work not discussed")
    checked(page)
    # What waits on the device is listed offline too (the banner leads there).
    banner = page.locator("#app-sync-banner")
    expect(banner.get_by_role("button", name="Sync now")).to_have_count(0)  # not offline
    banner.get_by_role("link", name="See changes on this device").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes on this device")
    item = page.locator(".app-outbox__item")
    expect(item).to_contain_text("Waiting to sync")
    expect(item).to_contain_text("own work discussed")
    checked(page)
    context.close()


def test_a_browser_that_refuses_the_service_worker_is_told_pages_will_not_open_offline(
    browser: Browser, server
) -> None:
    """A browser whose service worker cannot start (a managed phone's policy, a storage
    setting) must not leave the person believing the app works without signal."""
    context = phone(browser, server, 375)
    context.route("**/sw.js", lambda route: route.fulfill(status=503, body="unavailable"))
    page = context.new_page()
    sign_in(page, "sam")
    banner = page.locator("#app-sync-banner")
    expect(banner).to_contain_text("Not kept offline")
    expect(banner).to_contain_text("they will not open without signal")
    checked(page)
    # Every page of the session says so, not only the first one.
    page.goto(f"/teams/{team_id_of(page)}/practice")
    expect(banner).to_contain_text("Not kept offline")
    context.close()
