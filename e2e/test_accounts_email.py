"""Journeys that go through email, with a real SMTP server (aiosmtpd on loopback)
receiving what the served app sends."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import Server
from e2e.support import PHONE, check_accessibility, email, sign_in
from tests.support.smtp import Inbox, smtp_server, text_of

LINK = re.compile(r"https?://\S+")


@pytest.fixture
def inbox(server: Server) -> Iterator[Inbox]:
    """The app restarted to send through a real SMTP server, with its base URL set."""
    with smtp_server() as (box, port):
        server.stop()
        server.start(
            MBP_SMTP_HOST="127.0.0.1",
            MBP_SMTP_PORT=str(port),
            MBP_SMTP_TLS="none",
            MBP_MAIL_FROM="MBP Journey <mbp@example.nhs.uk>",
            MBP_BASE_URL=server.url,
        )
        yield box


def wait_for_mail(inbox: Inbox, to: str, containing: str) -> str:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        found = [text_of(m) for m in inbox.to(to) if containing in text_of(m)]
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no email to {to} in 15 s")


def test_forgot_password_by_email_then_signed_in_with_the_new_one(
    page: Page, inbox: Inbox, browser: Browser, server: Server
):
    page.goto("/sign-in")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    check_accessibility(page)
    page.get_by_label("Email address").fill(email("alex"))
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    body = wait_for_mail(inbox, email("alex"), "/reset-password?token=")
    link = next(m for m in LINK.findall(body) if "/reset-password?token=" in m)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    check_accessibility(page)
    page.get_by_label("New password").fill("a new password for alex")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_text("Your password has been changed")).to_be_visible()
    # Signed in on another device with the new password. (Not this page after clearing
    # its cookies: its service worker may still be saving pages for offline use, and a
    # refresh answered without a session sets a new CSRF cookie under the sign-in form.)
    other = browser.new_context(base_url=server.url, **PHONE)
    sign_in(other.new_page(), "alex", "a new password for alex")
    other.close()


def test_invite_by_email_then_join(page: Page, inbox: Inbox, browser, server: Server):
    sign_in(page, "alex")
    page.goto(page.url.split("/teams/")[0] + "/teams")
    page.get_by_role("link", name="Riverside MBCT service").click()
    page.get_by_role("link", name="Members").first.click()
    page.get_by_label("Email address").fill("new.teacher@trust.nhs.uk")
    page.get_by_role("button", name="Create invitation").click()
    expect(page.get_by_text("We have emailed it to new.teacher@trust.nhs.uk")).to_be_visible()
    body = wait_for_mail(inbox, "new.teacher@trust.nhs.uk", "/invites/")
    link = next(m for m in LINK.findall(body) if "/invites/" in m)
    assert link.startswith(server.url)
    newcomer = browser.new_context(base_url=server.url).new_page()
    newcomer.goto(link)
    newcomer.get_by_label("Full name").fill("New Teacher")
    newcomer.get_by_label("Password").fill("a long new password")
    newcomer.get_by_role("button", name=re.compile("Join|Accept|Create")).first.click()
    expect(newcomer.get_by_text("Welcome to Riverside MBCT service")).to_be_visible()
    newcomer.context.close()


def test_first_run_set_up_link_makes_the_server_admin(browser, tmp_path):
    import subprocess
    import sys

    from e2e.conftest import ROOT, _env, _free_port, _wait

    data_dir = tmp_path / "empty"
    data_dir.mkdir()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = data_dir / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "e2e.serve", "serve", "--port", str(port)],
            cwd=ROOT,
            env={**_env(data_dir), "MBP_BASE_URL": url},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait(url, process)
        link = re.search(r"http://\S+/setup\?token=\S+", log.read_text())
        assert link, log.read_text()
        page = browser.new_context(base_url=url).new_page()
        page.goto(link.group(0))
        expect(page.get_by_role("heading", level=1)).to_have_text("Set up MBP Journey")
        check_accessibility(page)
        page.get_by_label("Email address").fill("first@trust.nhs.uk")
        page.get_by_label("Full name").fill("Fran First")
        page.get_by_label("Password").fill("a long first password")
        page.get_by_role("button", name="Make my account").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Server admin")
        expect(page.get_by_text("first@trust.nhs.uk")).to_be_visible()
        check_accessibility(page)
        page.goto(link.group(0))
        expect(page.get_by_role("heading", level=1)).not_to_have_text("Set up MBP Journey")
        page.context.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "Traceback" not in log.read_text()
