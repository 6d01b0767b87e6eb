"""Offline: read the offline set without signal, queue a change, sync it exactly once."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from e2e.support import check_accessibility, sign_in


def wait_for_service_worker(page: Page) -> None:
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=15000
    )


def wait_for_offline_set(page: Page, team_id: str) -> None:
    page.wait_for_function(
        """async (team) => {
            const keys = await (await caches.open('mbp-pages')).keys();
            return keys.some((r) => r.url.endsWith(`/teams/${team}/members`));
        }""",
        arg=team_id,
        timeout=15000,
    )


def go_offline(context: BrowserContext, server) -> None:
    server.stop()
    context.set_offline(True)


def go_online(context: BrowserContext, server) -> None:
    server.start()
    context.set_offline(False)


def team_id_of(page: Page) -> str:
    return page.evaluate("document.body.dataset.team")


def test_offline_set_reads_and_a_queued_change_syncs_once(
    page: Page, context: BrowserContext, browser, server
) -> None:
    sign_in(page, "alex")
    team = team_id_of(page)
    wait_for_service_worker(page)
    page.reload()
    wait_for_offline_set(page, team)
    page.goto(f"/teams/{team}/settings")
    expect(page.get_by_label("Team name")).to_have_value("Riverside MBCT service")

    go_offline(context, server)
    page.goto(f"/teams/{team}/members")  # never opened, but in the offline set
    expect(page.get_by_role("heading", level=1)).to_have_text("Members")
    expect(page.locator("#app-sync-banner")).to_contain_text("You are offline")
    check_accessibility(page)

    page.goto(f"/teams/{team}/settings")
    page.get_by_label("Team name").fill("Riverside Mindfulness Service")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#app-sync-banner")).to_contain_text("1 change on this device")
    expect(page.get_by_text("Saved on this device").first).to_be_visible()
    check_accessibility(page)

    page.reload()
    expect(page.locator("#app-sync-banner")).to_contain_text("1 change on this device")

    go_online(context, server)  # the "online" event flushes the outbox
    expect(page.locator("#app-sync-banner")).to_contain_text("You are back online", timeout=15000)
    expect(page.locator("#app-sync-banner")).not_to_contain_text("Waiting to sync")

    page.goto(f"/teams/{team}/audit")
    expect(page.locator("table")).to_contain_text(
        "Renamed the team to Riverside Mindfulness Service"
    )
    renames = page.locator("td", has_text="Renamed the team to Riverside Mindfulness Service")
    expect(renames).to_have_count(1)

    other = browser.new_context(base_url=server.url, viewport={"width": 360, "height": 740})
    second = other.new_page()
    sign_in(second, "sam")
    expect(second.locator(".nhsuk-caption-l")).to_have_text("Riverside Mindfulness Service")
    other.close()
