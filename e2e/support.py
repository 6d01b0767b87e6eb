"""Helpers for e2e tests: phone viewport, signing in, axe checks."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

PHONE: dict[str, Any] = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/150.0.0.0 Mobile Safari/537.36"
    ),
}
_AXE = Axe()


def email(person: str) -> str:
    from backend.demo import email_of

    return email_of(person)


def sign_in(page: Page, person: str, password: str | None = None) -> None:
    from e2e.conftest import DEMO_PASSWORD

    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email(person))
    page.get_by_label("Password").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(
        page.get_by_role("link", name="Sign out").or_(page.get_by_role("button", name="Sign out"))
    ).to_be_visible()


def check_accessibility(page: Page) -> None:
    """axe finds no serious or critical problem on the page as it is now."""
    results = _AXE.run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in bad
    )
    assert not bad, f"axe on {page.url}:\n{details}"


def no_horizontal_scroll(page: Page) -> None:
    """Nothing is cut off or scrolls sideways at the current width.

    Measured against the layout viewport (the root's clientWidth): on a mobile browser
    window.innerWidth grows to fit content that is too wide, so it never shows overflow."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"
