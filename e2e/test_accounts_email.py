"""Journeys that go through email, with a real SMTP server (aiosmtpd on loopback)
receiving what the served app sends."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import Server
from e2e.support import check_accessibility, email, sign_in
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


def wait_for_mail(inbox: Inbox, to: str) -> str:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        found = inbox.to(to)
        if found:
            return text_of(found[-1])
        time.sleep(0.1)
    raise AssertionError(f"no email to {to} in 15 s")


def test_forgot_password_by_email_then_signed_in_with_the_new_one(page: Page, inbox: Inbox):
    page.goto("/sign-in")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    check_accessibility(page)
    page.get_by_label("Email address").fill(email("alex"))
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    body = wait_for_mail(inbox, email("alex"))
    link = next(m for m in LINK.findall(body) if "/reset-password?token=" in m)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    check_accessibility(page)
    page.get_by_label("New password").fill("a new password for alex")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_text("Your password has been changed")).to_be_visible()
    page.context.clear_cookies()
    sign_in(page, "alex", "a new password for alex")
