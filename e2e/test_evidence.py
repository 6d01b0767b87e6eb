"""A certificate on a CPD record, on a phone (375 px): attached online and listed; then
chosen offline with a new record, kept on the device, and sent with it when the signal
is back (the real service worker)."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from e2e.support import check_accessibility, no_horizontal_scroll, sign_in
from e2e.test_offline import (
    go_offline,
    go_online,
    team_id_of,
    wait_for_saved,
    wait_for_service_worker,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 256
LABEL = "Attach a certificate or letter (PDF, JPEG or PNG, up to 10 MB)"


def test_a_certificate_attached_online_and_one_sent_with_a_record_made_offline(
    page: Page, context: BrowserContext, server
) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, "sam")
    team = team_id_of(page)
    with server.team_db(team) as db:
        sam = db.execute("SELECT user_id FROM members WHERE name = 'Sam Patel'").fetchone()[0]
        record = db.execute(
            "SELECT id FROM cpd_activities WHERE teacher_id = ? AND deleted_at IS NULL"
            " ORDER BY date DESC",
            [sam],
        ).fetchone()[0]

    page.goto(f"/teams/{team}/practice/cpd/{record}")
    page.get_by_label(LABEL).set_input_files(
        {"name": "Mindfulness workshop.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Attach file").click()
    evidence = page.locator("#evidence")
    expect(evidence.get_by_role("link", name="Mindfulness workshop.pdf")).to_be_visible()
    expect(evidence).to_contain_text("Remove")
    check_accessibility(page)
    no_horizontal_scroll(page)

    # A file that is not a PDF, JPEG or PNG: the NHS error, the page still usable.
    page.get_by_label(LABEL).set_input_files(
        {"name": "notes.pdf", "mimeType": "application/pdf", "buffer": b"GIF89a......"}
    )
    page.get_by_role("button", name="Attach file").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "The selected file must be a PDF, JPEG or PNG"
    )
    check_accessibility(page)

    wait_for_service_worker(page)
    page.reload()
    wait_for_saved(page, f"/teams/{team}/practice/cpd/new")
    go_offline(context, server)
    page.goto(f"/teams/{team}/practice/cpd/new")
    page.get_by_label("Hours").fill("3")
    page.get_by_label("What it was (optional)").fill("Compassion day")
    page.get_by_label(LABEL).set_input_files(
        {"name": "Compassion day.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#app-sync-banner")).to_contain_text("1 change on this device")

    page.goto("/sync")  # Changes on this device: the record waits with its file
    expect(page.locator("[data-outbox-page]")).to_contain_text("Compassion day.png")
    check_accessibility(page)

    go_online(context, server)  # the "online" event flushes the outbox
    expect(page.locator("#app-sync-banner")).to_contain_text("You are back online", timeout=20000)
    expect(page.locator("#app-sync-banner")).not_to_contain_text("Waiting to sync")
    with server.team_db(team) as db:
        row = db.execute(
            "SELECT e.file_name, e.file_type, c.title FROM evidence e"
            " JOIN cpd_activities c ON c.id = e.record_id WHERE e.file_name = ?",
            ["Compassion day.png"],
        ).fetchone()
        new_record = db.execute(
            "SELECT id FROM cpd_activities WHERE title = 'Compassion day'"
        ).fetchone()[0]
    assert tuple(row) == ("Compassion day.png", "png", "Compassion day")
    page.goto(f"/teams/{team}/practice/cpd/{new_record}")
    expect(page.locator("#evidence").get_by_role("link", name="Compassion day.png")).to_be_visible()
    check_accessibility(page)
