"""Networks on a 320 px phone: a team's lead publishes a resource with a file, a
colleague finds it from a characteristic page of their journey, and the overview of
where the network stands reads without sideways scrolling; axe on each page."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from e2e.support import PHONE, check_accessibility, no_horizontal_scroll, sign_in

NARROW = {**PHONE, "viewport": {"width": 320, "height": 640}}
PDF = b"%PDF-1.4\n% MBP Journey e2e\n%%EOF\n"
NETWORK = "North West mindfulness network"


def test_publish_a_resource_find_it_from_a_characteristic_and_read_the_overview(
    browser: Browser, server, tmp_path
) -> None:
    pdf = tmp_path / "referral-pathway.pdf"
    pdf.write_bytes(PDF)
    context = browser.new_context(base_url=server.url, **NARROW)
    page = context.new_page()
    try:
        sign_in(page, "alex")
        page.goto("/networks")
        expect(page.get_by_role("heading", level=1)).to_have_text("Your networks")
        check_accessibility(page)
        page.get_by_role("link", name=NETWORK).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(NETWORK)
        check_accessibility(page)
        no_horizontal_scroll(page)
        page.get_by_role("button", name="Publish a resource").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Publish a resource")
        page.get_by_role("button", name="Publish").click()  # nothing filled in
        expect(page.locator(".nhsuk-error-summary")).to_be_visible()
        check_accessibility(page)
        page.get_by_label("Title").fill("Referral pathway that made it fit")
        page.get_by_label("Summary").fill("How GP referrals reach our courses, step by step")
        page.get_by_label("File (optional if you give a link)").set_input_files(str(pdf))
        page.get_by_label("Template").check()
        page.get_by_label("Characteristic").select_option(label="Make it fit")
        page.get_by_role("button", name="Publish").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Referral pathway that made it fit"
        )
        check_accessibility(page)
        no_horizontal_scroll(page)

        colleague = browser.new_context(base_url=server.url, **NARROW)
        sam = colleague.new_page()
        sign_in(sam, "sam")
        sam.goto(page.url.split("/networks/")[0] + "/")  # her landing page
        sam.goto("/teams")
        sam.get_by_role("link", name="Riverside MBCT service").click()
        riverside = re.search(r"/teams/(\w+)", sam.url)
        assert riverside is not None
        sam.goto(f"/teams/{riverside.group(1)}/journey/characteristics/make-it-fit")
        note = sam.get_by_role("link", name=re.compile(r"^From your networks: \d+ resources?"))
        expect(note).to_be_visible()
        check_accessibility(sam)
        note.click()
        expect(sam.get_by_role("heading", level=1)).to_have_text(NETWORK)
        sam.get_by_role("link", name="Referral pathway that made it fit").click()
        with sam.expect_response(re.compile(r"/file$")) as opened:
            sam.evaluate(
                "fetch(document.querySelector(\"a[href$='/file']\").href).then(r => r.status)"
            )
        assert opened.value.status == 200

        sam.goto(sam.url.rsplit("/resources/", 1)[0] + "/overview")
        expect(sam.get_by_role("heading", level=1)).to_have_text("Where the network stands")
        expect(sam.get_by_role("img", name=re.compile("How many services"))).to_be_visible()
        expect(sam.locator("#overview-table")).to_contain_text("fewer than 3")
        check_accessibility(sam)
        no_horizontal_scroll(sam)
        colleague.close()
    finally:
        context.close()


def test_a_networks_resources_are_read_offline(browser: Browser, server) -> None:
    """The resource list and summaries are saved with a member's offline set."""
    from e2e.test_offline import go_offline, wait_for_saved, wait_for_service_worker

    context = browser.new_context(base_url=server.url, **NARROW)
    page = context.new_page()
    try:
        sign_in(page, "sam")
        page.goto("/networks")
        page.get_by_role("link", name=NETWORK).click()
        network = page.url.split(server.url, 1)[1]
        page.get_by_role("link", name="Making the case to the trust board").click()
        resource = page.url.split(server.url, 1)[1]
        wait_for_service_worker(page)
        page.reload()
        wait_for_saved(page, network)
        wait_for_saved(page, resource)
        go_offline(context, server)
        page.goto(network)
        expect(page.get_by_role("heading", level=1)).to_have_text(NETWORK)
        page.get_by_role("link", name="Making the case to the trust board").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Making the case to the trust board"
        )
        check_accessibility(page)
    finally:
        context.close()
