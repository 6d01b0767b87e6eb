"""A service lead moves the journey on and answers a review using only the keyboard, on
a phone 360 and 320 pixels wide: Tab and Shift+Tab to move, Enter and Space to follow
links and press buttons, arrow keys to choose a radio. On every page the skip link is
the first stop, every stop shows where focus is, nothing scrolls sideways, and axe finds
no serious problem; after an invalid submit the error summary takes focus, and its link
takes focus on to the field."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Browser, Page, expect

from backend.dates import uk_today
from e2e.conftest import DEMO_PASSWORD
from e2e.support import PHONE, check_accessibility, email, no_horizontal_scroll

GOVERNANCE = "Structure and governance"
ACTION = "Set up a small implementation steering group."
WORDS = "Alex, Jo and Priya share the steering group; the director backs it."
MAX_STOPS = 120

# What has focus: its id, its accessible name as a person hears it (a field's label, a
# link's words including visually hidden ones), and whether the focus can be seen: a
# box-shadow or an outline of its own, or for a radio or checkbox (a hidden input) the
# focus ring NHS.UK draws around the circle or box of its label.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const label = e.labels && e.labels.length ? e.labels[0].innerText : "";
  const name = (e.getAttribute("aria-label") || label || e.innerText || e.value || "")
    .replace(/\\s+/g, " ").trim();
  const ring = (style) => (style.boxShadow && style.boxShadow !== "none") ||
    (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 &&
     !/rgba\\(.*, 0\\)$/.test(style.outlineColor) && style.outlineColor !== "transparent");
  const choice = e.type === "radio" || e.type === "checkbox";
  const shown = choice && e.labels.length
    ? ring(getComputedStyle(e.labels[0], "::before")) || ring(getComputedStyle(e.labels[0], "::after"))
    : ring(getComputedStyle(e));
  const box = (choice && e.labels.length ? e.labels[0] : e).getBoundingClientRect();
  return {id: e.id, name: name, tag: e.tagName, visible: Boolean(shown),
          sized: box.width > 0 && box.height > 0,
          expanded: e.getAttribute("aria-expanded")};
}"""


# The NHS.UK header script moves the navigation links that do not fit into its "More"
# menu; right after htmx swaps in a new page it has not run yet for a moment.
HEADER_LAID_OUT = """() => [...document.querySelectorAll(".nhsuk-header__navigation-list > li")]
  .every((item) => item.getBoundingClientRect().right <= window.innerWidth)"""


def poll(page: Page, script: str, seconds: float = 10) -> None:
    """Wait until script() is truthy (our CSP forbids page.wait_for_function with a string)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"timed out waiting for {script}"
        time.sleep(0.1)


def focused(page: Page) -> dict[str, object] | None:
    found: dict[str, object] | None = page.evaluate(FOCUSED)
    return found


def press(page: Page, key: str) -> dict[str, object] | None:
    """Press a key; where focus lands must show that it is there."""
    page.keyboard.press(key)
    now = focused(page)
    if key in ("Tab", "Shift+Tab") and now is None:
        return None  # past the last stop, focus goes to the browser and then comes back
    if key in ("Tab", "Shift+Tab") or key.startswith("Arrow"):
        assert now is not None, f"{key} left focus nowhere on {page.url}"
        assert now["visible"], f"focus is not visible on {now} at {page.url}"
        assert now["sized"], f"focus is on something not shown: {now} at {page.url}"
    return now


def tab_to(page: Page, target: str, *, menus: bool = False, back: bool = False) -> None:
    """Tab (or Shift+Tab) until focus is on `target`: an accessible name, or "#" and an
    id (regular expressions, matched whole). With `menus`, open the header's "More" menu
    on the way, as someone looking for a navigation link would."""
    key = "Shift+Tab" if back else "Tab"
    for _ in range(MAX_STOPS):
        now = press(page, key)
        if now is None:
            continue
        if target.startswith("#") and re.fullmatch(target[1:], str(now["id"])):
            return
        if not target.startswith("#") and re.fullmatch(target, str(now["name"])):
            return
        if menus and now["id"] == "toggle-menu" and now["expanded"] == "false":
            page.keyboard.press("Enter")
    raise AssertionError(f"{target} is not reachable by {key} on {page.url}")


def skip_link_first(page: Page) -> None:
    """On a page just opened, the first Tab stop is the skip link, and following it puts
    the next Tab stop inside the main content."""
    first = press(page, "Tab")
    assert first is not None
    assert first["name"] == "Skip to main content", first
    page.keyboard.press("Enter")
    poll(page, "() => document.activeElement && document.activeElement.id === 'maincontent'")
    inside = press(page, "Tab")
    assert inside is not None
    assert page.evaluate("() => Boolean(document.activeElement.closest('main'))"), inside


def checked(page: Page, heading: str, *, opened: bool = True) -> None:
    """The page is laid out, axe finds nothing serious, nothing scrolls sideways; on a
    page just `opened` (not shown after a form was sent) the skip link comes first."""
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    poll(page, HEADER_LAID_OUT)
    check_accessibility(page)
    no_horizontal_scroll(page)
    if opened:
        skip_link_first(page)


def saved(page: Page, message: str, heading: str) -> None:
    """After a form is sent, the success message takes focus (so it is read out), and
    the next Tab stop follows it on the page."""
    banner = page.locator(".nhsuk-notification-banner")
    expect(banner).to_contain_text(message)
    poll(page, "() => Boolean(document.activeElement.closest('.nhsuk-notification-banner'))")
    checked(page, heading, opened=False)
    after = press(page, "Tab")
    assert after is not None
    assert page.evaluate(
        """() => {
          const banner = document.querySelector(".nhsuk-notification-banner");
          return Boolean(banner.compareDocumentPosition(document.activeElement)
            & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    ), after


def error_summary_has_focus(page: Page, message: str) -> None:
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text(message)
    poll(page, "() => Boolean(document.activeElement.closest('.nhsuk-error-summary'))")
    assert page.title().startswith("Error: ")
    check_accessibility(page)
    no_horizontal_scroll(page)


def choose(page: Page, label: str) -> None:
    """In a radio group that has focus, arrow down (wrapping round) to `label`."""
    for _ in range(8):
        now = focused(page)
        assert now is not None
        assert now["tag"] == "INPUT", now
        if now["name"] == label:
            break
        press(page, "ArrowDown")
    now = focused(page)
    assert now is not None
    assert now["name"] == label, now
    assert page.evaluate("() => document.activeElement.checked")


def retype(page: Page, text: str) -> None:
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)


@pytest.mark.parametrize("width", [360, 320])
def test_a_lead_moves_the_journey_on_and_answers_a_review_by_keyboard(
    browser: Browser, server, width: int
) -> None:
    context = browser.new_context(
        base_url=server.url, **{**PHONE, "viewport": {"width": width, "height": 740}}
    )
    page = context.new_page()

    page.goto("/sign-in")
    checked(page, "Sign in")
    tab_to(page, "Email address")
    page.keyboard.type(email("alex"))
    tab_to(page, "Password")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("#journey-panel")).to_be_visible()
    checked(page, "", opened=False)

    # Open the journey from the navigation (behind "More" on a narrow phone).
    tab_to(page, "Journey", menus=True)
    page.keyboard.press("Enter")
    checked(page, "Implementation journey")

    tab_to(page, GOVERNANCE)
    page.keyboard.press("Enter")
    checked(page, GOVERNANCE)

    tab_to(page, f"Update of the action: {re.escape(ACTION)}")
    page.keyboard.press("Enter")
    checked(page, "Update an action")

    # The status radios: Tab enters the group at the chosen one; arrows choose.
    tab_to(page, r"#status(-\d)?")
    choose(page, "In place")
    tab_to(page, "#evidence_date-day")
    retype(page, "32")
    tab_to(page, "Save changes")
    back = press(page, "Shift+Tab")
    assert back is not None
    assert back["id"] == "evidence_date-year", back
    again = press(page, "Tab")
    assert again is not None
    assert again["name"] == "Save changes", again
    page.keyboard.press("Space")
    error_summary_has_focus(page, "Date of this update must be a real date")
    expect(page.get_by_label("In place", exact=True)).to_be_checked()  # kept

    # The summary's link takes focus to the field; put it right and save.
    tab_to(page, "Date of this update must be a real date")
    page.keyboard.press("Enter")
    poll(page, "() => document.activeElement.id === 'evidence_date-day'")
    retype(page, str(uk_today().day))
    tab_to(page, "Save changes")
    page.keyboard.press("Enter")
    saved(page, "The action has been updated", GOVERNANCE)
    card = page.locator("li.app-action").filter(has_text=ACTION)
    expect(card.locator(".nhsuk-tag").first).to_have_text("In place")

    # A review is due: open one, then answer it.
    tab_to(page, "Reviews", menus=True)
    page.keyboard.press("Enter")
    checked(page, "Reflective reviews")
    tab_to(page, "Open a review")
    page.keyboard.press("Space")  # a link that looks like a button works with Space too
    checked(page, "Open a reflective review")
    tab_to(page, "Open the review")
    page.keyboard.press("Enter")
    saved(page, "The review is open", "Six-monthly review")
    tab_to(page, "Answer the questions")
    page.keyboard.press("Space")
    checked(page, "Your answers")

    tab_to(page, "Save as a draft")
    page.keyboard.press("Enter")
    error_summary_has_focus(page, "Write an answer to at least one question")

    tab_to(page, r"Who is driving the programme.*")
    page.keyboard.type(WORDS)
    tab_to(page, r"#rating-drive(-\d)?")  # Tab enters the group at its choice
    now = focused(page)
    assert now is not None
    assert now["name"] == "No rating", now
    choose(page, "+1 facilitator")
    tab_to(page, "Save as a draft")
    page.keyboard.press("Enter")
    saved(page, "saved as a draft", "Six-monthly review")
    expect(page.get_by_text(WORDS)).to_be_visible()
    context.close()
