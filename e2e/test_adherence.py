"""Good practice on a phone: a teacher logs supervision and a retreat in a few taps, their
supervisor sees the status change and signs the records off; and the same offline."""

from __future__ import annotations

import re
import time
from datetime import date

from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e.support import PHONE, check_accessibility, no_horizontal_scroll, sign_in
from e2e.test_offline import go_offline, go_online, team_id_of, wait_for_service_worker


def retreat_cell(page: Page, person: str):
    row = page.locator("tr", has=page.get_by_role("rowheader", name=person))
    return row.locator("td", has_text="5 days of retreat a year")


def wait_for_practice_pages(page: Page, team: str) -> None:
    """Until the service worker has saved the practice pages (polled from here: a
    wait_for_function whose function returns a promise does not wait for it)."""
    wanted = [f"/teams/{team}/practice/supervision/new", f"/teams/{team}/practice/supervision"]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        keys = page.evaluate(
            "async () => { const urls = []; for (const n of await caches.keys())"
            " if (n.startsWith('mbp-pages-')) for (const r of await (await caches.open(n)).keys())"
            " urls.push(r.url); return urls; }"
        )
        if all(any(k.endswith(path) for k in keys) for path in wanted):
            return
        time.sleep(0.2)
    raise AssertionError(f"the practice pages were not saved for offline use: {keys}")


def today_text() -> str:
    today = date.today()
    return f"{today.day} {today:%B %Y}"


def test_teacher_logs_supervision_and_a_retreat_and_the_supervisor_signs_off(
    page: Page, browser: Browser, server
) -> None:
    sign_in(page, "sam")
    team = team_id_of(page)  # Riverside, Sam's only team
    supervisor_context = browser.new_context(base_url=server.url, **PHONE)
    jo = supervisor_context.new_page()
    sign_in(jo, "jo")
    jo.goto(f"/teams/{team}/adherence")
    expect(jo.get_by_role("heading", level=1)).to_have_text("Adherence")
    expect(retreat_cell(jo, "Sam Patel")).to_contain_text("Due soon")
    check_accessibility(jo)

    page.get_by_role("link", name="Good practice").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your good practice")
    expect(page.locator("#check-retreat-annual")).to_contain_text("Due soon")
    check_accessibility(page)
    no_horizontal_scroll(page)

    page.get_by_role("link", name="Log supervision").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a supervision session")
    expect(page.get_by_label("Length")).to_have_value("60")
    expect(page.get_by_label("Jo Clarke")).to_be_checked()
    check_accessibility(page)
    no_horizontal_scroll(page)
    page.get_by_role("button", name="Save").click()  # today, an hour, one-to-one, Jo
    expect(page.get_by_text("Supervision session saved")).to_be_visible()
    expect(page.locator(".app-records__item").first).to_contain_text(today_text())
    check_accessibility(page)

    page.goto(f"/teams/{team}/practice/retreats/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a retreat")
    page.get_by_label("Days").fill("5")
    check_accessibility(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Retreat saved")).to_be_visible()
    check_accessibility(page)
    page.goto(f"/teams/{team}/practice")
    expect(page.locator("#check-retreat-annual .app-check__status")).to_contain_text("Met")

    jo.reload()
    expect(retreat_cell(jo, "Sam Patel")).to_contain_text("Met")
    jo.get_by_role("link", name="Not met (1)").click()  # htmx swaps the table in place
    expect(jo).to_have_url(re.compile(r"show=not_met"))
    expect(jo.locator("#adherence-dashboard")).to_have_count(1)
    expect(jo.get_by_role("rowheader")).to_have_text(["Priya Shah"])
    check_accessibility(jo)
    jo.get_by_role("link", name="Everyone (3)").click()
    jo.get_by_role("link", name="Sam Patel").click()
    expect(jo.get_by_role("heading", level=1)).to_have_text("Sam Patel")
    check_accessibility(jo)
    no_horizontal_scroll(jo)
    jo.get_by_role("button", name="Sign off all").click()
    expect(jo.get_by_text("signed off for Sam Patel")).to_be_visible()
    expect(jo.get_by_text("Every record has been signed off")).to_be_visible()
    check_accessibility(jo)

    page.goto(f"/teams/{team}/practice/retreats")
    expect(page.locator(".app-records__item").first).to_contain_text("by Jo Clarke")
    supervisor_context.close()


def test_supervision_logged_offline_syncs_once_and_reaches_the_supervisor(
    page: Page, context: BrowserContext, browser: Browser, server
) -> None:
    sign_in(page, "sam")
    team = team_id_of(page)
    wait_for_service_worker(page)
    page.reload()
    wait_for_practice_pages(page, team)

    go_offline(context, server)
    page.goto(f"/teams/{team}/practice/supervision/new")  # never opened: in the offline set
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a supervision session")
    page.get_by_label("Length").fill("50")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision")
    card = page.locator("#records-supervision .app-pending-card")
    expect(card).to_contain_text("Waiting to sync")
    expect(card).to_contain_text("Supervision session")
    check_accessibility(page)

    page.reload()
    expect(page.locator("#records-supervision .app-pending-card")).to_contain_text(
        "Waiting to sync"
    )
    expect(page.locator("#app-sync-banner")).to_contain_text("1 change on this device")

    go_online(context, server)
    expect(page.locator("#app-sync-banner")).to_contain_text("You are back online", timeout=15000)
    expect(page.locator("#app-sync-banner")).not_to_contain_text("Waiting to sync")

    other = browser.new_context(base_url=server.url, **PHONE)
    jo = other.new_page()
    sign_in(jo, "jo")
    jo.goto(f"/teams/{team}/adherence")
    jo.get_by_role("link", name="Sam Patel").click()
    supervision = jo.locator("details", has_text="Supervision (")
    supervision.locator("summary").click()
    expect(supervision).to_contain_text("50 min, one-to-one with Jo Clarke")
    expect(supervision.get_by_text("50 min, one-to-one with Jo Clarke")).to_have_count(1)
    check_accessibility(jo)
    other.close()

    server.stop()
    db = server.team_db(team)
    sam = db.execute(
        "SELECT user_id FROM members WHERE email = 'sam.patel@example.nhs.uk'"
    ).fetchone()[0]
    rows = db.execute(
        "SELECT count(*) FROM supervision_sessions WHERE teacher_id = ? AND minutes = 50", [sam]
    ).fetchone()[0]
    assert rows == 1
    server.start()
