"""Offline: read the offline set without signal, queue a change, sync it exactly once."""

from __future__ import annotations

import time

from playwright.sync_api import BrowserContext, Page, expect

from backend.dates import uk_today
from e2e.support import check_accessibility, sign_in

SAVED_PAGES = """async function savedPages() {
    const urls = [];
    for (const name of await caches.keys()) {
        if (name.startsWith('mbp-pages-')) {
            for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
        }
    }
    return urls;
}"""


def poll(page: Page, script: str, arg: object = None, seconds: float = 15) -> None:
    """Wait until script(arg) is truthy. (page.wait_for_function evaluates strings,
    which our content security policy rightly forbids.) `savedPages()` lists the
    pages the service worker keeps for the person."""
    if "savedPages()" in script:
        script = f"(arg) => {{ {SAVED_PAGES}; return ({script})(arg); }}"
    deadline = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"timed out waiting for {script}"
        time.sleep(0.1)


def goto_live(page: Page, path: str, seconds: float = 30) -> None:
    """Open `path` as the server has it now. Just after the signal returns, a server slow
    to answer (a cold start on a busy machine) gets the device's saved copy instead, as a
    person on lie-fi would: try again until the live page comes."""
    deadline = time.monotonic() + seconds
    page.goto(path)
    while page.locator("body[data-mbp-saved-at]").count():
        assert time.monotonic() < deadline, f"{path} was only ever the saved copy"
        time.sleep(0.5)
        page.goto(path)


def wait_for_service_worker(page: Page) -> None:
    """Wait until the worker controls the page. A page whose navigation began while
    the worker was still installing stays uncontrolled until reloaded, as in life."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("Boolean(navigator.serviceWorker.controller)"):
        page.reload()
    poll(page, "() => Boolean(navigator.serviceWorker.controller)")


def wait_for_offline_set(page: Page, team_id: str) -> None:
    poll(
        page,
        """async (team) => {
            const keys = await savedPages();
            return keys.some((url) => url.endsWith(`/teams/${team}/members`));
        }""",
        team_id,
    )


def wait_for_saved(page: Page, path: str) -> None:
    """Wait until the service worker has saved this page for reading offline."""
    poll(
        page,
        """async (path) => {
            const keys = await savedPages();
            return keys.some((url) => new URL(url).pathname === path);
        }""",
        path,
        seconds=30,
    )


def wait_until_sent(page: Page) -> None:
    poll(
        page,
        "async (m) => (await (await import(m)).counts()).pending === 0",
        "/static/app/outbox.js",
    )


def go_offline(context: BrowserContext, server) -> None:
    server.stop()
    context.set_offline(True)


def go_online(context: BrowserContext, server) -> None:
    server.start()
    context.set_offline(False)


def worker_version(page: Page) -> str | None:
    return page.evaluate(
        """() => new Promise((resolve) => {
            const worker = navigator.serviceWorker.controller;
            if (!worker) return resolve(null);
            navigator.serviceWorker.addEventListener("message", (e) => resolve(e.data.version), { once: true });
            worker.postMessage({ type: "version" });
        })"""
    )


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


OUTBOX = "/static/app/outbox.js"


def enqueue(page: Page, team: str, items: list[tuple[str, dict]]) -> int:
    """Queue changes through the real outbox module, as a form would."""
    return page.evaluate(
        """async ([module, team, items]) => {
            const o = await import(module);
            const user = document.body.dataset.user;
            for (const [name, args] of items) {
                await o.enqueue({ id: o.uuid(), team, user, name, args, label: name, summary: args.name || "" });
            }
            return (await o.counts()).pending;
        }""",
        [OUTBOX, team, items],
    )


def flush(page: Page) -> dict:
    return page.evaluate("async (m) => (await import(m)).flush()", OUTBOX)


def outbox_counts(page: Page) -> dict:
    """What waits on the device: the signed-in person's changes, and anyone else's."""
    return page.evaluate(
        "async (m) => (await import(m)).counts(document.body.dataset.user || null)", OUTBOX
    )


def device_id(page: Page) -> str:
    """The device as the server keys it: the person, then this install's id."""
    install = page.evaluate("async (m) => (await import(m)).clientId()", OUTBOX)
    return f"{page.evaluate('document.body.dataset.user')}:{install}"


def renames(n: int, prefix: str = "Name") -> list[tuple[str, dict]]:
    return [("team.rename", {"name": f"{prefix} {i:04d}"}) for i in range(1, n + 1)]


def signed_in_with_worker(page: Page, person: str = "alex") -> str:
    sign_in(page, person)
    team = team_id_of(page)
    wait_for_service_worker(page)
    return team


def test_server_killed_mid_push_applies_every_change_exactly_once(page: Page, server) -> None:
    team = signed_in_with_worker(page)
    before = server.team_db(team).execute("SELECT version FROM team").fetchone()[0]
    total = 1000
    assert enqueue(page, team, renames(total)) == total
    device = device_id(page)
    page.evaluate("(m) => { import(m).then((o) => o.flush()); }", OUTBOX)
    watch = server.team_db(team)
    while (
        watch.execute("SELECT count(*) FROM mutations WHERE client_id = ?", [device]).fetchone()[0]
        < 120
    ):
        time.sleep(0.005)
    server.stop(kill=True)  # SIGKILL while batches are in flight
    applied_before_restart = watch.execute(
        "SELECT count(*) FROM mutations WHERE client_id = ?", [device]
    ).fetchone()[0]
    assert 0 < applied_before_restart < total, "the kill should land mid-push"
    server.start()
    for _ in range(10):
        flush(page)
        if outbox_counts(page)["pending"] == 0:
            break
    assert outbox_counts(page) == {
        "pending": 0,
        "rejected": 0,
        "updateNeeded": 0,
        "total": 0,
        "others": 0,
    }
    server.stop()
    db = server.team_db(team)
    assert (
        db.execute("SELECT count(*) FROM mutations WHERE client_id = ?", [device]).fetchone()[0]
        == total
    )
    assert db.execute("SELECT last_seq FROM clients WHERE id = ?", [device]).fetchone()[0] == total
    assert db.execute("SELECT version FROM team").fetchone()[0] == before + total
    assert db.execute("SELECT name FROM team").fetchone()[0] == f"Name {total:04d}"
    audited = db.execute(
        "SELECT count(*) FROM audit WHERE name = 'team.rename' AND client_id = ?", [device]
    )
    assert audited.fetchone()[0] == total
    server.start()


def test_a_poison_change_is_set_aside_and_the_queue_moves_on(page: Page, server) -> None:
    team = signed_in_with_worker(page)
    enqueue(
        page,
        team,
        [
            ("team.rename", {"name": "First good name"}),
            ("team.rename", {"name": "x" * 500}),
            ("team.rename", {"name": "Second good name"}),
        ],
    )
    flush(page)
    wait_until_sent(page)
    assert outbox_counts(page) == {
        "pending": 0,
        "rejected": 1,
        "updateNeeded": 0,
        "total": 1,
        "others": 0,
    }
    page.reload()
    expect(page.locator(".nhsuk-caption-l")).to_have_text("Second good name")
    banner = page.locator("#app-sync-banner")
    expect(banner).to_contain_text("1 change could not be saved")
    banner.get_by_role("link", name="Review it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes on this device")
    item = page.locator(".app-outbox__item")
    expect(item).to_contain_text("Not saved")
    expect(item).to_contain_text("Team name must be 100 characters or fewer")
    expect(item).to_contain_text("x" * 500)  # the person's data is still there to copy
    check_accessibility(page)
    item.get_by_role("button", name="Discard").click()
    expect(page.locator("#app-outbox")).to_contain_text(
        "Every change made on this device has reached the server"
    )


def test_a_503_keeps_the_outbox_and_the_retry_sends_the_same_changes(
    page: Page, context: BrowserContext, server
) -> None:
    team = signed_in_with_worker(page)
    calls = []

    def unavailable(route) -> None:
        calls.append(route.request.post_data_json)
        route.fulfill(status=503, body="busy")

    page.route("**/sync/push", unavailable)  # before queueing: the page may flush at once
    enqueue(page, team, renames(3, "Retry"))
    result = flush(page)
    assert result["error"] == "The server answered 503"
    assert outbox_counts(page)["pending"] == 3
    page.unroute("**/sync/push")
    page.reload()
    wait_until_sent(page)
    sent_ids = [m["id"] for m in calls[0]["mutations"]]
    server.stop()
    db = server.team_db(team)
    settled = [
        r[0]
        for r in db.execute(
            "SELECT id FROM mutations WHERE name = 'team.rename' AND id IN "
            f"({','.join('?' * len(sent_ids))})",
            sent_ids,
        )
    ]
    assert sorted(settled) == sorted(sent_ids), "the retry sent the very same mutations"
    server.start()


def cpd_backlog(n: int) -> list[tuple[str, dict]]:
    """Two weeks offline: CPD entries with long reflections, as a teacher would type them."""
    from datetime import timedelta

    reflection = (
        "In the inquiry after the body scan I noticed how quickly I moved to reassure, "
        "and how the group settled when I stayed with the not-knowing instead. "
    ) * 13
    today = uk_today()
    return [
        (
            "cpd.record",
            {
                "date": (today - timedelta(days=i % 14)).isoformat(),
                "hours": "1.5",
                "kind": "reading",
                "title": f"Reading and reflection {i:04d}",
                "participatory": "",
                "reflection": reflection[:1900],
            },
        )
        for i in range(1, n + 1)
    ]


def test_a_long_backlog_syncs_in_bounded_batches(page: Page, server) -> None:
    team = signed_in_with_worker(page, "sam")
    enqueue(page, team, cpd_backlog(1000))
    sizes = []
    page.on(
        "request",
        lambda r: (
            sizes.append(len(r.post_data_json["mutations"]))
            if r.url.endswith("/sync/push")
            else None
        ),
    )
    flush(page)
    wait_until_sent(page)
    assert outbox_counts(page)["total"] == 0
    assert max(sizes) <= 50
    assert sum(sizes) >= 1000
    server.stop()
    db = server.team_db(team)
    saved = db.execute(
        "SELECT count(*), min(length(reflection)) FROM cpd_activities WHERE title LIKE 'Reading and reflection %'"
    ).fetchone()
    assert tuple(saved) == (1000, 1900)  # every reflection whole
    server.start()


def test_session_expired_while_offline_asks_to_sign_in_then_sends(
    page: Page, context: BrowserContext, server
) -> None:
    team = signed_in_with_worker(page)
    page.goto(f"/teams/{team}/settings")
    go_offline(context, server)
    page.goto(f"/teams/{team}/settings")
    page.get_by_label("Team name").fill("Renamed while offline")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#app-sync-banner")).to_contain_text("1 change on this device")
    accounts = __import__("sqlite3").connect(server.data_dir / "accounts.db")
    accounts.execute("DELETE FROM sessions")
    accounts.commit()
    go_online(context, server)
    expect(page.locator("#app-sync-banner")).to_contain_text("Sign in again", timeout=15000)
    assert outbox_counts(page)["pending"] == 1
    page.locator("#app-sync-banner").get_by_role("link", name="Sign in again").click()
    from e2e.conftest import DEMO_PASSWORD

    page.get_by_label("Email address").fill("alex.morgan@example.nhs.uk")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team settings")
    wait_until_sent(page)
    page.goto(f"/teams/{team}")
    expect(page.locator(".nhsuk-caption-l")).to_have_text("Renamed while offline")


def test_two_devices_editing_offline_clash_and_nothing_typed_is_lost(browser, server) -> None:
    from e2e.support import PHONE

    phones = [browser.new_context(base_url=server.url, **PHONE) for _ in range(2)]
    pages = [ctx.new_page() for ctx in phones]
    for p in pages:
        team = signed_in_with_worker(p)
        p.goto(f"/teams/{team}/settings")
    for ctx in phones:
        ctx.set_offline(True)
    server.stop()
    names = ["Riverside (phone one)", "Riverside (phone two)"]
    for p, name in zip(pages, names, strict=True):
        p.get_by_label("Team name").fill(name)
        p.get_by_role("button", name="Save").click()
        expect(p.locator("#app-sync-banner")).to_contain_text("1 change on this device")
    server.start()
    for p, ctx in zip(pages, phones, strict=True):
        ctx.set_offline(False)
        expect(p.locator("#app-sync-banner")).not_to_contain_text("Waiting to sync", timeout=15000)
    second = pages[1]
    second.goto(f"/teams/{team}")
    expect(second.locator(".nhsuk-caption-l")).to_have_text(names[0])
    expect(second.get_by_text("Changes to check")).to_be_visible()
    second.goto(f"/teams/{team}/conflicts")
    check_accessibility(second)
    clash = second.locator("form.app-conflict")
    expect(clash).to_contain_text(names[0])
    expect(clash).to_contain_text(names[1])
    clash.get_by_label("Your version").check()
    clash.get_by_role("button", name="Keep this version").click()
    expect(second.get_by_text("The clash has been resolved")).to_be_visible()
    second.goto(f"/teams/{team}")
    expect(second.locator(".nhsuk-caption-l")).to_have_text(names[1])
    for ctx in phones:
        ctx.close()


def test_changes_queued_offline_survive_closing_the_browser(playwright, server, tmp_path) -> None:
    from e2e.conftest import CHROMIUM, CHROMIUM_ARGS
    from e2e.support import PHONE

    profile = tmp_path / "profile"

    def open_phone():
        return playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, base_url=server.url, **PHONE
        )

    phone = open_phone()
    page = phone.pages[0] if phone.pages else phone.new_page()
    team = signed_in_with_worker(page)
    page.goto(f"/teams/{team}/settings")
    phone.set_offline(True)
    server.stop()
    page.get_by_label("Team name").fill("Saved before closing")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#app-sync-banner")).to_contain_text("1 change on this device")
    phone.close()

    phone = open_phone()
    phone.set_offline(True)
    page = phone.pages[0] if phone.pages else phone.new_page()
    page.goto(f"/teams/{team}/settings")
    expect(page.locator("#app-sync-banner")).to_contain_text("1 change on this device")
    server.start()
    phone.set_offline(False)
    expect(page.locator("#app-sync-banner")).not_to_contain_text("Waiting to sync", timeout=15000)
    phone.close()
    server.stop()
    db = server.team_db(team)
    assert db.execute("SELECT name FROM team").fetchone()[0] == "Saved before closing"
    assert (
        db.execute(
            "SELECT count(*) FROM audit WHERE summary = 'Renamed the team to Saved before closing'"
        ).fetchone()[0]
        == 1
    )
    server.start()


def test_a_change_the_server_does_not_know_waits_for_an_update(page: Page, server) -> None:
    team = signed_in_with_worker(page)
    enqueue(
        page,
        team,
        [("journal.write", {"text": "from a newer app"}), ("team.rename", {"name": "After it"})],
    )
    result = flush(page)
    assert result["applied"] == 0
    page.reload()
    expect(page.locator("#app-sync-banner")).to_contain_text("Update needed")
    assert outbox_counts(page)["total"] == 2  # kept, in order


def test_the_app_is_installable(playwright, server, tmp_path) -> None:
    from e2e.conftest import CHROMIUM, CHROMIUM_ARGS
    from e2e.support import PHONE

    # A persistent profile: Chromium never offers to install from an incognito one.
    phone = playwright.chromium.launch_persistent_context(
        tmp_path / "profile",
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        base_url=server.url,
        **PHONE,
    )
    page = phone.pages[0] if phone.pages else phone.new_page()
    sign_in(page, "sam")
    wait_for_service_worker(page)
    manifest = page.evaluate("fetch('/manifest.webmanifest').then((r) => r.json())")
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert {i["sizes"] for i in manifest["icons"]} >= {"192x192", "512x512"}
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == []
    phone.close()


def test_a_new_release_activates_without_losing_the_outbox(
    page: Page, context: BrowserContext, server
) -> None:
    team = signed_in_with_worker(page)
    old = worker_version(page)
    page.goto(f"/teams/{team}/settings")
    context.set_offline(True)
    server.stop()
    page.goto(f"/teams/{team}/settings")
    page.get_by_label("Team name").fill("Kept across a release")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#app-sync-banner")).to_contain_text("1 change on this device")
    server.start(MBP_RELEASE="2")
    context.set_offline(False)
    # Back online, the app asks the browser to look for a new release. The new worker
    # takes over once the old one has finished what it was doing (saving the offline
    # set can take a while on a busy machine); a phone also looks again at each page
    # it opens, which the test stands in for by asking again every few seconds.
    deadline = time.monotonic() + 60
    asked = time.monotonic()
    while worker_version(page) == old:
        state = page.evaluate(
            "navigator.serviceWorker.getRegistration().then((r) =>"
            " [Boolean(r.installing), Boolean(r.waiting), r.active && r.active.state])"
        )
        assert time.monotonic() < deadline, f"the new release never took over: {state}"
        if time.monotonic() - asked > 5:
            page.evaluate(
                "navigator.serviceWorker.getRegistration().then((r) => r.update()).catch(() => {})"
            )
            asked = time.monotonic()
        time.sleep(0.5)
    page.reload()
    expect(page.locator(".nhsuk-caption-l")).to_have_text("Kept across a release", timeout=15000)


def test_wiped_storage_with_unsent_changes_is_noticed(
    page: Page, context: BrowserContext, server
) -> None:
    team = signed_in_with_worker(page)
    page.goto(f"/teams/{team}/settings")
    go_offline(context, server)
    page.get_by_label("Team name").fill("Never sent")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#app-sync-banner")).to_contain_text("1 change on this device")
    # The app is closed and the browser clears the site's storage (as Safari does after
    # 7 days unused); the next time the app opens, it notices.
    stylesheet = page.locator("link[href*='app/app.css']").get_attribute("href")
    page.goto(stylesheet)  # a page of the site with none of the app running (from the shell)
    page.evaluate(
        """() => new Promise((resolve) => {
            const request = indexedDB.deleteDatabase("mbp-journey");
            request.onsuccess = request.onerror = request.onblocked = () => resolve(true);
        })"""
    )
    go_online(context, server)
    page.goto(f"/teams/{team}")
    warning = page.locator(".app-storage-wiped")
    expect(warning).to_contain_text("Saved changes may be lost")
    expect(warning).to_contain_text("1 change made here had not been sent")
    check_accessibility(page)


def test_iphone_users_are_asked_to_add_the_app_to_the_home_screen(browser, server) -> None:
    iphone = browser.new_context(
        base_url=server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        user_agent=(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"
        ),
    )
    page = iphone.new_page()
    sign_in(page, "sam")
    prompt = page.locator(".app-ios-prompt")
    expect(prompt).to_contain_text("Add MBP Journey to your Home Screen")
    check_accessibility(page)
    prompt.get_by_role("button", name="Dismiss").click()
    expect(prompt).to_have_count(0)
    page.reload()
    expect(page.locator(".app-ios-prompt")).to_have_count(0)
    iphone.close()


def test_a_shared_phone_keeps_each_persons_pages_and_changes_their_own(
    page: Page, context: BrowserContext, server
) -> None:
    from e2e.conftest import DEMO_PASSWORD

    team = signed_in_with_worker(page, "sam")
    page.goto(f"/teams/{team}/practice/cpd/new")
    wait_for_saved(page, f"/teams/{team}/practice/cpd/new")
    wait_for_saved(page, f"/teams/{team}/practice/cpd")
    go_offline(context, server)
    page.goto(f"/teams/{team}/practice/cpd/new")
    page.get_by_label("What it was").fill("SAMS OFFLINE CPD")
    page.get_by_label("Hours").fill("2")
    page.get_by_label("Reading or study").check()
    page.locator("form[data-mutation='cpd.record'] .nhsuk-button").first.click()
    expect(page.locator("#app-sync-banner")).to_contain_text("1 change on this device")

    # Sam's session ends without signing out; Alex picks up the same phone.
    context.clear_cookies()
    go_online(context, server)  # the page's own flush now meets a signed-out server
    page.goto("/sign-in")
    page.wait_for_load_state("networkidle")
    page.reload()  # a sign-in form whose token matches the cookie those requests left
    page.get_by_label("Email address").fill("alex.morgan@example.nhs.uk")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team home")
    expect(page.locator("#app-sync-banner")).to_contain_text(
        "made on this device by someone else", timeout=15000
    )
    flush(page)
    assert outbox_counts(page)["others"] == 1  # Sam's change is not sent in Alex's name

    context.set_offline(True)
    server.stop()
    page.goto(f"/teams/{team}/practice/cpd")  # Sam's saved page is not shown to Alex
    expect(page.locator("main")).not_to_contain_text("Sam Patel")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This page is not saved on this device"
    )
    go_online(context, server)

    context.clear_cookies()
    sign_in(page, "sam")
    wait_until_sent(page)
    page.goto(f"/teams/{team}/practice/cpd")
    expect(page.locator("main")).to_contain_text("SAMS OFFLINE CPD")
