"""Good practice on a phone: a teacher logs supervision and a retreat in a few taps, their
supervisor sees the status change and signs the records off; and the same offline. A
supervisor adds a session and a rating for a supervisee; a teacher subscribes a calendar
app to their due dates with a secret link, and stops it."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, Page, expect

from backend.dates import uk_today
from e2e.support import PHONE, check_accessibility, no_horizontal_scroll, sign_in
from e2e.test_offline import (
    go_offline,
    go_online,
    goto_live,
    team_id_of,
    wait_for_saved,
    wait_for_service_worker,
)


def retreat_cell(page: Page, person: str):
    row = page.locator("tr", has=page.get_by_role("rowheader", name=person))
    return row.locator("td", has_text="5 days of retreat a year")


def wait_for_practice_pages(page: Page, team: str) -> None:
    """Until the service worker has saved the practice pages for offline use."""
    for path in (f"/teams/{team}/practice/supervision/new", f"/teams/{team}/practice/supervision"):
        wait_for_saved(page, path)


def today_text() -> str:
    today = uk_today()
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
    jo.get_by_role("link", name="Review and sign off all").click()
    expect(jo.get_by_role("heading", level=1)).to_have_text("Sign off Sam Patel's records")
    check_accessibility(jo)
    jo.get_by_role("button", name="Sign off these").click()
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
    supervision = jo.locator("details:has(> summary:has-text('Supervision ('))")
    supervision.locator("> summary").click()
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


def riverside(page: Page) -> str:
    """Open Riverside (Jo is in two teams) and return its id."""
    page.goto("/teams")
    page.get_by_role("link", name="Riverside MBCT service").click()
    expect(page.locator(".nhsuk-caption-l").first).to_have_text("Riverside MBCT service")
    return team_id_of(page)


def test_a_supervisor_adds_a_session_and_a_rating_for_a_supervisee(page: Page) -> None:
    sign_in(page, "jo")
    team = riverside(page)
    page.goto(f"/teams/{team}/adherence")
    page.get_by_role("link", name="Tom Evans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tom Evans")
    page.get_by_role("link", name="Log a supervision session for Tom Evans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Log a supervision session for Tom Evans"
    )
    expect(page.get_by_label("Jo Clarke (you)")).to_be_checked()
    expect(page.get_by_label("Sign this record off now")).to_be_checked()
    check_accessibility(page)
    no_horizontal_scroll(page)
    page.get_by_label("Length").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter length")
    check_accessibility(page)
    page.get_by_label("Length").fill("75")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Supervision session saved and signed off for Tom Evans")
    ).to_be_visible()
    check_accessibility(page)
    supervision = page.locator("details:has(> summary:has-text('Supervision ('))")
    supervision.locator("> summary").click()
    expect(supervision).to_contain_text("1 h 15 min, one-to-one with Jo Clarke")

    page.get_by_role("link", name="Add an MBI-TAC rating for Tom Evans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an MBI-TAC rating for Tom Evans")
    page.get_by_label("Embodiment of mindfulness").check()
    page.get_by_label("Competent", exact=True).check()
    check_accessibility(page)
    no_horizontal_scroll(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("MBI-TAC rating saved and signed off for Tom Evans")).to_be_visible()


def test_a_teacher_subscribes_to_their_due_dates_and_stops_the_link(
    page: Page, playwright, server
) -> None:
    sign_in(page, "sam")
    team = team_id_of(page)
    page.goto(f"/teams/{team}/practice")
    page.get_by_role("link", name="Your due dates in your calendar app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your due dates in a calendar")
    check_accessibility(page)
    page.get_by_role("button", name="Make a calendar link").click()
    field = page.get_by_label("Calendar link")
    expect(field).to_have_value(re.compile(r"/calendar/[A-Za-z0-9_-]{43}\.ics$"))
    link = field.input_value()
    expect(page.get_by_role("link", name=re.compile("Subscribe on this device"))).to_have_attribute(
        "href", re.compile(r"^webcal://")
    )
    check_accessibility(page)
    no_horizontal_scroll(page)

    calendar_app = playwright.request.new_context()  # no cookies: like a calendar app
    feed = calendar_app.get(link)
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in feed.text()

    page.goto(f"/teams/{team}/practice/calendar")
    expect(page.get_by_role("heading", name="Your calendar link is on")).to_be_visible()
    page.get_by_role("button", name="Stop this link").click()
    expect(page.get_by_text("Your calendar link has been stopped")).to_be_visible()
    check_accessibility(page)
    assert calendar_app.get(link).status == 404
    calendar_app.dispose()


def test_a_supervisor_signs_off_without_signal_and_it_syncs(
    page: Page, context: BrowserContext, server
) -> None:
    sign_in(page, "jo")
    team = riverside(page)
    wait_for_service_worker(page)
    page.reload()
    page.goto(f"/teams/{team}/adherence")
    page.get_by_role("link", name="Sam Patel").click()
    sam_page = page.url.removeprefix(server.url)
    wait_for_saved(page, sam_page)
    wait_for_saved(page, f"{sam_page}/verify-all")

    go_offline(context, server)
    page.goto(sam_page)  # the saved copy
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Patel")
    page.get_by_role("link", name="Review and sign off all").click()
    page.get_by_role("button", name="Sign off these").click()
    card = page.locator("#sign-offs-waiting .app-pending-card")
    expect(card).to_contain_text("Waiting to sync")
    expect(card).to_contain_text("for Sam Patel")
    check_accessibility(page)

    go_online(context, server)
    expect(page.locator("#app-sync-banner")).to_contain_text("You are back online", timeout=15000)
    expect(page.locator("#app-sync-banner")).not_to_contain_text("Waiting to sync")
    goto_live(page, sam_page)
    expect(page.get_by_text("Every record has been signed off")).to_be_visible()
